"""Text people write for others, stored as `<field>_en` / `<field>_fr` (issue 17): the API gives both
columns and the one in the language asked for (Accept-Language), the other when only it exists."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(world):
    """The world's records, each renamed field written in English and French, or in French only."""
    written = {
        "workplanitem": {
            "title": ("Intake forms", "Formulaires d'accueil"),
            "notes": ("", "Seulement en français"),
        },
        "workplan": {"summary": ("The plan", "Le plan")},
        "chair_seat": {
            "person_name": ("Chair of provider A", "Présidence du fournisseur A"),
            "organisation_name": ("", "Réseau local"),
        },
        "meeting": {"decisions": ("Agreed", "Convenu")},
        "evaluation": {"evaluator_organisation": ("", "Évaluateurs inc.")},
        "reportfile": {"title": ("Private draft", "Ébauche privée")},
        "pdrequest": {"reason": ("Within the cap", "Sous le plafond")},
    }
    for name, fields in written.items():
        record = getattr(world, name)
        for field, (english, french) in fields.items():
            setattr(record, f"{field}_en", english)
            setattr(record, f"{field}_fr", french)
        record.save()
    return world


def _row(response, pk):
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if "results" in body else [body]
    return next(row for row in rows if row["id"] == pk)


def _get(api_for, name, language, **kwargs):
    return api_for("staff").get(reverse(f"api:{name}", kwargs=kwargs or None), HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_groups_records_give_both_languages_and_the_one_asked_for(api_for, bilingual, language):
    w = bilingual
    fr = language == "fr"
    plan = _row(_get(api_for, "workplan-detail", language, pk=w.workplan.pk), w.workplan.pk)
    assert (plan["summary_en"], plan["summary_fr"]) == ("The plan", "Le plan")
    assert plan["summary"] == ("Le plan" if fr else "The plan")
    item = next(i for i in plan["items"] if i["id"] == w.workplanitem.pk)
    assert (item["title_en"], item["title_fr"]) == ("Intake forms", "Formulaires d'accueil")
    assert item["title"] == ("Formulaires d'accueil" if fr else "Intake forms")
    # Written in French only: both languages read the French.
    assert (item["notes_en"], item["notes_fr"], item["notes"]) == (
        "",
        "Seulement en français",
        "Seulement en français",
    )

    seats = _get(api_for, "committeemember-list", language)
    seat = _row(seats, w.chair_seat.pk)
    assert (seat["person_name_en"], seat["person_name_fr"]) == (
        "Chair of provider A",
        "Présidence du fournisseur A",
    )
    assert seat["person_name"] == ("Présidence du fournisseur A" if fr else "Chair of provider A")
    assert (seat["organisation_name_en"], seat["organisation_name_fr"]) == ("", "Réseau local")
    assert seat["organisation_name"] == "Réseau local"

    meeting = _row(_get(api_for, "meeting-detail", language, pk=w.meeting.pk), w.meeting.pk)
    assert (meeting["decisions_en"], meeting["decisions_fr"]) == ("Agreed", "Convenu")
    assert meeting["decisions"] == ("Convenu" if fr else "Agreed")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_evaluations_reports_and_pd_requests_give_both_languages(api_for, bilingual, language):
    w = bilingual
    fr = language == "fr"
    evaluation = _row(_get(api_for, "evaluation-detail", language, slug=w.evaluation.slug), w.evaluation.pk)
    assert (evaluation["evaluator_organisation_en"], evaluation["evaluator_organisation_fr"]) == (
        "",
        "Évaluateurs inc.",
    )
    assert evaluation["evaluator_organisation"] == "Évaluateurs inc."
    report = _row(_get(api_for, "reportfile-detail", language, pk=w.reportfile.pk), w.reportfile.pk)
    assert (report["title_en"], report["title_fr"]) == ("Private draft", "Ébauche privée")
    assert report["title"] == ("Ébauche privée" if fr else "Private draft")
    pd_request = _row(_get(api_for, "pdrequest-detail", language, pk=w.pdrequest.pk), w.pdrequest.pk)
    assert (pd_request["reason_en"], pd_request["reason_fr"]) == ("Within the cap", "Sous le plafond")
    assert pd_request["reason"] == ("Sous le plafond" if fr else "Within the cap")


def test_committee_members_are_listed_in_name_order(api_for, bilingual):
    """The list is ordered on the new columns (English name, then French), seat by seat."""
    from groups.models import CommitteeMember

    w = bilingual
    committee = w.chair_seat.committee
    ours = {w.chair_seat.pk}
    for names in ({"person_name_en": "Aaron"}, {"person_name_fr": "Zoé seulement"}):
        ours.add(CommitteeMember.objects.create(committee=committee, role=w.chair_seat.role, **names).pk)
    response = api_for("staff").get(
        reverse("api:committeemember-list"), data={"committee": committee.pk, "page_size": 200}
    )
    assert response.status_code == 200, response.content
    names = [
        (row["person_name_en"], row["person_name_fr"])
        for row in response.json()["results"]
        if row["id"] in ours
    ]
    assert names == [
        ("", "Zoé seulement"),
        ("Aaron", ""),
        ("Chair of provider A", "Présidence du fournisseur A"),
    ]
