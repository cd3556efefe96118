"""Invitations: IRCC staff invite provider staff; the one-time link opens an account with role
provider on that provider, once, until it expires; staff send it again (a new link) or revoke it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation
from portal.models import User
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Copper-kettle-58-river"
LINK = re.compile(r"https?://testserver(/\w\w/accounts/invitation/[\w-]+/)")


@pytest.fixture
def staff(client):
    user = UserFactory(username="officer", role="staff", first_name="Ana", last_name="Lopez")
    client.force_login(user)
    return user


@pytest.fixture
def provider():
    return ProviderFactory(name="Prairie Newcomer Centre")


def invite(client, committed, provider, email="new.person@Example.ORG", language="en"):
    return committed(
        client.post,
        "/en/accounts/invitations/new/",
        {"email": email, "provider": provider.pk, "language": language},
    )


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def accept(client, path, **data):
    fields = {
        "first_name": "Nadia",
        "last_name": "Haddad",
        "preferred_language": "fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(path, {**fields, **data})


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("en", "You are invited", "To open your account"),
        ("fr", "Vous êtes invité", "Pour ouvrir votre compte"),
    ],
)
def test_invitation_accepted_opens_a_provider_account(
    client, committed, staff, provider, language, subject, phrase
):
    response = invite(client, committed, provider, language=language)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org" and invitation.invited_by == staff
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"] and subject in message.subject and phrase in message.body
    assert "Prairie Newcomer Centre" in message.body and "Ana Lopez" in message.body
    path = link_in(message)
    assert path.startswith(f"/{language}/")
    assert invitation.token_hash not in message.body  # only the hash is stored, never the link
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "new.person@example.org" in page.content.decode()
    response = accept(client, path)
    assert response.status_code == 302 and response["Location"] == "/fr/"  # the chosen language
    user = User.objects.get(username="new.person@example.org")
    assert (user.role, user.provider, user.email, user.preferred_language) == (
        "provider",
        provider,
        "new.person@example.org",
        "fr",
    )
    assert user.check_password(PASSWORD) and user.get_full_name() == "Nadia Haddad"
    assert client.get("/fr/").status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_at and invitation.user == user


def test_a_used_link_does_not_open_a_second_account(client, committed, staff, provider):
    invite(client, committed, provider)
    path = link_in(mail.outbox[0])
    client.logout()
    assert accept(client, path).status_code == 302
    client.logout()
    again = client.get(path)
    assert "already used" in again.content.decode()
    response = accept(client, path, first_name="Mallory")
    assert "already used" in response.content.decode()
    assert User.objects.filter(role="provider").count() == 1
    assert not User.objects.filter(first_name="Mallory").exists()


def test_an_expired_link_says_so_and_opens_nothing(client, committed, staff, provider, settings):
    invite(client, committed, provider)
    path = link_in(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    page = client.get(path)
    assert "has expired" in page.content.decode()
    accept(client, path)
    assert not User.objects.filter(role="provider").exists()


def test_the_link_expires_after_the_days_in_settings(client, committed, staff, provider, settings):
    settings.ACCOUNTS_INVITATION_DAYS = 2
    before = timezone.now()
    invite(client, committed, provider)
    invitation = Invitation.objects.get()
    assert timedelta(days=2) <= invitation.expires_at - before < timedelta(days=2, minutes=1)


def test_sending_again_makes_a_new_link_and_the_old_one_stops(client, committed, staff, provider):
    invite(client, committed, provider)
    old = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(hours=1))  # expired: may be sent again
    response = committed(client.post, f"/en/accounts/invitations/{invitation.pk}/resend/")
    assert response.status_code == 302
    new = link_in(mail.outbox[1])
    assert new != old
    client.logout()
    assert "not valid" in client.get(old).content.decode()
    assert accept(client, new).status_code == 302


def test_a_revoked_link_opens_nothing(client, committed, staff, provider):
    invite(client, committed, provider)
    path = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    assert client.post(f"/en/accounts/invitations/{invitation.pk}/revoke/").status_code == 302
    client.logout()
    accept(client, path)
    assert not User.objects.filter(role="provider").exists()
    # Revoked: neither sent again nor revoked twice.
    client.force_login(staff)
    response = client.post(f"/en/accounts/invitations/{invitation.pk}/resend/", follow=True)
    assert "cannot be sent again" in response.content.decode()


def test_an_address_already_used_or_invited_is_refused(client, committed, staff, provider):
    UserFactory(username="taken", email="taken@example.org", role="provider", provider=provider)
    response = invite(client, committed, provider, email="TAKEN@example.org")
    assert response.status_code == 200 and "email" in response.context["form"].errors
    invite(client, committed, provider, email="once@example.org")
    response = invite(client, committed, provider, email="once@example.org")
    assert "already waiting" in response.content.decode()
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_a_weak_password_is_refused_and_the_link_still_works(client, committed, staff, provider):
    invite(client, committed, provider)
    path = link_in(mail.outbox[0])
    client.logout()
    response = accept(client, path, password1="password", password2="password")
    assert response.status_code == 200 and response.context["form"].errors
    assert not User.objects.filter(role="provider").exists()
    assert accept(client, path).status_code == 302


def test_providers_cannot_invite(client, committed, provider):
    client.force_login(UserFactory(username="p", role="provider", provider=provider))
    response = invite(client, committed, provider)
    assert response.status_code == 403
    assert not Invitation.objects.exists() and mail.outbox == []
