"""The iCalendar feed: every dated event as an all-day event spanning the days its date can mean.

A day is one all-day event; "fall 2018" runs from 23 September to 20 December 2018. DTEND is
exclusive (RFC 5545), hence the day after `ends_on`. The UID comes from the event's slug, which
never changes, so calendar programs update an event instead of adding a copy.
"""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import EventFormat, EventStatus

UID_DOMAIN = "pnt-settlement-portal"
STATUS = {
    EventStatus.HELD: "CONFIRMED",
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.IN_PLANNING: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def build_calendar(events, *, name: str, language: str, base_url: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//IRCC PNT//Settlement working groups portal//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        if event.starts_on is None:
            continue
        item = Event()
        item.add("uid", f"{event.slug}@{UID_DOMAIN}")
        item.add("dtstamp", event.updated_at or timezone.now())
        item.add("dtstart", event.starts_on)
        item.add("dtend", event.ends_on + datetime.timedelta(days=1))
        item.add("summary", f"{event.group.name}: {event.title}" if event.group_id else str(event.title))
        item.add("status", STATUS.get(event.status, "CONFIRMED"))
        place = event.place_label
        if place:
            item.add("location", place)
        lines = [event.date_label_in(language), event.get_status_display()]
        if event.format != EventFormat.IN_PERSON:
            lines.append(str(event.get_format_display()))
        if event.series_id:
            lines.append(str(event.series.title))
        item.add("description", "\n".join(str(line) for line in lines if line))
        if base_url:
            item.add("url", base_url + event.get_absolute_url())
        cal.add_component(item)
    return cal.to_ical()
