"""`manage.py simulate_policy YEAR [--set KEY=VALUE ...] [--mixed-sites blend|head_office|any_small]
[--json]`: a PD policy what-if from the command line, the same computation as the scenario pages."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pd_budget.allocation_rule import POLICY_KEYS
from pd_budget.models import MixedSites
from pd_budget.services.scenarios import simulate_policy
from portal.fiscal import fiscal_year_label, parse_fiscal_year


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise CommandError(f"--set {text!r}: write KEY=VALUE, KEY one of {', '.join(POLICY_KEYS)}.")
    return key.strip(), value.strip()


class Command(BaseCommand):
    help = "Simulate a fiscal year's PD policy with changed rates: totals, change and every provider."

    def add_arguments(self, parser):
        parser.add_argument(
            "year", help="the fiscal year whose policy and FTEs to start from: 2018 or 2018-19"
        )
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help=f"change a rate (dollars): {', '.join(POLICY_KEYS)}",
        )
        parser.add_argument(
            "--mixed-sites",
            choices=MixedSites.values,
            default=None,
            help="the rule for providers with sites of several centre types (default: the policy's)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, year, **options):
        try:
            fiscal_year = parse_fiscal_year(year)
        except ValueError:
            raise CommandError(f"{year!r} is not a fiscal year: write 2018 or 2018-19.") from None
        overrides: dict[str, str] = {}
        for text in options["set"]:
            key, value = _pair(text)
            if key in overrides:
                raise CommandError(f"--set {key} is given twice.")
            overrides[key] = value
        try:
            result = simulate_policy(fiscal_year, overrides=overrides, mixed_sites=options["mixed_sites"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        data = result.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"PD policy what-if {fiscal_year_label(fiscal_year)}: baseline {data['baseline_total']}, "
            f"scenario {data['scenario_total']}, change {data['delta']}"
        )
        for row in data["providers"]:
            self.stdout.write(f"{row['provider']}: {row['baseline']} -> {row['scenario']} ({row['delta']})")
