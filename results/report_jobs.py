"""The Reports page's briefings section (found by portal.selectors.report_job_sections)."""

from . import selectors


def report_job_sections(user) -> list[dict]:
    can_create = user.has_perm("results.add_briefing")
    jobs = list(selectors.briefing_list(user=user)[:20])
    if not can_create and not jobs:
        return []
    return [{"template": "results/_report_jobs.html", "section": {"jobs": jobs, "can_create": can_create}}]
