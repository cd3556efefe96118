"""Portal-wide Celery tasks."""

from celery import shared_task
from django.db import InterfaceError, OperationalError, connection


@shared_task(acks_late=True)
def describe_worker() -> dict:
    """What the worker that ran this sees: its database and how many accounts it holds.

    Lets the suite (and an operator) check that workers reach the same database as the site.
    """
    from .models import User

    return {
        "database": connection.vendor,
        "name": connection.settings_dict["NAME"],
        "users": User.objects.count(),
    }


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def run_export_job(self, job_id: int) -> None:
    """Write a queued report export to its file (portal.reports.run_export_job)."""
    from . import reports

    # A lost connection is re-raised by the service (the job back to queued) and retried here.
    reports.run_export_job(job_id)


@shared_task(acks_late=True)
def sweep_export_jobs() -> int:
    """Beat: enqueue again exports left queued while Redis was away, or lost with a worker."""
    from . import reports

    return reports.requeue_stale_export_jobs()


@shared_task(acks_late=True, ignore_result=True)
def drain_unsent_tasks() -> int:
    """Beat, every 15 s: send the tasks the broker did not take while it was away."""
    from .queue import drain_unsent_tasks as drain

    return drain()


@shared_task(acks_late=True, ignore_result=True)
def delete_expired_exports() -> int:
    """Beat, hourly: delete export files (and their jobs) past PORTAL_EXPORT_RETENTION_DAYS."""
    from . import reports

    return reports.delete_expired_exports()


@shared_task(acks_late=True)
def purge_expired_deletions() -> int:
    """Beat: remove the stored files of deleted records once their undo window has passed."""
    from . import undo

    return undo.purge_expired_deletions()
