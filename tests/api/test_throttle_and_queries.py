"""Throttling counts per token; list endpoints read a fixed number of queries (no query per row)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.throttling import PerTokenThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api": "3/minute"})


def test_each_token_has_its_own_budget(client, world, three_a_minute):
    from api.services import create_token

    user = world.users["provider_a"]
    first, second = (create_token(user=user, name=n).key for n in ("one", "two"))
    url = reverse("api:group-list")
    answers = [client.get(url, headers={"Authorization": f"Bearer {first}"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get(url, headers={"Authorization": f"Bearer {second}"}).status_code == 200
    limited = client.get(url, headers={"Authorization": f"Bearer {first}"})
    assert int(limited["Retry-After"]) > 0 and limited.json()["detail"]


LISTS = [
    "api:group-list", "api:committee-list", "api:committeemember-list", "api:meeting-list",
    "api:workplan-list", "api:event-list", "api:series-list", "api:evaluation-list",
    "api:reportfile-list", "api:provider-list", "api:site-list", "api:agreement-list",
    "api:allocation-list", "api:pdrequest-list", "api:surveycycle-list", "api:pdtemplate-list",
]  # fmt: skip


@pytest.mark.parametrize("name", LISTS)
def test_lists_read_a_fixed_number_of_queries(world, tokens, name):
    """The seed's 60 events and 40 groups in one page each: a query per row would show here."""
    client = Client(headers={"Authorization": f"Bearer {tokens['staff']}"})  # no session: the API's own
    client.get(reverse(name))  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(queries) <= 10, f"{name}: {len(queries)} queries: " + "; ".join(
        q["sql"][:80] for q in queries.captured_queries
    )
