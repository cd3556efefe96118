"""A fictional 2018-19 survey: templates submitted by the demo providers, and its aggregation,
so the analysis page shows figures after `make run`. The current year's survey is open."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from organisations.demo import PROVIDERS
from organisations.models import Provider
from portal.fiscal import current_fiscal_year
from portal.seeding import upsert_changes

from . import seed
from .models import (
    STAFF_FIELDS,
    AggregationResult,
    AggregationRun,
    CycleStatus,
    PDNeed,
    PDTemplate,
    SurveyCycle,
    Theme,
)
from .services import run_aggregation

# Runs after these apps' demo modules (portal.discovery).
AFTER = ("organisations", "pd_budget")

# provider index -> funding, can identify, can cost, needs (theme code or free text, people, cost)
ANSWERS = {
    0: (
        "4200",
        True,
        True,
        [("case-management", 6, "1800"), ("stress-burnout", 8, "1200"), ("counselling", 4, None)],
    ),
    2: ("5100", True, True, [("case-management", 5, "1500"), ("counselling", 3, "900")]),
    3: ("9800", True, True, [("case-management", 7, "2100"), ("mental-health", 4, "800")]),
    4: ("900", True, False, [("counselling", 2, None), ("Teaching literacy to adult learners", 2, None)]),
    5: ("1200", False, False, []),
}
# Demo Provider B (index 1) has not submitted: its staff see a draft to finish.


@transaction.atomic
def load_demo() -> dict[str, int]:
    seed.load_seed()
    themes = {t.code: t for t in Theme.objects.all()}
    providers = {i: Provider.objects.get(name=name) for i, (name, _j, _u) in enumerate(PROVIDERS)}
    cycle, created, fields = upsert_changes(
        SurveyCycle,
        fiscal_year=2018,
        defaults={
            "opens_on": datetime.date(2018, 9, 1),
            "closes_on": datetime.date(2018, 10, 31),
            "first_reminder_on": datetime.date(2018, 10, 1),
            "second_reminder_on": datetime.date(2018, 10, 24),
            "status": CycleStatus.CLOSED,
        },
    )
    changed = created or bool(fields)
    templates = 0
    for index, (funding, identify, cost, needs) in ANSWERS.items():
        defaults = {
            "status": "submitted",
            "submitted_at": datetime.datetime(2018, 10, 15, 12, tzinfo=timezone.get_current_timezone()),
            "current_pd_funding": Decimal(funding),
            "can_identify_needs": identify,
            "can_cost_needs": cost,
            **{f: n for f, n in zip(STAFF_FIELDS, (3, 4, 1, 1, 1, 1, 0, 1), strict=True)},
        }
        template, created, fields = upsert_changes(
            PDTemplate, cycle=cycle, provider=providers[index], defaults=defaults
        )
        changed = changed or created or bool(fields)
        wanted = [
            PDNeed(
                template=template,
                theme=themes.get(key),
                theme_text="" if key in themes else key,
                description="Demo need",
                people=people,
                estimated_cost=Decimal(amount) if amount else None,
                delivery="either",
                scope="regional" if key == "case-management" else "provincial",
            )
            for key, people, amount in needs
        ]
        # Replaced only when they differ: a second load deletes and writes nothing.
        if sorted(map(_need_key, template.needs.all())) != sorted(map(_need_key, wanted)):
            template.needs.all().delete()
            PDNeed.objects.bulk_create(wanted)
            changed = True
        templates += 1
    PDTemplate.objects.get_or_create(
        cycle=cycle, provider=providers[1], defaults={"current_pd_funding": Decimal("2000")}
    )
    current = current_fiscal_year()
    if current != 2018:
        today = timezone.localdate()
        SurveyCycle.objects.get_or_create(
            fiscal_year=current,
            defaults={
                "opens_on": today - datetime.timedelta(days=7),
                "closes_on": today + datetime.timedelta(days=45),
                "status": CycleStatus.OPEN,
                "opened_at": timezone.now(),
            },
        )
    # Aggregated here, in-process: one current result, computed again only when the demo answers
    # changed or no result exists yet (a second load starts no run).
    if changed or not AggregationResult.objects.filter(cycle=cycle).exists():
        run = AggregationRun.objects.create(cycle=cycle, heartbeat_at=timezone.now())
        transaction.on_commit(lambda: run_aggregation(run.pk))
    return {"survey cycles": SurveyCycle.objects.count(), "submitted templates": templates}


def _need_key(need: PDNeed) -> tuple:
    return (
        need.theme_id or 0,
        need.theme_text,
        need.description,
        need.people or 0,
        need.estimated_cost or Decimal(0),
        need.estimated_cost is None,
        need.delivery,
        need.scope,
    )
