"""The fuzzy-date rule: an event's date has a precision (a day, a month, a season, a fiscal year,
a calendar year, or not set yet), and the table `RULES` below says, for each precision, which
anchors (`on_date`, `year`, `month`, `season`) must be set and which must be empty, how the earliest
and latest days are computed, and how the date reads in English and French.

Where the rule comes from: the seed document, which dates events "23 août 2017", "mars 2018",
"automne 2018", "2018-19" or "2019", or not yet. Everything that writes or checks an event's date
reads this table: the model's check constraints (`anchor_condition()`), the service
(`learning_events.services.apply_date`), the event form's validation (`missing_anchors()`), the seed
and the scale loader (`date_fields()`), and the admin import (through the service).

The seed writes "23 août 2017", "mars 2018", "automne 2018", "2019". An event stores its precision
and the anchor fields that precision needs, plus the earliest and latest day it can mean
(`starts_on`, `ends_on`), derived here, so sorting and filtering are plain database queries.

Seasons follow the Canadian astronomical convention, with fixed days so a range never depends on
the year's equinox: spring 20 March - 20 June, summer 21 June - 22 September, fall 23 September -
20 December, winter 21 December - 19 March. "Winter 2019" is the winter that ends in 2019
(21 December 2018 - 19 March 2019), as in "winter 2019 term".

Everything here is pure: no database query, no active language (the language is an argument).
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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


#: The fields an event's date is anchored by; each precision needs some and leaves the rest empty.
ANCHOR_FIELDS = ("on_date", "year", "month", "season")

#: What an anchor holds when it is not used (the season is a text field, so "", not None).
EMPTY = {"on_date": None, "year": None, "month": None, "season": ""}


def _lang(language: str | None) -> str:
    return "fr" if (language or "en")[:2] == "fr" else "en"


def _day_label(a: dict, lang: str) -> str:
    day = a["on_date"]
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number} {MONTHS[lang][day.month - 1]} {day.year}"


def _season_range(a: dict) -> tuple[datetime.date, datetime.date]:
    m1, d1, m2, d2 = SEASON_BOUNDS[a["season"]]
    first_year = a["year"] - 1 if a["season"] == Season.WINTER else a["year"]
    return datetime.date(first_year, m1, d1), datetime.date(a["year"], m2, d2)


def _month_range(a: dict) -> tuple[datetime.date, datetime.date]:
    y, m = a["year"], a["month"]
    return datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])


@dataclass(frozen=True)
class PrecisionRule:
    """One row of the rule: the anchors a precision needs (every other anchor stays empty), the
    earliest and latest day it means, how it reads, and what the form says when an anchor is missing."""

    precision: str
    needs: tuple[str, ...]
    days: Callable[[dict], tuple[datetime.date | None, datetime.date | None]]
    reads: Callable[[dict, str], str]
    #: The form's message for each needed anchor left blank, in the order the form shows them.
    missing: tuple[tuple[str, Promise], ...] = ()

    def empties(self) -> tuple[str, ...]:
        return tuple(f for f in ANCHOR_FIELDS if f not in self.needs)


_YEAR_MISSING = ("year", _("Enter the year of the event."))

#: The fuzzy-date rule, one row per precision.
RULES: dict[str, PrecisionRule] = {
    rule.precision: rule
    for rule in (
        # "23 August 2017" / "23 août 2017" ("1er" for the first): that one day.
        PrecisionRule(
            Precision.DAY,
            needs=("on_date",),
            days=lambda a: (a["on_date"], a["on_date"]),
            reads=_day_label,
            missing=(("on_date", _("Enter the day of the event.")),),
        ),
        # "March 2018" / "mars 2018": the first to the last day of the month.
        PrecisionRule(
            Precision.MONTH,
            needs=("year", "month"),
            days=_month_range,
            reads=lambda a, lang: f"{MONTHS[lang][a['month'] - 1]} {a['year']}",
            missing=(("month", _("Choose the month of the event.")), _YEAR_MISSING),
        ),
        # "fall 2018" / "automne 2018": the season's fixed days (SEASON_BOUNDS); winter N starts in N-1.
        PrecisionRule(
            Precision.SEASON,
            needs=("year", "season"),
            days=_season_range,
            reads=lambda a, lang: f"{SEASONS[lang][a['season']]} {a['year']}",
            missing=(("season", _("Choose the season of the event.")), _YEAR_MISSING),
        ),
        # "2018-19" in both languages: 1 April 2018 to 31 March 2019 (the year stored is the first).
        PrecisionRule(
            Precision.FISCAL_YEAR,
            needs=("year",),
            days=lambda a: fiscal_year_bounds(a["year"]),
            reads=lambda a, lang: fiscal_year_label(a["year"]),
            missing=(("year", _("Enter the first year of the fiscal year (2018 for 2018-19).")),),
        ),
        # "2019": 1 January to 31 December.
        PrecisionRule(
            Precision.YEAR,
            needs=("year",),
            days=lambda a: (datetime.date(a["year"], 1, 1), datetime.date(a["year"], 12, 31)),
            reads=lambda a, lang: str(a["year"]),
            missing=(_YEAR_MISSING,),
        ),
        # Not set yet: no anchor, no earliest or latest day, an empty label.
        PrecisionRule(Precision.UNDATED, needs=(), days=lambda a: (None, None), reads=lambda a, lang: ""),
    )
}


def _valid(field: str, value) -> bool:
    """Whether a needed anchor holds a usable value (a month from 1 to 12, a known season)."""
    if field == "month":
        return isinstance(value, int) and 1 <= value <= 12
    if field == "season":
        return value in SEASON_BOUNDS
    return value is not None


def _anchors(on_date=None, year=None, month=None, season=None) -> dict:
    return {"on_date": on_date, "year": year, "month": month, "season": season or ""}


def rule_for(precision: str) -> PrecisionRule:
    try:
        return RULES[precision]
    except KeyError:
        raise ValueError(f"unknown precision {precision!r}") from None


def date_range(
    precision: str,
    *,
    on_date: datetime.date | None = None,
    year: int | None = None,
    month: int | None = None,
    season: str | None = None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The earliest and latest day a date of this precision can mean; (None, None) when undated.

    Raises ValueError when an anchor the precision needs is missing or out of range (anchors it
    does not need are ignored here; `date_fields()` empties them).
    """
    rule = rule_for(precision)
    anchors = _anchors(on_date, year, month, season)
    for field in rule.needs:
        if not _valid(field, anchors[field]):
            raise ValueError(f"{precision} needs a valid {field}")
    return rule.days(anchors)


