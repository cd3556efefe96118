"""When PostgreSQL drops the portal's connections (a restart, a failover), gunicorn keeps serving:
persistent connections are health-checked at the start of each request and opened again, so the
portal recovers without a restart of its own."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_recovers_after_the_database_drops_its_connections(staff_user, seeded):
    if connection.vendor != "postgresql":
        pytest.skip("needs the PostgreSQL that `make test` starts")
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CONN_MAX_AGE": "600",
        "DEBUG": "0",
        "SECRET_KEY": "r" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "PORTAL_BEHIND_PROXY": "1",  # it sends X-Forwarded-Proto as the proxy would
        "AXES_ENABLED": "0",
        # Plain static storage: a test checkout has no collected manifest.
        "PORTAL_TESTING": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("X-Forwarded-Proto", "https")]
        login = opener.open(f"{base}/en/accounts/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        # Cookies are marked Secure (DEBUG off): hand them over ourselves on plain HTTP.
        cookies = {c.name: c.value for c in jar}
        opener.addheaders += [
            ("Cookie", f"csrftoken={cookies['csrftoken']}"),
            ("Referer", f"https://127.0.0.1:{port}/en/accounts/login/"),
        ]
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "staff", "password": "correct-horse-battery"}
        ).encode()
        opener.open(f"{base}/en/accounts/login/", data=data, timeout=30)
        session = next(c.value for c in jar if c.name == "sessionid")
        opener.addheaders = [("X-Forwarded-Proto", "https"), ("Cookie", f"sessionid={session}")]
        assert opener.open(f"{base}/en/groups/", timeout=30).status == 200

        with connection.cursor() as cursor:  # what a database restart does to the worker's connection
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1

        answer = opener.open(f"{base}/en/groups/", timeout=30)
        assert answer.status == 200
        assert "Case management" in answer.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=20)
