"""Fictional providers for demonstration; later issues add their sites, FTEs and agreements."""

from django.db import transaction

from .models import Provider, UmbrellaOrganisation

# name, jurisdiction, umbrella acronym (None: no umbrella organisation)
PROVIDERS = [
    ("Prairie Newcomer Services (demo)", "AB", "AAISA"),
    ("Northern Settlement Partners (demo)", "NT", None),
    ("Riverbend Immigrant Centre (demo)", "SK", "SAISIA"),
    ("Red River Welcome Society (demo)", "MB", "MANSO"),
    ("Foothills Language Centre (demo)", "AB", "AAISA"),
    ("Arctic Gateway Services (demo)", "NU", None),
]

DEMO_PROVIDER_A = PROVIDERS[0][0]
DEMO_PROVIDER_B = PROVIDERS[1][0]


@transaction.atomic
def load_demo() -> dict[str, int]:
    umbrellas = {u.acronym: u for u in UmbrellaOrganisation.objects.all()}
    for name, jurisdiction, umbrella in PROVIDERS:
        Provider.objects.update_or_create(
            name=name, defaults={"jurisdiction_id": jurisdiction, "umbrella": umbrellas.get(umbrella)}
        )
    return {"providers": len(PROVIDERS)}
