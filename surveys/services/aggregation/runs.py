"""The survey's aggregation, part 3, the job: a run queued after commit and tracked by the portal's
one job machine (portal.jobs: claimed under a row lock, heartbeat, retried on lost connections up to
an attempts cap, swept when its worker went silent); it stores the figures as the cycle's one
current result."""

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from portal import jobs
from portal.permissions import acting_person, require
from portal.queue import enqueue_on_commit

from ...models import (
    AggregationResult,
    AggregationRun,
    RunStatus,
    SurveyCycle,
)
from . import figures

if TYPE_CHECKING:
    from portal.models import User

log = logging.getLogger("surveys.services.aggregation")
#: The Celery task, by its registered name: the services never import the tasks that call them.
AGGREGATION_TASK = "surveys.tasks.run_aggregation"
TRANSIENT_ERRORS = jobs.TRANSIENT_ERRORS


@transaction.atomic
def start_aggregation(cycle: SurveyCycle, *, user: "User") -> AggregationRun:
    """Queue the cycle's aggregation (after commit); a run already queued or running is reused."""
    require(user, "surveys.run_aggregation", cycle)
    SurveyCycle.objects.select_for_update().get(pk=cycle.pk)
    active = AggregationRun.objects.filter(
        cycle=cycle, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()
    if active is not None:
        return active
    run = AggregationRun.objects.create(
        cycle=cycle, requested_by=acting_person(user), heartbeat_at=timezone.now()
    )
    enqueue_on_commit(AGGREGATION_TASK, run.pk)
    return run


def run_aggregation(run_id: int) -> str:
    """Do one run: compute, then replace the cycle's result and finish the run in one transaction.

    Safe to run twice: the run is claimed under a row lock (portal.jobs), a finished run is left
    alone and the result is one row per cycle. A lost database connection is re-raised for the
    task to retry; any other error fails the run.
    """
    run = jobs.claim(AggregationRun, run_id)
    if run is None:
        return "skipped"
    try:
        data = figures.aggregate_survey(
            run.cycle, on_progress=lambda percent, step: jobs.beat(run, percent, step)
        )
        jobs.beat(run, 90, "saving")
        with transaction.atomic():
            # One writer per cycle at a time: a second run waits here, then replaces the result.
            SurveyCycle.objects.select_for_update().get(pk=run.cycle_id)
            AggregationResult.objects.update_or_create(
                cycle_id=run.cycle_id, defaults={"run": run, "data": data, "computed_at": timezone.now()}
            )
            jobs.finish(run)
    except TRANSIENT_ERRORS as exc:
        try:
            jobs.retry_later(run, exc)
        except TRANSIENT_ERRORS:  # the database is still away: the sweep will find the run
            log.warning("could not record the failure of aggregation run %s", run.pk, exc_info=True)
        raise
    except Exception as exc:
        log.exception("aggregation run %s failed", run.pk)
        jobs.fail(run, f"{type(exc).__name__}: {exc}")
        raise
    return "done"


def sweep_stale_runs(*, older_than: timedelta | None = None) -> list[int]:
    """Beat: enqueue again the runs with no sign of life for a while (worker killed, broker away),
    up to PD_SURVEY_MAX_ATTEMPTS (portal.jobs.sweep)."""
    return jobs.sweep(AggregationRun, task=AGGREGATION_TASK, older_than=older_than)
