"""Deactivation: a deactivated account cannot sign in and its open sessions end; reactivation is
the way back. Staff manage provider accounts; administrators any account but their own."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider_user():
    return UserFactory(username="worker", role="provider", provider=ProviderFactory(name="P"))


def test_a_deactivated_user_is_signed_out_everywhere_and_cannot_sign_in(client, provider_user):
    theirs = Client()
    theirs.force_login(provider_user)
    assert theirs.get("/en/").status_code == 200
    client.force_login(UserFactory(username="staff", role="staff"))
    response = client.post(f"/en/accounts/people/{provider_user.pk}/deactivate/")
    assert response.status_code == 302
    provider_user.refresh_from_db()
    assert provider_user.is_active is False
    # Their open session has ended: the next page asks them to sign in.
    after = theirs.get("/en/")
    assert after.status_code == 302 and "/accounts/login/" in after["Location"]
    # And they cannot sign in again.
    signin = Client().post("/en/accounts/login/", {"username": "worker", "password": PASSWORD})
    assert signin.status_code == 200
    # Reactivated, they sign in with the same password.
    assert client.post(f"/en/accounts/people/{provider_user.pk}/reactivate/").status_code == 302
    again = Client().post("/en/accounts/login/", {"username": "worker", "password": PASSWORD})
    assert again.status_code == 302


def test_staff_cannot_deactivate_staff_or_administrators(client):
    client.force_login(UserFactory(username="staff", role="staff"))
    colleague = UserFactory(username="colleague", role="staff")
    admin = UserFactory(username="boss", role="admin", is_superuser=True)
    for target in (colleague, admin):
        assert client.post(f"/en/accounts/people/{target.pk}/deactivate/").status_code == 403
        target.refresh_from_db()
        assert target.is_active


def test_an_administrator_deactivates_staff_but_not_themselves(client):
    admin = UserFactory(username="boss", role="admin", is_superuser=True)
    colleague = UserFactory(username="colleague", role="staff")
    client.force_login(admin)
    assert client.post(f"/en/accounts/people/{colleague.pk}/deactivate/").status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    response = client.post(f"/en/accounts/people/{admin.pk}/deactivate/", follow=True)
    assert "cannot deactivate your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_the_accounts_list_filters_and_offers_the_actions(client, provider_user):
    UserFactory(username="gone", role="provider", provider=provider_user.provider, is_active=False)
    client.force_login(UserFactory(username="staff", role="staff"))
    page = client.get("/en/accounts/people/?active=no").content.decode()
    assert "gone" in page and "worker" not in page and "Reactivate" in page
    page = client.get("/fr/accounts/people/?q=work").content.decode()
    assert "worker" in page and "Désactiver" in page


def test_providers_cannot_deactivate_anyone(client, provider_user):
    other = UserFactory(username="other", role="provider", provider=provider_user.provider)
    client.force_login(provider_user)
    assert client.post(f"/en/accounts/people/{other.pk}/deactivate/").status_code in (403, 404)
    other.refresh_from_db()
    assert other.is_active
