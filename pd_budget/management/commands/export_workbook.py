"""`manage.py export_workbook FILE.xlsx`: the providers workbook, in the format import_workbook reads."""

from pathlib import Path

from django.core.management.base import BaseCommand

from pd_budget.services.workbook import export_workbook
from portal.permissions import SYSTEM


class Command(BaseCommand):
    help = "Export providers, sites and FTEs, agreements (and any registered sheet) to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        with file.open("wb") as output:
            export_workbook(output, user=SYSTEM)
        self.stdout.write(f"wrote {file}")
