"""Workers and clicks racing on one import run import it once (PostgreSQL row lock on the run)."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections

from organisations.models import Provider
from pd_budget.models import ImportRun, ImportStatus, Site
from pd_budget.services import imports
from tests.pd_budget.workbooks import workbook_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS = 6


def _race(target) -> list[str]:
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def once():
        try:
            barrier.wait(timeout=30)
            result = target()
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=once) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_workers_import_a_confirmed_run_once(seeded, admin_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    run = ImportRun(
        token="c" * 32, original_name="providers.xlsx", status=ImportStatus.CONFIRMED, applied_by=admin_user
    )
    run.file.save("providers.xlsx", ContentFile(workbook_bytes()), save=False)
    run.save()
    outcomes = _race(lambda: imports.run_workbook_import(run.pk))
    assert sorted(outcomes) == ["applied"] + ["skipped"] * (THREADS - 1), outcomes
    assert Provider.objects.filter(name="Lakeside Newcomer Hub").count() == 1
    assert Site.objects.filter(provider__name="Lakeside Newcomer Hub").count() == 2


def test_simultaneous_confirmations_queue_one_import(seeded, admin_user, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    run = ImportRun(token="d" * 32, original_name="providers.xlsx", status=ImportStatus.READY)
    run.file.save("providers.xlsx", ContentFile(workbook_bytes()), save=False)
    run.save()
    sent: list[int] = []
    monkeypatch.setattr(imports, "enqueue_on_commit", lambda task, *args: sent.append(args[0]))
    outcomes = _race(lambda: imports.confirm_workbook_import(run, user=admin_user).status)
    assert outcomes == [ImportStatus.CONFIRMED] * THREADS, outcomes
    assert sent == [run.pk]  # one confirmation queued the import; the others saw it queued
