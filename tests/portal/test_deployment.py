"""The deployment file is valid and runs the five services, each with a health check."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not shutil.which("docker-compose"),
    reason="docker-compose is not installed: the compose file check needs it (apt-get install "
    "docker-compose); nothing else in the suite does",
)


def compose(*args):
    return subprocess.run(["docker-compose", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_compose_file_is_valid():
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr


def test_compose_file_runs_web_worker_beat_postgres_redis_with_health_checks():
    assert set(compose("config", "--services").stdout.split()) == {"web", "worker", "beat", "db", "redis"}
    config = compose("config").stdout
    assert config.count("healthcheck:") == 5
    assert "gunicorn portal.wsgi:application" in config
