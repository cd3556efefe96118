"""Time and peak memory of a report export against its floor (used by `make bench`)."""

import json
import resource
import tempfile
import time
from pathlib import Path

import xlsxwriter
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from portal import reports
from portal.models import User


class Command(BaseCommand):
    help = "Export a report (or its floor: raw rows with XlsxWriter) and print time and peak memory as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--report", required=True)
        parser.add_argument("--user", required=True)
        parser.add_argument(
            "--floor", help="app_label.Model:field,field,... written straight from values_list"
        )
        parser.add_argument("--filter", action="append", default=[], dest="filters", help="name=value")

    def handle(self, *args, report, user, floor, filters, **options):
        account = User.objects.get(username=user)
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "out.xlsx"
            if floor:
                model_name, fields = floor.split(":")
                model = apps.get_model(model_name)
                book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
                sheet = book.add_worksheet()
                rows = 0
                for rows, row in enumerate(model.objects.values_list(*fields.split(",")).iterator(2000), 1):
                    sheet.write_row(rows, 0, [str(v) if v is not None else "" for v in row])
                book.close()
            else:
                definition = reports.REPORTS.get(report)
                if definition is None:
                    raise CommandError(f"no report {report}")
                cleaned = reports.clean_filters(definition, dict(item.split("=", 1) for item in filters))
                counts = reports.write_export(
                    definition, user=account, filters=cleaned, file_format="xlsx", target=target
                )
                rows = max(counts.values(), default=0)
            size = target.stat().st_size
        elapsed = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            json.dumps(
                {"rows": rows, "seconds": round(elapsed, 2), "peak_mb": round(peak_mb, 1), "bytes": size}
            )
        )
