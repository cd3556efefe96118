"""The workbook import as a background job: upload, check (the preview), confirm, import, history.

An administrator's upload is stored under a random name outside the web root and checked by a
Celery job (`pd_budget.tasks.run_workbook_import`), never in the web request; the page polls the
run. Confirming queues the same job again, which imports all or nothing and records, in the same
transaction, what it changed: the run is then the import's history entry. A task takes the run's
id, claims it under a row lock, is safe to run twice, and the beat sweep re-sends runs whose
worker went silent.
"""

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from portal import jobs
from portal.importing import FILE_PROBLEM, ImportResult
from portal.permissions import require
from portal.queue import enqueue_on_commit
from portal.uploads import WORKBOOK_TYPES, check_upload

from .. import notices
from ..models import ImportRun, ImportStatus
from .workbook import import_providers_workbook

if TYPE_CHECKING:
    from portal.models import User

log = logging.getLogger(__name__)
#: The Celery task, by its registered name: the services never import the tasks that call them.
IMPORT_TASK = "pd_budget.tasks.run_workbook_import"
TRANSIENT_ERRORS = jobs.TRANSIENT_ERRORS


def keep_unconfirmed() -> timedelta:
    return timedelta(hours=getattr(settings, "PD_IMPORT_KEEP_UNCONFIRMED_HOURS", 24))


def safe_file_name(name: str) -> str:
    """The uploader's file name, made safe to show and to send back: no path, no odd characters,
    always ending in .xlsx (the stored type), never more than 100 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    if base.lower().endswith(".xlsx"):
        base = base[:-5]
    try:
        base = get_valid_filename(base)
    except SuspiciousFileOperation:  # nothing usable left ("..", "$$$")
        base = ""
    base = base.replace(".", "_").strip("_-")[:95] or "workbook"
    return f"{base}.xlsx"


@transaction.atomic
def start_workbook_import(upload, *, user: "User") -> ImportRun:
    """Keep the uploaded workbook (type from its content, size limit) and queue its check."""
    require(user, "pd_budget.import_workbook")
    check_upload(upload, allowed=WORKBOOK_TYPES, type_error=str(FILE_PROBLEM))
    token = secrets.token_urlsafe(24)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    run = ImportRun(
        token=token,
        original_name=safe_file_name(getattr(upload, "name", "")),
        size=upload.size,
        sha256=digest.hexdigest(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        uploaded_by=user,
        heartbeat_at=timezone.now(),
    )
    run.file.save(f"{token}.xlsx", upload, save=False)
    run.full_clean()
    run.save()
    enqueue_on_commit(IMPORT_TASK, run.pk)
    return run


@transaction.atomic
def confirm_workbook_import(run: ImportRun, *, user: "User") -> ImportRun:
    """Queue the import of a checked workbook; a second confirmation of the same run does nothing."""
    require(user, "pd_budget.import_workbook")
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status in (ImportStatus.CONFIRMED, ImportStatus.APPLYING, ImportStatus.APPLIED):
        return run
    if run.status != ImportStatus.READY:
        raise ValidationError(_("This workbook cannot be imported: upload it again."), code="not_ready")
    run.status = ImportStatus.CONFIRMED
    run.applied_by = user
    run.progress = 0
    run.attempts = 0  # the import's own attempts, not the check's
    run.heartbeat_at = timezone.now()
    run.save(update_fields=["status", "applied_by", "progress", "attempts", "heartbeat_at"])
    enqueue_on_commit(IMPORT_TASK, run.pk)
    return run


def _as_json(result: ImportResult) -> tuple[list, dict]:
    problems = [[p.sheet, p.row, p.column, p.message] for p in result.problems]
    diff = {
        "counts": {sheet: counts.as_json() for sheet, counts in result.counts.items()},
        "impact": result.impact or [],
    }
    return problems, diff


def run_workbook_import(run_id: int) -> str:
    """Do the run's next phase: the check (a dry run: the preview) or the import (all or nothing,
    the run marked imported in the same transaction). A lost connection is re-raised for a retry."""
    run = jobs.claim(ImportRun, run_id)
    if run is None:
        return "skipped"
    phase = "check" if run.status == ImportStatus.CHECKING else "apply"
    try:
        with translation.override(run.language):
            data = run.file.read() if run.file else b""
            run.file.close()
            if phase == "check":
                result = import_providers_workbook(
                    data,
                    user=run.uploaded_by,
                    dry_run=True,
                    on_progress=lambda percent, step: jobs.beat(run, percent, step),
                )
                problems, diff = _as_json(result)
                jobs.finish(
                    run,
                    status=ImportStatus.READY if result.ok else ImportStatus.INVALID,
                    problems=problems,
                    diff=diff,
                )
                return "checked"
            jobs.beat(run, 10, "importing")
            with transaction.atomic():
                result = import_providers_workbook(data, user=run.applied_by)
                problems, diff = _as_json(result)
                now = timezone.now()
                if result.ok:
                    # Same transaction as the writes: imported and recorded, or neither.
                    jobs.finish(run, status=ImportStatus.APPLIED, problems=[], diff=diff, applied_at=now)
                    notices.import_applied(run)
                    return "applied"
                # The portal's data changed since the preview: nothing written, say what is wrong.
                jobs.finish(run, status=ImportStatus.INVALID, problems=problems)
                return "refused"
    except TRANSIENT_ERRORS as exc:
        try:
            jobs.retry_later(run, exc)
        except TRANSIENT_ERRORS:  # the database is still away: the sweep will find the run
            log.warning("could not record the failure of import run %s", run.pk, exc_info=True)
        raise
    except Exception as exc:
        log.exception("workbook import run %s failed", run.pk)
        if isinstance(exc, PermissionDenied):
            message = _("You no longer have permission to import workbooks.")
        elif isinstance(exc, ValidationError):
            message = " ".join(exc.messages)
        else:
            message = _("The import failed. Please try again; if it fails again, tell an administrator.")
        jobs.fail(run, message)
        return "failed"


def sweep_workbook_imports(*, older_than: timedelta | None = None) -> dict[str, int]:
    """Beat: send again the runs with no sign of life for a while (worker killed, broker away), and
    forget the files of previews never confirmed after a day (imported files stay: the history)."""
    requeued = jobs.sweep(ImportRun, task=IMPORT_TASK, older_than=older_than)
    expired = 0
    old = ImportRun.objects.filter(
        status__in=[ImportStatus.READY, ImportStatus.INVALID, ImportStatus.FAILED],
        created_at__lt=timezone.now() - keep_unconfirmed(),
    )
    for run in old:
        if run.file:
            run.file.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.EXPIRED, file="")
        expired += 1
    return {"requeued": len(requeued), "expired": expired}
