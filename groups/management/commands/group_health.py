"""`manage.py group_health [--json] [--date YYYY-MM-DD]`: every group's and committee's health score
and its parts (groups/health.py)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from groups.selectors import health_report


class Command(BaseCommand):
    help = "Print every working group's health score (0-100) with its parts, and every committee's."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON: groups and committees")
        parser.add_argument("--date", help="compute as on this day (default: today)")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"{options['date']!r} is not a date: write YYYY-MM-DD.") from None
        report = health_report(today=today)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Group health on {report['date']}")
        for row in report["groups"]:
            parts = ", ".join(
                f"{key} {part['points']}/{part['weight']}" for key, part in row["parts"].items()
            )
            flag = " DORMANT" if row["dormant"] else ""
            self.stdout.write(f"{row['slug']}: {row['score']}{flag} ({parts})")
