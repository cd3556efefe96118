"""`manage.py import_workbook FILE.xlsx [--dry-run]`: providers, sites and agreements, all or nothing."""

from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pd_budget.services.workbook import import_providers_workbook
from pd_budget.templatetags.pd_budget_tags import import_value
from portal.fiscal import fiscal_year_label
from portal.money import format_money
from portal.permissions import SYSTEM


class Command(BaseCommand):
    help = "Import the providers workbook (sheets providers, sites, agreements and any registered)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and show the changes, write nothing"
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        result = import_providers_workbook(data, dry_run=dry_run, user=SYSTEM)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} problem(s): nothing was imported.")
        for sheet, counts in result.counts.items():
            self.stdout.write(
                f"{sheet}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
            )
            # The same row-level changes as the preview page: each row that creates or changes a record.
            for row in counts.rows:
                changes = "; ".join(
                    f"{c['field']} {import_value(c, 'before')} -> {import_value(c, 'after')}"
                    for c in row["changes"]
                )
                where = f"row {row['row']}" if row.get("row") else "row"
                self.stdout.write(f"  {where} {row['outcome']}: {row['key']}: {changes}")
        for line in result.impact or []:
            before, after = Decimal(line["before"]), Decimal(line["after"])
            self.stdout.write(
                f"allocation {line['provider']} {fiscal_year_label(line['year'])}: "
                f"{format_money(before)} -> {format_money(after)}"
            )
            for over in line["over"]:
                self.stdout.write(
                    f"  warning: {over['category']} booked {format_money(Decimal(over['booked']))} exceeds "
                    f"the new allocation {format_money(Decimal(over['allocated']))}"
                )
        self.stdout.write("dry run: nothing was written." if dry_run else "imported.")
