"""How the calendar lays out its entries: a month grid of weeks, an agenda of days, and the lanes of
events not yet dated to the day.

An entry is an event dated to the day (one day or several), or an occurrence a series' recurrence
rule computes. Events known only by their month, season or year ("fall 2019", "2019") are never put
under a day or a month they may not fall in: they sit in a lane of their own, headed by that fuzzy
date. Everything here is pure: no database query, the language is an argument.
"""

import calendar as std_calendar
import datetime
from dataclasses import dataclass, field

from . import fuzzy_dates

WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
WEEKDAYS_SHORT = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "fr": ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
}

#: How many days the agenda shows at a time (about three months).
AGENDA_DAYS = 92


def _lang(language: str | None) -> str:
    return "fr" if (language or "en")[:2] == "fr" else "en"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def day_label(day: datetime.date, language: str, *, heading: bool = True) -> str:
    """ "Wednesday 17 June 2026" / "Mercredi 17 juin 2026" ("1er" for the first, in French); French
    keeps the weekday in lower case inside a sentence (`heading=False`)."""
    lang = _lang(language)
    date = fuzzy_dates.format_date(fuzzy_dates.Precision.DAY, language=lang, on_date=day)
    label = f"{WEEKDAYS[lang][day.weekday()]} {date}"
    return capitalise(label) if heading or lang == "en" else label


def month_label(year: int, month: int, language: str) -> str:
    """ "June 2026" / "Juin 2026"."""
    return capitalise(f"{fuzzy_dates.MONTHS[_lang(language)][month - 1]} {year}")


@dataclass
class Entry:
    """One line of the calendar: an event dated to the day, or an occurrence of a series."""

    first: datetime.date
    last: datetime.date
    title: str
    url: str
    status: str
    status_label: str
    group: str = ""
    place: str = ""
    time_label: str = ""
    series_title: str = ""
    series_url: str = ""
    #: Computed from the series' recurrence rule (no event record of its own yet).
    recurring: bool = False
    moved_from: datetime.date | None = None
    key: str = ""
    #: The last day and the original day, written in the page's language.
    last_label: str = ""
    moved_from_label: str = ""

    @property
    def several_days(self) -> bool:
        return self.last > self.first


@dataclass
class Day:
    day: datetime.date
    label: str
    entries: list = field(default_factory=list)
    in_month: bool = True
    is_today: bool = False
    #: Entries that started on an earlier day (a multi-day event) carry on here.
    continuing: list = field(default_factory=list)


def _sorted(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.first, e.time_label or "~", e.title, e.key))


def agenda_days(
    entries, *, first: datetime.date, last: datetime.date, today: datetime.date, language: str
) -> list[Day]:
    """The days from `first` to `last` that hold an entry, in order. An entry is listed under its
    first day, or under `first` when it began earlier and is still going on."""
    by_day: dict[datetime.date, Day] = {}
    for entry in _sorted(entries):
        if entry.last < first or entry.first > last:
            continue
        day = max(entry.first, first)
        slot = by_day.get(day)
        if slot is None:
            slot = by_day[day] = Day(day=day, label=day_label(day, language), is_today=day == today)
        (slot.continuing if entry.first < day else slot.entries).append(entry)
    return [by_day[d] for d in sorted(by_day)]


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, std_calendar.monthrange(year, month)[1])


def month_weeks(
    entries, *, year: int, month: int, first_weekday: int, today: datetime.date, language: str
) -> list[list[Day]]:
    """The month as weeks of seven days starting on `first_weekday` (0 = Monday); each day of the
    month holds the entries that start on it, and a multi-day entry carries on in the days it covers."""
    weeks = std_calendar.Calendar(firstweekday=first_weekday).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    cells = {
        d: Day(day=d, label=day_label(d, language), in_month=d.month == month, is_today=d == today)
        for week in weeks
        for d in week
    }
    for entry in _sorted(entries):
        if entry.last < start or entry.first > end:
            continue
        day = max(entry.first, start)
        while day <= min(entry.last, end):
            cell = cells[day]
            (cell.entries if day == entry.first else cell.continuing).append(entry)
            day += datetime.timedelta(days=1)
    return [[cells[d] for d in week] for week in weeks]


