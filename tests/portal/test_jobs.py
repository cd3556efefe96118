"""The one job machine (portal/jobs.py): a job delivered twice runs once, a silent job is sent again
up to the attempts cap and then failed with a message, and the heartbeat says who still owns it."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from portal import jobs, reports, tasks
from portal.models import ExportJob, UnsentTask
from tests.portal.brokers import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_job(staff_user, seeded):
    def make(**fields):
        return ExportJob.objects.create(
            user=staff_user, report="groups-roster", file_format="csv", rows_total=39, **fields
        )

    return make


@pytest.fixture
def export_runs(monkeypatch):
    """How many times the real export was written (the real `write_export`, counted)."""
    calls = []
    lock = threading.Lock()
    real = reports.write_export

    def counted(*args, **kwargs):
        with lock:
            calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "write_export", counted)
    return calls


def test_a_job_claimed_twice_is_claimed_once(export_job):
    job = export_job()
    first = jobs.claim(ExportJob, job.pk)
    assert first is not None and first.status == ExportJob.Status.RUNNING and first.attempts == 1
    assert jobs.claim(ExportJob, job.pk) is None  # running, its worker alive: not taken again
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING and job.attempts == 1


def test_an_export_delivered_again_while_it_runs_is_not_written_twice(export_job, export_runs):
    job = export_job()
    assert jobs.claim(ExportJob, job.pk) is not None  # a worker has it
    tasks.run_export_job.apply(args=[job.pk])  # the broker hands the task to a second worker
    assert export_runs == []
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING and not job.file


def test_a_finished_export_run_again_stays_as_it_is(export_job, export_runs):
    job = export_job()
    tasks.run_export_job.apply(args=[job.pk])
    tasks.run_export_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert len(export_runs) == 1
    assert job.status == ExportJob.Status.DONE and job.rows_done == 39 and job.progress == 100
    assert job.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_an_export_claimed_twice_at_once_runs_once(export_job, export_runs):
    """Two workers receive the same export at the same moment: the row lock lets one run it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need the PostgreSQL that `make test` starts")
    job = export_job()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=30)
            tasks.run_export_job.apply(args=[job.pk], throw=True)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    job.refresh_from_db()
    assert len(export_runs) == 1
    assert job.status == ExportJob.Status.DONE and job.attempts == 1 and job.rows_done == 39


def test_a_silent_running_job_is_taken_over_by_the_next_delivery(export_job, export_runs):
    job = export_job()
    jobs.claim(ExportJob, job.pk)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    tasks.run_export_job.apply(args=[job.pk])  # the worker died; the task came back
    job.refresh_from_db()
    assert len(export_runs) == 1 and job.status == ExportJob.Status.DONE and job.attempts == 2


def test_a_job_at_the_attempts_cap_is_failed_not_run(export_job, export_runs, settings):
    settings.PORTAL_JOB_MAX_ATTEMPTS = 2
    job = export_job(attempts=2)
    assert jobs.claim(ExportJob, job.pk) is None
    tasks.run_export_job.apply(args=[job.pk])
    job.refresh_from_db()
    assert export_runs == []
    assert job.status == ExportJob.Status.FAILED and job.error == "Stopped after 2 attempts."
    assert job.finished_at is not None


def test_the_sweep_sends_a_silent_job_again_then_fails_it_at_the_cap(export_job, settings, broker_at):
    """A worker that dies on the job each time: sent again while attempts remain, then failed."""
    settings.PORTAL_JOB_MAX_ATTEMPTS = 2
    broker_at(f"redis://127.0.0.1:{free_port()}/13")  # nothing listens: sent tasks wait in the outbox
    job = export_job()
    long_ago = timezone.now() - timedelta(hours=1)
    for attempt in (1, 2):
        assert jobs.claim(ExportJob, job.pk).attempts == attempt  # a worker takes it ...
        ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)  # ... and dies
        sent = reports.requeue_stale_export_jobs()
        job.refresh_from_db()
        if attempt == 1:
            assert sent == 1 and job.status == ExportJob.Status.QUEUED
            assert UnsentTask.objects.get().args == [job.pk]
            UnsentTask.objects.all().delete()
        else:
            assert sent == 0 and not UnsentTask.objects.exists()
    assert job.status == ExportJob.Status.FAILED and job.error == "Stopped after 2 attempts."


def test_the_sweep_leaves_live_and_finished_jobs_alone(export_job, broker_at):
    broker_at(f"redis://127.0.0.1:{free_port()}/13")
    live = export_job()
    jobs.claim(ExportJob, live.pk)
    done = export_job(status=ExportJob.Status.DONE, heartbeat_at=timezone.now() - timedelta(hours=1))
    fresh = export_job()  # queued a moment ago: its task is on its way
    assert reports.requeue_stale_export_jobs() == 0
    assert {j.pk: j.status for j in ExportJob.objects.all()} == {
        live.pk: ExportJob.Status.RUNNING,
        done.pk: ExportJob.Status.DONE,
        fresh.pk: ExportJob.Status.QUEUED,
    }


def test_a_heartbeat_records_progress_while_the_worker_owns_the_job(export_job):
    job = jobs.claim(ExportJob, export_job().pk)
    before = job.heartbeat_at
    assert jobs.beat(job, 140, "rows", rows_done=20)
    job.refresh_from_db()
    assert job.progress == 100 and job.step == "rows" and job.rows_done == 20  # clamped to 0-100
    assert job.heartbeat_at >= before
    # The sweep gave the job to another worker: the old one's beat no longer counts.
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.QUEUED)
    assert not jobs.beat(job, 50, "rows")
    job.refresh_from_db()
    assert job.progress == 100


def test_a_lost_connection_puts_the_job_back_until_the_cap(export_job, settings):
    from django.db import OperationalError

    settings.PORTAL_JOB_MAX_ATTEMPTS = 2
    job = jobs.claim(ExportJob, export_job().pk)
    jobs.retry_later(job, OperationalError("server closed the connection"))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    job = jobs.claim(ExportJob, job.pk)
    jobs.retry_later(job, OperationalError("server closed the connection"))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.error.startswith("Stopped after 2 attempts.")


def test_the_status_partial_polls_while_active_and_says_the_outcome_in_words(
    client_for, staff_user, export_job
):
    job = export_job()
    client = client_for(staff_user)
    body = client.get(f"/en/reports/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in body and "Queued" in body and 'aria-valuenow="0"' in body
    jobs.claim(ExportJob, job.pk)
    jobs.beat(job, 45, "rows")
    body = client.get(f"/fr/reports/jobs/{job.pk}/").content.decode()
    assert "45 %" in body and 'aria-valuetext="En cours\u00a0: 45 %"' in body
    jobs.fail(job, "Disk full")
    body = client.get(f"/fr/reports/jobs/{job.pk}/").content.decode()
    assert "hx-trigger" not in body and "Échec\u00a0:" in body and "Disk full" in body
