"""aggregate_survey against the hand-computed fixture, idempotency and the job's bookkeeping."""

from decimal import Decimal

import pytest

from portal.permissions import SYSTEM
from surveys import services
from surveys.models import AggregationResult, AggregationRun, RunStatus
from surveys.queries import provider_rows
from tests.factories import ProviderFactory
from tests.surveys.factories import (
    EXPECTED_JSON,
    EXPECTED_MEDIANS,
    SurveyCycleFactory,
    site,
    submitted_template,
)

pytestmark = pytest.mark.django_db


def test_figures_match_the_hand_computed_fixture(hand_computed):
    data = services.aggregate_survey(hand_computed)
    assert services.command_json(data) == EXPECTED_JSON
    assert data["medians"] == EXPECTED_MEDIANS
    assert data["gini"] == "0.3660"
    assert data["templates"] == 7


def test_centre_type_is_that_of_most_ftes(hand_computed):
    rows = {p["name"]: p for p in services.aggregate_survey(hand_computed)["providers"]}
    assert rows["Bravo"]["centre_type"] == "urban"
    assert rows["Bravo"]["fte"] == "3.00"
    assert rows["Golf"]["centre_type"] == "north"
    assert rows["Foxtrot"]["centre_type"] == "north"  # no FTE: its head office's type
    assert rows["Foxtrot"]["per_fte"] is None
    assert "Hotel" not in rows  # a draft


@pytest.mark.parametrize(
    ("sites", "centre_type", "fte"),
    [
        # (centre type, (language, settlement) FTEs or None, head office, fiscal year)
        ([("urban", ("1", "1"), False, 2018), ("small", ("1", "1"), False, 2018)], "small", "4"),
        ([("north", ("0", "0"), False, 2018), ("urban", None, True, 2018)], "urban", "0"),
        ([("small", None, False, 2018), ("north", None, False, 2018)], "small", None),
        ([("urban", ("1", "0"), False, 2018), ("north", ("5", "5"), False, 2017)], "urban", "1"),
        ([], "", None),
    ],
    ids=[
        "a tie goes to small before urban",
        "FTEs of zero: the head office's",
        "the first site's",
        "another year's FTEs do not count",
        "no site",
    ],
)
def test_a_providers_centre_type_and_ftes(db, sites, centre_type, fte):
    cycle = SurveyCycleFactory(fiscal_year=2018)
    provider = ProviderFactory()
    for kind, ftes, head_office, year in sites:
        site(provider, kind, ftes, head_office=head_office, year=year)
    submitted_template(provider, cycle)
    (row,) = provider_rows(cycle)
    assert row["centre_type"] == centre_type
    if fte is None:
        assert row["fte"] is None
    else:
        assert row["fte"] == Decimal(fte)


def test_providers_are_sorted_by_per_fte_then_name_without_per_fte_last(db):
    cycle = SurveyCycleFactory(fiscal_year=2018)
    for name, funding, ftes in [
        ("Zulu", "1000", ("1", "1")),  # 500
        ("Yankee", "500", ("0.5", "0.5")),  # 500: before Zulu by name
        ("Xray", "200", ("2", "0")),  # 100
        ("Whiskey", None, ("1", "1")),  # no funding
        ("Victor", "100", None),  # no FTE row
        ("Uniform", "300", ("0", "0")),  # no FTEs
    ]:
        provider = ProviderFactory(name=name)
        site(provider, "urban", ftes)
        submitted_template(provider, cycle, current_pd_funding=Decimal(funding) if funding else None)
    names = [row["provider__name"] for row in provider_rows(cycle)]
    assert names == ["Xray", "Yankee", "Zulu", "Uniform", "Victor", "Whiskey"]
    assert [row["name"] for row in services.aggregate_survey(cycle)["providers"]] == names


def test_the_theme_counts_are_integers(hand_computed):
    """Not numeric Decimals (PostgreSQL's sum of integers): they go to the JSON as numbers."""
    data = services.aggregate_survey(hand_computed)
    rows = data["themes"] + data["themes_by_jurisdiction"] + data["themes_by_centre_type"]
    counts = {type(row[name]) for row in rows for name in ("providers", "people", "unknown_costs", "needs")}
    assert counts == {int}


def test_common_requests_by_theme_jurisdiction_and_centre_type(hand_computed):
    data = services.aggregate_survey(hand_computed)
    themes = {t["key"]: t for t in data["themes"]}
    case = themes["case-management"]
    assert (case["providers"], case["people"], case["known_cost"], case["unknown_costs"]) == (
        3,
        12,
        "3500.50",
        1,
    )
    assert case["regional"] is True
    health = themes["mental-health"]
    assert (health["providers"], health["people"], health["known_cost"]) == (2, 5, "500.00")
    assert health["regional"] is False
    trauma = themes["text:trauma-informed practice"]
    assert (trauma["providers"], trauma["people"], trauma["known_cost"], trauma["jurisdictions"]) == (
        3,
        9,
        "800.00",
        3,
    )
    by_jur = {(r["key"], r["jurisdiction"]): r for r in data["themes_by_jurisdiction"]}
    assert by_jur[("case-management", "SK")]["known_cost"] is None  # its only need has no cost: unknown
    assert by_jur[("case-management", "SK")]["unknown_costs"] == 1
    assert by_jur[("mental-health", "AB")]["providers"] == 2
    by_type = {(r["key"], r["centre_type"]): r["providers"] for r in data["themes_by_centre_type"]}
    assert by_type == {
        ("case-management", "small"): 1,
        ("case-management", "urban"): 2,
        ("mental-health", "urban"): 2,
        ("text:trauma-informed practice", "north"): 2,
        ("text:trauma-informed practice", "urban"): 1,
    }


