"""With the broker away the portal still answers, the export waits as queued, and the beat sweep
completes it once the broker is back."""

import datetime

import pytest
from kombu.exceptions import OperationalError

from portal import tasks
from portal.models import ExportJob

pytestmark = pytest.mark.django_db


def test_export_queued_while_redis_is_down_then_completed_by_the_sweep(
    client_for, staff_user, seeded, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    client = client_for(staff_user)
    with monkeypatch.context() as patch:
        patch.setattr(tasks.run_export_job, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/reports/groups-roster/download/", {"export": "xlsx"}, follow=True)
    assert response.status_code == 200
    assert "Your export has started" in response.content.decode()
    job = ExportJob.objects.get(user=staff_user)
    assert job.status == ExportJob.Status.QUEUED
    assert "Queued" in client.get("/en/reports/").content.decode()

    # Broker back: the periodic sweep enqueues what waited longer than its patience.
    ExportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(minutes=30))
    assert tasks.sweep_export_jobs.delay().get() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows_done == 39
