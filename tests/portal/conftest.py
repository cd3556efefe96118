"""Fixtures of the portal's fault tests: real brokers, up or down (see tests/portal/brokers.py)."""

import shutil
import subprocess
import time

import pytest
import redis as redis_lib

from portal.celery import app
from tests.portal.brokers import free_port


def _reset_connections() -> None:
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)
    app._backend_cache = None
    app._local.backend = None


@pytest.fixture
def broker_at():
    """`broker_at(url)`: Celery publishes to that Redis (broker and result backend), not in-process."""
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}

    def point(url: str) -> None:
        app.conf.broker_url = url
        app.conf.result_backend = url
        app.conf.task_always_eager = False
        _reset_connections()

    yield point
    for key, value in saved.items():
        app.conf[key] = value
    _reset_connections()


@pytest.fixture
def redis_server(tmp_path):
    """A throwaway redis-server on a free loopback port: `(url, port, client)`."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (make test installs it)")
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis_lib.Redis(port=port, db=8)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            client.ping()
            break
        except redis_lib.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/8", client
    proc.terminate()
    proc.wait(timeout=10)
