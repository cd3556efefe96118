"""Scale data for `generate_scale_data`: 200 providers, 600 sites and their FTEs per unit of scale.

Each provider has three sites (mostly urban, some small-centre or North), FTEs for 2018 and the
current fiscal year in both streams (fractions included), and one or two agreements. Bulk inserts,
deterministic for a given random generator.
"""

import random
from decimal import Decimal

from organisations.models import Provider, UmbrellaOrganisation
from portal.fiscal import current_fiscal_year

from .models import Agreement, Site, SiteFTE

# Runs after these apps' scale modules (portal.discovery).
AFTER = ()

PLACES = {
    "AB": [("Calgary", "urban"), ("Edmonton", "urban"), ("Red Deer", "small"), ("Brooks", "small")],
    "SK": [("Regina", "urban"), ("Saskatoon", "urban"), ("Moose Jaw", "small"), ("Swift Current", "small")],
    "MB": [("Winnipeg", "urban"), ("Brandon", "small"), ("Steinbach", "small")],
    "NT": [("Yellowknife", "north"), ("Hay River", "north")],
    "NU": [("Iqaluit", "north"), ("Rankin Inlet", "north")],
}
WEIGHTS = {"AB": 4, "SK": 3, "MB": 3, "NT": 1, "NU": 1}
UMBRELLA = {"AB": "AAISA", "SK": "SAISIA", "MB": "MANSO"}


def _fte(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(0, 16)) / 2  # 0 to 8 FTEs by halves


def generate(*, scale: int, rng: random.Random) -> dict[str, int]:
    umbrellas = {u.acronym: u.pk for u in UmbrellaOrganisation.objects.all()}
    codes = [code for code, weight in WEIGHTS.items() for _ in range(weight)]
    # Additive: a second run adds new providers after those already generated.
    first = Provider.objects.filter(name__startswith="Settlement provider ").count()
    providers = []
    for n in range(first, first + 200 * scale):
        code = rng.choice(codes)
        providers.append(
            Provider(
                name=f"Settlement provider {n:05d}",
                jurisdiction_id=code,
                umbrella_id=umbrellas.get(UMBRELLA.get(code)),
            )
        )
    Provider.objects.bulk_create(providers, batch_size=1000)
    providers = list(
        Provider.objects.filter(name__in=[p.name for p in providers]).only("pk", "jurisdiction_id")
    )
    sites = []
    for provider in providers:
        places = rng.sample(PLACES[provider.jurisdiction_id], k=min(3, len(PLACES[provider.jurisdiction_id])))
        while len(places) < 3:
            places.append(places[0])
        for k, (city, centre_type) in enumerate(places):
            sites.append(
                Site(
                    provider_id=provider.pk,
                    name=f"{city} office {k + 1}",
                    city=city,
                    jurisdiction_id=provider.jurisdiction_id,
                    centre_type=centre_type,
                    is_head_office=k == 0,
                )
            )
    Site.objects.bulk_create(sites, batch_size=2000)
    years = sorted({2018, current_fiscal_year()})
    ftes = [
        SiteFTE(site_id=site.pk, fiscal_year=year, language_fte=_fte(rng), settlement_fte=_fte(rng))
        for site in sites
        for year in years
    ]
    SiteFTE.objects.bulk_create(ftes, batch_size=5000)
    agreements = [
        Agreement(
            provider_id=p.pk,
            number=f"SC-{p.pk:06d}-{n}",
            fiscal_year=2018,
            stream=stream,
            amount=Decimal(rng.randint(50, 900) * 1000),
        )
        for p in providers
        for n, stream in enumerate(rng.sample(["language", "settlement"], k=2)[: rng.randint(1, 2)])
    ]
    Agreement.objects.bulk_create(agreements, batch_size=5000)
    return {
        "providers": len(providers),
        "sites": len(sites),
        "FTE rows": len(ftes),
        "agreements": len(agreements),
    }
