"""The briefing as a background job (a `BriefingJob`, portal.jobs): claimed under a row lock, built
in the language asked for, written to a file kept for the person who asked."""

import logging
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import translation
from django.utils.translation import gettext as _

from portal import jobs
from portal.fiscal import fiscal_year_label

from ..models import BriefingJob
from .content import build_briefing
from .files import write_briefing

log = logging.getLogger(__name__)
TASK = "results.tasks.run_briefing_job"


def briefing_filename(*, fiscal_year: int, language: str, file_format: str) -> str:
    stem = "bilan-planification" if language == "fr" else "review-planning"
    return f"{stem}-{fiscal_year_label(fiscal_year)}-{language}.{file_format}"


def write_briefing_file(
    *, fiscal_year: int, language: str, file_format: str, target, on_progress=None
) -> None:
    """Build and write the briefing of `fiscal_year` (the command and the job both call this)."""
    progress = on_progress or (lambda percent, step: None)
    with translation.override(language):
        briefing = build_briefing(fiscal_year, on_progress=progress)
        write_briefing(
            briefing,
            file_format=file_format,
            target=target,
            on_progress=lambda percent: progress(65 + 34 * percent // 100, "file"),
        )


def run_briefing_job(job_id: int) -> None:
    """Run a queued briefing once (a second delivery finds it taken or finished); a lost connection is
    re-raised for the task's retry."""
    job = jobs.claim(BriefingJob, job_id)
    if job is None:
        return
    if not job.user.has_perm("results.add_briefing"):
        jobs.fail(job, _("You no longer have permission to generate briefings."))
        return
    try:
        with tempfile.TemporaryDirectory() as folder:
            name = briefing_filename(
                fiscal_year=job.fiscal_year, language=job.language, file_format=job.file_format
            )
            path = Path(folder) / name
            write_briefing_file(
                fiscal_year=job.fiscal_year,
                language=job.language,
                file_format=job.file_format,
                target=str(path),
                on_progress=lambda percent, step: jobs.beat(job, percent, step),
            )
            with open(path, "rb") as handle:
                job.file.save(name, File(handle), save=False)
    except ValidationError as exc:
        jobs.fail(job, "; ".join(exc.messages))
        return
    except jobs.TRANSIENT_ERRORS as exc:
        jobs.retry_later(job, exc)
        raise
    except Exception:
        log.exception("briefing job %s failed", job.pk)
        jobs.fail(job, _("The briefing failed. Please try again; if it fails again, tell an administrator."))
        raise
    jobs.finish(job, file=job.file.name)


def delete_expired_briefings(*, now=None) -> int:
    """Delete the briefings (file and row) that ended more than PORTAL_EXPORT_RETENTION_DAYS ago, as
    the exports are: the Reports page says when."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    limit = (now or timezone.now()) - datetime.timedelta(days=settings.PORTAL_EXPORT_RETENTION_DAYS)
    deleted = 0
    for job in BriefingJob.objects.filter(
        status__in=[BriefingJob.Status.DONE, BriefingJob.Status.FAILED], finished_at__lt=limit
    ).iterator():
        if job.file:
            job.file.delete(save=False)  # a file already gone is not an error
        job.delete()
        deleted += 1
    return deleted


def requeue_stale_briefings() -> int:
    """Beat: send again the briefings queued while the broker was away or lost with a worker."""
    return len(jobs.sweep(BriefingJob, task=TASK))
