"""The survey's aggregation, part 1, the queries: per-provider rows (funding, FTEs, centre type)
and the common requests by theme, jurisdiction and centre type, from one query over the needs."""

from django.conf import settings
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Lower, Trim

from organisations.models import Provider

from ...models import (
    PDNeed,
    PDTemplate,
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


def _centre_type_of_provider(column: str, centre_types: dict[int, str]) -> tuple[str, list]:
    """The provider's centre type as a CASE over provider ids (PostgreSQL hashes the lists), decided
    once per provider in `provider_rows` rather than by a subquery for each of the needs."""
    by_type: dict[str, list[int]] = {}
    for provider_id, centre_type in centre_types.items():
        by_type.setdefault(centre_type or "", []).append(provider_id)
    whens, params = [], []
    for kind, ids in sorted(by_type.items()):
        whens.append(f"WHEN {column} IN ({', '.join(['%s'] * len(ids))}) THEN %s")
        params += [*ids, kind]
    return (f"CASE {' '.join(whens)} ELSE '' END" if whens else "''"), params


# The sums come back from the hand-written outer query without the ORM's converters: SQLite's as
# floats, rounded to its 15 digits as Django's own converter does; PostgreSQL's as Decimals.
_COST = DecimalField(max_digits=15, decimal_places=2)
_COLUMNS = (
    "theme_id",
    "other",
    "jurisdiction",
    "centre_type",
    "providers",
    "people",
    "known_cost",
    "unknown_costs",
    "needs",
    "text",
)


def _by_theme_jurisdiction_and_centre_type(cycle: SurveyCycle, centre_types: dict[int, str]) -> list[dict]:
    """The one pass over the needs: one GROUP BY (theme, other-theme text, jurisdiction, centre type).

    Each provider has one jurisdiction and one centre type, so its needs fall in one group per
    theme: the distinct providers of a group add up across groups like the other figures, and the
    totals by theme, by jurisdiction and by centre type are exact sums of these few rows (themes x
    jurisdictions x centre types, see `theme_rows`). Three passes over the needs took 5.5x one
    GROUP BY.

    The pass has two levels: the needs grouped by template (one provider) and theme, then those rows
    grouped by jurisdiction and centre type; each is one provider, so the providers are a plain
    count. Counting distinct providers in one level sorted every need on the four keys: 1.7x-1.9x
    the floor's GROUP BY. Grouped first by the needs' own template column, the outer level reads a
    fifth of the rows: 1.15x at scale 10, 1.4x at scale 100. The ORM writes the inner level; the
    outer one, a GROUP BY over a subquery, it cannot.
    """
    other_text = Case(
        When(theme__isnull=True, then=Lower(Trim("theme_text"))), default=Value(""), output_field=CharField()
    )
    per_template = (
        _needs(cycle)
        .values("template_id", "theme_id", other=other_text)
        .annotate(
            people=Sum("people"),
            known_cost=Sum("estimated_cost"),
            unknown_costs=Count("pk", filter=Q(estimated_cost__isnull=True)),
            needs=Count("pk"),
            text=Min("theme_text"),
        )
        .order_by()
    )
    inner, params = per_template.query.sql_with_params()
    connection = connections[per_template.db]
    quote = connection.ops.quote_name
    centre_type, centre_type_params = _centre_type_of_provider("t.provider_id", centre_types)
    sql = (
        f"SELECT g.theme_id, g.other, p.jurisdiction_id, {centre_type}, COUNT(*), COALESCE(SUM(g.people), 0),"
        " SUM(g.known_cost), SUM(g.unknown_costs), SUM(g.needs), MIN(g.text)"
        f" FROM ({inner}) g"
        f" JOIN {quote(PDTemplate._meta.db_table)} t ON t.id = g.template_id"
        f" JOIN {quote(Provider._meta.db_table)} p ON p.id = t.provider_id"
        " GROUP BY 1, 2, 3, 4"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*centre_type_params, *params])
        rows = [dict(zip(_COLUMNS, values, strict=True)) for values in cursor.fetchall()]
    for row in rows:
        for name in ("people", "unknown_costs", "needs"):
            row[name] = int(row[name])  # PostgreSQL sums integers to numeric
        row["known_cost"] = _COST.to_python(row["known_cost"])
    return rows


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
