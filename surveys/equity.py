"""The equity figures as pure functions over per-provider values: no database, Decimal only.

The aggregation gathers each provider's PD funding and FTEs in the database; these turn the
already-aggregated per-FTE list into medians, the Gini coefficient, the Lorenz curve and flags,
so they can be tested on hand-computed cases.
"""

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

CENTS = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
NON_URBAN = ("small", "north")  # the PD policy treats small centres and the North together

UNDER_FUNDED = "under-funded"
OVER_FUNDED = "over-funded"
SMALL_NORTH_BELOW_URBAN = "small-north-below-urban"
NEEDS_SUPPORT = "needs-support"
FLAG_KINDS = (UNDER_FUNDED, OVER_FUNDED, SMALL_NORTH_BELOW_URBAN, NEEDS_SUPPORT)


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
