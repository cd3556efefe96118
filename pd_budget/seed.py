"""The seed's 2018-19 PD policy rates and designated conferences (the umbrella organisations are the
organisations app's seed)."""

from decimal import Decimal

from django.db import transaction

from portal.seeding import upsert

from .models import DesignatedConference, PolicyYear

# Runs after these apps' seed modules (portal.discovery).
AFTER = ("organisations",)

# The base PD allocation for every PD agreement, 2018-19: conferences per provider by centre type
# (small centres and the North together at $3,000), then per person in each stream.
POLICY_2018 = {
    "conference_urban": Decimal("2700.00"),
    "conference_small": Decimal("3000.00"),
    "conference_north": Decimal("3000.00"),
    "language_per_fte": Decimal("150.00"),
    "settlement_per_fte": Decimal("300.00"),
}

DESIGNATED_CONFERENCES = [
    ("P2P", "Pathways to Prosperity", "Voies vers la prospérité"),
    ("Metropolis", "Metropolis", "Metropolis"),
    ("CCR", "Canadian Council for Refugees", "Conseil canadien pour les réfugiés"),
]


@transaction.atomic
def load_seed() -> dict[str, int]:
    # Only created, never overwritten: admins may have corrected the rates since.
    PolicyYear.objects.get_or_create(fiscal_year=2018, defaults=POLICY_2018)
    for acronym, name_en, name_fr in DESIGNATED_CONFERENCES:
        upsert(DesignatedConference, acronym=acronym, defaults={"name_en": name_en, "name_fr": name_fr})
    return {
        "PD policy years": 1,
        "designated conferences": len(DESIGNATED_CONFERENCES),
    }
