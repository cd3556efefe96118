"""A large export queued from the page is written by the real Celery worker."""

import io
import time

import openpyxl
import pytest

from portal.models import ExportJob

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_export_job_runs_on_the_worker(celery_worker, client_for, staff_user, seeded, settings):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10
    response = client_for(staff_user).post("/en/reports/groups-roster/download/", {"export": "xlsx"})
    assert response.status_code == 302
    job = ExportJob.objects.get(user=staff_user)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            break
        time.sleep(0.5)
    assert job.status == ExportJob.Status.DONE, job.error
    book = openpyxl.load_workbook(io.BytesIO(job.file.read()))
    assert book["Groups"].max_row == 40
