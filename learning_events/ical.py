"""The iCalendar feeds and the "Add to my calendar" file of one event.

What the feeds hold (`/events/calendar.ics`, a group's, and the private subscription addresses):

- An event dated to the day is one event: all day (DTEND exclusive, RFC 5545, hence the day after
  `ends_on`), or from its start to its end time in its own time zone (a VTIMEZONE is included),
  over one day or several.
- A series with a recurrence rule is ONE event with RRULE, which the calendar program expands;
  EXDATE removes the occurrences cancelled and those an event of the series records (that event is
  in the feed on its own), and an override with RECURRENCE-ID puts a moved occurrence on its day.
- An event known only by its month, season or year ("fall 2018", "2019", "2018-19") is ONE all-day
  marker on the first day it can mean, its fuzzy date in the title ("[fall 2018, day not set]"),
  transparent (it never makes anyone look busy). Why not leave them out: the feed is where people
  plan, and a planned event that is missing there is missed; why not the whole range: a season or
  a year across every day of the calendar is a banner that hides the dated events and says
  something false (that the event lasts months). Events with no date at all are left out.

The UID comes from the event's slug (a series': "series-" and its slug), which never changes, so
calendar programs update an event instead of adding a copy.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from . import fuzzy_dates, recurrence
from .models import EventFormat, EventStatus

UID_DOMAIN = "pnt-settlement-portal"
STATUS = {
    EventStatus.HELD: "CONFIRMED",
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.IN_PLANNING: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//IRCC PNT//Settlement working groups portal//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _summary(event) -> str:
    return f"{event.group.name}: {event.title}" if event.group_id else str(event.title)


def _description(event, language: str) -> str:
    lines = [event.date_label_in(language), event.get_status_display()]
    if event.format != EventFormat.IN_PERSON:
        lines.append(str(event.get_format_display()))
    if event.join_url:
        lines.append(event.join_url)
    if event.join_details:
        lines.append(event.join_details)
    if event.series_id:
        lines.append(str(event.series.title))
    return "\n".join(str(line) for line in lines if line)


def event_component(event, *, language: str, base_url: str = "") -> Event | None:
    """The VEVENT of one event; None when it is not dated at all."""
    if event.starts_on is None:
        return None
    item = Event()
    item.add("uid", f"{event.slug}@{UID_DOMAIN}")
    item.add("dtstamp", event.updated_at or timezone.now())
    summary = _summary(event)
    if event.precision != fuzzy_dates.Precision.DAY:
        return _fuzzy_marker(item, event, summary=summary, language=language, base_url=base_url)
    if event.starts_at is not None:
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
    else:
        item.add("dtstart", event.starts_on)
        item.add("dtend", event.ends_on + datetime.timedelta(days=1))
    item.add("summary", summary)
    return _details(item, event, language=language, base_url=base_url)


def _details(item: Event, event, *, language: str, base_url: str) -> Event:
    item.add("status", STATUS.get(event.status, "CONFIRMED"))
    place = event.place_label
    if event.join_url and event.format != EventFormat.IN_PERSON and not event.city:
        place = event.join_url
    if place:
        item.add("location", place)
    item.add("description", _description(event, language))
    if base_url:
        item.add("url", base_url + event.get_absolute_url())
    return item


FUZZY_TITLE = {"en": "[{label}, day not set] {summary}", "fr": "[{label}, jour à fixer] {summary}"}


def _fuzzy_marker(item: Event, event, *, summary: str, language: str, base_url: str) -> Event:
    """One all-day marker on the first day a fuzzy date can mean, the fuzzy date in its title."""
    lang = "fr" if language[:2] == "fr" else "en"
    label = event.date_label_in(lang)
    item.add("dtstart", event.starts_on)
    item.add("dtend", event.starts_on + datetime.timedelta(days=1))
    item.add("summary", FUZZY_TITLE[lang].format(label=label, summary=summary))
    item.add("transp", "TRANSPARENT")
    return _details(item, event, language=language, base_url=base_url)


def series_components(series, *, language: str, base_url: str = "") -> list[Event]:
    """A series with a rule as ONE event with RRULE, which calendar programs expand: EXDATE for the
    occurrences cancelled and for those an event of the series records (that event is in the feed
    on its own), and an override with RECURRENCE-ID for each occurrence moved."""
    recur = recurrence.ical_rule(series)
    if recur is None:
        return []
    uid = f"series-{series.slug}@{UID_DOMAIN}"
    summary = f"{series.group.name}: {series.title}"
    lines = [str(series.get_cadence_display()), str(series.get_format_display()), str(series.notes or "")]
    url = base_url + series.get_absolute_url() if base_url else ""

    def component(day, end_day=None) -> Event:
        item = Event()
        item.add("uid", uid)
        item.add("dtstamp", timezone.now())
        item.add("dtstart", series.at(day, series.start_time))
        end_day = end_day or day
        if series.start_time is None:
            item.add("dtend", end_day + datetime.timedelta(days=1))
        else:
            item.add("dtend", series.at(end_day, series.end_time))
        item.add("summary", summary)
        item.add("status", STATUS.get(series.status, "CONFIRMED"))
        item.add("description", "\n".join(line for line in lines if line))
        if url:
            item.add("url", url)
        return item

    main = component(series.first_date)
    main.add("rrule", recur)
    exceptions = list(series.exceptions.all())
    excluded = sorted(
        {e.original_date for e in exceptions if e.kind == "cancelled"}
        | {e.on_date for e in series.occurrences.all() if e.on_date}
    )
    rule_days = set(recurrence.rule_dates(series, excluded[0], excluded[-1])) if excluded else set()
    for day in excluded:
        if day in rule_days:  # an EXDATE names an occurrence the rule gives
            main.add("exdate", series.at(day, series.start_time))
    items = [main]
    for exception in exceptions:
        if exception.kind == "moved":
            moved = component(exception.new_date)
            moved.add("recurrence-id", series.at(exception.original_date, series.start_time))
            items.append(moved)
    return items


def build_calendar(events, *, name: str, language: str, base_url: str = "", series=()) -> bytes:
    cal = new_calendar(name)
    for event in events:
        item = event_component(event, language=language, base_url=base_url)
        if item is not None:
            cal.add_component(item)
    for one in series:
        for item in series_components(one, language=language, base_url=base_url):
            cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
