"""Dates whose precision varies: a day, a month, a season, a fiscal year or a calendar year.

The seed writes "23 août 2017", "mars 2018", "automne 2018", "2019". An event stores its precision
and the anchor fields that precision needs, plus the earliest and latest day it can mean
(`starts_on`, `ends_on`), derived here, so sorting and filtering are plain database queries.

Seasons follow the Canadian astronomical convention, with fixed days so a range never depends on
the year's equinox: spring 20 March - 20 June, summer 21 June - 22 September, fall 23 September -
20 December, winter 21 December - 19 March. "Winter 2019" is the winter that ends in 2019
(21 December 2018 - 19 March 2019), as in "winter 2019 term".

Everything here is pure: no database, no active language (the language is an argument).
"""

import calendar
import datetime

from portal.fiscal import fiscal_year_bounds, fiscal_year_label


class Precision:
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    FISCAL_YEAR = "fiscal_year"
    YEAR = "year"
    UNDATED = "undated"


class Season:
    SPRING = "spring"
    SUMMER = "summer"
    FALL = "fall"
    WINTER = "winter"


# (first month, first day, last month, last day); winter's last day falls in the next year.
SEASON_BOUNDS = {
    Season.SPRING: (3, 20, 6, 20),
    Season.SUMMER: (6, 21, 9, 22),
    Season.FALL: (9, 23, 12, 20),
    Season.WINTER: (12, 21, 3, 19),
}

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}

SEASONS = {
    "en": {Season.SPRING: "spring", Season.SUMMER: "summer", Season.FALL: "fall", Season.WINTER: "winter"},
    "fr": {
        Season.SPRING: "printemps",
        Season.SUMMER: "été",
        Season.FALL: "automne",
        Season.WINTER: "hiver",
    },
}


def date_range(
    precision: str,
    *,
    on_date: datetime.date | None = None,
    year: int | None = None,
    month: int | None = None,
    season: str | None = None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The earliest and latest day a date of this precision can mean; (None, None) when undated.

    Raises ValueError when an anchor the precision needs is missing or out of range.
    """
    if precision == Precision.UNDATED:
        return None, None
    if precision == Precision.DAY:
        if on_date is None:
            raise ValueError("a day needs its date")
        return on_date, on_date
    if year is None:
        raise ValueError("this precision needs a year")
    if precision == Precision.MONTH:
        if month is None or not 1 <= month <= 12:
            raise ValueError("a month needs a month from 1 to 12")
        return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    if precision == Precision.SEASON:
        if season not in SEASON_BOUNDS:
            raise ValueError("unknown season")
        m1, d1, m2, d2 = SEASON_BOUNDS[season]
        if season == Season.WINTER:
            return datetime.date(year - 1, m1, d1), datetime.date(year, m2, d2)
        return datetime.date(year, m1, d1), datetime.date(year, m2, d2)
    if precision == Precision.FISCAL_YEAR:
        return fiscal_year_bounds(year)
    if precision == Precision.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise ValueError(f"unknown precision {precision!r}")


def format_date(
    precision: str,
    *,
    language: str = "en",
    on_date: datetime.date | None = None,
    year: int | None = None,
    month: int | None = None,
    season: str | None = None,
) -> str:
    """The date as the seed writes it: "23 August 2017" / "23 août 2017", "fall 2018" /
    "automne 2018", "March 2018" / "mars 2018", "2019", "2018-19"; "" when undated."""
    lang = "fr" if (language or "en")[:2] == "fr" else "en"
    if precision == Precision.UNDATED:
        return ""
    if precision == Precision.DAY and on_date is not None:
        day = "1er" if lang == "fr" and on_date.day == 1 else str(on_date.day)
        return f"{day} {MONTHS[lang][on_date.month - 1]} {on_date.year}"
    if precision == Precision.MONTH and year is not None and month:
        return f"{MONTHS[lang][month - 1]} {year}"
    if precision == Precision.SEASON and year is not None and season in SEASONS[lang]:
        return f"{SEASONS[lang][season]} {year}"
    if precision == Precision.FISCAL_YEAR and year is not None:
        return fiscal_year_label(year)
    if precision == Precision.YEAR and year is not None:
        return str(year)
    return ""


def format_period(start: datetime.date, end: datetime.date, *, language: str = "en") -> str:
    """A span of whole months: "November 2017 to March 2018" / "novembre 2017 à mars 2018"."""
    lang = "fr" if (language or "en")[:2] == "fr" else "en"
    first = f"{MONTHS[lang][start.month - 1]} {start.year}"
    last = f"{MONTHS[lang][end.month - 1]} {end.year}"
    if first == last:
        return first
    return f"{first} {'à' if lang == 'fr' else 'to'} {last}"
