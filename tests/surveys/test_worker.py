"""The aggregation on a real Celery worker, Redis and PostgreSQL, including a worker killed mid-job."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from portal.permissions import SYSTEM
from surveys import services
from surveys.models import AggregationResult, AggregationRun, RunStatus, SurveyCycle
from tests.surveys.factories import EXPECTED_JSON, EXPECTED_MEDIANS, build_hand_computed_fixture

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
KILL_QUEUE = "surveys-kill-test"


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def run_status(pk):
    return AggregationRun.objects.get(pk=pk)


def test_the_worker_gives_the_hand_computed_figures(celery_worker):
    cycle = build_hand_computed_fixture()
    with transaction.atomic():
        run = services.start_aggregation(cycle, user=SYSTEM)
    assert wait_for(lambda: run_status(run.pk).status in (RunStatus.DONE, RunStatus.FAILED))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    data = AggregationResult.objects.get(cycle=cycle).data
    assert services.command_json(data) == EXPECTED_JSON
    assert data["medians"] == EXPECTED_MEDIANS
    # Run again on the worker: still one result, the same figures.
    with transaction.atomic():
        again = services.start_aggregation(cycle, user=SYSTEM)
    assert wait_for(lambda: run_status(again.pk).status == RunStatus.DONE)
    assert AggregationResult.objects.filter(cycle=cycle).count() == 1
    assert services.command_json(AggregationResult.objects.get(cycle=cycle).data) == EXPECTED_JSON


def _start_worker(queue: str) -> subprocess.Popen:
    from django.db import connection

    db = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env["CONN_MAX_AGE"] = "0"
    log = open(Path(os.environ.get("PORTAL_SERVICES_DIR", "/tmp")) / "celery-kill-worker.log", "a")  # noqa: SIM115
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO", "--concurrency=1",
            "--pool=prefork", "--without-heartbeat", "--without-mingle", "--without-gossip",
            "-Q", queue, "-n", f"kill-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes the pool's children too
    )  # fmt: skip


def test_a_worker_killed_mid_job_still_ends_with_one_correct_result(celery_worker):
    from surveys.tasks import run_aggregation

    cycle = build_hand_computed_fixture()
    run = AggregationRun.objects.create(cycle=cycle, heartbeat_at=timezone.now())
    worker = _start_worker(KILL_QUEUE)
    try:
        # Hold the cycle's row: the job computes, then waits at "saving" for the lock.
        with transaction.atomic():
            SurveyCycle.objects.select_for_update().get(pk=cycle.pk)
            run_aggregation.apply_async((run.pk,), queue=KILL_QUEUE)
            assert wait_for(lambda: run_status(run.pk).step == "saving", timeout=90), "the job never started"
            os.killpg(worker.pid, signal.SIGKILL)  # the whole worker, mid-job
            worker.wait(timeout=20)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    time.sleep(1)
    killed = run_status(run.pk)
    assert killed.status == RunStatus.RUNNING  # the worker died without a word
    assert not AggregationResult.objects.filter(cycle=cycle).exists()
    # Nothing acknowledged the message: Redis would return it only after its visibility timeout.
    # The beat sweep finds the silent run and enqueues it again; the restarted worker finishes it.
    AggregationRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    with transaction.atomic():
        assert services.sweep_stale_runs() == [run.pk]
    assert wait_for(lambda: run_status(run.pk).status == RunStatus.DONE, timeout=60)
    done = run_status(run.pk)
    assert done.attempts == 2
    assert AggregationResult.objects.filter(cycle=cycle).count() == 1
    assert services.command_json(AggregationResult.objects.get(cycle=cycle).data) == EXPECTED_JSON
