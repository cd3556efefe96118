"""Time a PD policy what-if over every provider and count its queries (used by `make bench`)."""

import json
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pd_budget.services.scenarios import simulate_policy


class Command(BaseCommand):
    help = "Print the time and number of queries of a scenario over all providers, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        runs = []
        for _run in range(3):  # the first in a fresh process, then as a serving worker runs it
            started = time.monotonic()
            with CaptureQueriesContext(connection) as queries:
                result = simulate_policy(
                    year,
                    overrides={"conference_small": "3500.00", "language_per_fte": "175.00"},
                    mixed_sites="any_small",
                )
            runs.append(time.monotonic() - started)
        self.stdout.write(
            json.dumps(
                {
                    "providers": len(result.outcomes),
                    "seconds": round(max(runs), 3),
                    "first_seconds": round(runs[0], 3),
                    "warm_seconds": round(min(runs[1:]), 3),
                    "queries": len(queries),
                }
            )
        )
