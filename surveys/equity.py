"""The equity rule of the PD survey: the four flags, their thresholds, the medians and the Gini
coefficient of PD funding per FTE, as pure functions over per-provider values (no database, Decimal
only), tested on hand-computed cases.

Where the rule comes from: the 2018 findings of the PD template analysis in the seed document,
which the analysis must be able to show from data: "PD funds are distributed inequitably" (the
Gini coefficient, 0 when equal and 1 when one provider has everything, and the under-funded /
over-funded flags: below `PD_EQUITY_UNDER_FACTOR` x or above `PD_EQUITY_OVER_FACTOR` x the
regional median per FTE, 0.5 and 2 by default, settings so IRCC staff can tune them);
"small-centre and Northern providers need more resources" (the small-north-below-urban flag,
small centres and the North taken together as the PD policy does); "many providers cannot identify
their PD needs or cost them" (the needs-support flag).

`surveys.services.aggregation` gathers each provider's funding and FTEs in the database and calls
these on the already-aggregated per-FTE list.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CENTS = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
NON_URBAN = ("small", "north")  # the PD policy treats small centres and the North together

UNDER_FUNDED = "under-funded"
OVER_FUNDED = "over-funded"
SMALL_NORTH_BELOW_URBAN = "small-north-below-urban"
NEEDS_SUPPORT = "needs-support"
FLAG_KINDS = (UNDER_FUNDED, OVER_FUNDED, SMALL_NORTH_BELOW_URBAN, NEEDS_SUPPORT)

#: The thresholds' defaults, as multiples of the regional median per FTE (settings override them).
DEFAULT_UNDER_FACTOR = Decimal("0.5")
DEFAULT_OVER_FACTOR = Decimal("2")


def under_factor() -> Decimal:
    """Below this multiple of the regional median per FTE a provider is flagged under-funded."""
    return Decimal(str(getattr(settings, "PD_EQUITY_UNDER_FACTOR", DEFAULT_UNDER_FACTOR)))


def over_factor() -> Decimal:
    """Above this multiple of the regional median per FTE a provider is flagged over-funded."""
    return Decimal(str(getattr(settings, "PD_EQUITY_OVER_FACTOR", DEFAULT_OVER_FACTOR)))


def money(value: Decimal | None) -> str | None:
    """Money as the text the JSON carries: rounded once, half up, to cents ("1234.50")."""
    return None if value is None else str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


def ratio(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def median(values: Iterable[Decimal]) -> Decimal | None:
    """The middle value (mean of the two middle ones for an even count); None for no values."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def gini(values: Sequence[Decimal]) -> Decimal | None:
    """G = sum over all pairs i, j of |x_i - x_j| / (2 n^2 mean(x)); 0 when everyone has nothing.

    Computed on the sorted values: sum_i sum_j |x_i - x_j| = 2 sum_i (2i - n - 1) x_(i), i from 1.
    """
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    total = sum(ordered, Decimal(0))
    if total == 0:
        return Decimal(0)
    weighted = sum(((2 * i - n - 1) * x for i, x in enumerate(ordered, start=1)), Decimal(0))
    # 2 * weighted / (2 n^2 mean) with mean = total / n
    return weighted / (n * total)


def weighted_gini(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The Gini of (value, weight) pairs, each value counted `weight` times (an FTE-weighted Gini
    counts each provider's per-FTE funding once per FTE): sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean),
    with the weighted mean; equal to `gini` when every weight is 1. Zero weights are left out."""
    ordered = sorted((x, w) for x, w in pairs if w > 0)
    if not ordered:
        return None
    total_weight = sum((w for _x, w in ordered), Decimal(0))
    total_value = sum((x * w for x, w in ordered), Decimal(0))
    if total_value == 0:
        return Decimal(0)
    pairs_sum, weight_before, value_before = Decimal(0), Decimal(0), Decimal(0)
    for x, w in ordered:
        # every pair (earlier i, this j) adds w_i w_j (x_j - x_i): the sorted order makes it positive
        pairs_sum += w * (x * weight_before - value_before)
        weight_before += w
        value_before += x * w
    return pairs_sum / (total_weight * total_value)


def gap(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    """How far `value` is from `reference`, as a share of it (-0.54: 54 % less); None if unknown."""
    if value is None or reference is None or reference == 0:
        return None
    return (value - reference) / reference


def lorenz(values: Sequence[Decimal]) -> list[tuple[Decimal, Decimal]]:
    """The Lorenz curve's points: (share of providers, share of the per-FTE total), from (0, 0)."""
    ordered = sorted(values)
    n = len(ordered)
    total = sum(ordered, Decimal(0))
    points = [(Decimal(0), Decimal(0))]
    running = Decimal(0)
    for i, x in enumerate(ordered, start=1):
        running += x
        points.append((Decimal(i) / n, running / total if total else Decimal(i) / n))
    return points


def funding_flags(
    per_fte: dict[str, Decimal], *, regional_median: Decimal | None, under: Decimal, over: Decimal
) -> list[tuple[str, str]]:
    """(provider, kind) for providers below `under` x or above `over` x the regional median per FTE."""
    if regional_median is None:
        return []
    flags = []
    for provider, value in per_fte.items():
        if value < under * regional_median:
            flags.append((provider, UNDER_FUNDED))
        elif value > over * regional_median:
            flags.append((provider, OVER_FUNDED))
    return flags


def small_north_below_urban(*, small_north_median: Decimal | None, urban_median: Decimal | None) -> bool:
    """True when small-centre and Northern providers' median per FTE is below the urban one."""
    if small_north_median is None or urban_median is None:
        return False
    return small_north_median < urban_median


def equity_flags(
    per_fte: Mapping[str, Decimal],
    *,
    small_north: Sequence[Decimal],
    urban: Sequence[Decimal],
    needs_support: Iterable[str],
    under: Decimal,
    over: Decimal,
) -> list[dict]:
    """The four flags, in the order of `FLAG_KINDS` then by provider: under- and over-funded
    providers (against the regional median of `per_fte`), small centres and the North below the
    urban median (one flag for the region, provider None), and each provider in `needs_support`
    (those that said they cannot identify or cannot cost their PD needs)."""
    flags = [
        {"provider": name, "kind": kind}
        for name, kind in funding_flags(
            per_fte, regional_median=median(per_fte.values()), under=under, over=over
        )
    ]
    if small_north_below_urban(small_north_median=median(small_north), urban_median=median(urban)):
        flags.append({"provider": None, "kind": SMALL_NORTH_BELOW_URBAN})
    flags.extend({"provider": name, "kind": NEEDS_SUPPORT} for name in needs_support)
    flags.sort(key=lambda f: (FLAG_KINDS.index(f["kind"]), f["provider"] or ""))
    return flags
