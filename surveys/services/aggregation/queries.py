"""The survey's aggregation, part 1, the queries: per-provider rows (funding, FTEs, centre type)
and the common requests by theme, jurisdiction and centre type, each one `GROUP BY` in the database."""

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Lower, Trim

from ...models import (
    PDNeed,
    SurveyCycle,
    TemplateStatus,
)
from ...queries import provider_rows

CENTRE_TYPES = ("urban", "small", "north")


def _needs(cycle: SurveyCycle):
    theme_key = Coalesce(
        F("theme__code"),
        Concat(Value("text:"), Lower(Trim("theme_text")), output_field=CharField()),
        output_field=CharField(),
    )
    return (
        PDNeed.objects.filter(template__cycle=cycle, template__status=TemplateStatus.SUBMITTED)
        .filter(Q(theme__isnull=False) | ~Q(theme_text=""))
        .annotate(theme_key=theme_key)
    )


def _theme_figures():
    return {
        "providers": Count("template__provider_id", distinct=True),
        "people": Coalesce(Sum("people"), 0),
        "known_cost": Sum("estimated_cost"),
        "unknown_costs": Count("pk", filter=Q(estimated_cost__isnull=True)),
        "needs": Count("pk"),
    }


def _centre_type_of_provider(centre_types: dict[int, str]):
    """The provider's centre type as a CASE over provider ids, decided once per provider (in
    `provider_rows`) rather than by a subquery for each of the needs."""
    by_type: dict[str, list[int]] = {}
    for provider_id, centre_type in centre_types.items():
        by_type.setdefault(centre_type or "", []).append(provider_id)
    return Case(
        *(When(template__provider_id__in=ids, then=Value(kind)) for kind, ids in sorted(by_type.items())),
        default=Value(""),
        output_field=CharField(),
    )


def theme_rows(cycle: SurveyCycle, *, centre_types: dict[int, str] | None = None) -> dict:
    """Common requests: per theme overall, by jurisdiction and by centre type; regional candidates.

    `centre_types` maps provider id to centre type (from `provider_rows`); without it, it is read.
    """
    if centre_types is None:
        centre_types = {row["provider_id"]: row["centre_type"] for row in provider_rows(cycle)}
    needs = _needs(cycle)
    overall = list(
        needs.values("theme_key")
        .annotate(
            **_theme_figures(),
            jurisdictions=Count("template__provider__jurisdiction_id", distinct=True),
            code=Min("theme__code"),
            name_en=Min("theme__name_en"),
            name_fr=Min("theme__name_fr"),
            text=Min("theme_text"),
            order=Min("theme__order"),
        )
        .order_by("-providers", "-people", "theme_key")
    )
    by_jurisdiction = list(
        needs.values("theme_key", jurisdiction=F("template__provider__jurisdiction_id"))
        .annotate(**_theme_figures())
        .order_by("theme_key", "jurisdiction")
    )
    by_centre_type = list(
        needs.annotate(centre_type=_centre_type_of_provider(centre_types))
        .values("theme_key", "centre_type")
        .annotate(**_theme_figures())
        .order_by("theme_key", "centre_type")
    )
    # Regional candidates read the overall rows' counts: no second pass over the needs.
    regional = sorted(
        row["theme_key"]
        for row in overall
        if row["providers"] >= settings.PD_REGIONAL_MIN_PROVIDERS
        and row["jurisdictions"] >= settings.PD_REGIONAL_MIN_JURISDICTIONS
    )
    return {
        "overall": overall,
        "by_jurisdiction": by_jurisdiction,
        "by_centre_type": by_centre_type,
        "regional": regional,
    }