def date_fields(
    precision: str,
    *,
    on_date: datetime.date | None = None,
    year: int | None = None,
    month: int | None = None,
    season: str | None = None,
) -> dict:
    """Every date field of an event for this precision: the anchors it needs, the others emptied,
    and the derived `starts_on`/`ends_on`. Raises ValueError as `date_range()` does."""
    rule = rule_for(precision)
    given = _anchors(on_date, year, month, season)
    fields = {f: (given[f] if f in rule.needs else EMPTY[f]) for f in ANCHOR_FIELDS}
    fields["starts_on"], fields["ends_on"] = date_range(precision, **fields)
    return {"precision": precision, **fields}


def missing_anchors(precision: str | None, values: dict) -> list[tuple[str, Promise]]:
    """The form's errors for the anchors this precision needs and `values` leaves blank."""
    rule = RULES.get(precision)
    if rule is None:
        return []
    return [(field, message) for field, message in rule.missing if values.get(field) in (None, "")]


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
    "automne 2018", "March 2018" / "mars 2018", "2019", "2018-19"; "" when undated or incomplete."""
    rule = RULES.get(precision)
    anchors = _anchors(on_date, year, month, season)
    if rule is None or not all(_valid(f, anchors[f]) for f in rule.needs):
        return ""
    return rule.reads(anchors, _lang(language))


def _is_set(field: str) -> Q:
    if field == "month":
        # Not null as well: a check on NULL is unknown, which the database lets through.
        return Q(month__isnull=False, month__gte=1, month__lte=12)
    if field == "season":
        return Q(season__in=list(SEASON_BOUNDS))
    return Q(**{f"{field}__isnull": False})


def _is_empty(field: str) -> Q:
    if field == "season":
        return Q(season="")
    return Q(**{f"{field}__isnull": True})


def anchor_condition() -> Q:
    """The rule as a database condition: each precision has exactly the anchors it needs set and
    every other anchor empty; an undated event has no earliest or latest day."""
    condition = Q()
    for rule in RULES.values():
        row = Q(precision=rule.precision)
        for field in rule.needs:
            row &= _is_set(field)
        for field in rule.empties():
            row &= _is_empty(field)
        if not rule.needs:
            row &= Q(starts_on__isnull=True, ends_on__isnull=True)
        condition |= row
    return condition


def format_period(start: datetime.date, end: datetime.date, *, language: str = "en") -> str:
    """A span of whole months: "November 2017 to March 2018" / "novembre 2017 à mars 2018"."""
    lang = _lang(language)
    first = f"{MONTHS[lang][start.month - 1]} {start.year}"
    last = f"{MONTHS[lang][end.month - 1]} {end.year}"
    if first == last:
        return first
    return f"{first} {'à' if lang == 'fr' else 'to'} {last}"
