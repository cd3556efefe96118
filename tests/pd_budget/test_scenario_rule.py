"""The PD policy what-if, pure: hand-computed cases of the mixed-sites rules, the totals, the
groupings, the overruns and the equity effect (no database)."""

from decimal import Decimal

import pytest

from pd_budget.allocation_rule import Rates, allocate, conference_amount
from pd_budget.scenario_rule import ProviderInput, SurveyFunding, equity_of, simulate
from surveys import equity

D = Decimal
RATES = Rates(
    conference={"urban": D("2700"), "small": D("3000"), "north": D("3000")},
    language_per_fte=D("150"),
    settlement_per_fte=D("300"),
)
# Three urban sites with one language FTE each and a small centre with one settlement FTE (the
# seed's blend example: 2,775 $), head office urban.
BLEND_FTES = {"urban": (D("3"), D("0")), "small": (D("0"), D("1"))}


@pytest.mark.parametrize(
    ("rule", "overrides", "expected"),
    [
        ("blend", {}, "2775.00"),  # (3 x 2700 + 1 x 3000) / 4
        ("head_office", {}, "2700.00"),  # the urban head office
        ("any_small", {}, "3000.00"),  # one FTE in a small centre is enough
        ("blend", {"conference_small": D("3500")}, "2900.00"),  # (3 x 2700 + 3500) / 4
        ("any_small", {"conference_small": D("3500")}, "3500.00"),
        ("head_office", {"conference_urban": D("2000")}, "2000.00"),
    ],
)
def test_mixed_sites_rules_hand_computed(rule, overrides, expected):
    rates = RATES.changed(overrides, mixed_sites=rule)
    result = allocate(rates, ftes=BLEND_FTES, head_office_type="urban")
    assert result.conference == D(expected)
    assert result.language == D("450.00") and result.settlement == D("300.00")


def test_any_small_takes_the_larger_of_the_small_and_north_amounts_where_ftes_work():
    rates = RATES.changed({"conference_north": D("3200")}, mixed_sites="any_small")
    ftes = {"urban": (D("5"), D("0")), "small": (D("1"), D("0")), "north": (D("0"), D("0.5"))}
    assert conference_amount(rates, ftes=ftes, head_office_type="urban") == D("3200")
    # FTEs only in urban sites: the urban amount, even with a small-centre site that has none.
    ftes = {"urban": (D("2"), D("0")), "small": (D("0"), D("0"))}
    assert conference_amount(rates, ftes=ftes, head_office_type="small") == D("2700")


@pytest.mark.parametrize("rule", ["blend", "head_office", "any_small"])
def test_without_ftes_every_rule_takes_the_head_office_type(rule):
    rates = RATES.changed({}, mixed_sites=rule)
    assert allocate(rates, ftes={}, head_office_type="north").total == D("3000.00")
    assert allocate(rates, ftes={}, head_office_type=None).total == D("0.00")


def test_unknown_rate_key_is_refused():
    with pytest.raises(KeyError):
        RATES.changed({"conference_mars": D("1")})


def _provider(pk, name, jurisdiction, ftes, head="urban", booked=None):
    return ProviderInput(pk, name, jurisdiction, ftes, head, booked or {})


PROVIDERS = [
    _provider(1, "Urban AB", "AB", {"urban": (D("2"), D("1"))}),  # 2700 + 300 + 300 = 3300
    _provider(2, "Blend MB", "MB", BLEND_FTES),  # 2775 + 450 + 300 = 3525
    _provider(
        3, "North NU", "NU", {"north": (D("0"), D("1"))}, head="north", booked={"conference": D("3000")}
    ),
]


