"""The survey's aggregation, part 3, the job: a run queued after commit, claimed under a row lock,
with a heartbeat, retried on lost connections up to an attempts cap, swept when its worker went
silent; it stores the figures as the cycle's one current result."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import require
from portal.queue import enqueue_on_commit

from ...models import (
    AggregationResult,
    AggregationRun,
    RunStatus,
    SurveyCycle,
)
from . import figures

log = logging.getLogger("surveys.services.aggregation")
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)


def _setting(name: str, default):
    return getattr(settings, name, default)


def stale_after() -> timedelta:
    return timedelta(minutes=_setting("PD_SURVEY_STALE_MINUTES", 10))


def max_attempts() -> int:
    return _setting("PD_SURVEY_MAX_ATTEMPTS", 5)


@transaction.atomic
def start_aggregation(cycle: SurveyCycle, *, user) -> AggregationRun:
    """Queue the cycle's aggregation (after commit); a run already queued or running is reused."""
    if user is not None:
        require(user, "surveys.run_aggregation", cycle)
    SurveyCycle.objects.select_for_update().get(pk=cycle.pk)
    active = AggregationRun.objects.filter(
        cycle=cycle, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()
    if active is not None:
        return active
    run = AggregationRun.objects.create(cycle=cycle, requested_by=user, heartbeat_at=timezone.now())
    from ...tasks import run_aggregation as task

    enqueue_on_commit(task, run.pk)
    return run


def _beat(run_id: int, percent: int, step: str) -> None:
    AggregationRun.objects.filter(pk=run_id).update(progress=percent, step=step, heartbeat_at=timezone.now())


def _claim(run_id: int) -> AggregationRun | None:
    """Take a queued run (or a running one whose worker went silent); None when there is nothing to do."""
    with transaction.atomic():
        run = AggregationRun.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=run_id)
        stale = run.heartbeat_at is None or run.heartbeat_at < timezone.now() - stale_after()
        if run.status == RunStatus.QUEUED or (run.status == RunStatus.RUNNING and stale):
            now = timezone.now()
            run.status = RunStatus.RUNNING
            run.attempts += 1
            run.started_at = now
            run.heartbeat_at = now
            run.progress = 0
            run.step = "start"
            run.error = ""
            run.save(
                update_fields=[
                    "status",
                    "attempts",
                    "started_at",
                    "heartbeat_at",
                    "progress",
                    "step",
                    "error",
                ]
            )
            return run
    return None  # done, failed, or another worker is on it


def run_aggregation(run_id: int) -> str:
    """Do one run: compute, then replace the cycle's result and finish the run in one transaction.

    Safe to run twice: a finished run is left alone and the result is one row per cycle. A lost
    database connection is re-raised for the task to retry; any other error fails the run.
    """
    run = _claim(run_id)
    if run is None:
        return "skipped"
    try:
        data = figures.aggregate_survey(
            run.cycle, on_progress=lambda percent, step: _beat(run.pk, percent, step)
        )
        _beat(run.pk, 90, "saving")
        with transaction.atomic():
            # One writer per cycle at a time: a second run waits here, then replaces the result.
            SurveyCycle.objects.select_for_update().get(pk=run.cycle_id)
            AggregationResult.objects.update_or_create(
                cycle_id=run.cycle_id, defaults={"run": run, "data": data, "computed_at": timezone.now()}
            )
            now = timezone.now()
            AggregationRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE, progress=100, step="done", finished_at=now, heartbeat_at=now
            )
    except TRANSIENT_ERRORS as exc:
        _record_transient(run, exc)
        raise
    except Exception as exc:
        log.exception("aggregation run %s failed", run.pk)
        AggregationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    return "done"


def _record_transient(run: AggregationRun, exc: Exception) -> None:
    """Put the run back in the queue for the retry; give up after too many attempts."""
    try:
        if run.attempts >= max_attempts():
            AggregationRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
            )
        else:
            AggregationRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED, error=str(exc)[:2000])
    except TRANSIENT_ERRORS:  # the database is still away: the sweep will find the run
        log.warning("could not record the failure of aggregation run %s", run.pk, exc_info=True)


def sweep_stale_runs(*, older_than: timedelta | None = None) -> list[int]:
    """Beat: enqueue again the runs with no sign of life for a while (worker killed, broker away).

    With Redis a task taken but never acknowledged returns only after the visibility timeout
    (an hour by default), so the job row, not the broker, says what must run again.
    """
    from ...tasks import run_aggregation as task

    limit = timezone.now() - (older_than if older_than is not None else stale_after())
    stale = AggregationRun.objects.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING], heartbeat_at__lt=limit
    )
    requeued = []
    for run in stale:  # a handful of job rows, not survey data
        if run.attempts >= max_attempts():
            AggregationRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED,
                error=_("Stopped after %(n)s attempts.") % {"n": run.attempts},
                finished_at=timezone.now(),
            )
            continue
        # Conditional update: two sweeps never both requeue the same run.
        if AggregationRun.objects.filter(pk=run.pk, heartbeat_at=run.heartbeat_at).update(
            status=RunStatus.QUEUED, heartbeat_at=timezone.now()
        ):
            with transaction.atomic():
                enqueue_on_commit(task, run.pk)
            requeued.append(run.pk)
    return requeued
