"""The Reports page's registry and the services that export a report.

Each app declares its reports in `<app>/reports.py` with `register(Report(...))`; they are
discovered at start-up. A report builds its sheets for a user and a filter form's cleaned data;
its rows come from querysets narrowed to what that user may see. Small exports stream straight to
the browser; large ones run as a Celery job whose file waits on the Reports page.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import jobs
from .exports import ExportInfo, Sheet, csv_lines, write_xlsx  # noqa: F401  (write_xlsx re-exported)
from .models import ExportJob
from .queue import enqueue_on_commit

log = logging.getLogger(__name__)
#: The Celery task, by its registered name: the services never import the tasks that call them.
EXPORT_TASK = "portal.tasks.run_export_job"
#: "csvf": the CSV a French Excel opens in columns (`;`, decimal comma), beside the plain CSV.
FORMATS = ("xlsx", "csv", "csvf")
CSV_FORMATS = ("csv", "csvf")


@dataclass
class Report:
    key: str
    title: str
    description: str
    permission: str
    build: Callable[..., list[Sheet]]  # build(user=..., filters=...) -> sheets (rows lazy)
    count: Callable[..., int]  # count(user=..., filters=...) -> rows of the largest sheet
    filter_form: type[forms.Form] | None = None
    # unavailable(user=..., filters=...) -> why this choice has nothing to export (a message), or None
    unavailable: Callable[..., str | None] | None = None

    def form(self, data=None) -> forms.Form | None:
        return self.filter_form(data) if self.filter_form else None


REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    REPORTS[report.key] = report
    return report


def reports_for(user) -> list[Report]:
    return [r for r in REPORTS.values() if user.has_perm(r.permission)]


def report_get(*, user, key: str) -> Report:
    report = REPORTS.get(key)
    if report is None:
        raise LookupError(key)
    if not user.has_perm(report.permission):
        raise PermissionDenied
    return report


def clean_filters(report: Report, data) -> dict:
    """The report's filters from a query string; invalid filters raise ValidationError."""
    form = report.form(data)
    if form is None:
        return {}
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    return form.cleaned_data


def describe_filters(report: Report, cleaned: dict) -> dict[str, str]:
    """Filters as a person reads them: label -> value, only those that were set."""
    form = report.form()
    described = {}
    for name, value in cleaned.items():
        if value in (None, "", [], ()):
            continue
        label = str(form.fields[name].label or name) if form is not None and name in form.fields else name
        if form is not None and hasattr(form.fields.get(name), "choices") and not hasattr(value, "pk"):
            value = dict(form.fields[name].choices).get(value, value)
        described[label] = str(value)
    return described


def unavailable_reason(report: Report, *, user, filters: dict) -> str | None:
    """Why the export would hold nothing for these filters, said on the page instead of an empty file."""
    return report.unavailable(user=user, filters=filters) if report.unavailable else None


def serialise_filters(cleaned: dict) -> dict:
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in cleaned.items() if v not in (None, "", [], ())}


def export_filename(report: Report, file_format: str) -> str:
    extension = "csv" if file_format in CSV_FORMATS else file_format
    suffix = "-fr" if file_format == "csvf" else ""
    return f"{slugify(str(report.title))}-{timezone.localdate().isoformat()}{suffix}.{extension}"


