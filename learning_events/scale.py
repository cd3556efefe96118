"""Scale data for `generate_scale_data`: about 500 learning events per unit of scale beyond the seed.

Dates of every precision, spread over 2016-2021, with their earliest and latest days computed by
the fuzzy-date rule (`fuzzy_dates.date_fields`) the service uses; bulk inserts, deterministic for
a given random generator.
"""

import datetime
import random

from groups.models import WorkingGroup

from . import fuzzy_dates
from .models import EventFormat, EventStatus, LearningEvent, Season

# Runs after these apps' scale modules (portal.discovery).
AFTER = ("pd_budget", "groups")

CITIES = [
    ("Calgary", "AB"),
    ("Edmonton", "AB"),
    ("Red Deer", "AB"),
    ("Regina", "SK"),
    ("Saskatoon", "SK"),
    ("Moose Jaw", "SK"),
    ("Winnipeg", "MB"),
    ("Brandon", "MB"),
    ("Yellowknife", "NT"),
    ("Iqaluit", "NU"),
]
PRECISIONS = (
    [fuzzy_dates.Precision.DAY] * 5
    + [fuzzy_dates.Precision.MONTH] * 3
    + [fuzzy_dates.Precision.SEASON, fuzzy_dates.Precision.YEAR, fuzzy_dates.Precision.FISCAL_YEAR]
)


def generate(*, scale: int, rng: random.Random) -> dict[str, int]:
    groups = list(WorkingGroup.objects.values_list("pk", flat=True))
    events = []
    # Additive: a second run carries on after the units already generated.
    done = LearningEvent.objects.filter(slug__startswith="scale-").count() // 500
    for unit in range(done + 1, done + scale):
        for i in range(500):
            precision = rng.choice(PRECISIONS)
            year = rng.randint(2016, 2021)
            anchors = {"year": year}
            if precision == fuzzy_dates.Precision.DAY:
                anchors = {"on_date": datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))}
            elif precision == fuzzy_dates.Precision.MONTH:
                anchors["month"] = rng.randint(1, 12)
            elif precision == fuzzy_dates.Precision.SEASON:
                anchors["season"] = rng.choice(Season.values)
            when = fuzzy_dates.date_fields(precision, **anchors)
            city, jurisdiction = rng.choice(CITIES)
            teleconference = rng.random() < 0.2
            events.append(
                LearningEvent(
                    slug=f"scale-{unit}-{i}",
                    group_id=rng.choice(groups),
                    title_en=f"Regional learning event {unit}.{i}",
                    title_fr=f"Activité d'apprentissage régionale {unit}.{i}",
                    format=EventFormat.TELECONFERENCE if teleconference else EventFormat.IN_PERSON,
                    city="" if teleconference else city,
                    jurisdiction_id=None if teleconference else jurisdiction,
                    status=(
                        EventStatus.HELD
                        if when["ends_on"] < datetime.date(2018, 9, 1)
                        else EventStatus.PLANNED
                    ),
                    **when,
                )
            )
    LearningEvent.objects.bulk_create(events, batch_size=1000)
    return {"learning events": len(events)}
