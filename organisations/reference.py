"""Reference data every app relies on: the provinces and territories.

Loaded by a data migration, and again by `load_seed` (idempotent), so a database that was
flushed (transactional tests, a restored backup) gets them back.
"""

JURISDICTIONS = [
    # code, English, French, in the PNT region
    ("AB", "Alberta", "Alberta", True),
    ("SK", "Saskatchewan", "Saskatchewan", True),
    ("MB", "Manitoba", "Manitoba", True),
    ("NT", "Northwest Territories", "Territoires du Nord-Ouest", True),
    ("NU", "Nunavut", "Nunavut", True),
    ("BC", "British Columbia", "Colombie-Britannique", False),
    ("ON", "Ontario", "Ontario", False),
    ("QC", "Quebec", "Québec", False),
    ("NB", "New Brunswick", "Nouveau-Brunswick", False),
    ("NS", "Nova Scotia", "Nouvelle-Écosse", False),
    ("PE", "Prince Edward Island", "Île-du-Prince-Édouard", False),
    ("NL", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador", False),
    ("YT", "Yukon", "Yukon", False),
]

REGION = [code for code, _en, _fr, in_region in JURISDICTIONS if in_region]


def load_jurisdictions(model) -> int:
    """Create or update the jurisdictions with `model` (the real one, or a migration's); an unchanged
    row is left alone."""
    from portal.seeding import upsert

    for order, (code, name_en, name_fr, in_region) in enumerate(JURISDICTIONS, start=1):
        upsert(
            model,
            code=code,
            defaults={"name_en": name_en, "name_fr": name_fr, "in_region": in_region, "order": order},
        )
    return len(JURISDICTIONS)
