"""Production settings pass `check --deploy`; missing secrets are refused; services are chosen by URL."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    full_env.update({k: v for k, v in env.items() if v is not None})
    for name in [k for k, v in env.items() if v is None]:  # None: the variable is unset
        full_env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    # A database of its own: the developer's var/ database may hold demo accounts (portal.E001).
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL=f"sqlite:///{tmp_path}/deploy.sqlite3",
        DEBUG="0",
        SECRET_KEY="x7!kq" * 12 + "production-like-secret",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_is_refused():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_services_follow_the_environment():
    code = (
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE']);"
        "print(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    plain = run_manage("shell", "-c", code)
    assert "sqlite3" in plain.stdout and "memory:// True" in plain.stdout
    real = run_manage(
        "shell",
        "-c",
        code,
        DATABASE_URL="postgres://u@127.0.0.1:5999/x",
        REDIS_URL="redis://127.0.0.1:6999/0",
    )
    assert "postgresql" in real.stdout and "redis://127.0.0.1:6999/0 False" in real.stdout


def test_every_beat_entry_names_a_registered_task():
    from django.conf import settings

    from portal.celery import app

    app.loader.import_default_modules()
    missing = [
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] not in app.tasks
    ]
    assert missing == []
    assert len(settings.CELERY_BEAT_SCHEDULE) >= 4


def test_production_static_files_build(tmp_path):
    """collectstatic with the manifest storage: every file a stylesheet or script names exists."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        "-v",
        "0",
        DEBUG="0",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="portal.example.org",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()


def test_debug_is_off_when_the_variable_is_unset():
    code = "from django.conf import settings as s; print('DEBUG', s.DEBUG)"
    unset = run_manage(
        "shell", "-c", code, DEBUG=None, SECRET_KEY="k" * 60, ALLOWED_HOSTS="portal.example.org"
    )
    assert unset.returncode == 0, unset.stderr
    assert "DEBUG False" in unset.stdout
    refused = run_manage("check", DEBUG=None, ALLOWED_HOSTS="portal.example.org")
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr
    local = run_manage("shell", "-c", code, DEBUG="1")
    assert "DEBUG True" in local.stdout


def test_the_forwarded_proto_header_is_trusted_only_behind_the_proxy():
    code = (
        "from django.conf import settings as s; print('HEADER', getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    production = {"DEBUG": "0", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "portal.example.org"}
    direct = run_manage("shell", "-c", code, PORTAL_BEHIND_PROXY=None, **production)
    assert "HEADER None" in direct.stdout, direct.stderr
    proxied = run_manage("shell", "-c", code, PORTAL_BEHIND_PROXY="1", **production)
    assert "HEADER ('HTTP_X_FORWARDED_PROTO', 'https')" in proxied.stdout, proxied.stderr


def test_make_targets_run_with_the_development_switch():
    makefile = (ROOT / "Makefile").read_text()
    assert "export DEBUG ?= 1" in makefile
