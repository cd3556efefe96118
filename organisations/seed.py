"""Reference data: the provinces and territories, and the seed's umbrella organisations.

First of the seed loaders (portal.discovery): every other app's seed points at these rows."""

from django.db import transaction

from portal.seeding import upsert

from .models import Jurisdiction, UmbrellaOrganisation
from .reference import load_jurisdictions

UMBRELLAS = [
    (
        "AAISA",
        "Alberta Association of Immigrant Serving Agencies",
        "Association des organismes au service des immigrants de l'Alberta",
        "AB",
        True,
    ),
    (
        "SAISIA",
        "Saskatchewan Association of Immigrant Settlement and Integration Agencies",
        "Association des organismes d'établissement et d'intégration des immigrants de la Saskatchewan",
        "SK",
        False,
    ),
    (
        "MANSO",
        "Manitoba Association of Newcomer Serving Organizations",
        "Association des organismes au service des nouveaux arrivants du Manitoba",
        "MB",
        False,
    ),
]


@transaction.atomic
def load_seed() -> dict[str, int]:
    jurisdictions = load_jurisdictions(Jurisdiction)
    for acronym, name_en, name_fr, jurisdiction, regional in UMBRELLAS:
        upsert(
            UmbrellaOrganisation,
            acronym=acronym,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "jurisdiction_id": jurisdiction,
                "runs_regional_pd_committee": regional,
            },
        )
    return {"jurisdictions": jurisdictions, "umbrella organisations": len(UMBRELLAS)}
