"""Time every provider's PD allocation and count its queries (used by `make bench`)."""

import json
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pd_budget.services.allocation import compute_allocations


class Command(BaseCommand):
    help = "Print the time and number of queries of all providers' allocations, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            allocations = compute_allocations(year)
        elapsed = time.monotonic() - started
        self.stdout.write(
            json.dumps({"providers": len(allocations), "seconds": round(elapsed, 3), "queries": len(queries)})
        )
