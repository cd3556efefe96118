import pytest

from tests.trust.world import build_world


@pytest.fixture
def world(seeded, provider_a, provider_b, provider_a_user, provider_b_user, staff_user, admin_user):
    return build_world(
        provider_a=provider_a,
        provider_b=provider_b,
        provider_a_user=provider_a_user,
        provider_b_user=provider_b_user,
        staff_user=staff_user,
        admin_user=admin_user,
    )


@pytest.fixture
def tokens(world):
    """A personal token per signed-in role of the world (the key, as its owner got it once)."""
    from api.services import create_token

    return {
        role: create_token(user=user, name=f"{role} script").key
        for role, user in world.users.items()
        if user is not None
    }


@pytest.fixture
def api_for(client, tokens):
    """`api_for(role)`: a client whose requests carry that role's token (anonymous: none)."""

    class Api:
        def __init__(self, role):
            self.headers = {"Authorization": f"Bearer {tokens[role]}"} if role != "anonymous" else {}

        def get(self, url, **kw):
            client.logout()
            return client.get(url, headers={**self.headers, **kw.pop("headers", {})}, **kw)

        def post(self, url, data=None, **kw):
            client.logout()
            return client.post(
                url,
                data,
                content_type="application/json",
                headers={**self.headers, **kw.pop("headers", {})},
                **kw,
            )

        def put(self, url, data=None, **kw):
            client.logout()
            return client.put(
                url,
                data,
                content_type="application/json",
                headers={**self.headers, **kw.pop("headers", {})},
                **kw,
            )

    return Api
