"""The seed's facts of the learning_events app (September 2018 review deck), one module per seam:
`events` (learning events and quarterly-call series), `evaluations`, `pilots` (the regional pilot
courses) and `work_products`. Everything is keyed on a natural key, so a second run changes nothing.
"""

from django.db import transaction

from groups.models import WorkingGroup

from .evaluations import EVALUATIONS, load_evaluations
from .events import EVENTS, SERIES, load_events, load_series
from .pilots import COURSES, load_pilot
from .work_products import WORK_PRODUCTS, load_work_products


@transaction.atomic
def load_seed() -> dict[str, int]:
    groups = {g.slug: g for g in WorkingGroup.objects.all()}
    series = load_series(groups)
    events = load_events(groups, series)
    load_evaluations(groups)
    load_pilot()
    load_work_products(groups)
    return {
        "learning events": events,
        "event series": len(SERIES),
        "evaluations": len(EVALUATIONS),
        "pilot courses": len(COURSES),
        "work products": len(WORK_PRODUCTS),
    }


__all__ = ["COURSES", "EVALUATIONS", "EVENTS", "SERIES", "WORK_PRODUCTS", "load_seed"]
