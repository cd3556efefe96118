"""Search-as-you-type choices (portal/lookups.py, portal/widgets.py SearchSelect): a page that offers
a choice among every account or provider no longer grows with them, and the search answers only
IRCC staff, with what they may pick."""

import pytest
from django.urls import reverse

from learning_events.models import Evaluation, ReportAccessGrant
from organisations.models import Provider
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def lookup(client, name, q):
    return client.get(reverse("lookup", kwargs={"name": name}), {"q": q})


def test_staff_find_providers_by_every_word_they_type(client_for, staff_user, seeded):
    ProviderFactory(name="Saskatoon Open Door Society")
    ProviderFactory(name="Regina Open Door Society")
    answer = lookup(client_for(staff_user), "providers", "open  door sask")
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    assert [row["text"].split(" (")[0] for row in answer.json()["results"]] == ["Saskatoon Open Door Society"]


def test_an_answer_holds_at_most_twenty_results(client_for, staff_user, seeded):
    for n in range(30):
        ProviderFactory(name=f"Lookup provider {n:02d}")
    results = lookup(client_for(staff_user), "providers", "lookup provider").json()["results"]
    assert len(results) == 20


def test_account_search_finds_by_name_username_or_organisation(client_for, staff_user, provider_a_user):
    provider_a_user.first_name, provider_a_user.last_name = "Amélie", "Nguyen"
    provider_a_user.save()
    client = client_for(staff_user)
    for query in ("nguyen", provider_a_user.username, provider_a_user.provider.name[:6]):
        texts = [row["text"] for row in lookup(client, "provider-accounts", query).json()["results"]]
        assert any("Amélie Nguyen" in text for text in texts), query
    # Provider accounts only: staff accounts are not offered there.
    assert lookup(client, "provider-accounts", staff_user.username).json()["results"] == []


def test_inactive_accounts_are_not_offered(client_for, staff_user, provider_a_user):
    provider_a_user.is_active = False
    provider_a_user.save()
    assert lookup(client_for(staff_user), "accounts", provider_a_user.username).json()["results"] == []


def test_providers_may_not_search_the_portal(client_for, provider_a_user):
    assert lookup(client_for(provider_a_user), "accounts", "a").status_code == 403
    assert lookup(client_for(provider_a_user), "providers", "a").status_code == 403


def test_an_unknown_lookup_is_not_found(client_for, staff_user):
    assert lookup(client_for(staff_user), "passwords", "a").status_code == 404


def test_a_very_long_search_is_cut_not_refused(client_for, staff_user, seeded):
    assert lookup(client_for(staff_user), "providers", "x" * 5000).status_code == 200


def test_the_evaluation_page_does_not_list_every_account_and_provider(client_for, staff_user, seeded):
    evaluation = Evaluation.objects.get(slug="language-assessment-calgary")
    url = evaluation.get_absolute_url()
    client = client_for(staff_user)
    before = len(client.get(url).content)
    for n in range(150):
        provider = ProviderFactory(name=f"Grown provider {n:03d}")
        UserFactory(username=f"grown-{n:03d}", role="provider", provider=provider)
    page = client.get(url).content.decode()
    assert "Grown provider" not in page and "grown-0" not in page
    assert len(page) - before < 500  # the same page, whatever the number of providers
    assert 'data-lookup="/en/lookup/provider-accounts/"' in page
    assert 'data-lookup="/en/lookup/providers/"' in page


def test_a_searched_choice_is_still_checked_when_posted(client_for, staff_user, provider_a_user, seeded):
    evaluation = Evaluation.objects.get(slug="language-assessment-calgary")
    url = reverse("learning_events:grant-create", kwargs={"slug": evaluation.slug})
    client = client_for(staff_user)
    # A staff account is not a provider account: not a valid choice, whatever the page showed.
    answer = client.post(url, {"user": staff_user.pk})
    assert answer.status_code == 200 and not ReportAccessGrant.objects.filter(user=staff_user).exists()
    assert client.post(url, {"user": provider_a_user.pk}).status_code == 302
    assert ReportAccessGrant.objects.filter(user=provider_a_user, evaluation=evaluation).exists()
    # The page sent back with an error keeps the chosen provider, by its name.
    provider = Provider.objects.get(pk=provider_a_user.provider_id)
    answer = client.post(url, {"user": provider_a_user.pk, "provider": provider.pk})
    assert answer.status_code == 200
    chosen = f'<option value="{provider.pk}" selected>{provider.name} ({provider.jurisdiction_id})</option>'
    assert chosen in answer.content.decode()


def test_the_calendar_and_report_filters_search_the_groups(client_for, provider_a_user, seeded):
    from groups.models import Category, WorkingGroup

    category = Category.objects.first()
    for n in range(60):
        WorkingGroup.objects.create(
            slug=f"grown-{n:02d}",
            name_en=f"Grown group {n:02d}",
            name_fr=f"Groupe élargi {n:02d}",
            category=category,
        )
    client = client_for(provider_a_user)  # every signed-in user may read, so search, the groups
    for url in ("/en/events/", "/en/events/reports/"):
        page = client.get(url).content.decode()
        assert "Grown group" not in page and 'data-lookup="/en/lookup/groups/"' in page, url
    found = lookup(client, "groups", "élargi 07").json()["results"]
    assert [row["text"] for row in found] == ["Grown group 07"]
    french = client.get("/fr/lookup/groups/", {"q": "grown 07"}).json()["results"]
    assert [row["text"] for row in french] == ["Groupe élargi 07"]
    group = WorkingGroup.objects.get(slug="grown-07")
    chosen = client.get("/en/events/", {"group": group.pk}).content.decode()
    assert f'<option value="{group.pk}" selected>Grown group 07</option>' in chosen