def weekday_headers(first_weekday: int, language: str) -> list[tuple[str, str]]:
    """(full name, short name) of the seven weekdays in the order the grid shows them."""
    lang = _lang(language)
    order = [(first_weekday + i) % 7 for i in range(7)]
    return [(capitalise(WEEKDAYS[lang][i]), capitalise(WEEKDAYS_SHORT[lang][i])) for i in order]


def fuzzy_lanes(events, *, language: str) -> list[dict]:
    """Events known by their month, season or year, one lane per fuzzy date ("fall 2019"), in the
    order of the earliest day each can mean; events not dated at all come last."""
    lanes: dict[str, dict] = {}
    undated = []
    for event in events:
        if event.starts_on is None:
            undated.append(event)
            continue
        label = event.date_label_in(language)
        lane = lanes.setdefault(
            label,
            {"label": capitalise(label), "first": event.starts_on, "last": event.ends_on, "events": []},
        )
        lane["events"].append(event)
    ordered = sorted(lanes.values(), key=lambda lane: (lane["first"], lane["last"], lane["label"]))
    if undated:
        ordered.append({"label": "", "first": None, "last": None, "events": undated})
    return ordered


def parse_month(value: str | None, *, today: datetime.date) -> tuple[int, int]:
    """ "2026-06" as (2026, 6); anything else (or a year outside 1990-2100) is this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if not 1990 <= year <= 2100:
        return today.year, today.month
    return year, month


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def parse_day(value: str | None, *, default: datetime.date) -> datetime.date:
    """ "2026-06-17" as a date; anything else (or a year outside 1990-2100) is `default`."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if 1990 <= day.year <= 2100 else default


def _clock(value: datetime.time, lang: str) -> str:
    """ "9:30" / "9 h 30" (French writes hours with "h")."""
    if lang == "fr":
        return f"{value.hour} h {value.minute:02d}"
    return f"{value.hour}:{value.minute:02d}"


def zone_city(time_zone: str) -> str:
    """ "America/Rankin_Inlet" -> "Rankin Inlet"; Ottawa's events keep Toronto's clock."""
    city = time_zone.rsplit("/", 1)[-1].replace("_", " ")
    return "Ottawa" if city == "Toronto" else city


def time_label(start: datetime.time | None, end: datetime.time | None, time_zone: str, language: str) -> str:
    """ "9:30–11:00 (Winnipeg time)" / "9 h 30 – 11 h 00 (heure de Winnipeg)"; "" without times."""
    if start is None:
        return ""
    lang = _lang(language)
    city = zone_city(time_zone)
    span = _clock(start, lang) if end is None else f"{_clock(start, lang)}–{_clock(end, lang)}"
    if lang == "fr":
        return f"{span.replace('–', ' – ')} (heure de {city})"
    return f"{span} ({city} time)"


def entry_for_event(event, *, language: str) -> Entry:
    """The calendar line of an event dated to the day (its group, series and place already loaded)."""
    return Entry(
        first=event.starts_on,
        last=event.ends_on,
        title=str(event.title),
        url=event.get_absolute_url(),
        status=event.status,
        status_label=str(event.get_status_display()),
        group=str(event.group.name) if event.group_id else "",
        place=event.place_label,
        series_title=str(event.series.title) if event.series_id else "",
        series_url=event.series.get_absolute_url() if event.series_id else "",
        key=event.slug,
        time_label=time_label(event.start_time, event.end_time, event.time_zone, language),
        last_label=day_label(event.ends_on, language, heading=False),
    )


def entry_for_occurrence(occurrence, *, language: str) -> Entry:
    """The calendar line of an occurrence a series' rule computes (no event record of its own)."""
    series = occurrence.series
    return Entry(
        first=occurrence.day,
        last=occurrence.day,
        title=str(series.title),
        url=series.get_absolute_url(),
        status=series.status,
        status_label=str(series.get_status_display()),
        group=str(series.group.name),
        place=str(series.get_format_display()),
        time_label=time_label(series.start_time, series.end_time, series.time_zone, language),
        recurring=True,
        moved_from=occurrence.moved_from,
        moved_from_label=day_label(occurrence.moved_from, language, heading=False)
        if occurrence.moved_from
        else "",
        key=f"{series.slug}-{occurrence.day.isoformat()}",
    )
