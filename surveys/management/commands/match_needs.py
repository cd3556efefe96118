"""`manage.py match_needs YEAR [--json]`: the PD themes providers requested in fiscal year YEAR set
against the learning events planned for them that year; the unmet needs and a suggestion for each."""

import json

from django.core.management.base import BaseCommand, CommandError

from portal.fiscal import fiscal_year_label, parse_fiscal_year
from surveys.matching import needs_match


class Command(BaseCommand):
    help = "List the requested PD themes of a fiscal year (2018 or 2018-19) against the events planned."

    def add_arguments(self, parser):
        parser.add_argument("year", help="the fiscal year: 2018 or 2018-19")
        parser.add_argument("--json", action="store_true", help="print a JSON list, one object per theme")

    def handle(self, *args, year, **options):
        try:
            fiscal_year = parse_fiscal_year(year)
        except ValueError:
            raise CommandError(f"{year!r} is not a fiscal year: write 2018 or 2018-19.") from None
        rows = needs_match(fiscal_year=fiscal_year)
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"PD needs against planned events, {fiscal_year_label(fiscal_year)}")
        for row in rows:
            unmet = ", ".join(row["unmet_jurisdictions"]) or "none"
            self.stdout.write(
                f"{row['theme']}: {row['providers']} providers in {', '.join(row['jurisdictions'])}; "
                f"{row['planned_events']} planned events; unmet: {unmet}"
            )
