"""Fiscal years: year N runs from April 1 of N to March 31 of N+1 and shows as "2018-19"."""

import datetime
import re
from collections.abc import Iterable

from django.utils import timezone

_LABEL = re.compile(r"^\s*(\d{4})\s*(?:[-/]\s*(\d{2}|\d{4}))?\s*$")


def fiscal_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def fiscal_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def current_fiscal_year() -> int:
    """The fiscal year of today in the portal's time zone (TIME_ZONE), the same for every page."""
    return fiscal_year_of(timezone.localdate())


def default_fiscal_year(available: Iterable[int] = ()) -> int:
    """The year a page opens on when none is asked for, the one rule for every page and card.

    `available`: the years that have what the page shows (the PD budget: the years with a policy).
    The current fiscal year when it is available (or when none is); else the latest available year
    before it; else the earliest one after it."""
    current = current_fiscal_year()
    years = sorted(set(available))
    if not years or current in years:
        return current
    earlier = [year for year in years if year < current]
    return earlier[-1] if earlier else years[0]


def fiscal_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def parse_fiscal_year(value) -> int:
    """Read a fiscal year written as its first year (2018) or its label (2018-19 or 2018-2019).

    Raises ValueError when the text is neither or the two years do not follow each other.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    else:
        match = _LABEL.match(str(value or ""))
        if not match:
            raise ValueError(value)
        year = int(match.group(1))
        second = match.group(2)
        if second is not None:
            expected = year + 1
            if int(second) not in (expected, expected % 100):
                raise ValueError(value)
    if not 1990 <= year <= 2100:
        raise ValueError(value)
    return year


def fiscal_year_choices(start: int = 2012, end: int | None = None) -> list[tuple[int, str]]:
    end = end or current_fiscal_year() + 2
    return [(year, fiscal_year_label(year)) for year in range(end, start - 1, -1)]
