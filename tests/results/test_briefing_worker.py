"""A briefing asked for on the page is built by the real Celery worker (staff queue), with progress,
and its PDF waits for its owner (issue 20)."""

import io
import time

import pytest

from results.models import BriefingJob

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_briefing_job_runs_on_the_worker(celery_worker, client_for, staff_user, seeded):
    response = client_for(staff_user).post(
        "/fr/results/briefings/new/", {"fiscal_year": "2018", "language": "fr", "file_format": "pdf"}
    )
    assert response.status_code == 302
    job = BriefingJob.objects.get(user=staff_user)
    deadline = time.monotonic() + 120
    while job.is_active and time.monotonic() < deadline:  # queued or running (TrackedJob)
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == BriefingJob.Status.DONE, job.error
    assert job.progress == 100 and job.attempts == 1
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(job.file.read())).pages)
    assert "25 participants sur 26" in text
    page = client_for(staff_user).get("/fr/reports/").content.decode()
    assert "Bilan et planification 2018-19" in page
