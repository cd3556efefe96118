"""Celery entry points of the PD survey: each loads by id and calls one service."""

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
def run_aggregation(self, run_id: int) -> str:
    """Aggregate a cycle's survey for the run `run_id` (surveys.services.run_aggregation)."""
    from .services import aggregation

    # A lost connection is re-raised by the service and retried here; Celery's Django fix-up
    # closes the broken connection before the next attempt.
    return aggregation.run_aggregation(run_id)


@shared_task(acks_late=True)
def sweep() -> list[int]:
    """Beat, every few minutes: enqueue again aggregation runs whose worker went silent."""
    from .services import aggregation

    return aggregation.sweep_stale_runs()


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Beat, daily: each open cycle's reminder e-mails on their dates."""
    from .services import cycles

    return cycles.send_due_reminders()


@shared_task(acks_late=True)
def close_due_cycles() -> list[int]:
    """Beat, hourly: close cycles past their closing day, which starts their aggregation."""
    from .services import cycles

    return cycles.close_due_cycles()


@shared_task(acks_late=True)
def escalate_missing_templates() -> int:
    """Beat, daily: providers still missing some days after the closing day are escalated once."""
    from .services import cycles

    return cycles.escalate_missing_templates()
