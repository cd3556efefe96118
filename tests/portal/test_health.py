"""Health endpoints for the orchestrator (portal/health.py): what they report and when they fail."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connections
from django.test import Client

from portal import health

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_liveness_answers_any_host_without_signing_in(settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    client = Client(HTTP_HOST="10.0.3.7:8000")  # a probe of the container's own address
    answer = client.get("/health/live/")
    assert answer.status_code == 200 and answer.json() == {"status": "ok", "checks": {}}
    assert answer["Cache-Control"] == "no-store"
    assert client.get("/en/accounts/login/").status_code == 400  # every other page still checks the Host


def test_readiness_is_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/health/ready/").status_code == 200
    assert Client().get("/en/accounts/login/").status_code == 301


def test_readiness_reports_the_database_and_the_broker(settings):
    body = Client().get("/health/ready/").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker"}


def test_readiness_fails_when_the_database_does_not_answer(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    answer = Client().get("/health/ready/")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"] == {"status": "fail"}  # no error text for strangers


def test_health_is_only_read():
    assert Client().post("/health/ready/").status_code != 200


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs the Redis that `make test` starts")
def test_workers_fail_when_no_heartbeat_is_fresh(settings):
    client = health._redis()
    key = f"{health.HEARTBEAT_KEY}test-stale"
    client.set(key, repr(time.time() - 3600), ex=60)
    try:
        settings.WORKER_HEARTBEAT_STALE_SECONDS = 60
        for other in client.scan_iter(f"{health.HEARTBEAT_KEY}*"):
            if other.decode() != key:
                client.delete(other)  # only the hour-old beat is left
        answer = Client().get("/health/workers/")
        assert answer.status_code == 503 and answer.json()["checks"]["workers"]["alive"] == 0
        client.set(f"{health.HEARTBEAT_KEY}test-fresh", repr(time.time()), ex=60)
        answer = Client().get("/health/workers/")
        assert answer.status_code == 200 and answer.json()["checks"]["workers"]["alive"] == 1
    finally:
        client.delete(key, f"{health.HEARTBEAT_KEY}test-fresh")


def settings_in_subprocess(**env) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.STORAGES['default'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_media_storage_is_chosen_by_the_environment():
    assert "FileSystemStorage" in settings_in_subprocess().stdout
    s3 = settings_in_subprocess(
        MEDIA_STORAGE="s3", MEDIA_S3_BUCKET="pnt-media", MEDIA_S3_ENDPOINT_URL="http://minio:9000"
    )
    assert "storages.backends.s3.S3Storage" in s3.stdout and "pnt-media" in s3.stdout
    assert "'default_acl': None" in s3.stdout and "'file_overwrite': False" in s3.stdout
    assert "MEDIA_S3_BUCKET" in settings_in_subprocess(MEDIA_STORAGE="s3").stderr
    assert "must be 'filesystem' or 's3'" in settings_in_subprocess(MEDIA_STORAGE="ftp").stderr
