"""The invitations in the Django admin: listed and exported, never added, edited or imported."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_invitations_are_read_only_in_the_admin(client, provider_a):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Invitation, hash_token
    from accounts.resources import InvitationResource

    invitation = Invitation.objects.create(
        email="x@example.org",
        provider=provider_a,
        token_hash=hash_token("t"),
        expires_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(UserFactory(username="root", role="admin", is_superuser=True))
    assert client.get("/en/admin/accounts/invitation/").status_code == 200
    page = client.get(f"/en/admin/accounts/invitation/{invitation.pk}/change/")
    assert page.status_code == 200 and invitation.token_hash not in page.content.decode()
    assert client.get("/en/admin/accounts/invitation/add/").status_code == 403
    exported = InvitationResource().export().csv
    assert "x@example.org" in exported and invitation.token_hash not in exported
