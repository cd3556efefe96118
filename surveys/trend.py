"""Equity over the surveyed years, pure: from each aggregated survey's stored figures, the per-FTE
medians by centre type and jurisdiction, the small-centre and North gap against urban centres, the
Gini over providers (each provider counts once) and over FTEs (each FTE counts once), and whether
PD funding per FTE is converging or diverging between the first and the latest surveyed year.

An unknown figure stays None (shown "unknown"), never zero."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from portal.fiscal import fiscal_year_label

from . import equity

CONVERGING, DIVERGING, UNCHANGED = "converging", "diverging", "unchanged"


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


@dataclass(frozen=True)
class YearEquity:
    fiscal_year: int
    providers: int  # with FTEs and a known PD funding
    medians: dict  # "overall", "urban", "small", "north", "small_north": Decimal | None
    jurisdictions: dict  # code -> Decimal | None
    gini: Decimal | None
    gini_fte: Decimal | None

    @property
    def label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def gap(self) -> Decimal | None:
        """Small centres and North against urban centres, as a share of the urban median."""
        return equity.gap(self.medians.get("small_north"), self.medians.get("urban"))


def year_equity(fiscal_year: int, *, providers: list[dict] | None, medians: dict | None, gini) -> YearEquity:
    """One year's figures from its stored aggregation (`providers`, `medians`, `gini`)."""
    medians = medians or {}
    by_type = medians.get("centre_type") or {}
    pairs = [
        (Decimal(p["per_fte"]), Decimal(p["fte"]))
        for p in providers or []
        if p.get("per_fte") is not None and p.get("fte") not in (None, "")
    ]
    return YearEquity(
        fiscal_year=fiscal_year,
        providers=len(pairs),
        medians={
            "overall": _decimal(medians.get("overall")),
            "urban": _decimal(by_type.get("urban")),
            "small": _decimal(by_type.get("small")),
            "north": _decimal(by_type.get("north")),
            "small_north": _decimal(medians.get("small_north")),
        },
        jurisdictions={code: _decimal(v) for code, v in (medians.get("jurisdiction") or {}).items()},
        gini=_decimal(gini),
        gini_fte=equity.weighted_gini(pairs),
    )


@dataclass(frozen=True)
class Direction:
    """Between the first and the latest surveyed year: the Gini over providers, and the gap."""

    first: YearEquity
    last: YearEquity
    kind: str  # converging, diverging or unchanged (by the Gini over providers)
    gap_narrowed: bool | None  # None when either year's gap is unknown


def direction(years: Iterable[YearEquity]) -> Direction | None:
    known = [y for y in years if y.gini is not None]
    if len(known) < 2:
        return None
    first, last = known[0], known[-1]
    if last.gini < first.gini:
        kind = CONVERGING
    elif last.gini > first.gini:
        kind = DIVERGING
    else:
        kind = UNCHANGED
    gap_narrowed = None
    if first.gap is not None and last.gap is not None:
        gap_narrowed = abs(last.gap) < abs(first.gap)
    return Direction(first=first, last=last, kind=kind, gap_narrowed=gap_narrowed)


def jurisdiction_codes(years: Iterable[YearEquity]) -> list[str]:
    return sorted({code for y in years for code in y.jurisdictions})
