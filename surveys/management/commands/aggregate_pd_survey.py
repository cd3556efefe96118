"""Aggregate a year's PD survey now, in this process, and store its one current result."""

import json

from django.core.management.base import BaseCommand, CommandError

from surveys import selectors, services
from surveys.models import AggregationRun, RunStatus, SurveyCycle


class Command(BaseCommand):
    help = "Aggregate the PD survey of a fiscal year (e.g. 2018 for 2018-19); --json prints the figures."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, year: int, json: bool = False, **options):
        try:
            cycle = selectors.cycle_get(fiscal_year=year)
        except SurveyCycle.DoesNotExist as exc:
            raise CommandError(f"There is no PD survey for {year}.") from exc
        # The same job row as the page and beat, run here rather than on a worker.
        run = AggregationRun.objects.create(cycle=cycle)
        services.run_aggregation(run.pk)
        run.refresh_from_db()
        if run.status != RunStatus.DONE:
            raise CommandError(f"The aggregation failed: {run.error}")
        data = selectors.result_get(cycle=cycle).data
        if json:
            self.stdout.write(_dumps(services.command_json(data)))
        else:
            self.stdout.write(
                f"PD survey {cycle.fiscal_year_label}: {data['templates']} templates, "
                f"Gini {data['gini']}, {len(data['flags'])} flags."
            )


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
