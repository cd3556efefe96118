"""More than one machine: two gunicorn servers on the same PostgreSQL, Redis and media store.

What a replicated deployment (docker-compose.yml: two web replicas behind the proxy) must keep
true, shown with two real servers on loopback, the suite's Celery worker and real HTTP:
- a session opened on one server is valid on the other (sessions live in the database);
- a minutes file uploaded through one downloads, byte for byte, through the other (shared store);
- an export requested on one is written by the worker and downloaded from the other;
- each server reports the database, the broker and the worker's heartbeat at /health/....
"""

from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.db import connection

from groups.models import Committee, CommitteeKind, Meeting
from portal.models import ExportJob
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + uuid.uuid4().hex.encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(celery_worker, media_root, tmp_path):
    """Two gunicorn servers (one worker process each) on the test database, broker and media."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "two-servers-" + "s" * 50,  # one key for the deployment, as compose sets it
        "PORTAL_DIRECT_EXPORT_MAX_ROWS": "10",  # the roster export goes to the worker
        "AXES_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
    }
    servers, logs = [], []
    for name in ("a", "b"):
        port = free_port()
        log = open(tmp_path / f"gunicorn-{name}.log", "w")  # noqa: SIM115
        logs.append(log)
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        servers.append((proc, f"http://127.0.0.1:{port}"))
    try:
        for proc, url in servers:
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, (tmp_path / "gunicorn-a.log").read_text()
                try:
                    urllib.request.urlopen(f"{url}/health/live/", timeout=2).read()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                    time.sleep(0.3)
        yield [url for _proc, url in servers]
    finally:
        for proc, _url in servers:
            proc.terminate()
        for proc, _url in servers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


class Browser:
    """One person's cookies, sent to whichever server answers (as behind the proxy)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str):
        return self.opener.open(url, timeout=60)

    def post(self, url: str, fields: dict, files: dict | None = None, referer: str = ""):
        token = self.csrf_token(url if not referer else referer)
        fields = {**fields, "csrfmiddlewaretoken": token}
        if files:
            boundary = uuid.uuid4().hex
            body = io.BytesIO()
            for key, value in fields.items():
                part = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
                body.write(part.encode())
            for key, (filename, content, content_type) in files.items():
                body.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
                    f"Content-Type: {content_type}\r\n\r\n".encode()
                )
                body.write(content + b"\r\n")
            body.write(f"--{boundary}--\r\n".encode())
            data, content_type = body.getvalue(), f"multipart/form-data; boundary={boundary}"
        else:
            data, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            url, data=data, headers={"Content-Type": content_type, "Referer": referer or url}
        )
        return self.opener.open(request, timeout=60)

    def csrf_token(self, page_url: str) -> str:
        return CSRF.search(self.get(page_url).read().decode()).group(1)


def health(url: str, path: str) -> tuple[int, dict]:
    try:
        answer = urllib.request.urlopen(f"{url}/health/{path}/", timeout=10)
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())
    return answer.status, json.loads(answer.read())


def test_a_session_a_file_and_an_export_cross_servers(two_servers, seeded):
    a, b = two_servers
    staff = UserFactory(username="replica-staff", role="staff")
    committee = Committee.objects.filter(kind=CommitteeKind.STEERING).first() or Committee.objects.first()
    person = Browser()

    # Signed in on A, recognised on B.
    answer = person.post(f"{a}/en/accounts/login/", {"username": staff.username, "password": PASSWORD})
    assert "/accounts/login/" not in answer.geturl(), "the sign-in on server A failed"
    on_b = person.get(f"{b}/en/").read().decode()
    assert answer.geturl().startswith(a)
    assert "replica-staff" in on_b or staff.display_name in on_b
    assert "/accounts/login/" not in person.get(f"{b}/en/reports/").geturl()

    # Minutes uploaded through A, downloaded through B.
    form = f"{a}/en/groups/committees/{committee.pk}/meetings/new/"
    person.post(
        form,
        {"date": "2018-05-10", "format": "online"},
        files={"minutes": ("minutes.pdf", PDF, "application/pdf")},
    )
    meeting = Meeting.objects.filter(committee=committee).exclude(minutes="").latest("pk")
    download = person.get(f"{b}/en/groups/meetings/{meeting.pk}/minutes/")
    assert download.read() == PDF

    # An export asked on A, written by the worker, downloaded from B.
    person.post(
        f"{a}/en/reports/groups-roster/download/",
        {"export": "xlsx"},
        referer=f"{a}/en/reports/groups-roster/",
    )
    job = ExportJob.objects.get(user=staff)
    deadline = time.monotonic() + 90
    while job.status not in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
        assert time.monotonic() < deadline, "the worker did not finish the export within 90 s"
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    book = openpyxl.load_workbook(io.BytesIO(person.get(f"{b}/en/reports/jobs/{job.pk}/download/").read()))
    assert book["Groups"].max_row == 40  # the seed's 39 groups and the header row

    # Someone else's browser on B has no session: the download asks to sign in.
    stranger = Browser()
    assert "/accounts/login/" in stranger.get(f"{b}/en/reports/jobs/{job.pk}/download/").geturl()


def test_each_server_reports_database_broker_and_worker(two_servers):
    for url in two_servers:
        assert health(url, "live") == (200, {"status": "ok", "checks": {}})
        status, body = health(url, "ready")
        assert status == 200 and body["checks"]["database"]["status"] == "ok"
        assert body["checks"]["broker"]["status"] == "ok" and "mode" not in body["checks"]["broker"]
        deadline = time.monotonic() + 30
        while (answer := health(url, "workers"))[0] != 200:
            assert time.monotonic() < deadline, answer  # the worker beats every 10 s
            time.sleep(1)
        assert answer[1]["checks"]["workers"]["alive"] >= 1
