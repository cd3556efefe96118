"""Count the SQL queries of each key page for a user and time its rendering in-process (used by
`make bench`; not for production).

Each page is asked twice to warm caches (translations, templates, the first redirect, the CSRF
cookie). Then it is built `--repeat` times, each after a write (the data cache's ANY_WRITE bumped, as
any save does), with its queries counted on the first: `built_ms`, `queries`. Then it is asked
`--repeat` times with nothing written in between, as the person who just saw it asks again (paging
back, the back button): `ms`, `kept_queries`, the page as portal.pagecache keeps it (pages it does
not keep are built each time). Both medians are set against the layout floor (/en/bench/floor/).
"""

import json
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal import datacache
from portal.models import User


class Command(BaseCommand):
    help = "Print the number of SQL queries, the status and the median render time of each page, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, user, paths, repeat, **options):
        try:
            account = User.objects.get(username=user)
        except User.DoesNotExist as exc:
            raise CommandError(f"no user {user}") from exc
        client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        client.force_login(account)
        result = {}
        for requested in paths:
            path = requested
            first = client.get(path)  # warm caches (translations, templates) so only the page's queries count
            if first.status_code in (301, 302) and first["Location"].startswith("/"):
                path = first["Location"]  # measure the page a user lands on, as the load test does
            client.get(path)  # the browser now holds its CSRF cookie, as after any first page
            built, queries = [], 0
            for attempt in range(repeat):
                datacache.bump(datacache.ANY_WRITE)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    built.append((time.perf_counter() - started) * 1000)
                if attempt == 0:
                    queries = len(captured)
            kept = []
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            kept_queries = len(captured)
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path)
                kept.append((time.perf_counter() - started) * 1000)
            result[requested] = {
                "status": response.status_code,
                "queries": queries,
                "kept_queries": kept_queries,
                "path": path,
                "ms": round(statistics.median(kept), 2),
                "built_ms": round(statistics.median(built), 2),
                "bytes": len(response.content),
            }
        self.stdout.write(json.dumps(result))
