"""What providers do online, through the API: file and withdraw PD requests, save and submit the PD
template draft, through the same services as the pages (same rules, same translated refusals)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def _token_from_page(client, user) -> str:
    """A provider creates a token on the account page, as a person would."""
    client.force_login(user)
    assert client.post(reverse("api-tokens:list"), {"name": "our CRM"}).status_code == 302
    key = client.get(reverse("api-tokens:list")).context["new_key"]
    client.logout()
    return key


def test_a_provider_files_a_request_and_saves_a_draft_with_a_token(client, world):
    from pd_budget.models import PDRequest
    from surveys.models import PDTemplate
    from tests.surveys.factories import SurveyCycleFactory, ThemeFactory

    auth = {"Authorization": f"Bearer {_token_from_page(client, world.users['provider_a'])}"}
    year = world.pdrequest.fiscal_year
    # A PD request: language training within the allocation, approved at once (as on the page).
    response = client.post(
        reverse("api:pdrequest-list"),
        {"fiscal_year": year, "category": "language", "amount": "120.00", "description": "Workshop"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 201, response.content
    created = PDRequest.objects.get(pk=response.json()["id"])
    assert created.provider == world.provider_a and created.status == "approved"
    assert created.requested_by == world.users["provider_a"] and created.amount == Decimal("120.00")
    # A PD template draft for an open survey with no template yet, then a stale save refused.
    cycle = SurveyCycleFactory(fiscal_year=2019, status="open")
    theme = ThemeFactory(code="intercultural")
    url = reverse("api:surveycycle-my-template", kwargs={"fiscal_year": 2019})
    draft = {
        "version": 0,
        "current_pd_funding": "2500.00",
        "practitioners_language": 2,
        "needs": [{"theme": theme.code, "people": 4, "delivery": "online", "scope": "regional"}],
    }
    saved = client.put(url, draft, content_type="application/json", headers=auth)
    assert saved.status_code == 200, saved.content
    template = PDTemplate.objects.get(cycle=cycle, provider=world.provider_a)
    assert template.version == 1 and template.current_pd_funding == Decimal("2500.00")
    assert template.needs.get().theme == theme and saved.json()["version"] == 1
    stale = client.put(
        url, {**draft, "current_pd_funding": "1.00"}, content_type="application/json", headers=auth
    )
    assert stale.status_code == 409
    assert "reload to see their changes" in stale.json()["non_field_errors"][0]
    template.refresh_from_db()
    assert template.current_pd_funding == Decimal("2500.00")
    # Submitting an incomplete draft names what is missing, as the page does; nothing is locked.
    submit = reverse("api:surveycycle-submit-my-template", kwargs={"fiscal_year": 2019})
    refused = client.post(submit, {"version": 1}, content_type="application/json", headers=auth)
    assert refused.status_code == 400
    assert "Enter a number of staff (0 if none)." in refused.json()["practitioners_settlement"]
    template.refresh_from_db()
    assert template.status == "draft"


def test_a_complete_draft_is_submitted_and_locked(client, world, tokens):
    from surveys.models import PDTemplate
    from surveys.services import template_outliers
    from tests.surveys.factories import COMPLETE, SurveyCycleFactory, ThemeFactory

    SurveyCycleFactory(fiscal_year=2019, status="open")
    theme = ThemeFactory(code="counselling")
    auth = {"Authorization": f"Bearer {tokens['provider_b']}"}
    url = reverse("api:surveycycle-my-template", kwargs={"fiscal_year": 2019})
    body = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in COMPLETE.items()}
    need = {
        "theme": theme.code,
        "people": 3,
        "estimated_cost": "900.00",
        "delivery": "either",
        "scope": "local",
    }
    saved = client.put(
        url, {"version": 0, **body, "needs": [need]}, content_type="application/json", headers=auth
    )
    assert saved.status_code == 200, saved.content
    template = PDTemplate.objects.get(provider=world.provider_b, cycle__fiscal_year=2019)
    confirmed = [o.key for o in template_outliers(template)]
    submit = reverse("api:surveycycle-submit-my-template", kwargs={"fiscal_year": 2019})
    done = client.post(
        submit, {"version": 1, "confirmed": confirmed}, content_type="application/json", headers=auth
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "submitted"
    locked = client.put(url, {"version": 2, **body}, content_type="application/json", headers=auth)
    assert locked.status_code == 400
    assert "submitted and is locked" in locked.json()["non_field_errors"][0]


def _browser_overrun_message(client, world, language: str) -> str:
    from pd_budget.services.requests import issue_request_token

    client.force_login(world.users["provider_a"])
    with translation.override(language):
        url = reverse("pd_budget:pdrequest-create", kwargs={"pk": world.provider_a.pk})
    token = issue_request_token(user=world.users["provider_a"], provider=world.provider_a)
    amount = "90000" if language == "en" else "90 000"
    response = client.post(
        url,
        {
            "fiscal_year": world.pdrequest.fiscal_year,
            "category": "language",
            "amount": amount,
            "submit_token": token,
        },
    )
    client.logout()
    assert response.status_code == 200
    return str(response.context["form"].non_field_errors()[0])


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_overrun_is_refused_exactly_as_in_the_browser(client, world, tokens, language):
    from pd_budget.models import PDRequest

    before = PDRequest.objects.count()
    expected = _browser_overrun_message(client, world, language)
    response = client.post(
        reverse("api:pdrequest-list"),
        {"fiscal_year": world.pdrequest.fiscal_year, "category": "language", "amount": "90000.00"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens['provider_a']}", "Accept-Language": language},
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [expected]}
    # The message is the page's, in the language asked for (French has no English words left).
    assert ("overruns are not approved" in expected) == (language == "en")
    assert PDRequest.objects.count() == before


def test_a_waiting_request_is_withdrawn_once(client, world, tokens):
    auth = {"Authorization": f"Bearer {tokens['provider_a']}"}
    url = reverse("api:pdrequest-withdraw", kwargs={"pk": world.pdrequest.pk})
    first = client.post(url, content_type="application/json", headers=auth)
    assert first.status_code == 200 and first.json()["status"] == "withdrawn"
    second = client.post(url, content_type="application/json", headers=auth)
    assert second.status_code == 400
    assert second.json() == {"non_field_errors": ["This request can no longer be withdrawn."]}


def test_a_designated_conference_is_approved_at_once(client, world, tokens):
    auth = {"Authorization": f"Bearer {tokens['provider_a']}"}
    acronym = world.designatedconference.acronym
    response = client.post(
        reverse("api:pdrequest-list"),
        {
            "fiscal_year": world.pdrequest.fiscal_year,
            "category": "conference",
            "amount": "100.00",
            "designated_conference": acronym.lower(),
        },
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "approved" and response.json()["designated_conference"] == acronym


def test_filters_go_through_the_pages_forms(client, world, tokens):
    auth = {"Authorization": f"Bearer {tokens['staff']}"}
    ok = client.get(reverse("api:pdrequest-list") + "?status=pending", headers=auth).json()
    assert [r["id"] for r in ok["results"]] == [world.pdrequest.pk]
    assert client.get(reverse("api:pdrequest-list") + "?status=approved", headers=auth).json()["count"] == 0
    bad = client.get(reverse("api:pdrequest-list") + "?status=nonsense", headers=auth)
    assert bad.status_code == 400 and "status" in bad.json()
    groups = client.get(reverse("api:group-list") + "?q=" + world.group.name_en[:6], headers=auth).json()
    assert world.group.slug in [g["slug"] for g in groups["results"]]
    paged = client.get(reverse("api:group-list") + "?page_size=2", headers=auth).json()
    assert len(paged["results"]) == 2 and paged["next"]


def test_a_retried_call_with_the_same_idempotency_key_books_once(client, world, tokens):
    """The money rule against a provider's script retrying a POST: one key, one booking."""
    from pd_budget.models import PDRequest

    before = PDRequest.objects.count()
    body = {"fiscal_year": world.pdrequest.fiscal_year, "category": "language", "amount": "50.00"}

    def post(key):
        headers = {"Authorization": f"Bearer {tokens['provider_a']}", "Idempotency-Key": key}
        url = reverse("api:pdrequest-list")
        return client.post(url, body, content_type="application/json", headers=headers)

    first, again = post("retry-7f3a"), post("retry-7f3a")
    assert first.status_code == 201, first.content
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert PDRequest.objects.count() == before + 1
    assert post("another-key").status_code == 201  # a new key is a new request
    assert PDRequest.objects.count() == before + 2
    # Provider B using A's key books its own request: the key is per person and provider.
    headers = {"Authorization": f"Bearer {tokens['provider_b']}", "Idempotency-Key": "retry-7f3a"}
    other = client.post(reverse("api:pdrequest-list"), body, content_type="application/json", headers=headers)
    assert other.status_code in (201, 400) and other.json().get("id") != first.json()["id"]
    bad = post("x" * 201)
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()["non_field_errors"][0]
