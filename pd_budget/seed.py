"""The seed's umbrella organisations (organisations-cadres)."""

from django.db import transaction

from .models import UmbrellaOrganisation

UMBRELLAS = [
    (
        "AAISA",
        "Alberta Association of Immigrant Serving Agencies",
        "Alberta Association of Immigrant Serving Agencies (AAISA)",
        "AB",
        True,
    ),
    (
        "SAISIA",
        "Saskatchewan Association of Immigrant Settlement and Integration Agencies",
        "Saskatchewan Association of Immigrant Settlement and Integration Agencies (SAISIA)",
        "SK",
        False,
    ),
    (
        "MANSO",
        "Manitoba Association of Newcomer Serving Organizations",
        "Manitoba Association of Newcomer Serving Organizations (MANSO)",
        "MB",
        False,
    ),
]


@transaction.atomic
def load_seed() -> dict[str, int]:
    for acronym, name_en, name_fr, jurisdiction, regional in UMBRELLAS:
        UmbrellaOrganisation.objects.update_or_create(
            acronym=acronym,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "jurisdiction_id": jurisdiction,
                "runs_regional_pd_committee": regional,
            },
        )
    return {"umbrella organisations": len(UMBRELLAS)}
