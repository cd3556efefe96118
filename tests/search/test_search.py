"""The header search: both languages, accents ignored, scoped to the user, the match highlighted."""

import html

import pytest
from django.urls import reverse

from search.folding import fold
from search.highlight import excerpt, highlight
from search.selectors import search, search_words

pytestmark = pytest.mark.django_db


def _plain(marked) -> str:
    return html.unescape(str(marked)).replace("<mark>", "").replace("</mark>", "")


def _hits(results) -> dict[str, list[str]]:
    return {group.key: [_plain(h.title) for h in group.hits] for group in results}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_find_the_language_evaluation_without_accents(client_for, staff_user, seeded, language):
    response = client_for(staff_user).get(f"/{language}/search/", {"q": "evaluation linguistique"})
    assert response.status_code == 200
    body = response.content.decode()
    # The page's language shows the evaluation in French or English; the French subject matched.
    assert "<mark>" in body
    titles = _hits(response.context["results"]).get("evaluations", [])
    assert ("Évaluation linguistique" in titles) if language == "fr" else ("Language assessment" in titles), (
        titles
    )


def test_accents_and_case_are_ignored_both_ways(staff_user, seeded):
    assert "evaluations" in _hits(search(user=staff_user, query="ÉVALUATION"))
    assert _hits(search(user=staff_user, query="Evaluation Linguistique")) == _hits(
        search(user=staff_user, query="évaluation linguistique")
    )


def test_results_are_grouped_by_kind(staff_user, seeded):
    results = search(user=staff_user, query="case management")
    keys = [group.key for group in results]
    assert "groups" in keys
    assert keys == sorted(keys, key=["groups", "committees", "events", "evaluations", "reports", "providers",
                                     "workplan-items", "communities"].index)  # fmt: skip


def test_nothing_for_an_empty_or_symbol_only_query(client_for, staff_user, seeded):
    assert search(user=staff_user, query="  ") == []
    assert search(user=staff_user, query="&|!:*'()") == []
    response = client_for(staff_user).get("/en/search/", {"q": "%_"})
    assert response.status_code == 200 and response.context["results"] == []


def test_a_providers_search_never_returns_another_providers_records(
    client_for, provider_a, provider_b, provider_a_user, provider_b_user, staff_user, seeded
):
    from tests.trust.world import build_world

    world = build_world(
        provider_a=provider_a,
        provider_b=provider_b,
        provider_a_user=provider_a_user,
        provider_b_user=provider_b_user,
        staff_user=staff_user,
        admin_user=staff_user,
    )
    # Provider A's name, A's committee (A's user chairs it), its work plan's item, the private draft.
    for query, kind in (
        ("Provider A Settlement", "providers"),
        (world.workplanitem.title, "workplan-items"),
        (world.reportfile.title, "reports"),
        (world.committee.name_en, "committees"),
    ):
        staff_hits = _hits(search(user=staff_user, query=query))
        assert staff_hits.get(kind), (query, kind)  # the record exists and matches: the check can fail
        b_hits = _hits(search(user=provider_b_user, query=query))
        assert not b_hits.get(kind), (query, kind, b_hits)
        page = client_for(provider_b_user).get("/en/search/", {"q": query}).content.decode()
        assert "Provider A Settlement Society" not in html.unescape(page)
    # A finds its own organisation, never B's.
    assert _hits(search(user=provider_a_user, query="Provider"))["providers"] == [
        "Provider A Settlement Society"
    ]
    assert _hits(search(user=provider_a_user, query=world.reportfile.title)).get("reports") is None


def test_the_match_is_highlighted_and_everything_else_escaped():
    assert str(highlight("Évaluation <b>linguistique</b>", ["evaluation"])) == (
        "<mark>Évaluation</mark> &lt;b&gt;linguistique&lt;/b&gt;"
    )
    assert str(highlight("<script>alert(1)</script>", ["script"])) == (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"
    )
    assert str(highlight("Œuvre", ["oeuvre"])) == "<mark>Œuvre</mark>"
    long = "x " * 200 + "the Northern Summit " + "y " * 200
    snippet = str(excerpt(long, ["northern"]))
    assert "<mark>Northern</mark>" in snippet and len(snippet) < 260


def test_a_hostile_title_is_shown_escaped_on_the_page(client_for, staff_user, seeded):
    from groups.models import CommunityOfPractice

    CommunityOfPractice.objects.create(
        slug="xss", name_en='<img src=x onerror="alert(1)"> Zanzibar', name_fr="Zanzibar"
    )
    body = client_for(staff_user).get("/en/search/", {"q": "zanzibar"}).content.decode()
    assert "&lt;img src=x" in body and "<img src=x" not in body
    assert "<mark>Zanzibar</mark>" in body


def test_words_are_folded_letters_and_digits_only():
    assert search_words("Évaluation, LINGUISTIQUE! 2018 a_b") == [
        "evaluation",
        "linguistique",
        "2018",
        "a",
        "b",
    ]
    assert fold("Œuvre Ç") == "oeuvre c"


def test_the_header_has_the_search_box_on_every_page(client_for, provider_a_user, seeded):
    body = client_for(provider_a_user).get(reverse("groups:group-list")).content.decode()
    assert 'role="search"' in body and 'action="/en/search/"' in body
    assert '<label class="visually-hidden" for="portal-search-q">' in body


def test_search_needs_a_sign_in(client):
    response = client.get("/en/search/", {"q": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
