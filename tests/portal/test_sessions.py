"""Shared office computers: signed-in pages and files are never cached, and sessions end after an
idle time (SESSION_IDLE_TIMEOUT) as well as SESSION_COOKIE_AGE after signing in."""

import time

import pytest

from portal.middleware import LAST_SEEN_KEY, SIGNED_IN_AT_KEY

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/en/", "/fr/groups/", "/en/reports/"])
def test_signed_in_pages_are_never_stored(client_for, staff_user, seeded, url):
    response = client_for(staff_user).get(url)
    assert response.status_code == 200
    assert _no_store(response) and "private" in response["Cache-Control"]


def test_downloads_are_never_stored(client_for, staff_user, seeded):
    response = client_for(staff_user).get("/en/reports/groups-roster/download/?export=csv")
    assert response.status_code == 200
    assert _no_store(response)


def test_the_public_sign_in_page_is_not_marked_private_for_nobody(client):
    # Anonymous pages keep whatever they set themselves (the sign-in page already says never_cache).
    assert client.get("/en/accounts/login/").status_code == 200


def _set_session(client, **values):
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_a_session_ends_after_the_idle_time(client_for, staff_user, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client = client_for(staff_user)
    now = int(time.time())
    _set_session(client, **{LAST_SEEN_KEY: now - 29 * 60})
    assert client.get("/en/").status_code == 200  # 29 minutes idle: still signed in
    _set_session(client, **{LAST_SEEN_KEY: now - 31 * 60})
    response = client.get("/en/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_after_twelve_hours(client_for, staff_user, settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    client = client_for(staff_user)
    now = int(time.time())
    _set_session(client, **{SIGNED_IN_AT_KEY: now - 12 * 60 * 60 - 5, LAST_SEEN_KEY: now - 10})
    response = client.get("/en/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_activity_keeps_the_session_alive(client_for, staff_user):
    client = client_for(staff_user)
    now = int(time.time())
    _set_session(client, **{LAST_SEEN_KEY: now - 20 * 60})
    assert client.get("/en/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= now  # the request counted as activity
