"""`manage.py import_workbook FILE.xlsx [--dry-run]`: providers, sites and agreements, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pd_budget.services.workbook import import_providers_workbook


class Command(BaseCommand):
    help = "Import the providers workbook (sheets providers, sites, agreements and any registered)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        result = import_providers_workbook(data, dry_run=dry_run)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} problem(s): nothing was imported.")
        for sheet, counts in result.counts.items():
            self.stdout.write(
                f"{sheet}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
            )
        self.stdout.write("dry run: nothing was written." if dry_run else "imported.")
