"""An uploaded workbook is checked and then imported by the real Celery worker, not the request."""

import io
import time

import pytest
from django.urls import reverse

from organisations.models import Provider
from pd_budget.models import ImportRun, ImportStatus
from tests.pd_budget.workbooks import workbook_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait(run: ImportRun, *statuses: str) -> ImportRun:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in statuses:
            return run
        time.sleep(0.3)
    return run


def test_the_worker_checks_then_imports(celery_worker, client_for, admin_user, seeded):
    client = client_for(admin_user)
    file = io.BytesIO(workbook_bytes())
    file.name = "providers.xlsx"
    response = client.post(reverse("pd_budget:workbook-import"), {"file": file})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    run = _wait(run, ImportStatus.READY, ImportStatus.INVALID, ImportStatus.FAILED)
    assert run.status == ImportStatus.READY, (run.problems, run.error)
    assert run.counts["sites"]["created"] == 4
    assert not Provider.objects.filter(name="Lakeside Newcomer Hub").exists()
    assert client.post(reverse("pd_budget:workbook-preview", args=[run.token])).status_code == 302
    run = _wait(run, ImportStatus.APPLIED, ImportStatus.INVALID, ImportStatus.FAILED)
    assert run.status == ImportStatus.APPLIED, (run.problems, run.error)
    assert run.attempts == 1  # the import took once (attempts count again from the confirmation)
    assert Provider.objects.filter(name="Lakeside Newcomer Hub").exists()
    page = client.get(reverse("pd_budget:workbook-preview", args=[run.token])).content.decode()
    assert "This import was already applied" in page
