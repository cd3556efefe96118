"""With the broker away the portal still answers at once, the export waits as queued, and what the
broker did not take is sent as soon as it is back.

The broker here is real: a closed loopback port (nothing listening), then a throwaway
`redis-server` started on a free port. Before the fix each enqueue held the request ~19 s (the Redis
result backend retried its subscription 20 times) and the job was found again only after 10 minutes.
"""

import datetime
import time

import pytest
from kombu.exceptions import OperationalError

from portal import queue, tasks
from portal.celery import app
from portal.models import ExportJob, UnsentTask
from tests.portal.brokers import free_port

pytestmark = pytest.mark.django_db


def test_a_request_that_enqueues_answers_in_under_a_second_with_the_broker_down(
    client_for, staff_user, seeded, settings, broker_at, django_capture_on_commit_callbacks
):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10
    broker_at(f"redis://127.0.0.1:{free_port()}/8")  # nothing listens there
    client = client_for(staff_user)
    timings = []
    for _ in range(3):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/reports/groups-roster/download/", {"export": "xlsx"}, follow=True)
        timings.append(time.monotonic() - started)
        assert response.status_code == 200
        assert "Your export is queued" in response.content.decode()
    assert max(timings) < 1.0, timings
    jobs = list(ExportJob.objects.filter(user=staff_user).order_by("pk"))
    assert [j.status for j in jobs] == [ExportJob.Status.QUEUED] * 3
    kept = list(UnsentTask.objects.values_list("task", "args"))
    assert kept == [("portal.tasks.run_export_job", [j.pk]) for j in jobs]
    assert "Queued" in client.get("/en/reports/").content.decode()


def test_the_french_page_says_the_export_is_queued(
    client_for, staff_user, seeded, settings, broker_at, django_capture_on_commit_callbacks
):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10
    broker_at(f"redis://127.0.0.1:{free_port()}/8")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff_user).post(
            "/fr/reports/groups-roster/download/", {"export": "xlsx"}, follow=True
        )
    assert "Votre exportation est en file d’attente" in response.content.decode()


def test_kept_tasks_go_out_as_soon_as_the_broker_is_back(broker_at, redis_server, staff_user):
    url, client = redis_server
    down = f"redis://127.0.0.1:{free_port()}/8"
    broker_at(down)
    assert queue.publish(tasks.describe_worker) is False
    assert queue.publish(tasks.run_export_job, 41) is False
    assert UnsentTask.objects.count() == 2
    assert queue.drain_unsent_tasks() == 0  # still away: nothing lost
    assert UnsentTask.objects.count() == 2 and UnsentTask.objects.first().attempts == 1

    broker_at(url)  # the broker is back: the beat's next drain (every 15 s) sends both, oldest first
    assert tasks.drain_unsent_tasks.run() == 2
    assert UnsentTask.objects.count() == 0
    assert client.llen("celery") == 2


def test_the_next_successful_publish_sends_what_waited(broker_at, redis_server, staff_user):
    url, client = redis_server
    broker_at(f"redis://127.0.0.1:{free_port()}/8")
    queue.publish(tasks.run_export_job, 7)
    broker_at(url)
    assert queue.publish(tasks.run_export_job, 8) is True
    assert UnsentTask.objects.count() == 0
    assert client.llen("celery") == 2


def test_beat_drains_often():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["portal-drain-unsent-tasks"]
    assert entry["task"] == "portal.tasks.drain_unsent_tasks" and entry["schedule"] <= 30


def test_export_queued_while_redis_is_down_then_completed_by_the_sweep(
    client_for, staff_user, seeded, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PORTAL_DIRECT_EXPORT_MAX_ROWS = 10

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    client = client_for(staff_user)
    with monkeypatch.context() as patch:
        patch.setattr(app.conf, "task_always_eager", False)
        patch.setattr(queue, "_send", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/reports/groups-roster/download/", {"export": "xlsx"}, follow=True)
    assert response.status_code == 200
    job = ExportJob.objects.get(user=staff_user)
    assert job.status == ExportJob.Status.QUEUED

    # Lost both ways (kept task gone too): the periodic sweep still finds the old queued job.
    UnsentTask.objects.all().delete()
    ExportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(minutes=30))
    assert tasks.sweep_export_jobs.delay().get() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows_done == 39
