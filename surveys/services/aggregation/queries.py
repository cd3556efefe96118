"""The survey's aggregation, part 1, the queries: per-provider rows (funding, FTEs, centre type)
and the common requests by theme, jurisdiction and centre type, from one `GROUP BY` over the needs."""

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
from django.db.models.functions import Coalesce, Lower, Trim

from ...models import (
    PDNeed,
    SurveyCycle,
    TemplateStatus,
    Theme,
)
from ...queries import provider_rows

CENTRE_TYPES = ("urban", "small", "north")


def _needs(cycle: SurveyCycle):
    return PDNeed.objects.filter(template__cycle=cycle, template__status=TemplateStatus.SUBMITTED).filter(
        Q(theme__isnull=False) | ~Q(theme_text="")
    )


def _centre_type_of_provider(centre_types: dict[int, str]):
    """The provider's centre type as a CASE over provider ids (PostgreSQL hashes the lists), decided
    once per provider in `provider_rows` rather than by a subquery for each of the needs."""
    by_type: dict[str, list[int]] = {}
    for provider_id, centre_type in centre_types.items():
        by_type.setdefault(centre_type or "", []).append(provider_id)
    return Case(
        *(When(template__provider_id__in=ids, then=Value(kind)) for kind, ids in sorted(by_type.items())),
        default=Value(""),
        output_field=CharField(),
    )


def _by_theme_jurisdiction_and_centre_type(cycle: SurveyCycle, centre_types: dict[int, str]) -> list[dict]:
    """The one pass over the needs: one GROUP BY (theme, other-theme text, jurisdiction, centre type).

    Each provider has one jurisdiction and one centre type, so its needs fall in one group per
    theme: the distinct providers of a group add up across groups like the other figures, and the
    totals by theme, by jurisdiction and by centre type are exact sums of these few rows (themes x
    jurisdictions x centre types, see `theme_rows`). Three passes over the needs took 5.5x one
    GROUP BY; this one takes about the same time as it.
    """
    other_text = Case(
        When(theme__isnull=True, then=Lower(Trim("theme_text"))), default=Value(""), output_field=CharField()
    )
    return list(
        _needs(cycle)
        .values(
            "theme_id",
            other=other_text,
            jurisdiction=F("template__provider__jurisdiction_id"),
            centre_type=_centre_type_of_provider(centre_types),
        )
        .annotate(
            providers=Count("template__provider_id", distinct=True),
            people=Coalesce(Sum("people"), 0),
            known_cost=Sum("estimated_cost"),
            unknown_costs=Count("pk", filter=Q(estimated_cost__isnull=True)),
            needs=Count("pk"),
            text=Min("theme_text"),
        )
        .order_by()
    )


FIGURES = ("providers", "people", "unknown_costs", "needs")


def _add(total: dict, row: dict) -> None:
    """Add a group's figures to a running total (figures that add up: see above)."""
    for name in FIGURES:
        total[name] += row[name]
    if row["known_cost"] is not None:
        total["known_cost"] = (total["known_cost"] or 0) + row["known_cost"]


def _total() -> dict:
    return {"providers": 0, "people": 0, "known_cost": None, "unknown_costs": 0, "needs": 0}


def theme_rows(cycle: SurveyCycle, *, centre_types: dict[int, str] | None = None) -> dict:
    """Common requests: per theme overall, by jurisdiction and by centre type; regional candidates.

    `centre_types` maps provider id to centre type (from `provider_rows`); without it, it is read.
    The totals are sums of the few rows of `_by_theme_jurisdiction_and_centre_type`.
    """
    if centre_types is None:
        centre_types = {row["provider_id"]: row["centre_type"] for row in provider_rows(cycle)}
    themes = {theme.pk: theme for theme in Theme.objects.only("pk", "code", "name_en", "name_fr", "order")}
    overall: dict[str, dict] = {}
    by_jurisdiction: dict[tuple[str, str], dict] = {}
    by_centre_type: dict[tuple[str, str], dict] = {}
    for row in _by_theme_jurisdiction_and_centre_type(cycle, centre_types):
        theme = themes.get(row["theme_id"])
        key = theme.code if theme else f"text:{row['other']}"
        jurisdiction, centre_type = row["jurisdiction"], row["centre_type"]
        if key not in overall:
            overall[key] = {
                "theme_key": key,
                **_total(),
                "jurisdictions": set(),
                "code": theme.code if theme else None,
                "name_en": theme.name_en if theme else None,
                "name_fr": theme.name_fr if theme else None,
                "text": row["text"],
                "order": theme.order if theme else None,
            }
        total = overall[key]
        _add(total, row)
        total["jurisdictions"].add(jurisdiction)
        if row["text"] is not None and (total["text"] is None or row["text"] < total["text"]):
            total["text"] = row["text"]
        _add(
            by_jurisdiction.setdefault(
                (key, jurisdiction), {"theme_key": key, "jurisdiction": jurisdiction, **_total()}
            ),
            row,
        )
        _add(
            by_centre_type.setdefault(
                (key, centre_type or ""), {"theme_key": key, "centre_type": centre_type or "", **_total()}
            ),
            row,
        )
    for total in overall.values():
        total["jurisdictions"] = len(total["jurisdictions"])
    ranked = sorted(overall.values(), key=lambda t: (-t["providers"], -t["people"], t["theme_key"]))
    # Regional candidates read the overall rows' counts: no second pass over the needs.
    regional = sorted(
        row["theme_key"]
        for row in ranked
        if row["providers"] >= settings.PD_REGIONAL_MIN_PROVIDERS
        and row["jurisdictions"] >= settings.PD_REGIONAL_MIN_JURISDICTIONS
    )
    return {
        "overall": ranked,
        "by_jurisdiction": [by_jurisdiction[k] for k in sorted(by_jurisdiction)],
        "by_centre_type": [by_centre_type[k] for k in sorted(by_centre_type)],
        "regional": regional,
    }
