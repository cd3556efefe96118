"""Password reset by e-mail, end to end: ask on the sign-in page, read the link out of the message,
choose a new password, sign in. In the account's own language, without telling whether an address
has an account, throttled, and lifting the lockout of repeated failed sign-ins."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quartz-lantern-47-orbit"
LINK = re.compile(r"https?://[^\s]+/reset/[^\s]+/")


def page_text(response) -> str:
    """The page without its per-request CSRF tokens."""
    return re.sub(r'"X-CSRFToken": "[^"]+"|value="[A-Za-z0-9]{64}"', "", response.content.decode())


def reset_link(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(0)


@pytest.fixture
def ask_reset(committed):
    def ask(client, email, *, language="en", address="198.51.100.20"):
        return committed(
            client.post, f"/{language}/accounts/password-reset/", {"email": email}, REMOTE_ADDR=address
        )

    return ask


def sign_in(client, username, password, address="198.51.100.20", language="en"):
    client.logout()
    return client.post(
        f"/{language}/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize(
    ("language", "subject", "phrase", "done"),
    [
        ("en", "Reset your password", "To choose a new password, open this link", "Your password is changed"),
        (
            "fr",
            "Réinitialisez votre mot de passe",
            "Pour choisir un nouveau mot de passe",
            "Votre mot de passe est changé",
        ),
    ],
)
def test_reset_end_to_end_in_the_accounts_language(client, language, subject, phrase, done, ask_reset):
    user = UserFactory(username="marie", email="marie@example.org", role="staff", preferred_language=language)
    # The sign-in page links to the reset page.
    login_page = client.get("/en/accounts/login/").content.decode()
    assert "/en/accounts/password-reset/" in login_page
    # Asked from the English page: the e-mail follows the account's language, not the page's.
    response = ask_reset(client, "MARIE@example.org")
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie@example.org"]
    assert subject in message.subject and phrase in message.body
    link = reset_link(message)
    assert f"/{language}/accounts/reset/" in link
    path = link.split("testserver", 1)[1]
    # Django moves the token into the session, then shows the form.
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    complete = client.get(response["Location"])
    assert done in complete.content.decode()
    # The old password no longer works, the new one does, and the link cannot be used again.
    assert sign_in(client, "marie", PASSWORD).status_code == 200
    assert sign_in(client, "marie", NEW_PASSWORD).status_code == 302
    client.logout()
    again = client.get(path, follow=True)
    assert again.context["validlink"] is False
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_same_page_whether_or_not_the_address_has_an_account(client, ask_reset):
    UserFactory(username="known", email="known@example.org", role="staff")
    known = ask_reset(client, "known@example.org")
    unknown = ask_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert page_text(client.get(known["Location"])) == page_text(client.get(unknown["Location"]))
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_no_link_for_a_deactivated_account(client, ask_reset):
    UserFactory(username="gone", email="gone@example.org", role="staff", is_active=False)
    assert ask_reset(client, "gone@example.org").status_code == 302
    assert mail.outbox == []


def test_a_bad_address_is_a_form_error_in_french(client, ask_reset):
    response = ask_reset(client, "not an address", language="fr")
    assert response.status_code == 200
    assert "adresse" in response.content.decode().lower()
    assert mail.outbox == []


def test_one_address_gets_at_most_the_cap_of_emails_per_hour(client, settings, ask_reset):
    settings.ACCOUNTS_RESET_PER_EMAIL_PER_HOUR = 2
    UserFactory(username="spam", email="spam@example.org", role="staff")
    for _ in range(5):
        assert ask_reset(client, "spam@example.org").status_code == 302  # the page does not tell
    assert len(mail.outbox) == 2


def test_one_client_address_is_throttled(client, settings, ask_reset):
    settings.ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR = 3
    for n in range(3):
        assert ask_reset(client, f"someone{n}@example.org", address="203.0.113.9").status_code == 302
    response = ask_reset(client, "another@example.org", address="203.0.113.9")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    # Another address is not held up.
    assert ask_reset(client, "another@example.org", address="203.0.113.10").status_code == 302


def test_a_reset_lifts_the_lockout_of_failed_sign_ins(client, settings, ask_reset):
    UserFactory(username="locked", email="locked@example.org", role="staff")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "locked", "wrong-password-1")
    locked = sign_in(client, "locked", PASSWORD)
    assert locked.status_code in (403, 429) or "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="locked").exists()
    ask_reset(client, "locked@example.org")
    path = reset_link(mail.outbox[0]).split("testserver", 1)[1]
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username="locked").exists()
    assert sign_in(client, "locked", NEW_PASSWORD).status_code == 302


def test_a_weak_new_password_is_refused_and_nothing_changes(client, ask_reset):
    user = UserFactory(username="weak", email="weak@example.org", role="staff")
    ask_reset(client, "weak@example.org")
    path = reset_link(mail.outbox[0]).split("testserver", 1)[1]
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "password1", "new_password2": "password1"})
    assert response.status_code == 200 and response.context["form"].errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_forged_link_says_it_does_not_work(client):
    response = client.get("/fr/accounts/reset/MQ/forged-token/", follow=True)
    assert response.status_code == 200 and response.context["validlink"] is False
    assert "Ce lien ne fonctionne pas" in response.content.decode()
