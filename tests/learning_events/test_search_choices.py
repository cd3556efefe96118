"""The learning events app's choices among thousands search as the person types (issue 22): an
event's, a series' and an evaluation's working group, an event's series, and the organisations a
needs survey is sent to (several, kept as more are searched); the page holds only what is chosen,
the fields still check what is posted, and each search answers only those who may pick."""

import html

import pytest
from django.urls import reverse

from groups.models import Committee, CommitteeMember
from learning_events.models import Evaluation, EventSeries, Invitation, LearningEvent, Questionnaire
from tests.factories import ProviderFactory
from tests.search_choices import (
    form_data,
    found,
    grow_groups,
    lookup,
    not_choices,
    options,
    refused_then_saved,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def grown(seeded):
    return grow_groups()


def _event():
    return LearningEvent.objects.filter(series__isnull=True).order_by("pk").first()


def _series():
    return EventSeries.objects.order_by("pk").first()


def _evaluation():
    return Evaluation.objects.get(slug="language-assessment-calgary")


@pytest.mark.parametrize(
    ("url_name", "get"),
    [("event-update", _event), ("series-update", _series), ("evaluation-update", _evaluation)],
)
def test_the_working_group_is_searched_and_still_checked(client_for, staff_user, grown, url_name, get):
    obj = get()
    url = reverse(f"learning_events:{url_name}", kwargs={"slug": obj.slug})
    client = client_for(staff_user)
    answer = client.get(url)
    page = answer.content.decode()
    assert "Grown group" not in page and options(page, "group") == ["", str(obj.group_id)]
    assert 'data-lookup="/en/lookup/groups/"' in page
    data = form_data(answer.context["form"])
    refused_then_saved(client, url, data, "group", refused=grown[-1].pk + 1000, saved=grown[4].pk)
    obj.refresh_from_db()
    assert obj.group == grown[4]


def test_an_events_series_is_searched_and_still_checked(client_for, staff_user, provider_a_user, seeded):
    event = LearningEvent.objects.filter(series__isnull=False).select_related("series").order_by("pk").first()
    others = [
        EventSeries.objects.create(
            slug=f"grown-{n:02d}",
            group=event.group,
            title_en=f"Grown calls {n:02d}",
            title_fr=f"Appels {n:02d}",
        )
        for n in range(30)
    ]
    url = reverse("learning_events:event-update", kwargs={"slug": event.slug})
    client = client_for(staff_user)
    answer = client.get(url)
    page = answer.content.decode()
    assert "Grown calls" not in page and options(page, "series") == ["", str(event.series_id)]
    assert (
        f'<option value="{event.series_id}" selected>{html.escape(str(event.series.title))}</option>' in page
    )
    data = form_data(answer.context["form"])
    refused_then_saved(client, url, data, "series", refused=others[-1].pk + 1000, saved=others[12].pk)
    event.refresh_from_db()
    assert event.series == others[12]

    assert found(client, "series", "grown calls 12") == ["Grown calls 12"]
    assert client.get("/fr/lookup/series/", {"q": "grown-12"}).json()["results"][0]["text"] == "Appels 12"
    assert lookup(client_for(provider_a_user), "series", "grown").status_code == 403


@pytest.fixture
def survey(seeded, staff_user):
    event = _event()
    return Questionnaire.objects.create(
        event=event, kind="needs", title_en="Needs", title_fr="Besoins", status="open", created_by=staff_user
    )


def test_the_survey_goes_to_the_organisations_searched(
    client_for, staff_user, provider_a_user, provider_b_user, survey
):
    for n in range(30):
        ProviderFactory(name=f"Many provider {n:02d}")
    url = reverse("learning_events:questionnaire-send", kwargs={"pk": survey.pk})
    client = client_for(staff_user)
    page = client.get(url).content.decode()
    assert "Many provider" not in page and options(page, "providers") == []
    assert 'data-lookup="/en/lookup/questionnaire-providers/"' in page
    french = client.get(url.replace("/en/", "/fr/", 1)).content.decode()
    assert 'data-lookup="/fr/lookup/questionnaire-providers/"' in french
    assert "un second clic l’annule" in french
    a, b = provider_a_user.provider, provider_b_user.provider

    refused = client.post(url, {"providers": [a.pk, 99999999]})
    assert refused.status_code == 200 and not_choices(99999999) in refused.content.decode()
    assert options(refused.content.decode(), "providers") == [str(a.pk)]  # the valid choice is kept
    tampered = client.post(url, {"providers": [a.pk, "9" * 30, "²"]})
    assert tampered.status_code == 200 and not Invitation.objects.exists()

    assert client.post(url, {"providers": [a.pk, b.pk]}).status_code == 302
    assert set(Invitation.objects.values_list("user", flat=True)) == {provider_a_user.pk, provider_b_user.pk}


def test_the_advisory_body_searches_the_organisations_too(
    client_for, provider_a_user, provider_b_user, survey
):
    body = Committee.objects.create(
        kind="advisory", group=survey.event.group, name_en="AB", name_fr="OC", fiscal_year=2018
    )
    CommitteeMember.objects.create(committee=body, person_name="Host", user=provider_a_user)
    member = client_for(provider_a_user)
    assert (
        member.get(reverse("learning_events:questionnaire-send", kwargs={"pk": survey.pk})).status_code == 200
    )
    texts = found(member, "questionnaire-providers", "provider b newcomer")
    assert texts == [f"{provider_b_user.provider.name} ({provider_b_user.provider.jurisdiction_id})"]
    assert lookup(member, "providers", "provider").status_code == 403  # staff's own search stays staff's
    outsider = client_for(provider_b_user)  # no seat on any advisory body
    assert lookup(outsider, "questionnaire-providers", "provider").status_code == 403
