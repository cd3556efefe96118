"""Count the SQL queries of each key page for a user and time its rendering in-process (used by
`make bench`; not for production).

Each page is asked once to warm caches (translations, templates, the first redirect), then its
queries are counted, then it is rendered `--repeat` times and the median is reported: the
in-process time that `make bench` sets against the layout floor (/en/bench/floor/).
"""

import json
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            count = len(queries)  # now: the next request clears the connection's query log
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            result[requested] = {
                "status": response.status_code,
                "queries": count,
                "path": path,
                "ms": round(statistics.median(times), 2),
                "bytes": len(response.content),
            }
        self.stdout.write(json.dumps(result))
