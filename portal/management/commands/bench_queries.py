"""Count the SQL queries of each key page for a user (used by `make bench`; not for production)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.models import User


class Command(BaseCommand):
    help = "Print the number of SQL queries and the status of each given page, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, user, paths, **options):
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
            result[requested] = {"status": response.status_code, "queries": len(queries), "path": path}
        self.stdout.write(json.dumps(result))
