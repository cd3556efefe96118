"""Cross-jurisdiction consistency of contribution agreements (the seed's first reason for the
groups: agreements for similar programs were inconsistent across the five jurisdictions), pure.

Comparable agreements: those of the same stream (language, settlement) and fiscal year; the
agreements record no group or kind of program, so the stream is the finest comparison the data
allows. A provider's agreements of one stream are taken together (its FTEs serve all of them):
agreement amount per FTE = the stream's agreements' total / the provider's FTEs in that stream. Its
PD allocation per FTE = its base PD allocation / all its FTEs.

The outlier rule is robust: a value more than `MADS` median absolute deviations from the median of
its comparable values (at least `MIN_COMPARABLE` of them) is flagged; when the deviation is zero
(most values equal), any value that differs from the median is flagged.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from surveys import equity

MADS = Decimal("3")
MIN_COMPARABLE = 4


@dataclass(frozen=True)
class Spread:
    median: Decimal | None
    mad: Decimal | None
    count: int

    def deviations(self, value: Decimal | None) -> Decimal | None:
        """How many MADs `value` is from the median (None when unknown or the MAD is zero)."""
        if value is None or self.median is None or not self.mad:
            return None
        return (value - self.median) / self.mad

    def is_outlier(self, value: Decimal | None) -> bool:
        if value is None or self.median is None or self.count < MIN_COMPARABLE:
            return False
        if not self.mad:
            return value != self.median
        return abs(value - self.median) > MADS * self.mad


def spread(values: Iterable[Decimal]) -> Spread:
    known = [v for v in values if v is not None]
    middle = equity.median(known)
    if middle is None:
        return Spread(None, None, 0)
    return Spread(middle, equity.median(abs(v - middle) for v in known), len(known))


@dataclass
class Unit:
    """One provider's agreements of one stream in one fiscal year, with what it is compared on."""

    provider_id: int
    provider: str
    jurisdiction: str
    centre_type: str
    stream: str
    amount: Decimal
    agreements: int
    stream_fte: Decimal
    allocation: Decimal | None = None
    total_fte: Decimal = Decimal(0)
    amount_outlier: bool = False
    allocation_outlier: bool = False
    amount_deviations: Decimal | None = None
    allocation_deviations: Decimal | None = None

    @cached_property
    def amount_per_fte(self) -> Decimal | None:
        return self.amount / self.stream_fte if self.stream_fte > 0 else None

    @cached_property
    def allocation_per_fte(self) -> Decimal | None:
        if self.allocation is None or self.total_fte <= 0:
            return None
        return self.allocation / self.total_fte


@dataclass
class Cell:
    jurisdiction: str
    centre_type: str
    units: list[Unit] = field(default_factory=list)

    @cached_property
    def amount_median(self) -> Decimal | None:
        return equity.median(u.amount_per_fte for u in self.units if u.amount_per_fte is not None)

    @cached_property
    def allocation_median(self) -> Decimal | None:
        return equity.median(u.allocation_per_fte for u in self.units if u.allocation_per_fte is not None)

    @cached_property
    def outliers(self) -> int:
        return sum(1 for u in self.units if u.amount_outlier or u.allocation_outlier)


@dataclass
class Comparison:
    stream: str
    units: list[Unit]
    amount: Spread
    allocation: Spread
    cells: list[Cell]
    jurisdictions: list[dict]  # {"code", "amount_median", "allocation_median", "units"}

    @cached_property
    def outliers(self) -> list[Unit]:
        return [u for u in self.units if u.amount_outlier or u.allocation_outlier]


def compare(units: list[Unit], *, stream: str, jurisdiction_order: Iterable[str] = ()) -> Comparison:
    """Flag each unit against the median of its comparable units (same stream and year), then
    group by jurisdiction and centre type."""
    amount = spread(u.amount_per_fte for u in units)
    allocation = spread(u.allocation_per_fte for u in units)
    for u in units:
        u.amount_outlier = amount.is_outlier(u.amount_per_fte)
        u.allocation_outlier = allocation.is_outlier(u.allocation_per_fte)
        u.amount_deviations = amount.deviations(u.amount_per_fte)
        u.allocation_deviations = allocation.deviations(u.allocation_per_fte)
    cells: dict[tuple[str, str], Cell] = {}
    by_jurisdiction: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        cells.setdefault((u.jurisdiction, u.centre_type), Cell(u.jurisdiction, u.centre_type)).units.append(u)
        by_jurisdiction[u.jurisdiction].append(u)
    order = list(jurisdiction_order)
    codes = [c for c in order if c in by_jurisdiction] + sorted(c for c in by_jurisdiction if c not in order)
    jurisdictions = [
        {
            "code": code,
            "units": len(by_jurisdiction[code]),
            "amount_median": equity.median(
                u.amount_per_fte for u in by_jurisdiction[code] if u.amount_per_fte is not None
            ),
            "allocation_median": equity.median(
                u.allocation_per_fte for u in by_jurisdiction[code] if u.allocation_per_fte is not None
            ),
        }
        for code in codes
    ]
    ordered_cells = sorted(
        cells.values(),
        key=lambda c: (
            codes.index(c.jurisdiction),
            ("urban", "small", "north", "").index(c.centre_type)
            if c.centre_type in ("urban", "small", "north", "")
            else 9,
        ),
    )
    return Comparison(stream, units, amount, allocation, ordered_cells, jurisdictions)
