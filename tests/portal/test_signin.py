"""Sign-in defences (portal/security.py, portal/checks.py): demo accounts, the client's address behind
the proxy, lockout by username with a growing cool-off, a rate limit per address, the security log."""

import datetime
import logging
import types

import pytest
from axes.models import AccessAttempt
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

from portal.security import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def sign_in(client, username, password=PASSWORD, address="198.51.100.7", **extra):
    client.logout()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Demo accounts ------------------------------------------------------------------------------
@pytest.mark.parametrize("username", ["demo-admin", "demo-staff", "demo-provider-a", "DEMO-ADMIN"])
def test_demo_accounts_are_refused_at_sign_in_when_debug_is_off(client, settings, username):
    UserFactory(username=username, role="admin", is_superuser=True)
    settings.DEBUG = False
    response = sign_in(client, username)
    assert response.status_code == 200 and not signed_in(client)
    settings.DEBUG = True
    response = sign_in(client, username)
    assert response.status_code == 302 and signed_in(client)


def test_other_accounts_still_sign_in_with_debug_off(client, settings):
    UserFactory(username="demo-admin-not-really", role="staff")
    settings.DEBUG = False
    assert sign_in(client, "demo-admin-not-really").status_code == 302


def test_check_deploy_fails_while_a_demo_account_exists():
    UserFactory(username="demo-staff", role="staff")
    ids = [m.id for m in checks.run_checks(include_deployment_checks=True)]
    assert "portal.E001" in ids
    with pytest.raises(SystemCheckError, match="demo-staff"):
        call_command("check", "--deploy", verbosity=0)
    from portal.models import User

    User.objects.filter(username="demo-staff").delete()
    assert "portal.E001" not in [m.id for m in checks.run_checks(include_deployment_checks=True)]


# --- The client's address -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy configured: the header is the client's word only
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client wrote 6.6.6.6 itself
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: the header is not trusted
    ],
)
def test_client_address_comes_from_trusted_proxies_only(settings, proxies, forwarded, expected):
    settings.PORTAL_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_failures_behind_the_proxy_lock_only_that_username(client, settings):
    """Every request comes from the proxy's address: user A's failures must not lock user B."""
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="alice", role="staff")
    UserFactory(username="bruno", role="staff")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong-password", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, "alice", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    response = sign_in(client, "bruno", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302 and signed_in(client)


def test_a_username_is_locked_whatever_the_addresses_the_guesses_come_from(client, settings):
    UserFactory(username="alice", role="staff")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong-password", address=f"203.0.113.{n + 1}")
    assert sign_in(client, "alice", address="198.51.100.99").status_code == 429
    assert not signed_in(client)


def _age_attempts(minutes: int) -> None:
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=minutes)
    )


def test_the_cool_off_is_short_at_first_and_grows_with_each_lockout(client, settings):
    settings.PORTAL_LOCKOUT_BASE_MINUTES = 5
    UserFactory(username="alice", role="staff")

    def lock():
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "alice", "wrong-password")
        assert sign_in(client, "alice").status_code == 429

    lock()
    _age_attempts(6)  # the first lockout lasts 5 minutes, not an hour
    assert sign_in(client, "alice").status_code == 302
    lock()
    _age_attempts(6)  # the second lasts 10
    assert sign_in(client, "alice").status_code == 429
    _age_attempts(11)
    assert sign_in(client, "alice").status_code == 302


def test_password_spraying_from_one_address_is_limited(client, settings):
    settings.PORTAL_SIGNIN_RATE_PER_MINUTE = 10
    UserFactory(username="victim", role="staff")
    codes = [
        sign_in(client, f"user{n}", "Spring2026!", address="203.0.113.50").status_code for n in range(10)
    ]
    assert codes == [200] * 10  # wrong passwords, each answered
    response = sign_in(client, "victim", address="203.0.113.50")
    assert response.status_code == 429 and not signed_in(client)
    assert "Too many sign-in attempts" in response.content.decode()
    # Another address is not slowed down by the first one.
    assert sign_in(client, "victim", address="198.51.100.1").status_code == 302


@pytest.mark.parametrize("seconds_into_the_minute", [0.5, 30.0, 59.9])
def test_the_limit_holds_across_the_clocks_minute(client, settings, monkeypatch, seconds_into_the_minute):
    """Ten attempts late in one clock minute and the eleventh just after it: the address still waits
    (a fixed window forgot the ten at the boundary, the flake CI met at 11:44:59)."""
    settings.PORTAL_SIGNIN_RATE_PER_MINUTE = 10
    UserFactory(username="victim", role="staff")
    start = 1_800_000_000 - 1_800_000_000 % 60 + seconds_into_the_minute
    clock = {"now": start}
    monkeypatch.setattr("portal.security.time", types.SimpleNamespace(time=lambda: clock["now"]))
    for n in range(10):
        assert sign_in(client, f"user{n}", "Spring2026!", address="203.0.113.50").status_code == 200
    clock["now"] = start + 0.2 if seconds_into_the_minute > 59 else start - seconds_into_the_minute + 60.1
    assert sign_in(client, "victim", address="203.0.113.50").status_code == 429
    # Two minutes on, the ten have left the window (within one, the counter takes them as spread
    # over their minute), and the address may try again.
    clock["now"] = start + 120.5
    assert sign_in(client, "victim", address="203.0.113.50").status_code == 302


def test_throttling_speaks_french(client, settings):
    settings.PORTAL_SIGNIN_RATE_PER_MINUTE = 0
    response = client.post(
        "/fr/accounts/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="203.0.113.5"
    )
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()


# --- The security log ---------------------------------------------------------------------------
def test_lockouts_and_refusals_are_logged_with_user_and_address(
    client, client_for, settings, caplog, provider_a_user
):
    UserFactory(username="alice", role="staff")
    with caplog.at_level(logging.INFO, logger="portal.security"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "alice", "wrong-password", address="203.0.113.77")
        client_for(provider_a_user).get("/en/history/portal.user/1/", REMOTE_ADDR="203.0.113.78")
    messages = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert any("account locked: user=alice address=203.0.113.77" in m for m in messages), messages
    assert any("permission refused: user=provider-a address=203.0.113.78" in m for m in messages), messages