def export_info(report: Report, user, cleaned: dict) -> ExportInfo:
    return ExportInfo(
        title=str(report.title),
        user=user.display_name,
        filters=describe_filters(report, cleaned),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def is_large(report: Report, *, user, filters: dict) -> bool:
    return report.count(user=user, filters=filters) > settings.PORTAL_DIRECT_EXPORT_MAX_ROWS


def write_export(
    report: Report,
    *,
    user,
    filters: dict,
    file_format: str,
    target: str | Path,
    on_progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write the report to the file `target`: all sheets as xlsx, or the first sheet as CSV."""
    sheets = report.build(user=user, filters=filters)
    for sheet in sheets:
        sheet.on_progress = on_progress
    if file_format in CSV_FORMATS:
        rows = -1  # the header line is not a row
        with open(target, "w", encoding="utf-8", newline="") as out:
            for line in csv_lines(sheets[0], french=file_format == "csvf"):
                out.write(line)
                rows += 1
        return {sheets[0].name: rows}
    return write_xlsx(str(target), sheets, export_info(report, user, filters))


def export_queue(user) -> str:
    """IRCC staff's exports run on the staff queue, beside the aggregations; the rest on the default."""
    return settings.PORTAL_STAFF_QUEUE if user.is_ircc_staff else ""


@transaction.atomic
def start_export_job(report: Report, *, user, filters: dict, file_format: str) -> ExportJob:
    """Queue a large export; the job runs after the transaction commits.

    At most PORTAL_MAX_ACTIVE_EXPORTS of a user's exports wait or run at once (counted under the
    user's row lock, so simultaneous clicks cannot pass together).
    """
    from .models import User

    User.objects.select_for_update().filter(pk=user.pk).first()
    limit = settings.PORTAL_MAX_ACTIVE_EXPORTS
    active = ExportJob.objects.filter(
        user=user, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).count()
    if active >= limit:
        raise ValidationError(
            ngettext(
                "You already have %(count)s export in progress. Wait until it is ready, then try again.",
                "You already have %(count)s exports in progress. Wait until one is ready, then try again.",
                active,
            )
            % {"count": active},
            code="too_many_exports",
        )
    job = ExportJob.objects.create(
        user=user,
        report=report.key,
        file_format=file_format,
        filters=serialise_filters(filters),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rows_total=report.count(user=user, filters=filters),
    )
    enqueue_on_commit(EXPORT_TASK, job.pk, queue=export_queue(user))
    return job


def run_export_job(job_id: int) -> None:
    """Write a queued export to a file kept for its user. Claimed under a row lock (portal.jobs): a
    job delivered twice runs once, a finished one stays. A lost connection is re-raised for a retry."""
    job = jobs.claim(ExportJob, job_id)
    if job is None:
        return
    report = REPORTS[job.report]
    if not job.user.has_perm(report.permission):
        jobs.fail(job, _("You no longer have permission to run this report."))
        return
    jobs.beat(job, 0, "rows", rows_done=0)

    def progress(rows: int) -> None:
        percent = min(99, 100 * rows // job.rows_total) if job.rows_total else 0
        jobs.beat(job, percent, "rows", rows_done=rows)

    with translation.override(job.language):
        try:
            filters = clean_filters(report, job.filters)
            reason = unavailable_reason(report, user=job.user, filters=filters)
            if reason:
                raise ValidationError(reason)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / export_filename(report, job.file_format)
                counts = write_export(
                    report,
                    user=job.user,
                    filters=filters,
                    file_format=job.file_format,
                    target=str(path),
                    on_progress=progress,
                )
                with open(path, "rb") as handle:
                    job.file.save(path.name, File(handle), save=False)
        except ValidationError as exc:
            jobs.fail(job, "; ".join(exc.messages))
            return
        except jobs.TRANSIENT_ERRORS as exc:
            jobs.retry_later(job, exc)
            raise
        except Exception:
            log.exception("export job %s failed", job.pk)
            jobs.fail(
                job, _("The export failed. Please try again; if it fails again, tell an administrator.")
            )
            raise
    jobs.finish(job, file=job.file.name, rows_done=max(counts.values(), default=0))


def requeue_stale_export_jobs(*, older_than_minutes: int | None = None) -> int:
    """Beat: send again the exports still queued (broker away) or running without a sign of life
    (worker lost), up to the attempts cap (portal.jobs.sweep)."""
    from datetime import timedelta

    older_than = timedelta(minutes=older_than_minutes) if older_than_minutes is not None else None
    requeued = jobs.sweep(
        ExportJob, task=EXPORT_TASK, queue=lambda job: export_queue(job.user), older_than=older_than
    )
    return len(requeued)


def delete_expired_exports(*, now=None) -> int:
    """Delete the exports (file and row) that ended more than PORTAL_EXPORT_RETENTION_DAYS ago."""
    from datetime import timedelta

    limit = (now or timezone.now()) - timedelta(days=settings.PORTAL_EXPORT_RETENTION_DAYS)
    expired = ExportJob.objects.filter(
        status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED], finished_at__lt=limit
    )
    deleted = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)  # a file already gone is not an error
        job.delete()
        deleted += 1
    if deleted:
        log.info(
            "deleted %s export(s) past their %s-day retention", deleted, settings.PORTAL_EXPORT_RETENTION_DAYS
        )
    return deleted
