"""The programme's statements as seed data and the programme page with its measures (issue 20)."""

import datetime

import pytest
from django.utils import timezone

from results import measures
from results.models import Measure, ProgrammeStatement, StatementKind
from results.seed import STATEMENTS

pytestmark = pytest.mark.django_db


def test_the_seed_has_9_reasons_5_challenges_6_opportunities_and_5_stated_findings(seeded):
    counts = {kind: ProgrammeStatement.objects.filter(kind=kind).count() for kind in StatementKind.values}
    assert counts[StatementKind.REASON] == 9
    assert counts[StatementKind.CHALLENGE] == 5
    assert counts[StatementKind.OPPORTUNITY] == 6
    assert counts[StatementKind.FINDING] == 5
    assert counts[StatementKind.COLLABORATION] == 2
    assert counts[StatementKind.NATIONAL] == 3
    assert set(
        ProgrammeStatement.objects.filter(kind=StatementKind.NATIONAL).values_list("group__slug", flat=True)
    ) == {"lgbtq", "lip", "small-centres"}
    assert all(s.text_en and s.text_fr for s in ProgrammeStatement.objects.all())


def test_a_second_seed_run_changes_nothing(seeded):
    from results.seed import load_seed

    before = list(ProgrammeStatement.objects.order_by("slug").values())
    load_seed()
    assert list(ProgrammeStatement.objects.order_by("slug").values()) == before
    assert len(before) == len(STATEMENTS)


def test_challenges_are_tied_to_their_measures(seeded):
    by_slug = dict(ProgrammeStatement.objects.values_list("slug", "measure"))
    assert by_slug["challenge-resources-equity"] == Measure.EQUITY
    assert by_slug["challenge-participation"] == Measure.PARTICIPATION
    assert by_slug["challenge-access-to-reports"] == Measure.REPORTS
    assert by_slug["challenge-results"] == Measure.RESULTS
    assert by_slug["challenge-calendar-planning"] == Measure.PLANNING


def test_equity_measure_reads_each_years_aggregation(seeded):
    from surveys.models import AggregationResult, SurveyCycle

    for year, gini, urban, small in ((2017, "0.41", "120.00", "80.00"), (2018, "0.30", "110.00", "105.50")):
        cycle, _ = SurveyCycle.objects.get_or_create(
            fiscal_year=year,
            defaults={"opens_on": datetime.date(year, 4, 1), "closes_on": datetime.date(year, 6, 30)},
        )
        AggregationResult.objects.update_or_create(
            cycle=cycle,
            defaults={
                "computed_at": timezone.now(),
                "data": {"gini": gini, "medians": {"centre_type": {"urban": urban}, "small_north": small}},
            },
        )
    result = measures.equity()
    assert [row[0] for row in result.rows][-2:] == ["2017-18", "2018-19"]
    assert result.rows[-2][1:] == ["0.41", "120.00", "80.00", "-40.00"]
    assert result.rows[-1][4] == "-4.50"
    assert result.chart.series[0][1][-2:] == [0.41, 0.30]
    assert [row[0] for row in measures.equity(fiscal_year=2017).rows][-1] == "2017-18"


def test_reports_measure_counts_final_files_against_awaited(seeded):
    from learning_events.models import Evaluation, ReportFile

    result = measures.reports()
    assert "0 final report file(s) in the library, 4 awaited." == result.note
    ReportFile.objects.create(
        evaluation=Evaluation.objects.get(slug="youth-summer-programs-saskatoon"), kind="final", title_en="F",
        file="f.pdf", original_name="f.pdf", content_type="application/pdf", size=1,
    )  # fmt: skip
    assert measures.reports().note == "1 final report file(s) in the library, 3 awaited."


def test_participation_counts_registrations_by_jurisdiction_and_centre_type(
    seeded, provider_a, provider_a_user
):
    from learning_events.models import LearningEvent, Registration
    from pd_budget.models import Site

    Site.objects.create(
        provider=provider_a, name="Head office", city="Brandon", jurisdiction_id="MB", centre_type="small",
        is_head_office=True,
    )  # fmt: skip
    event = LearningEvent.objects.filter(starts_on__year=2018, starts_on__month__gte=4).first()
    Registration.objects.create(event=event, user=provider_a_user, provider=provider_a, role="practitioner",
                                jurisdiction_id="MB")  # fmt: skip
    Registration.objects.create(event=event, role="other", jurisdiction_id="AB")
    result = measures.participation(fiscal_year=2018)
    rows = {row[0]: row for row in result.rows}
    small_column = result.header.index("Small centre")
    assert rows["Manitoba"][small_column] == "1"
    assert rows["Alberta"][result.header.index("No provider")] == "1"
    assert measures.participation(fiscal_year=2016).rows == []


def test_planning_measure_is_a_hook_another_app_fills(seeded):
    assert "Not measured yet" in measures.measure("planning").note
    measures.register_measure(
        "planning", lambda fiscal_year=None: measures.MeasureResult("Unmet", ["a"], [["1"]])
    )
    try:
        assert measures.measure("planning").rows == [["1"]]
    finally:
        measures._REGISTERED.pop("planning")


def test_programme_page_in_both_languages(seeded, client, provider_a_user):
    client.force_login(provider_a_user)
    en = client.get("/en/results/programme/").content.decode()
    assert "Winter is coming!" in en and "Access to reports" in en
    assert "Report files available and awaited" in en
    assert "Not measured yet" in en
    fr = client.get("/fr/results/programme/").content.decode()
    assert "L&#x27;hiver approche!" in fr or "L'hiver approche!" in fr
    assert "Accès aux rapports" in fr
    assert "Fichiers de rapport disponibles et attendus" in fr


def test_group_page_shows_its_national_scale_activities(seeded, client, provider_a_user):
    client.force_login(provider_a_user)
    page = client.get("/en/groups/lip/").content.decode()
    assert "National-scale activities" in page
    assert "The LIP working group has run national-scale activities." in page
    assert "National-scale activities" not in client.get("/en/groups/case-management/").content.decode()
