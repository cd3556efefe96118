"""Every page but the login and the language switch asks for a login; roles see their dashboard."""

import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login_from_every_page(client, seeded):
    for url in ["/en/", "/en/groups/", "/en/groups/case-management/", "/fr/groups/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_login_page_is_public_in_both_languages(client):
    assert "Sign in" in client.get("/en/accounts/login/").content.decode()
    assert "Se connecter" in client.get("/fr/accounts/login/").content.decode()


def test_language_switch_works_without_login(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/fr/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/")


def test_real_login_form_signs_in(client, staff_user):
    response = client.post(
        "/en/accounts/login/",
        {"username": "staff", "password": "correct-horse-battery"},
        REMOTE_ADDR="127.0.0.1",
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_repeated_failed_logins_lock_the_account(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        "/en/accounts/login/",
        {"username": "staff", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()


@pytest.mark.parametrize("command", [("axes_reset_username", "staff"), ("axes_reset",)], ids=lambda c: c[0])
def test_the_readme_command_unlocks_a_locked_account(client, staff_user, settings, command):
    from django.core.management import call_command

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    good = {"username": "staff", "password": "correct-horse-battery"}
    assert client.post("/en/accounts/login/", good, REMOTE_ADDR="10.0.0.9").status_code == 429
    call_command(*command, stdout=io.StringIO())
    response = client.post("/en/accounts/login/", good, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_user", "You are IRCC staff"),
        ("admin_user", "You are an administrator"),
        ("provider_a_user", "You work for Provider A Settlement Society"),
    ],
)
def test_dashboard_speaks_to_each_role(request, client_for, seeded, user_fixture, expected):
    user = request.getfixturevalue(user_fixture)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_dashboard_in_french(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/fr/").content.decode()
    assert "Tableau de bord" in body
    assert 'lang="fr"' in body


def test_admin_site_is_for_administrators_only(client_for, staff_user, admin_user, provider_a_user):
    assert client_for(admin_user).get("/en/admin/").status_code == 200
    for user in (staff_user, provider_a_user):
        response = client_for(user).get("/en/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_unknown_page_is_a_friendly_404(client_for, staff_user):
    response = client_for(staff_user).get("/en/groups/no-such-group/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_navigation_reaches_every_app_the_user_may_use(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/en/").content.decode()
    assert 'href="/en/groups/"' in body
    assert "Skip to main content" in body
