"""The survey's aggregation, part 2, the figures: the cycle's result (providers, per FTE, medians,
Gini, Lorenz, flags, themes) from the queries' rows and the equity rule (`surveys/equity.py`)."""

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from ... import equity
from ...models import (
    SurveyCycle,
)
from . import queries
from .queries import CENTRE_TYPES


def _theme_label(row: dict) -> str:
    return row["name_en"] or (row["text"] or "").strip()


def _figures(row: dict) -> dict:
    return {
        "providers": row["providers"],
        "people": row["people"],
        # None when every need of the row has an unknown cost: "unknown", never $0.00.
        "known_cost": equity.money(row["known_cost"]),
        "unknown_costs": row["unknown_costs"],
        "needs": row["needs"],
    }


def aggregate_survey(cycle: SurveyCycle, *, on_progress: Callable[[int, str], None] | None = None) -> dict:
    """Compute the cycle's figures from its submitted templates (reads only; see run_aggregation)."""
    progress = on_progress or (lambda percent, step: None)
    progress(10, "providers")
    rows = queries.provider_rows(cycle)
    providers = []
    per_fte: dict[str, Decimal] = {}
    by_type: dict[str, list[Decimal]] = defaultdict(list)
    by_jurisdiction: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:  # one row per provider, already aggregated
        fte = row["fte"] or Decimal(0)
        funding = row["current_pd_funding"]
        value = funding / fte if fte > 0 and funding is not None else None
        name = row["provider__name"]
        providers.append(
            {
                "provider_id": row["provider_id"],
                "template_id": row["pk"],
                "name": name,
                "jurisdiction": row["provider__jurisdiction_id"],
                "centre_type": row["centre_type"],
                "funding": equity.money(funding),
                "fte": str(fte.quantize(equity.CENTS)),
                "per_fte": equity.money(value),
                "can_identify_needs": row["can_identify_needs"],
                "can_cost_needs": row["can_cost_needs"],
            }
        )
        if value is not None:
            per_fte[name] = value
            by_type[row["centre_type"]].append(value)
            by_jurisdiction[row["provider__jurisdiction_id"]].append(value)
    progress(40, "themes")
    themes = queries.theme_rows(cycle, centre_types={row["provider_id"]: row["centre_type"] for row in rows})
    progress(70, "equity")
    values = list(per_fte.values())
    regional_median = equity.median(values)
    small_north = [v for t in equity.NON_URBAN for v in by_type.get(t, [])]
    medians = {
        "overall": equity.money(regional_median),
        "centre_type": {t: equity.money(equity.median(by_type.get(t, []))) for t in CENTRE_TYPES},
        "small_north": equity.money(equity.median(small_north)),
        "jurisdiction": {j: equity.money(equity.median(v)) for j, v in sorted(by_jurisdiction.items())},
    }
    flags = equity.equity_flags(
        per_fte,
        small_north=small_north,
        urban=by_type.get("urban", []),
        needs_support=[
            row["name"]
            for row in providers
            if row["can_identify_needs"] is False or row["can_cost_needs"] is False
        ],
        under=equity.under_factor(),
        over=equity.over_factor(),
    )
    gini = equity.gini(values)
    labels = {row["theme_key"]: _theme_label(row) for row in themes["overall"]}
    return {
        "fiscal_year": cycle.fiscal_year,
        "templates": len(rows),
        "providers": providers,
        "per_fte": {name: equity.money(v) for name, v in sorted(per_fte.items())},
        "medians": medians,
        "gini": str(equity.ratio(gini)) if gini is not None else None,
        "lorenz": [[str(equity.ratio(x)), str(equity.ratio(y))] for x, y in equity.lorenz(values)],
        "flags": flags,
        "themes": [
            {
                "key": row["theme_key"],
                "code": row["code"],
                "name_en": row["name_en"] or _theme_label(row),
                "name_fr": row["name_fr"] or _theme_label(row),
                "jurisdictions": row["jurisdictions"],
                "regional": row["theme_key"] in themes["regional"],
                **_figures(row),
            }
            for row in themes["overall"]
        ],
        "themes_by_jurisdiction": [
            {"key": row["theme_key"], "jurisdiction": row["jurisdiction"], **_figures(row)}
            for row in themes["by_jurisdiction"]
        ],
        "themes_by_centre_type": [
            {"key": row["theme_key"], "centre_type": row["centre_type"], **_figures(row)}
            for row in themes["by_centre_type"]
        ],
        "regional_themes": sorted(labels.get(key, key) for key in themes["regional"]),
        "settings": {"under_factor": str(equity.under_factor()), "over_factor": str(equity.over_factor())},
    }


def command_json(data: dict) -> dict:
    """The `aggregate_pd_survey --json` shape: fiscal year, Gini, per FTE, flags, regional themes."""
    return {
        "fiscal_year": data["fiscal_year"],
        "gini": float(data["gini"]) if data["gini"] is not None else None,
        "per_fte": data["per_fte"],
        "flags": [{"provider": f["provider"], "kind": f["kind"]} for f in data["flags"]],
        "regional_themes": data["regional_themes"],
    }
