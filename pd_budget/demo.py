"""The fictional providers' sites, FTEs, agreements and a few PD requests (the providers themselves
are the organisations app's demo)."""

from decimal import Decimal

from django.db import transaction

from organisations.demo import load_providers
from organisations.models import Provider
from portal.fiscal import current_fiscal_year
from portal.seeding import upsert

from .models import (
    Agreement,
    Category,
    DesignatedConference,
    MixedSites,
    PDRequest,
    PolicyYear,
    RequestStatus,
    Scenario,
    Site,
    SiteFTE,
)
from .seed import POLICY_2018

# Runs after these apps' demo modules (portal.discovery).
AFTER = ("organisations",)

# provider index, site, city, jurisdiction, centre type, head office, (language FTE, settlement FTE)
SITES = [
    (0, "Downtown office", "Calgary", "AB", "urban", True, ("2", "1")),
    (0, "Brooks office", "Brooks", "AB", "small", False, ("0.5", "0.5")),
    (1, "Yellowknife office", "Yellowknife", "NT", "north", True, ("1", "2")),
    (1, "Hay River outreach", "Hay River", "NT", "north", False, ("0", "0.5")),
    (2, "Main office", "Saskatoon", "SK", "urban", True, ("3", "2.5")),
    (2, "Prince Albert office", "Prince Albert", "SK", "small", False, ("1", "1")),
    (3, "Main office", "Winnipeg", "MB", "urban", True, ("4", "3")),
    (4, "Canmore classroom", "Canmore", "AB", "small", True, ("2.5", "0")),
    (5, "Iqaluit office", "Iqaluit", "NU", "north", True, ("1", "1")),
]


def demo_years() -> list[int]:
    current = current_fiscal_year()
    return sorted({2018, current})


@transaction.atomic
def load_demo() -> dict[str, int]:
    providers = load_providers()
    years = demo_years()
    for year in years:
        # Demo only: the current year runs on the 2018-19 rates until admins set its own.
        PolicyYear.objects.get_or_create(fiscal_year=year, defaults=POLICY_2018)
    fte_rows = 0
    for index, name, city, jurisdiction, centre_type, head_office, (lang, settl) in SITES:
        site, _created = upsert(
            Site,
            provider=providers[index],
            name=name,
            defaults={
                "city": city,
                "jurisdiction_id": jurisdiction,
                "centre_type": centre_type,
                "is_head_office": head_office,
            },
        )
        for year in years:
            upsert(
                SiteFTE,
                site=site,
                fiscal_year=year,
                defaults={"language_fte": Decimal(lang), "settlement_fte": Decimal(settl)},
            )
            fte_rows += 1
    agreements = 0
    for index, provider in enumerate(providers):
        for year in years:
            for stream, amount in (("language", "250000.00"), ("settlement", "400000.00")):
                upsert(
                    Agreement,
                    number=f"DEMO-{index + 1:02d}-{year}-{stream[:3].upper()}",
                    defaults={
                        "provider": provider,
                        "fiscal_year": year,
                        "stream": stream,
                        "amount": Decimal(amount) * (index + 1) / 2,
                    },
                )
                agreements += 1
    requests = _demo_requests(providers[0], providers[1], years[-1])
    scenarios = _demo_scenarios()
    return {
        "sites": len(SITES),
        "site FTE rows": fte_rows,
        "agreements": agreements,
        "PD requests": requests,
        "policy scenarios": scenarios,
    }


# name (en), name (fr), changed rates, mixed-sites rule: two what-ifs to compare on the 2018-19 policy.
SCENARIOS = [
    ("Small centres first", "Petits centres d’abord", {"conference_small": "3500.00"}, MixedSites.ANY_SMALL),
    (
        "More per FTE",
        "Plus par ETP",
        {"language_per_fte": "175.00", "settlement_per_fte": "350.00"},
        MixedSites.BLEND,
    ),
]


def _demo_scenarios() -> int:
    policy = PolicyYear.objects.get(fiscal_year=2018)
    for name_en, name_fr, overrides, rule in SCENARIOS:
        upsert(
            Scenario,
            name_en=name_en,
            defaults={"name_fr": name_fr, "base_policy": policy, "overrides": overrides, "mixed_sites": rule},
        )
    return len(SCENARIOS)


def _demo_requests(provider_a: Provider, provider_b: Provider, year: int) -> int:
    """A few requests written directly (demo data, no user): created once, never duplicated."""
    p2p = DesignatedConference.objects.filter(acronym="P2P").first()
    rows = [
        (provider_a, Category.CONFERENCE, "1200.00", "", p2p, RequestStatus.APPROVED),
        (provider_a, Category.SETTLEMENT, "250.00", "", None, RequestStatus.APPROVED),
        (provider_a, Category.CONFERENCE, "900.00", "Alberta Settlement Forum", None, RequestStatus.PENDING),
        (provider_b, Category.CONFERENCE, "1500.00", "Northern Summit", None, RequestStatus.PENDING),
        (provider_b, Category.LANGUAGE, "100.00", "", None, RequestStatus.APPROVED),
    ]
    for provider, category, amount, name, designated, status in rows:
        PDRequest.objects.get_or_create(
            provider=provider,
            fiscal_year=year,
            category=category,
            amount=Decimal(amount),
            conference_name=name,
            designated_conference=designated,
            defaults={"status": status, "description": "Demo request"},
        )
    return len(rows)
