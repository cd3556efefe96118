"""Hostile input over the API's write endpoints: bad JSON, wrong types, huge numbers, another
provider's ids. Every answer is 400/403/404/409 with a message, never a 500, and a refusal changes
nothing in the database."""

import json

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

APPS = ("groups", "learning_events", "pd_budget", "surveys", "api")


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for app in APPS
        for m in apps.get_app_config(app).get_models()
    }


def _state():
    from pd_budget.models import PDRequest
    from surveys.models import PDTemplate

    return (
        row_counts(),
        sorted(PDRequest.objects.values_list("pk", "status", "amount")),
        sorted(PDTemplate.objects.values_list("pk", "version", "status", "current_pd_funding")),
    )


def _send(client, method, url, body, token, *, raw=False):
    payload = body if raw else json.dumps(body)
    return getattr(client, method)(
        url, payload, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def _explains(response) -> bool:
    """A refusal says why: a JSON object with a message (per field, or `detail`)."""
    body = response.json()
    return isinstance(body, dict) and bool(body) and all(v for v in body.values())


BAD_REQUESTS = [
    ("not JSON", "{amount: 10", True),
    ("JSON, not an object", "[1, 2, 3]", True),
    ("empty", "", True),
    ("a text amount", {"fiscal_year": 2018, "category": "language", "amount": "ten dollars"}, False),
    ("NaN", {"fiscal_year": 2018, "category": "language", "amount": "NaN"}, False),
    ("Infinity", {"fiscal_year": 2018, "category": "language", "amount": "Infinity"}, False),
    ("negative", {"fiscal_year": 2018, "category": "language", "amount": "-5.00"}, False),
    ("huge", {"fiscal_year": 2018, "category": "language", "amount": "1e30"}, False),
    ("thousandths", {"fiscal_year": 2018, "category": "language", "amount": "1.001"}, False),
    ("a huge year", {"fiscal_year": 10**30, "category": "language", "amount": "1.00"}, False),
    ("a year as a list", {"fiscal_year": [2018], "category": "language", "amount": "1.00"}, False),
    ("an unknown category", {"fiscal_year": 2018, "category": "bonus", "amount": "1.00"}, False),
    ("a closed year", {"fiscal_year": 2000, "category": "language", "amount": "1.00"}, False),
    ("an unknown conference", {"fiscal_year": 2018, "category": "conference", "amount": "1.00",
                               "designated_conference": "DAVOS"}, False),
    ("a conference with no name", {"fiscal_year": 2018, "category": "conference", "amount": "1.00"}, False),
    ("a very long purpose", {"fiscal_year": 2018, "category": "language", "amount": "1.00",
                             "description": "x" * 100_000}, False),
]  # fmt: skip


@pytest.mark.parametrize("label,body,raw", BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_hostile_pd_requests_are_refused_with_a_message(client, world, tokens, label, body, raw):
    before = _state()
    if isinstance(body, dict) and body.get("fiscal_year") == 2018:
        body = {**body, "fiscal_year": world.pdrequest.fiscal_year}
    response = _send(client, "post", reverse("api:pdrequest-list"), body, tokens["provider_a"], raw=raw)
    assert response.status_code == 400, (label, response.status_code, response.content[:300])
    assert _explains(response), response.content
    assert _state() == before


def test_a_provider_field_never_files_for_another_provider(client, world, tokens):
    """An extra `provider` (B's id) is not an input: A's request is A's."""
    from pd_budget.models import PDRequest

    body = {"fiscal_year": world.pdrequest.fiscal_year, "category": "language", "amount": "5.00"}
    response = _send(client, "post", reverse("api:pdrequest-list"), {**body, "provider": world.provider_b.pk},
                     tokens["provider_a"])  # fmt: skip
    assert response.status_code == 201
    assert PDRequest.objects.get(pk=response.json()["id"]).provider == world.provider_a


def test_another_providers_ids_are_404(client, world, tokens):
    """B's token on A's request and template: 404, as on the pages, and nothing changes."""
    before = _state()
    b = tokens["provider_b"]
    withdraw = _send(
        client, "post", reverse("api:pdrequest-withdraw", kwargs={"pk": world.pdrequest.pk}), {}, b
    )
    assert withdraw.status_code == 404 and withdraw.json()["detail"]
    template = client.get(
        reverse("api:pdtemplate-detail", kwargs={"pk": world.template.pk}),
        headers={"Authorization": f"Bearer {b}"},
    )
    assert template.status_code == 404
    for name, kwargs in (("api:pdrequest-withdraw", {"pk": 10**20}), ("api:pdrequest-withdraw", {"pk": 0})):
        assert _send(client, "post", reverse(name, kwargs=kwargs), {}, b).status_code == 404
    assert _state() == before


BAD_DRAFTS = [
    ("no version", {"current_pd_funding": "1.00"}),
    ("a text version", {"version": "latest"}),
    ("a negative version", {"version": -1}),
    ("a huge version", {"version": 10**40}),
    ("negative funding", {"version": 0, "current_pd_funding": "-1"}),
    ("huge funding", {"version": 0, "current_pd_funding": "1e40"}),
    ("a staff count as text", {"version": 0, "practitioners_language": "two"}),
    ("a fractional staff count", {"version": 0, "practitioners_language": 2.5}),
    ("a huge staff count", {"version": 0, "practitioners_language": 10**12}),
    ("a yes/no as a list", {"version": 0, "can_identify_needs": ["yes"]}),
    ("needs not a list", {"version": 0, "needs": "many"}),
    ("a need of an unknown theme", {"version": 0, "needs": [{"theme": "no-such-theme"}]}),
    ("a need with a bad delivery", {"version": 0, "needs": [{"delivery": "teleport"}]}),
    ("a need with negative people", {"version": 0, "needs": [{"people": -3}]}),
    ("too many needs", {"version": 0, "needs": [{"theme_text": "x"}] * 101}),
    ("a stale version", {"version": 7, "current_pd_funding": "1.00"}),
]


@pytest.mark.parametrize("label,body", BAD_DRAFTS, ids=[c[0] for c in BAD_DRAFTS])
def test_hostile_drafts_are_refused_with_a_message(client, world, tokens, label, body):
    """Provider A's open-cycle draft (its 2018 template is submitted, so a new cycle's)."""
    from tests.surveys.factories import SurveyCycleFactory

    SurveyCycleFactory(fiscal_year=2019, status="open")
    url = reverse("api:surveycycle-my-template", kwargs={"fiscal_year": 2019})
    # A real draft first, so "stale" has something to be stale against.
    assert _send(client, "put", url, {"version": 0}, tokens["provider_a"]).status_code == 200
    before = _state()
    response = _send(client, "put", url, body, tokens["provider_a"])
    assert response.status_code in (400, 409), (label, response.status_code, response.content[:300])
    assert _explains(response)
    assert _state() == before


def test_hostile_submissions_are_refused(client, world, tokens):
    url = reverse("api:surveycycle-submit-my-template", kwargs={"fiscal_year": world.cycle.fiscal_year})
    before = _state()
    for body in ({"version": "x"}, {"version": 0, "confirmed": "all"}, {"version": 0, "confirmed": [{}]}, {}):
        response = _send(client, "post", url, body, tokens["provider_a"])
        assert response.status_code in (400, 409), response.content
        assert _explains(response)
    # A's template is submitted: submitting it again is refused with the page's message.
    again = _send(client, "post", url, {"version": world.template.version}, tokens["provider_a"])
    assert again.status_code == 400 and "locked" in again.json()["non_field_errors"][0]
    assert _state() == before


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=6,
)
REQUEST_FIELDS = [
    "fiscal_year",
    "category",
    "amount",
    "designated_conference",
    "conference_name",
    "description",
]
DRAFT_FIELDS = [
    "version",
    "current_pd_funding",
    "practitioners_language",
    "can_identify_needs",
    "comments",
    "needs",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_json_never_fails(client, world, tokens, data):
    """Any JSON at all, in any field: an answer below 500; refused, the database is unchanged."""
    for url, method, fields in (
        (reverse("api:pdrequest-list"), "post", REQUEST_FIELDS),
        (reverse("api:surveycycle-my-template", kwargs={"fiscal_year": world.cycle.fiscal_year}), "put",
         DRAFT_FIELDS),
    ):  # fmt: skip
        body = data.draw(st.dictionaries(st.sampled_from(fields), JSON_VALUES, max_size=len(fields)))
        before = _state()
        response = _send(client, method, url, body, tokens["provider_a"])
        assert response.status_code < 500
        if response.status_code not in (200, 201):
            assert response.status_code in (400, 403, 404, 409)
            assert _state() == before