def test_totals_deltas_groups_and_overruns_hand_computed():
    scenario = RATES.changed({"conference_north": D("2500"), "settlement_per_fte": D("400")})
    result = simulate(
        PROVIDERS, baseline=RATES, scenario=scenario, jurisdiction_order=["AB", "SK", "MB", "NT", "NU"]
    )
    # Baseline: 3300 + 3525 + 3300 (3000 + 300); scenario: 3400 + 3625 + 2900 (2500 + 400).
    assert result.baseline_total == D("10125.00")
    assert result.scenario_total == D("9925.00")
    assert result.delta == D("-200.00")
    assert [o.delta for o in result.outcomes] == [D("100.00"), D("100.00"), D("-400.00")]
    assert (result.gainers, result.losers) == (2, 1)
    assert [(g.key, g.providers, g.baseline, g.scenario) for g in result.by_jurisdiction] == [
        ("AB", 1, D("3300.00"), D("3400.00")),
        ("MB", 1, D("3525.00"), D("3625.00")),
        ("NU", 1, D("3300.00"), D("2900.00")),
    ]
    # The blend provider's main type is urban (3 of its 4 FTEs).
    assert [(g.key, g.providers, g.delta) for g in result.by_centre_type] == [
        ("urban", 2, D("200.00")),
        ("north", 1, D("-400.00")),
    ]
    # North NU booked 3,000 $ of conferences: the scenario's 2,500 $ would not cover it.
    [overrun] = [o for o in result.overrun_outcomes]
    assert overrun.provider.name == "North NU"
    assert [(r.category, r.booked, r.allocated, r.excess) for r in overrun.overruns] == [
        ("conference", D("3000"), D("2500.00"), D("500.00"))
    ]
    data = result.as_json()
    assert (
        data["baseline_total"] == "10125.00"
        and data["scenario_total"] == "9925.00"
        and data["delta"] == "-200.00"
    )
    assert data["providers"][2] | {"overruns": []} == {
        "provider": "North NU",
        "jurisdiction": "NU",
        "centre_type": "north",
        "baseline": "3300.00",
        "scenario": "2900.00",
        "delta": "-400.00",
        "overruns": [],
    }


def test_equity_before_and_after_hand_computed():
    # Urban AB reports 1,000 $ for 2 FTEs; North NU 0 $ for 1 FTE. Baseline allocations 3,300 $ each.
    survey = [SurveyFunding(1, D("1000"), D("2"), "urban"), SurveyFunding(3, D("0"), D("1"), "north")]
    before = equity_of(
        survey,
        {
            1: allocate(RATES, ftes=PROVIDERS[0].ftes, head_office_type="urban"),
            3: allocate(RATES, ftes=PROVIDERS[2].ftes, head_office_type="north"),
        },
    )
    # Per FTE: (1000 + 3300) / 2 = 2150 and 3300 / 1 = 3300.
    assert before.urban_median == D("2150") and before.small_north_median == D("3300")
    # Gini of [2150, 3300]: (3300 - 2150) / (2 x 5450) = 0.10550...
    assert equity.ratio(before.gini) == D("0.1055")
    # FTE-weighted: 2150 twice, 3300 once: sum |xi-xj| w w = 2 x 2 x 1150 = 4600;
    # / (2 W^2 mean) = 2 x 9 x (7600 / 3) = 45600 -> 0.10088
    assert equity.ratio(before.gini_fte) == D("0.1009")
    assert equity.ratio(before.gap) == D("0.5349")  # (3300 - 2150) / 2150
    assert before.providers == 2 and before.fte == D("3")


def test_survey_rows_without_ftes_are_left_out_and_no_survey_gives_no_equity():
    assert equity_of([SurveyFunding(1, D("100"), D("0"), "urban")], {}) is None
    result = simulate(PROVIDERS, baseline=RATES, scenario=RATES)
    assert result.equity_before is None and result.equity_after is None and result.delta == 0


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(D("1"), D("1")), (D("1"), D("5"))], D("0")),
        ([(D("0"), D("1")), (D("10"), D("1"))], D("0.5")),  # unweighted Gini of [0, 10]
        ([(D("0"), D("3")), (D("10"), D("1"))], D("0.75")),  # 0 three times, 10 once: Gini of [0,0,0,10]
        ([(D("5"), D("0"))], None),
    ],
)
def test_weighted_gini_hand_computed(pairs, expected):
    assert equity.weighted_gini(pairs) == expected


def test_weighted_gini_with_unit_weights_is_the_gini():
    values = [D(v) for v in ("120", "480", "1050", "75.5", "0", "999")]
    assert equity.weighted_gini([(v, D(1)) for v in values]) == equity.gini(values)


def test_scenario_headlines_in_both_languages():
    from django.utils import translation

    from pd_budget.scenario_findings import headlines

    scenario = RATES.changed({"conference_north": D("2500"), "settlement_per_fte": D("400")})
    result = simulate(PROVIDERS, baseline=RATES, scenario=scenario)
    with translation.override("en"):
        found = {f["key"]: f for f in headlines(result)}
        assert found["cost"]["text"] == (
            "The scenario costs $200.00 less than the policy as it is (2.0%): 2 providers gain, 1 lose."
        )
        assert found["overruns"]["anchor"] == "overrun-heading"
    with translation.override("fr"):
        assert (
            "200,00\u00a0$" in headlines(result)[0]["text"] and "2,0\u00a0%" in headlines(result)[0]["text"]
        )
