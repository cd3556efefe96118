"""The dashboard: for each role, what matters to it, gathered from each app's `dashboard.py`.

Each app may have `<app>/dashboard.py` with `dashboard_cards(user) -> list[dict]` (found by
portal.discovery, shown in INSTALLED_APPS order, or after the apps its `AFTER` names); a card has a
`title` and any of `figure`, `text`, `items` (`[{"label", "url"}]`), `url` with `link_label`, and
`level` ("warning" for something that needs attention).
"""

from .discovery import app_modules


def dashboard_for(user) -> dict:
    cards: list[dict] = []
    for _app, module in app_modules("dashboard"):
        cards.extend(module.dashboard_cards(user))
    return {"cards": cards}


def export_jobs_for(user):
    """The user's own export jobs, newest first: nobody sees another user's exports."""
    from .models import ExportJob

    return ExportJob.objects.filter(user=user).order_by("-created_at")


def report_job_sections(user) -> list[dict]:
    """Other kinds of background files shown on the Reports page beside the exports: each app's
    `report_jobs.py` (portal.discovery) gives `report_job_sections(user)` -> [{"template", "section"}],
    the user's own jobs only."""
    sections: list[dict] = []
    for _app, module in app_modules("report_jobs"):
        sections.extend(module.report_job_sections(user))
    return sections
