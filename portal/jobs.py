"""The one job machine: every long action (report exports, survey aggregations, workbook imports)
is a `portal.models.TrackedJob` row run by a Celery task that takes its id.

- `claim(Model, pk)` takes a waiting job (or a running one whose worker went silent) under a row
  lock, so a job delivered twice runs once; past the attempts cap it fails the job instead.
- `beat(job, progress, step)` records progress and a sign of life; `finish`, `fail` end the job;
  `retry_later` puts it back after a lost connection (the task retries).
- `sweep(Model, task=...)` (beat) sends again the jobs with no sign of life for a while, up to the
  cap, then fails them with a message saying so.

Enqueue through `portal.queue` (`enqueue_on_commit`; kept in the outbox while the broker is away).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JobStatus, TrackedJob
from .queue import publish

J = TypeVar("J", bound=TrackedJob)
#: Errors that say "try again later" (a lost database or broker connection), not "this job is wrong".
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)


def stale_after(model: type[TrackedJob]) -> timedelta:
    """How long a job may stay silent before the sweep (or a second delivery) takes it again."""
    default = getattr(settings, "PORTAL_JOB_STALE_MINUTES", 10)
    return timedelta(minutes=getattr(settings, model.STALE_SETTING, default))


def max_attempts(model: type[TrackedJob]) -> int:
    """How many times a job is started before it is failed for good."""
    default = getattr(settings, "PORTAL_JOB_MAX_ATTEMPTS", 3)
    return getattr(settings, model.ATTEMPTS_SETTING, default)


def _gave_up(attempts: int) -> str:
    return _("Stopped after %(n)s attempts.") % {"n": attempts}


def claim(model: type[J], job_id: int) -> J | None:
    """Take the job to run it now, or None when there is nothing to do: finished, failed, running
    with a live worker, or locked by another worker this very moment (skipped, not waited for)."""
    with transaction.atomic():
        job = model.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None:
            return None
        now = timezone.now()
        silent = job.heartbeat_at is None or job.heartbeat_at < now - stale_after(model)
        if job.status in model.RUNS_FROM:
            running = model.RUNS_FROM[job.status]
        elif job.status in model.RUNS_FROM.values() and silent:
            running = job.status  # its worker died: this delivery takes over
        else:
            return None
        if job.attempts >= max_attempts(model):
            _end(job, status=JobStatus.FAILED, error=_gave_up(job.attempts))
            return None
        job.status, job.attempts = running, job.attempts + 1
        job.started_at = job.heartbeat_at = now
        job.progress, job.step, job.error = 0, "start", ""
        job.save(
            update_fields=["status", "attempts", "started_at", "heartbeat_at", "progress", "step", "error"]
        )
        return job


def beat(job: TrackedJob, progress: int, step: str = "", **fields) -> bool:
    """Record progress (0-100), the step and a sign of life; False when the job is no longer running
    (the sweep gave it to another worker, or it ended)."""
    values = {
        "progress": max(0, min(100, int(progress))),
        "step": str(step)[:100],
        "heartbeat_at": timezone.now(),
        **fields,
    }
    for name, value in values.items():
        setattr(job, name, value)
    running = list(type(job).RUNS_FROM.values())
    return bool(type(job).objects.filter(pk=job.pk, status__in=running).update(**values))


def _end(job: TrackedJob, *, status: str, **fields) -> None:
    now = timezone.now()
    values = {"status": status, "finished_at": now, "heartbeat_at": now, **fields}
    for name, value in values.items():
        setattr(job, name, value)
    type(job).objects.filter(pk=job.pk).update(**values)


def finish(job: TrackedJob, *, status: str = JobStatus.DONE, **fields) -> None:
    """End the job with `status` (done, or a job's own outcome such as "ready"), at 100 %."""
    _end(job, status=status, **{"progress": 100, "step": "done", **fields})


def fail(job: TrackedJob, error: str) -> None:
    """End the job as failed with a message the person who started it can read."""
    _end(job, status=JobStatus.FAILED, error=str(error)[:2000])


def retry_later(job: TrackedJob, exc: Exception) -> None:
    """After a lost connection: back to waiting for the task's retry, or failed at the cap."""
    model = type(job)
    if job.attempts >= max_attempts(model):
        fail(job, f"{_gave_up(job.attempts)} {exc}")
        return
    waiting = {running: waiting for waiting, running in model.RUNS_FROM.items()}
    model.objects.filter(pk=job.pk).update(status=waiting.get(job.status, job.status), error=str(exc)[:2000])


def sweep(
    model: type[TrackedJob],
    *,
    task,
    queue: Callable[[TrackedJob], str] | None = None,
    older_than: timedelta | None = None,
) -> list[int]:
    """Send again the active jobs silent for `older_than` (their setting by default), up to the
    attempts cap; fail those at the cap. Returns the ids sent again.

    With Redis, a task taken but never acknowledged returns only after the visibility timeout (an
    hour by default), so the job's row, not the broker, says what must run again.
    """
    now = timezone.now()
    limit = now - (older_than if older_than is not None else stale_after(model))
    waiting = {running: waiting for waiting, running in model.RUNS_FROM.items()}
    silent = model.objects.filter(status__in=model.active_states()).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, created_at__lt=limit)
    )
    requeued = []
    for job in silent:  # a handful of job rows
        # Conditional updates: two sweeps never both act on the same job.
        same = model.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at)
        if job.attempts >= max_attempts(model):
            same.update(status=JobStatus.FAILED, error=_gave_up(job.attempts), finished_at=now)
            continue
        # Back to its waiting state, so the claim takes it though the heartbeat is fresh again.
        if same.update(status=waiting.get(job.status, job.status), heartbeat_at=now):
            # Sent at once: the beat runs in autocommit, so the row already says "waiting"; a
            # broker still away keeps the task in the outbox (portal.queue).
            publish(task, job.pk, queue=queue(job) if queue else "")
            requeued.append(job.pk)
    return requeued
