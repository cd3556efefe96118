"""Time the header search in-process (used by `make bench`): each query run repeatedly as a user."""

import json
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.models import User
from search.selectors import search


class Command(BaseCommand):
    help = "Print the search's median and worst time (ms), its queries and hits per query, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--language", default="en")
        parser.add_argument("queries", nargs="+")

    def handle(self, *args, user, repeat, language, queries, **options):
        try:
            account = User.objects.get(username=user)
        except User.DoesNotExist as exc:
            raise CommandError(f"no user {user}") from exc
        timings, result = [], {}
        with translation.override(language):
            for query in queries:
                search(user=account, query=query)  # warm: connection, translations, plans
                with CaptureQueriesContext(connection) as captured:
                    hits = search(user=account, query=query)
                for _ in range(repeat):
                    started = time.perf_counter()
                    search(user=account, query=query)
                    timings.append((time.perf_counter() - started) * 1000)
                result[query] = {"queries": len(captured), "hits": sum(len(g.hits) for g in hits)}
        timings.sort()
        self.stdout.write(
            json.dumps(
                {
                    "database": connection.vendor,
                    "median_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
                    "max_ms": round(timings[-1], 1),
                    "runs": len(timings),
                    "queries": result,
                }
            )
        )
