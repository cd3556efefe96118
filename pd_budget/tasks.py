"""Celery entry points of the PD budget: each loads by id and calls one service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def run_workbook_import(self, run_id: int) -> str:
    """Check or import the uploaded workbook of run `run_id` (pd_budget.services.imports)."""
    from .services import imports

    return imports.run_workbook_import(run_id)


@shared_task(acks_late=True)
def sweep_workbook_imports() -> dict:
    """Beat, every few minutes: re-send silent import runs, forget unconfirmed previews' files."""
    from .services import imports

    return imports.sweep_workbook_imports()
