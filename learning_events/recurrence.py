"""A series' recurrence rule: computed with dateutil.rrule (the calendar views) and written as an
RFC 5545 RRULE (the feeds), both from the same fields, so a calendar program expands the feed to
the days the portal shows. Exceptions: an occurrence cancelled (EXDATE) or moved (RECURRENCE-ID)."""

import datetime
from dataclasses import dataclass

from dateutil import rrule

FREQ = {"weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY, "yearly": rrule.YEARLY}
WEEKDAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _byweekday(series):
    if series.weekday is None:
        return None
    day = WEEKDAYS[series.weekday]
    return day(series.ordinal) if series.ordinal and series.frequency != "weekly" else day


def rule(series) -> rrule.rrule | None:
    """The dateutil rule of the series; None when it has no fixed rule."""
    if not series.frequency or series.first_date is None:
        return None
    kwargs = {"dtstart": datetime.datetime.combine(series.first_date, datetime.time())}
    kwargs["interval"] = series.interval or 1
    if series.until:
        kwargs["until"] = datetime.datetime.combine(series.until, datetime.time())
    weekday = _byweekday(series)
    if weekday is not None:
        kwargs["byweekday"] = weekday
        if series.frequency == "yearly":
            kwargs["bymonth"] = series.first_date.month
    return rrule.rrule(FREQ[series.frequency], **kwargs)


def ical_rule(series) -> dict | None:
    """The same rule as an icalendar vRecur mapping (FREQ, INTERVAL, BYDAY, BYMONTH, UNTIL)."""
    if rule(series) is None:
        return None
    recur: dict = {"freq": series.frequency.upper(), "interval": series.interval or 1}
    if series.weekday is not None:
        day = ICAL_DAYS[series.weekday]
        ordinal = series.ordinal if series.ordinal and series.frequency != "weekly" else None
        recur["byday"] = f"{ordinal:+d}{day}" if ordinal else day
        if series.frequency == "yearly":
            recur["bymonth"] = series.first_date.month
    if series.until:
        recur["until"] = series.at(series.until, series.end_time and datetime.time(23, 59, 59))
        if isinstance(recur["until"], datetime.datetime):
            recur["until"] = recur["until"].astimezone(datetime.UTC)
    return recur


def rule_dates(series, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The days the rule gives between `first` and `last` (before any exception)."""
    computed = rule(series)
    if computed is None:
        return []
    start = datetime.datetime.combine(first, datetime.time())
    end = datetime.datetime.combine(last, datetime.time())
    return [moment.date() for moment in computed.between(start, end, inc=True)]


@dataclass(frozen=True)
class Occurrence:
    series: object
    day: datetime.date
    #: The day the rule gave, when the occurrence was moved to `day`.
    moved_from: datetime.date | None = None


def occurrences(
    series, first: datetime.date, last: datetime.date, *, exceptions=(), claimed=frozenset()
) -> list[Occurrence]:
    """The series' occurrences between two days: the rule's days, less those cancelled and those an
    event of the series already records (`claimed`), with moved ones on their new day."""
    by_day = {e.original_date: e for e in exceptions}
    # A moved occurrence may land in the window from a rule day outside it: look a year either side.
    margin = datetime.timedelta(days=366)
    result = []
    for day in rule_dates(series, first - margin, last + margin):
        if day in claimed:
            continue
        exception = by_day.get(day)
        if exception is not None and exception.kind == "cancelled":
            continue
        if exception is not None and exception.kind == "moved":
            if first <= exception.new_date <= last:
                result.append(Occurrence(series, exception.new_date, moved_from=day))
            continue
        if first <= day <= last:
            result.append(Occurrence(series, day))
    return sorted(result, key=lambda o: o.day)
