"""Celery entry points of the results app."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def run_briefing_job(self, job_id: int) -> None:
    """Build a queued review-and-planning briefing (results.briefing.runs.run_briefing_job)."""
    from .briefing.runs import run_briefing_job as run

    run(job_id)


@shared_task(acks_late=True)
def sweep_briefing_jobs() -> int:
    """Beat: send again the briefings left queued while Redis was away, or lost with a worker."""
    from .briefing.runs import requeue_stale_briefings

    return requeue_stale_briefings()


@shared_task(acks_late=True, ignore_result=True)
def delete_expired_briefings() -> int:
    """Beat, hourly: delete briefing files (and their jobs) past PORTAL_EXPORT_RETENTION_DAYS."""
    from .briefing.runs import delete_expired_briefings as delete

    return delete()


@shared_task(acks_late=True)
def notify_overdue_actions() -> int:
    """Beat, daily: actions past their due date reach their owner (results.notices)."""
    from . import notices

    return notices.notify_overdue_actions()
