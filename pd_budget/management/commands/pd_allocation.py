"""`manage.py pd_allocation YEAR [--json]`: every provider's base PD allocation for a fiscal year."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pd_budget.services import allocation_report
from portal.fiscal import fiscal_year_label, parse_fiscal_year


class Command(BaseCommand):
    help = "Print every provider's base PD allocation for a fiscal year (2018 or 2018-19)."

    def add_arguments(self, parser):
        parser.add_argument("year", help="the fiscal year: 2018 or 2018-19")
        parser.add_argument("--json", action="store_true", help="print JSON keyed by provider name")

    def handle(self, *args, year, **options):
        try:
            fiscal_year = parse_fiscal_year(year)
        except ValueError:
            raise CommandError(f"{year!r} is not a fiscal year: write 2018 or 2018-19.") from None
        try:
            report = allocation_report(fiscal_year)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"PD allocations {fiscal_year_label(fiscal_year)}")
        for name, line in report.items():
            self.stdout.write(
                f"{name}: conference {line['conference']}, language {line['language']}, "
                f"settlement {line['settlement']}, total {line['total']}"
            )
