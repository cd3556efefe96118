"""The account's API tokens page: create (the key shown once), list, revoke; only one's own."""

import pytest
from django.urls import reverse

from api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_then_only_its_prefix(client_for, provider_a_user):
    client = client_for(provider_a_user)
    response = client.post(reverse("api-tokens:list"), {"name": "Nightly export"})
    assert response.status_code == 302
    page = client.get(reverse("api-tokens:list"))
    key = page.context["new_key"]
    assert key and key.startswith("pnt_") and key in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    again = client.get(reverse("api-tokens:list"))
    assert again.context["new_key"] is None and key not in again.content.decode()
    token = ApiToken.objects.get(user=provider_a_user)
    assert token.prefix in again.content.decode() and token.key_hash != key
    # The key works until revoked.
    assert (
        client.get(reverse("api:group-list"), headers={"Authorization": f"Bearer {key}"}).status_code == 200
    )
    client.post(reverse("api-tokens:revoke", kwargs={"pk": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert (
        client.get(reverse("api:group-list"), headers={"Authorization": f"Bearer {key}"}).status_code == 401
    )


def test_a_nameless_token_is_refused_in_french_too(client_for, provider_a_user):
    client = client_for(provider_a_user)
    response = client.post("/fr/account/tokens/", {"name": "   "})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_number_of_active_tokens_is_capped(client_for, provider_a_user, settings):
    settings.PORTAL_API_MAX_TOKENS = 2
    client = client_for(provider_a_user)
    for name in ("one", "two", "three"):
        client.post(reverse("api-tokens:list"), {"name": name})
    assert ApiToken.objects.filter(user=provider_a_user).count() == 2


def test_nobody_revokes_another_persons_token(client_for, provider_a_user, admin_user):
    from api.services import create_token

    token = create_token(user=provider_a_user, name="mine").token
    response = client_for(admin_user).post(reverse("api-tokens:revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "mine" not in client_for(admin_user).get(reverse("api-tokens:list")).content.decode()


def test_the_header_links_to_the_tokens_page(client_for, staff_user):
    body = client_for(staff_user).get(reverse("home")).content.decode()
    assert reverse("api-tokens:list") in body
