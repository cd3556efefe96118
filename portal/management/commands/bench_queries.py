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
        for path in paths:
            client.get(path)  # warm caches (translations, templates) so only the page's queries count
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            result[path] = {"status": response.status_code, "queries": len(queries)}
        self.stdout.write(json.dumps(result))
