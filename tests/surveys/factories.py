"""Factories for the survey's models and the hand-computed fixture the aggregation tests share."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.factories import ProviderFactory


class SurveyCycleFactory(DjangoModelFactory):
    class Meta:
        model = "surveys.SurveyCycle"
        django_get_or_create = ["fiscal_year"]

    fiscal_year = 2018
    opens_on = datetime.date(2018, 9, 1)
    closes_on = datetime.date(2018, 10, 31)
    status = "open"


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = "surveys.Theme"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.LazyAttribute(lambda t: t.code.replace("-", " ").capitalize())
    name_fr = factory.LazyAttribute(lambda t: f"{t.name_en} (fr)")


COMPLETE = {
    "current_pd_funding": Decimal("1000.00"),
    "practitioners_language": 2,
    "practitioners_settlement": 3,
    "coordinators_language": 1,
    "coordinators_settlement": 1,
    "managers_language": 0,
    "managers_settlement": 1,
    "other_language": 0,
    "other_settlement": 0,
    "can_identify_needs": True,
    "can_cost_needs": True,
}


class PDTemplateFactory(DjangoModelFactory):
    class Meta:
        model = "surveys.PDTemplate"

    cycle = factory.SubFactory(SurveyCycleFactory)
    provider = factory.SubFactory(ProviderFactory)


def submitted_template(provider, cycle, **fields):
    values = {**COMPLETE, **fields}
    return PDTemplateFactory(
        provider=provider, cycle=cycle, status="submitted", submitted_at=timezone.now(), **values
    )


class PDNeedFactory(DjangoModelFactory):
    class Meta:
        model = "surveys.PDNeed"

    description = "A need"
    people = 1
    delivery = "either"
    scope = "local"


def site(provider, centre_type, fte=None, *, year=2018, head_office=False, jurisdiction=None):
    """A site of the provider with (language, settlement) FTEs for `year` (None: no FTE row)."""
    from pd_budget.models import Site, SiteFTE

    row = Site.objects.create(
        provider=provider,
        name=f"{centre_type} site {Site.objects.filter(provider=provider).count() + 1}",
        city="Somewhere",
        jurisdiction_id=jurisdiction or provider.jurisdiction_id,
        centre_type=centre_type,
        is_head_office=head_office,
    )
    if fte is not None:
        SiteFTE.objects.create(
            site=row, fiscal_year=year, language_fte=Decimal(fte[0]), settlement_fte=Decimal(fte[1])
        )
    return row


def build_hand_computed_fixture():
    """The 2018 fixture whose figures EXPECTED holds, computed by hand (see test_aggregation.py)."""
    cycle = SurveyCycleFactory(fiscal_year=2018, status="closed")
    case = ThemeFactory(code="case-management", name_en="Case management", name_fr="Gestion des cas")
    health = ThemeFactory(code="mental-health", name_en="Mental health", name_fr="Santé mentale")
    p = {
        name: ProviderFactory(name=name, jurisdiction_id=jur)
        for name, jur in [
            ("Alpha", "AB"),
            ("Bravo", "AB"),
            ("Charlie", "SK"),
            ("Delta", "MB"),
            ("Echo", "NT"),
            ("Foxtrot", "NU"),
            ("Golf", "SK"),
            ("Hotel", "AB"),
        ]
    }
    site(p["Alpha"], "urban", ("2", "2"), head_office=True)  # 4 FTE
    site(p["Bravo"], "urban", ("1", "1"))  # 2 FTE urban
    site(p["Bravo"], "small", ("0.5", "0.5"))  # 1 FTE small: urban wins
    site(p["Bravo"], "small", ("3", "3"), year=2017)  # another year: ignored
    site(p["Charlie"], "small", ("1", "1"))  # 2 FTE
    site(p["Delta"], "urban", ("3", "2"))  # 5 FTE
    site(p["Echo"], "north", ("1", "0.5"))  # 1.5 FTE
    site(p["Foxtrot"], "north", None, head_office=True)  # no FTE: left out of per-FTE figures
    site(p["Golf"], "north", ("1", "0"))  # 1 FTE north
    site(p["Golf"], "small", ("0.5", "0.5"))  # 1 FTE small: a tie goes to North
    site(p["Hotel"], "urban", ("1", "1"))
    t = {
        "Alpha": submitted_template(p["Alpha"], cycle, current_pd_funding=Decimal("4000")),
        "Bravo": submitted_template(p["Bravo"], cycle, current_pd_funding=Decimal("1500")),
        "Charlie": submitted_template(p["Charlie"], cycle, current_pd_funding=Decimal("900")),
        "Delta": submitted_template(p["Delta"], cycle, current_pd_funding=Decimal("10000")),
        "Echo": submitted_template(
            p["Echo"], cycle, current_pd_funding=Decimal("300"), can_identify_needs=False
        ),
        "Foxtrot": submitted_template(
            p["Foxtrot"], cycle, current_pd_funding=Decimal("5000"), can_cost_needs=False
        ),
        "Golf": submitted_template(p["Golf"], cycle, current_pd_funding=Decimal("2400")),
    }
    # A draft is not part of the survey's figures.
    hotel = PDTemplateFactory(provider=p["Hotel"], cycle=cycle, current_pd_funding=Decimal("99999"))
    PDNeedFactory(template=hotel, theme=health, people=50, estimated_cost=Decimal("9999"))
    trauma = "Trauma-informed practice"
    for name, theme, text, people, cost in [
        ("Alpha", case, "", 5, "1000"),
        ("Charlie", case, "", 3, None),
        ("Delta", case, "", 4, "2500.50"),
        ("Alpha", health, "", 2, "300"),
        ("Bravo", health, "", 3, "200"),
        ("Golf", None, trauma, 6, "700"),
        ("Foxtrot", None, trauma, 2, None),
        ("Bravo", None, trauma, 1, "100"),
    ]:
        PDNeedFactory(
            template=t[name],
            theme=theme,
            theme_text=text,
            people=people,
            estimated_cost=Decimal(cost) if cost else None,
        )
    return cycle


# Worked by hand: per FTE = funding / (language + settlement FTEs of all sites that year).
#   Alpha 4000/4 = 1000; Bravo 1500/3 = 500 (urban: 2 of its 3 FTEs); Charlie 900/2 = 450;
#   Delta 10000/5 = 2000; Echo 300/1.5 = 200; Golf 2400/2 = 1200 (tie 1 vs 1: North);
#   Foxtrot has no FTE: left out. Sorted: 200 450 500 1000 1200 2000; median (500+1000)/2 = 750.
#   Under-funded: < 375 -> Echo. Over-funded: > 1500 -> Delta.
#   Urban 500 1000 2000 -> 1000; small 450; North 200 1200 -> 700; small + North 200 450 1200 -> 450
#   < 1000: flag. AB 500 1000 -> 750; SK 450 1200 -> 825; MB 2000; NT 200.
#   Gini: sum (2i-n-1) x_(i) = -5*200 -3*450 -1*500 +1*1000 +3*1200 +5*2000 = 11750;
#   G = 2 * 11750 / (2 * 36 * 5350/6) = 11750 / 32100 = 0.36604 -> 0.3660.
#   Case management: Alpha, Charlie, Delta (AB, SK, MB): regional; people 12; known 3500.50, 1 unknown.
#   Mental health: Alpha, Bravo (AB only): not regional; people 5; known 500.00.
#   Trauma-informed practice (free text): Golf, Foxtrot, Bravo (SK, NU, AB): regional; 9; 800.00.
EXPECTED_JSON = {
    "fiscal_year": 2018,
    "gini": 0.366,
    "per_fte": {
        "Alpha": "1000.00",
        "Bravo": "500.00",
        "Charlie": "450.00",
        "Delta": "2000.00",
        "Echo": "200.00",
        "Golf": "1200.00",
    },
    "flags": [
        {"provider": "Echo", "kind": "under-funded"},
        {"provider": "Delta", "kind": "over-funded"},
        {"provider": None, "kind": "small-north-below-urban"},
        {"provider": "Echo", "kind": "needs-support"},
        {"provider": "Foxtrot", "kind": "needs-support"},
    ],
    "regional_themes": ["Case management", "Trauma-informed practice"],
}
EXPECTED_MEDIANS = {
    "overall": "750.00",
    "centre_type": {"urban": "1000.00", "small": "450.00", "north": "700.00"},
    "small_north": "450.00",
    "jurisdiction": {"AB": "750.00", "MB": "2000.00", "NT": "200.00", "SK": "825.00"},
}
