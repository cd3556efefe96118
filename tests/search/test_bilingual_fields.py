"""The search reads both columns of the fields issue 17 made bilingual: a work-plan item's title and
notes, a report file's title, an evaluation's evaluator organisation, whichever language matches."""

import html

import pytest
from django.utils import translation

from search.selectors import search

pytestmark = pytest.mark.django_db


def _plain(marked) -> str:
    return html.unescape(str(marked)).replace("<mark>", "").replace("</mark>", "")


def _hits(user, query, kind):
    for group in search(user=user, query=query):
        if group.key == kind:
            return group.hits
    return []


@pytest.fixture
def records(staff_user, seeded):
    from groups.models import WorkingGroup, WorkPlan, WorkPlanItem
    from learning_events.models import Evaluation, ReportFile

    group = WorkingGroup.objects.first()
    plan = WorkPlan.objects.filter(group=group).first() or WorkPlan.objects.create(
        group=group, fiscal_year=2018, summary_en="Plan"
    )
    item = WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Quarterly intake review",
        title_fr="Revue trimestrielle de l'accueil",
        notes_fr="Préparer les données régionales",
    )
    evaluation = Evaluation.objects.create(
        slug="bilingual-evaluation",
        subject_en="Outcome study",
        subject_fr="Étude des résultats",
        evaluator_organisation_en="Tundra Consultants",
        evaluator_organisation_fr="Cabinet Boréal",
        status="final_received",
    )
    report = ReportFile.objects.create(
        evaluation=evaluation,
        kind="final",
        title_en="Caribou outcome report",
        title_fr="Rapport définitif sur l'orignal",
        original_name="final.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=staff_user,
    )
    return item, evaluation, report


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_language_column_of_a_work_plan_item_is_searched(staff_user, records, language):
    item, _evaluation, _report = records
    with translation.override(language):
        english = _hits(staff_user, "quarterly intake", "workplan-items")
        french = _hits(staff_user, "revue trimestrielle accueil", "workplan-items")
        notes = _hits(staff_user, "donnees regionales", "workplan-items")
    shown = item.title_en if language == "en" else item.title_fr  # the page's language first
    assert [_plain(h.title) for h in english] == [shown]
    assert [_plain(h.title) for h in french] == [shown]
    if language == "en":
        # The English title is shown; the French one, where the words matched, beside it.
        assert _plain(french[0].title) == item.title_en and _plain(french[0].other_title) == item.title_fr
    assert len(notes) == 1 and "données régionales" in _plain(notes[0].summary)


def test_a_report_files_titles_and_an_evaluators_organisation_in_both_languages(staff_user, records):
    _item, evaluation, report = records
    with translation.override("en"):
        assert [_plain(h.title) for h in _hits(staff_user, "orignal definitif", "reports")] == [
            report.title_en
        ]
        assert [_plain(h.title) for h in _hits(staff_user, "caribou", "reports")] == [report.title_en]
        for query in ("tundra consultants", "cabinet boreal"):
            titles = [_plain(h.title) for h in _hits(staff_user, query, "evaluations")]
            assert titles == [evaluation.subject_en], query
    with translation.override("fr"):
        assert [_plain(h.title) for h in _hits(staff_user, "caribou", "reports")] == [report.title_fr]


@pytest.mark.parametrize(("page", "written"), [("en", "fr"), ("fr", "en")])
def test_a_record_written_in_one_language_is_marked_as_that_language(
    client_for, staff_user, records, page, written
):
    """A work-plan item with a title and notes in only one language shows them on the other
    language's page inside `lang`, so a screen reader reads them in the right voice."""
    item, _evaluation, _report = records
    item.title_en, item.title_fr = ("", "Bilan zyxwv") if written == "fr" else ("Review zyxwv", "")
    item.notes_en, item.notes_fr = ("", "Préparer zyxwv") if written == "fr" else ("Prepare zyxwv", "")
    item.save()
    body = client_for(staff_user).get(f"/{page}/search/", {"q": "zyxwv"}).content.decode()
    title = "Bilan" if written == "fr" else "Review"
    notes = "Préparer" if written == "fr" else "Prepare"
    assert f'lang="{written}">{title} <mark>zyxwv</mark></a>' in html.unescape(body), body
    assert f'lang="{written}">{notes} <mark>zyxwv</mark></span>' in html.unescape(body), body
