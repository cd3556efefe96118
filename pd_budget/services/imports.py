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
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from portal.permissions import require
from portal.queue import enqueue_on_commit
from portal.uploads import check_upload

from ..importing import FILE_PROBLEM, ImportResult
from ..models import ImportRun, ImportStatus
from .workbook import import_providers_workbook

if TYPE_CHECKING:
    from portal.models import User

log = logging.getLogger(__name__)
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPTED_TYPES = {XLSX_TYPE: "xlsx", "application/zip": "xlsx"}


def stale_after() -> timedelta:
    return timedelta(minutes=getattr(settings, "PD_IMPORT_STALE_MINUTES", 10))


def max_attempts() -> int:
    return getattr(settings, "PD_IMPORT_MAX_ATTEMPTS", 3)


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
    check_upload(upload, allowed=ACCEPTED_TYPES, type_error=str(FILE_PROBLEM))
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
    from ..tasks import run_workbook_import

    enqueue_on_commit(run_workbook_import, run.pk)
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
    from ..tasks import run_workbook_import

    enqueue_on_commit(run_workbook_import, run.pk)
    return run


def _beat(run_id: int, percent: int, step: str) -> None:
    ImportRun.objects.filter(pk=run_id).update(progress=percent, step=step[:100], heartbeat_at=timezone.now())


def _claim(run_id: int) -> tuple[ImportRun, str] | None:
    """Take a queued check or a confirmed import (or one whose worker went silent): (run, phase)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        stale = run.heartbeat_at is None or run.heartbeat_at < timezone.now() - stale_after()
        if run.status == ImportStatus.QUEUED or (run.status == ImportStatus.CHECKING and stale):
            phase, status = "check", ImportStatus.CHECKING
        elif run.status == ImportStatus.CONFIRMED or (run.status == ImportStatus.APPLYING and stale):
            phase, status = "apply", ImportStatus.APPLYING
        else:
            return None  # done, refused, or another worker is on it
        now = timezone.now()
        run.status, run.started_at, run.heartbeat_at = status, now, now
        run.attempts += 1
        run.progress, run.step, run.error = 0, "start", ""
        run.save(
            update_fields=["status", "started_at", "heartbeat_at", "attempts", "progress", "step", "error"]
        )
        return run, phase


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
    claimed = _claim(run_id)
    if claimed is None:
        return "skipped"
    run, phase = claimed
    try:
        with translation.override(run.language):
            data = run.file.read() if run.file else b""
            run.file.close()
            if phase == "check":
                result = import_providers_workbook(
                    data,
                    user=run.uploaded_by,
                    dry_run=True,
                    on_progress=lambda percent, step: _beat(run.pk, percent, step),
                )
                problems, diff = _as_json(result)
                ImportRun.objects.filter(pk=run.pk).update(
                    status=ImportStatus.READY if result.ok else ImportStatus.INVALID,
                    problems=problems,
                    diff=diff,
                    progress=100,
                    step="done",
                    finished_at=timezone.now(),
                    heartbeat_at=timezone.now(),
                )
                return "checked"
            _beat(run.pk, 10, "importing")
            with transaction.atomic():
                result = import_providers_workbook(data, user=run.applied_by)
                problems, diff = _as_json(result)
                now = timezone.now()
                if result.ok:
                    # Same transaction as the writes: imported and recorded, or neither.
                    ImportRun.objects.filter(pk=run.pk).update(
                        status=ImportStatus.APPLIED,
                        problems=[],
                        diff=diff,
                        progress=100,
                        step="done",
                        applied_at=now,
                        finished_at=now,
                        heartbeat_at=now,
                    )
                    return "applied"
                # The portal's data changed since the preview: nothing written, say what is wrong.
                ImportRun.objects.filter(pk=run.pk).update(
                    status=ImportStatus.INVALID,
                    problems=problems,
                    progress=100,
                    finished_at=now,
                    heartbeat_at=now,
                )
                return "refused"
    except TRANSIENT_ERRORS as exc:
        _record_transient(run, exc)
        raise
    except Exception as exc:
        log.exception("workbook import run %s failed", run.pk)
        if isinstance(exc, PermissionDenied):
            message = _("You no longer have permission to import workbooks.")
        elif isinstance(exc, ValidationError):
            message = " ".join(exc.messages)
        else:
            message = _("The import failed. Please try again; if it fails again, tell an administrator.")
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.FAILED, error=message, finished_at=timezone.now()
        )
        return "failed"


def _record_transient(run: ImportRun, exc: Exception) -> None:
    back = ImportStatus.QUEUED if run.status == ImportStatus.CHECKING else ImportStatus.CONFIRMED
    try:
        if run.attempts >= max_attempts():
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
            )
        else:
            ImportRun.objects.filter(pk=run.pk).update(status=back, error=str(exc)[:2000])
    except TRANSIENT_ERRORS:  # the database is still away: the sweep will find the run
        log.warning("could not record the failure of import run %s", run.pk, exc_info=True)


def sweep_workbook_imports(*, older_than: timedelta | None = None) -> dict[str, int]:
    """Beat: send again the runs with no sign of life for a while (worker killed, broker away), and
    forget the files of previews never confirmed after a day (imported files stay: the history)."""
    from ..tasks import run_workbook_import

    limit = timezone.now() - (older_than if older_than is not None else stale_after())
    requeued = 0
    for run in ImportRun.objects.filter(status__in=ImportRun.ACTIVE, heartbeat_at__lt=limit):
        if run.attempts >= max_attempts():
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.FAILED,
                error=_("Stopped after %(n)s attempts.") % {"n": run.attempts},
                finished_at=timezone.now(),
            )
            continue
        # Conditional update: two sweeps never both send the same run.
        # Back to its waiting state, so the claim takes it though the heartbeat is fresh again.
        waiting = (
            ImportStatus.QUEUED
            if run.status in (ImportStatus.QUEUED, ImportStatus.CHECKING)
            else ImportStatus.CONFIRMED
        )
        if ImportRun.objects.filter(pk=run.pk, heartbeat_at=run.heartbeat_at).update(
            status=waiting, heartbeat_at=timezone.now()
        ):
            with transaction.atomic():
                enqueue_on_commit(run_workbook_import, run.pk)
            requeued += 1
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
    return {"requeued": requeued, "expired": expired}
