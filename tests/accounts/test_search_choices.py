"""The accounts pages' provider choices search as staff type (issue 22): the invitation form and the
accounts list's filter hold only the chosen provider, whatever the number of providers; the field
still checks what is posted."""

import html

import pytest

from accounts.models import Invitation
from tests.factories import ProviderFactory
from tests.search_choices import NOT_A_CHOICE, found, lookup, options

pytestmark = pytest.mark.django_db

INVITE = "/en/accounts/invitations/new/"


@pytest.fixture
def providers(db):
    many = [ProviderFactory(name=f"Many provider {n:02d}") for n in range(30)]
    return many, ProviderFactory(name="Prairie Newcomer Centre")


def test_the_invitation_form_lists_no_provider_until_searched(client_for, staff_user, providers, committed):
    many, wanted = providers
    client = client_for(staff_user)
    page = client.get(INVITE).content.decode()
    assert "Many provider" not in page and options(page, "provider") == [""]
    assert 'data-lookup="/en/lookup/providers/"' in page
    assert [text.split(" (")[0] for text in found(client, "providers", "prairie newcomer")] == [wanted.name]

    data = {"email": "new.person@example.org", "language": "en"}
    refused = client.post(INVITE, {**data, "provider": many[-1].pk + 1000})
    assert refused.status_code == 200 and html.escape(NOT_A_CHOICE) in refused.content.decode()
    assert not Invitation.objects.exists()
    # Sent back with another field's error, the page keeps the chosen provider, and only it.
    again = client.post(INVITE, {**data, "email": "not an address", "provider": wanted.pk}).content.decode()
    assert options(again, "provider") == ["", str(wanted.pk)]

    assert committed(client.post, INVITE, {**data, "provider": wanted.pk}).status_code == 302
    assert Invitation.objects.get().provider == wanted


def test_the_accounts_filter_searches_the_providers(client_for, staff_user, provider_a_user, providers):
    many, _wanted = providers
    client = client_for(staff_user)
    page = client.get("/en/accounts/people/", {"provider": provider_a_user.provider_id}).content.decode()
    assert "Many provider" not in page
    assert options(page, "provider") == ["", str(provider_a_user.provider_id)]
    assert "1 account found" in page and provider_a_user.email in page and staff_user.email not in page
    refused = client.get("/en/accounts/people/", {"provider": "99999999999999999999999"})
    assert refused.status_code == 200 and html.escape(NOT_A_CHOICE) in refused.content.decode()


def test_provider_staff_may_not_search_the_providers(client_for, provider_a_user, providers):
    assert lookup(client_for(provider_a_user), "providers", "many").status_code == 403
    assert lookup(client_for(None), "providers", "many").status_code == 302  # to the sign-in page