def test_the_figures_take_a_fixed_number_of_queries(hand_computed, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        services.aggregate_survey(hand_computed)


def test_running_twice_stores_one_result(hand_computed, on_commit):
    with on_commit():
        first = services.start_aggregation(hand_computed, user=SYSTEM)
    first.refresh_from_db()
    assert first.status == RunStatus.DONE, first.error
    with on_commit():
        second = services.start_aggregation(hand_computed, user=SYSTEM)
    second.refresh_from_db()
    assert second.status == RunStatus.DONE
    assert second.pk != first.pk
    assert AggregationResult.objects.filter(cycle=hand_computed).count() == 1
    result = AggregationResult.objects.get(cycle=hand_computed)
    assert result.run_id == second.pk
    assert services.command_json(result.data) == EXPECTED_JSON
    # Running the same job again (a duplicate message) changes nothing.
    assert services.run_aggregation(second.pk) == "skipped"
    assert AggregationResult.objects.count() == 1


def test_run_records_start_end_and_attempts(hand_computed, staff_user, on_commit):
    with on_commit():
        run = services.start_aggregation(hand_computed, user=staff_user)
    run.refresh_from_db()
    assert run.started_at and run.finished_at and run.started_at <= run.finished_at
    assert (run.attempts, run.progress, run.requested_by) == (1, 100, staff_user)


def test_a_failure_is_recorded(hand_computed, monkeypatch, on_commit):
    from surveys.services.aggregation import queries

    def boom(*args, **kwargs):
        raise ValueError("bad data")

    monkeypatch.setattr(queries, "theme_rows", boom)
    with on_commit():
        services.start_aggregation(hand_computed, user=SYSTEM)
    run = AggregationRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "bad data" in run.error
    assert not AggregationResult.objects.exists()


def test_a_lost_connection_puts_the_run_back_for_a_retry(hand_computed, monkeypatch):
    from django.db import OperationalError

    from surveys.services.aggregation import queries

    calls = {"n": 0}
    real = queries.theme_rows

    def flaky(cycle, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(cycle, **kwargs)

    monkeypatch.setattr(queries, "theme_rows", flaky)
    run = AggregationRun.objects.create(cycle=hand_computed)
    with pytest.raises(OperationalError):
        services.run_aggregation(run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.QUEUED, 1)
    assert "connection" in run.error
    assert services.run_aggregation(run.pk) == "done"  # what the task's retry does
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.attempts == 2
    assert services.command_json(AggregationResult.objects.get().data) == EXPECTED_JSON


def test_the_sweep_requeues_a_run_whose_worker_went_silent(hand_computed, on_commit):
    from datetime import timedelta

    from django.utils import timezone

    run = AggregationRun.objects.create(
        cycle=hand_computed,
        status=RunStatus.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    fresh = AggregationRun.objects.create(
        cycle=hand_computed, status=RunStatus.RUNNING, heartbeat_at=timezone.now()
    )
    with on_commit():
        assert services.sweep_stale_runs() == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.attempts == 2
    fresh.refresh_from_db()
    assert fresh.status == RunStatus.RUNNING  # still alive: left alone
    assert services.command_json(AggregationResult.objects.get().data) == EXPECTED_JSON


def test_the_sweep_gives_up_after_too_many_attempts(hand_computed, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.PD_SURVEY_MAX_ATTEMPTS = 2
    run = AggregationRun.objects.create(
        cycle=hand_computed,
        status=RunStatus.RUNNING,
        attempts=2,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert services.sweep_stale_runs() == []
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


def test_thresholds_are_settings(hand_computed, settings):
    from decimal import Decimal

    settings.PD_EQUITY_UNDER_FACTOR = Decimal("0.7")  # 525: Charlie 450 and Bravo 500 too
    settings.PD_EQUITY_OVER_FACTOR = Decimal("3")  # 2250: nobody
    flags = services.aggregate_survey(hand_computed)["flags"]
    assert {(f["provider"], f["kind"]) for f in flags if f["kind"].endswith("funded")} == {
        ("Echo", "under-funded"),
        ("Charlie", "under-funded"),
        ("Bravo", "under-funded"),
    }


def test_an_empty_cycle_aggregates_to_nothing(db):
    from tests.surveys.factories import SurveyCycleFactory

    data = services.aggregate_survey(SurveyCycleFactory(fiscal_year=2020))
    assert services.command_json(data) == {
        "fiscal_year": 2020,
        "gini": None,
        "per_fte": {},
        "flags": [],
        "regional_themes": [],
    }


def test_the_task_retries_lost_connections_and_acknowledges_late():
    from django.db import OperationalError

    from surveys.tasks import run_aggregation

    assert OperationalError in run_aggregation.autoretry_for
    assert run_aggregation.acks_late is True
