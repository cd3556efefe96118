"""Scale data for `generate_scale_data`: the 2018 PD survey with 200 templates and 20,000 needs per
unit of scale (200,000 needs at scale 10). Bulk inserts, deterministic for a given random generator.
"""

import datetime
import random
from decimal import Decimal

from organisations.models import Provider
from portal.bulk import copy_rows

from .models import Delivery, PDNeed, PDTemplate, Scope, SurveyCycle, TemplateStatus, Theme

# Runs after these apps' scale modules (portal.discovery).
AFTER = ("pd_budget",)

NEEDS_PER_TEMPLATE = 100


def generate(*, scale: int, rng: random.Random) -> dict[str, int]:
    cycle, _ = SurveyCycle.objects.get_or_create(
        fiscal_year=2018,
        defaults={
            "opens_on": datetime.date(2018, 4, 1),
            "closes_on": datetime.date(2018, 6, 30),
            "status": "closed",
        },
    )
    themes = list(Theme.objects.values_list("pk", flat=True)) or [None]
    taken = set(PDTemplate.objects.filter(cycle=cycle).values_list("provider_id", flat=True))
    providers = [pk for pk in Provider.objects.order_by("pk").values_list("pk", flat=True) if pk not in taken]
    submitted = datetime.datetime(2018, 6, 15, 12, tzinfo=datetime.UTC)
    templates = []
    for provider_id in providers[: 200 * scale]:
        identify = rng.random() > 0.25
        templates.append(
            PDTemplate(
                cycle=cycle,
                provider_id=provider_id,
                status=TemplateStatus.SUBMITTED,
                submitted_at=submitted,
                current_pd_funding=Decimal(rng.randint(0, 400) * 50),
                practitioners_language=rng.randint(0, 10),
                practitioners_settlement=rng.randint(0, 20),
                coordinators_language=rng.randint(0, 3),
                coordinators_settlement=rng.randint(0, 5),
                managers_language=rng.randint(0, 2),
                managers_settlement=rng.randint(0, 3),
                other_language=rng.randint(0, 4),
                other_settlement=rng.randint(0, 4),
                can_identify_needs=identify,
                can_cost_needs=identify and rng.random() > 0.3,
            )
        )
    PDTemplate.objects.bulk_create(templates, batch_size=1000)
    template_ids = list(
        PDTemplate.objects.filter(cycle=cycle, provider_id__in=providers[: 200 * scale])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    deliveries, scopes = Delivery.values, Scope.values

    def needs():
        for template_id in template_ids:
            for k in range(NEEDS_PER_TEMPLATE):
                known = rng.random() > 0.3
                yield (
                    template_id,
                    rng.choice(themes),
                    "",
                    f"Training need {k + 1}",
                    rng.randint(1, 30),
                    Decimal(rng.randint(1, 80) * 25) if known else None,
                    rng.choice(deliveries),
                    rng.choice(scopes),
                )

    # COPY on PostgreSQL (portal/bulk.py): 2,000,000 needs at scale 100 in well under a minute.
    created = copy_rows(
        PDNeed,
        ["template", "theme", "theme_text", "description", "people", "estimated_cost", "delivery", "scope"],
        needs(),
    )
    return {"templates": len(template_ids), "needs": created}
