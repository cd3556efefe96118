"""My account: name and preferred language, the password change, and the first page after sign-in
in the preferred language."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, path="/en/accounts/login/", data=None):
    client.logout()
    return client.post(
        path, {"username": username, "password": password, **(data or {})}, REMOTE_ADDR="192.0.2.5"
    )


@pytest.mark.parametrize(("language", "home"), [("en", "/en/"), ("fr", "/fr/")])
def test_the_first_page_after_sign_in_is_in_the_preferred_language(client, language, home):
    UserFactory(username="lang", role="staff", preferred_language=language)
    response = sign_in(client, "lang")
    assert response.status_code == 302 and response["Location"] == home
    assert response.cookies["django_language"].value == language


def test_a_next_page_opens_in_the_preferred_language(client):
    UserFactory(username="lang", role="staff", preferred_language="fr")
    response = sign_in(client, "lang", path="/en/accounts/login/?next=/en/pd/", data={"next": "/en/pd/"})
    assert response["Location"] == "/fr/pd/"


def test_the_account_page_saves_name_and_language(client):
    user = UserFactory(username="me", role="staff")
    client.force_login(user)
    page = client.get("/en/accounts/")
    assert page.status_code == 200 and "account_sections" not in page.content.decode()
    response = client.post(
        "/en/accounts/", {"first_name": " Élise ", "last_name": "Roy", "preferred_language": "fr"}
    )
    assert response.status_code == 302 and response["Location"] == "/fr/accounts/"
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.preferred_language) == ("Élise", "Roy", "fr")
    assert "Votre compte est enregistré" in client.get("/fr/accounts/").content.decode()


def test_a_bad_language_changes_nothing(client):
    user = UserFactory(username="me", role="staff")
    client.force_login(user)
    response = client.post("/en/accounts/", {"first_name": "X", "preferred_language": "de"})
    assert response.status_code == 200 and "preferred_language" in response.context["form"].errors
    user.refresh_from_db()
    assert user.first_name == "" and user.preferred_language == "en"


def test_changing_the_password(client):
    user = UserFactory(username="me", role="staff")
    client.force_login(user)
    new = "Harbour-violin-92-meadow"
    wrong = client.post(
        "/en/accounts/password/", {"old_password": "nope", "new_password1": new, "new_password2": new}
    )
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    response = client.post(
        "/en/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"] == "/en/accounts/"
    assert client.get("/en/accounts/").status_code == 200  # this session stays signed in
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_header_links_to_the_account(client):
    client.force_login(UserFactory(username="me", role="staff"))
    assert 'href="/en/accounts/"' in client.get("/en/accounts/").content.decode()


def test_another_app_adds_a_section_to_the_account_page(client, monkeypatch, tmp_path, settings):
    """The API tokens (another helper's) and the like: an app's `account.py` adds a section."""
    import types

    from portal import discovery

    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "_section.html").write_text(
        '<section aria-labelledby="extra"><h2 id="extra">{{ section.title }}</h2></section>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    module = types.SimpleNamespace(
        account_sections=lambda request: [{"template": "extra/_section.html", "title": "API tokens"}]
    )
    monkeypatch.setattr(
        discovery, "app_modules", lambda name: [("extra", module)] if name == "account" else []
    )
    client.force_login(UserFactory(username="me", role="staff"))
    page = client.get("/en/accounts/").content.decode()
    assert '<h2 id="extra">API tokens</h2>' in page
