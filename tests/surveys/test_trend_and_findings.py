"""Equity over the surveyed years and the headline findings: hand-computed cases, both languages,
and the analysis page that shows them (unknown figures say "unknown", never $0.00)."""

from decimal import Decimal

import pytest
from django.utils import translation

from surveys import findings, trend

D = Decimal


def _providers(*rows):
    return [
        {
            "name": f"P{i}",
            "per_fte": per_fte,
            "fte": fte,
            "can_identify_needs": identify,
            "can_cost_needs": cost,
        }
        for i, (per_fte, fte, identify, cost) in enumerate(rows)
    ]


Y2017 = trend.year_equity(
    2017,
    providers=_providers(("480.00", "10.00", False, False), ("1050.00", "2.00", True, False)),
    medians={
        "overall": "765.00",
        "centre_type": {"urban": "1050.00", "small": "480.00", "north": None},
        "small_north": "480.00",
        "jurisdiction": {"AB": "1050.00", "NU": "480.00"},
    },
    gini="0.1863",
)
Y2018 = trend.year_equity(
    2018,
    providers=_providers(
        ("900.00", "10.00", True, True), ("1000.00", "2.00", True, True), (None, "0.00", None, None)
    ),
    medians={
        "overall": "950.00",
        "centre_type": {"urban": "1000.00", "small": "900.00", "north": None},
        "small_north": "900.00",
        "jurisdiction": {"AB": "1000.00"},
    },
    gini="0.0263",
)


def test_year_figures_hand_computed():
    assert Y2017.providers == 2
    assert Y2017.gap == (D("480") - D("1050")) / D("1050")  # -54.3 %
    # FTE-weighted: 480 ten times, 1050 twice: 10 x 2 x 570 / (12 x 6900) = 0.13768
    assert Y2017.gini_fte.quantize(D("0.0001")) == D("0.1377")
    assert Y2017.medians["north"] is None  # unknown, not zero
    assert Y2018.providers == 2  # the provider without FTEs has no per-FTE figure


def test_direction_converging_and_diverging():
    d = trend.direction([Y2017, Y2018])
    assert (d.kind, d.gap_narrowed) == (trend.CONVERGING, True)
    assert trend.direction([Y2018, Y2017]).kind == trend.DIVERGING
    assert trend.direction([Y2018]) is None


def test_headlines_in_english_and_french():
    data = {
        "providers": [
            {"can_identify_needs": False, "can_cost_needs": False},
            {"can_identify_needs": True, "can_cost_needs": False},
            {"can_identify_needs": True, "can_cost_needs": True},
        ],
        "themes": [
            {
                "key": "a",
                "name_en": "Trauma",
                "name_fr": "Traumatismes",
                "providers": 4,
                "jurisdictions": 3,
                "regional": True,
                "needs": 4,
            },
            {
                "key": "b",
                "name_en": "Case notes",
                "name_fr": "Notes",
                "providers": 3,
                "jurisdictions": 1,
                "regional": False,
                "needs": 3,
            },
            {
                "key": "text:x",
                "name_en": "Our own",
                "name_fr": "Le nôtre",
                "providers": 1,
                "jurisdictions": 1,
                "regional": False,
                "needs": 1,
            },
        ],
    }
    with translation.override("en"):
        found = {
            f.key: f for f in findings.findings(data, year=Y2017, direction=trend.direction([Y2017, Y2018]))
        }
        assert found["small-north"].text == (
            "Small centres and the North receive 54% less PD funding per FTE than large urban centres"
            " ($480 vs $1,050): they need more resources."
        )
        assert found["small-north"].anchor == "equity-heading"
        assert (
            found["needs-support"].text
            == "1 of 3 providers could not identify their PD needs, and 2 could not estimate their cost."
        )
        assert (
            "1 themes could be delivered regionally" in found["delivery"].text
            and ": Trauma)" in found["delivery"].text
        )
        assert "1 provincially" in found["delivery"].text and "and 1 locally" in found["delivery"].text
        assert found["tailored"].text.startswith("1 of 8 PD needs (13%)")
        assert found["distribution"].text.startswith(
            "PD funds are distributed fairly evenly: the Gini coefficient of PD funding per FTE is 0.19"
        )
        assert found["trend"].text == (
            "From 2017-18 to 2018-19 PD funding per FTE is converging: the Gini over providers fell"
            " from 0.19 to 0.03."
            " The small-centre and North gap narrowed from 54% to 10%."
        )
    with translation.override("fr"):
        found = {f.key: f for f in findings.findings(data, year=Y2017, direction=None)}
        assert "54\u00a0%" in found["small-north"].text and "480\u00a0$" in found["small-north"].text
        assert "1\u00a0050\u00a0$" in found["small-north"].text
        assert "trend" not in found


@pytest.mark.django_db
def test_the_analysis_page_shows_every_year_and_the_headlines(client_for, staff_user, seeded):
    from surveys.models import AggregationResult
    from tests.surveys.factories import SurveyCycleFactory

    for year, gini, sn in ((2017, "0.3000", "480.00"), (2018, "0.2500", "700.00")):
        cycle = SurveyCycleFactory(fiscal_year=year)
        AggregationResult.objects.update_or_create(
            cycle=cycle,
            defaults={
                "computed_at": "2019-01-01T00:00Z",
                "data": {
                    "templates": 2,
                    "providers": [
                        {
                            "provider_id": None,
                            "template_id": 1,
                            "name": "A",
                            "jurisdiction": "AB",
                            "centre_type": "urban",
                            "funding": None,
                            "fte": "2.00",
                            "per_fte": None,
                            "can_identify_needs": True,
                            "can_cost_needs": None,
                        },
                    ],
                    "medians": {
                        "overall": None,
                        "centre_type": {"urban": "1050.00", "small": None, "north": None},
                        "small_north": sn,
                        "jurisdiction": {},
                    },
                    "gini": gini,
                    "lorenz": [],
                    "flags": [],
                    "themes": [
                        {
                            "key": "t",
                            "code": "t",
                            "name_en": "T",
                            "name_fr": "T",
                            "jurisdictions": 1,
                            "regional": False,
                            "providers": 1,
                            "people": 0,
                            "known_cost": None,
                            "unknown_costs": 2,
                            "needs": 2,
                        }
                    ],
                    "themes_by_jurisdiction": [],
                    "themes_by_centre_type": [],
                    "regional_themes": [],
                },
            },
        )
    page = client_for(staff_user).get("/en/surveys/2018/analysis/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2017-18" in html and "2018-19" in html and 'id="trend-table"' in html
    assert "is converging: the Gini over providers fell from 0.30 to 0.25" in html
    assert "Gini over FTEs (each FTE counts once)" in html
    # The unknown funding and the theme whose costs are all unknown say so; no $0.00 anywhere.
    assert "$0.00" not in html and "unknown" in html
