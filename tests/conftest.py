"""Shared fixtures: users of each role, the seed, a real Celery worker and Chromium.

`make test` runs this suite with DATABASE_URL and REDIS_URL pointing at throwaway servers; the
`celery_worker` fixture then starts a real worker on that broker and the test database. `pytest`
alone runs on SQLite with tasks in-process and skips what needs the real services.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright's sync API

ROOT = Path(__file__).resolve().parent.parent
SERVICES: dict[str, str] = {}

# Hypothesis: `ci` tries the same examples on every run (derandomized, no example database), so a
# red CI run is the code's fault and is reproduced by running it again. Loaded when CI=true, and by
# `make test` (HYPOTHESIS_PROFILE=ci); a developer's plain `pytest` explores new examples each run.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev")
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev")
)


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    lines = [f"database: {engine} {db.get('HOST') or db.get('NAME')}:{db.get('PORT') or ''}"]
    lines.append(f"celery broker: {settings.CELERY_BROKER_URL}")
    chromium = shutil.which("chromium")
    lines.append(f"browser: {chromium or 'chromium not installed: browser tests skipped'}")
    derandomized = " (derandomized)" if hypothesis_settings.default.derandomize else ""
    lines.append(f"hypothesis profile: {hypothesis_settings.get_current_profile_name()}{derandomized}")
    return lines


def pytest_terminal_summary(terminalreporter):
    hostile = sys.modules.get("tests.test_hostile_input")
    if hostile is not None and hostile.TRIED:
        # Reported, not a test: how many hostile inputs this run tried (quoted in issue 9).
        terminalreporter.write_line(
            f"hostile inputs tried: {sum(hostile.TRIED.values())} over {len(hostile.TRIED)} forms, "
            "filters, reports and the import"
        )
    if SERVICES:
        terminalreporter.write_sep("-", "real services used by this run")
        for name, value in SERVICES.items():
            terminalreporter.write_line(f"{name}: {value}")


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request to a /fr/ page leaves French active in its thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session")
def media_root(tmp_path_factory):
    """One temporary media folder for the run, shared with the Celery worker process."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, media_root):
    """Uploads and exports written by tests go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(autouse=True)
def _fresh_security_counters():
    """Sign-in attempt and lockout counters (portal.security) start empty in each test."""
    from django.core.cache import caches

    caches["security"].clear()


@pytest.fixture(autouse=True)
def _fresh_data_cache():
    """Each test rolls the database back: values cached from an earlier test's rows
    (portal.datacache) are not read again."""
    from portal import datacache

    datacache.bump_all()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database, data migrations included: put the reference back."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        request.getfixturevalue("transactional_db")
        from organisations.models import Jurisdiction
        from organisations.reference import load_jurisdictions

        load_jurisdictions(Jurisdiction)


# --- Users ------------------------------------------------------------------------------------
@pytest.fixture
def provider_a(db):
    from tests.factories import ProviderFactory

    return ProviderFactory(name="Provider A Settlement Society")


@pytest.fixture
def provider_b(db):
    from tests.factories import ProviderFactory

    return ProviderFactory(name="Provider B Newcomer Centre")


@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin", role="admin", is_superuser=True)


@pytest.fixture
def staff_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="staff", role="staff")


@pytest.fixture
def provider_a_user(provider_a):
    from tests.factories import UserFactory

    return UserFactory(username="provider-a", role="provider", provider=provider_a)


@pytest.fixture
def provider_b_user(provider_b):
    from tests.factories import UserFactory

    return UserFactory(username="provider-b", role="provider", provider=provider_b)


@pytest.fixture
def seeded(db):
    from portal import seed

    return seed.load_all()


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


# --- Celery: in-process for unit tests, a real worker for integration tests -------------------
def _real_services() -> bool:
    return bool(os.environ.get("REDIS_URL")) and os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture(autouse=True)
def _celery_mode(request, settings):
    """Unit tests run tasks in-process even when a broker is configured."""
    from portal.celery import app

    real = request.node.get_closest_marker("integration") is not None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = not real
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, media_root):
    """A real `celery worker` process on the test broker and the test database."""
    if not _real_services():
        pytest.skip("needs the PostgreSQL and Redis that `make test` starts")
    from django.db import connection

    env = dict(os.environ)
    db = connection.settings_dict
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env["CONN_MAX_AGE"] = "0"
    env["MEDIA_ROOT"] = str(media_root)
    if os.environ.get("PORTAL_MAILDIR"):
        # The worker sends the portal's e-mails through the suite's SMTP server (scripts/with_services.sh).
        env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
        SERVICES["smtp"] = (
            f"aiosmtpd at {os.environ.get('EMAIL_HOST')}:{os.environ.get('EMAIL_PORT')}, "
            f"maildir {os.environ['PORTAL_MAILDIR']}"
        )
    log = open(Path(os.environ.get("PORTAL_SERVICES_DIR", "/tmp")) / "celery-worker.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            "--pool=prefork",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-Q",
            "celery,staff",  # the default queue and IRCC staff's (CELERY_TASK_ROUTES)
            "-n",
            "test@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    from portal.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the Celery worker exited at start; see celery-worker.log")
        try:
            if app.control.ping(timeout=1.0):
                break
        except Exception:  # noqa: BLE001 - the broker may not answer yet
            pass
        time.sleep(0.5)
    else:
        proc.terminate()
        raise RuntimeError("the Celery worker did not answer within 60 s")
    SERVICES["celery worker"] = f"pid {proc.pid}, broker {os.environ['REDIS_URL']}, database {db['NAME']}"
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def delivered_mail():
    """The messages the suite's real SMTP server received (a maildir): `delivered_mail()` returns them
    as `email.message.EmailMessage`s, oldest first. Emptied when the test starts."""
    import email
    import email.policy
    import mailbox

    folder = os.environ.get("PORTAL_MAILDIR")
    if not folder:
        pytest.skip("needs the SMTP server that `make test` (scripts/with_services.sh) starts")
    for sub in ("tmp", "new", "cur"):  # the server makes only what it writes to
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    box = mailbox.Maildir(folder, factory=None, create=True)
    box.clear()

    def read() -> list:
        messages = []
        for key in sorted(box.keys()):
            with box.get_file(key) as handle:
                messages.append(email.message_from_binary_file(handle, policy=email.policy.default))
        return messages

    return read


@pytest.fixture(scope="session", autouse=True)
def _record_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("select version()")
                SERVICES["database"] = (
                    cursor.fetchone()[0].split(",")[0]
                    + f" (test database {connection.settings_dict['NAME']})"
                )
            else:
                SERVICES["database"] = f"{connection.vendor} (no DATABASE_URL: quick run)"
    if os.environ.get("REDIS_URL"):
        import redis

        info = redis.Redis.from_url(os.environ["REDIS_URL"]).info("server")
        SERVICES["redis"] = f"Redis {info['redis_version']} at {os.environ['REDIS_URL']}"


# --- Browser ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        SERVICES["browser"] = f"Chromium {browser.version} ({chromium}) via Playwright"
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="en-CA", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in_page(page, live_server):
    """Sign in through the real login form; returns the page on the dashboard."""

    def sign_in(username: str, password: str = "correct-horse-battery"):
        page.goto(f"{live_server.url}/en/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        # The first page opens in the account's preferred language (issue 16).
        page.wait_for_url(re.compile(re.escape(live_server.url) + r"/(en|fr)/$"))
        return page

    return sign_in
