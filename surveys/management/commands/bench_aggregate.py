"""Time the PD survey aggregation against one hand-written SQL GROUP BY (used by `make bench`)."""

import json
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import SurveyCycle
from surveys.services.aggregation import aggregate_survey

FLOOR_SQL = """
SELECT n.theme_id, p.jurisdiction_id, COUNT(DISTINCT t.provider_id), SUM(n.people), SUM(n.estimated_cost)
FROM surveys_pdneed n
JOIN surveys_pdtemplate t ON t.id = n.template_id
JOIN organisations_provider p ON p.id = t.provider_id
WHERE t.cycle_id = %s AND t.status = 'submitted'
GROUP BY n.theme_id, p.jurisdiction_id
"""


class Command(BaseCommand):
    help = "Print the aggregation's time, its floor's time and their ratio, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        cycle = SurveyCycle.objects.get(fiscal_year=year)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [cycle.pk])
            groups = len(cursor.fetchall())
        floor = time.monotonic() - started
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            data = aggregate_survey(cycle)
        elapsed = time.monotonic() - started
        self.stdout.write(
            json.dumps(
                {
                    "seconds": round(elapsed, 3),
                    "floor_seconds": round(floor, 3),
                    "vs_floor": round(elapsed / floor, 2),
                    "queries": len(queries),
                    "floor_groups": groups,
                    "providers": len(data.get("per_fte", {})),
                }
            )
        )
