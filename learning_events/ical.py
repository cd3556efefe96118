"""The iCalendar feeds and the "Add to my calendar" file of one event.

An event dated to the day is one event: all day (DTEND exclusive, RFC 5545, hence the day after
`ends_on`), or from its start to its end time in its own time zone (a VTIMEZONE is included), over
one day or several. The UID comes from the event's slug, which never changes, so calendar programs
update an event instead of adding a copy.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from . import fuzzy_dates
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


def _fuzzy_marker(item: Event, event, *, summary: str, language: str, base_url: str) -> Event:
    item.add("dtstart", event.starts_on)
    item.add("dtend", event.ends_on + datetime.timedelta(days=1))
    item.add("summary", summary)
    return _details(item, event, language=language, base_url=base_url)


def build_calendar(events, *, name: str, language: str, base_url: str = "") -> bytes:
    cal = new_calendar(name)
    for event in events:
        item = event_component(event, language=language, base_url=base_url)
        if item is not None:
            cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
