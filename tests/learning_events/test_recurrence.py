"""Series with a recurrence rule: occurrences in the calendar, ONE RRULE event in the feed that a
calendar program (here recurring-ical-events) expands to the same days, exceptions cancelled or moved."""

import datetime

import pytest
import recurring_ical_events
from django.core.exceptions import ValidationError
from icalendar import Calendar

from learning_events import recurrence, services
from learning_events.models import EventSeries, LearningEvent, SeriesException
from portal.permissions import SYSTEM

D = datetime.date
QUARTERLY_THIRD_WEDNESDAYS = [D(2026, 1, 21), D(2026, 4, 15), D(2026, 7, 15), D(2026, 10, 21), D(2027, 1, 20)]


def test_quarterly_on_the_third_wednesday_by_hand():
    series = EventSeries(frequency="monthly", interval=3, ordinal=3, weekday=2, first_date=D(2026, 1, 21))
    assert recurrence.rule_dates(series, D(2026, 1, 1), D(2027, 1, 31)) == QUARTERLY_THIRD_WEDNESDAYS
    assert recurrence.ical_rule(series) == {"freq": "MONTHLY", "interval": 3, "byday": "+3WE"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"frequency": "monthly", "interval": 1, "first_date": D(2026, 1, 31)},
         [D(2026, 1, 31), D(2026, 3, 31)]),
        ({"frequency": "monthly", "interval": 1, "ordinal": -1, "weekday": 4, "first_date": D(2026, 1, 30)},
         [D(2026, 1, 30), D(2026, 2, 27), D(2026, 3, 27)]),
        ({"frequency": "weekly", "interval": 2, "weekday": 0, "first_date": D(2026, 3, 2)},
         [D(2026, 3, 2), D(2026, 3, 16), D(2026, 3, 30)]),
        ({"frequency": "yearly", "interval": 1, "ordinal": 2, "weekday": 1, "first_date": D(2026, 2, 10)},
         [D(2026, 2, 10)]),
        ({"frequency": "monthly", "interval": 1, "first_date": D(2026, 1, 15), "until": D(2026, 2, 15)},
         [D(2026, 1, 15), D(2026, 2, 15)]),
    ],
)  # fmt: skip
def test_rules_by_hand(fields, expected):
    """Monthly on the 31st skips short months (RFC 5545); last Friday; every other Monday; yearly."""
    series = EventSeries(**fields)
    assert recurrence.rule_dates(series, D(2026, 1, 1), D(2026, 3, 31)) == expected


pytestmark = pytest.mark.django_db


@pytest.fixture
def series(seeded):
    series = EventSeries.objects.get(slug="seniors-quarterly-calls")
    series.frequency, series.interval, series.ordinal, series.weekday = "monthly", 3, 3, 2
    series.first_date = D(2026, 1, 21)
    series.start_time, series.end_time = datetime.time(10, 0), datetime.time(11, 30)
    series.time_zone = "America/Winnipeg"
    return services.save_series(user=SYSTEM, instance=series)


def _exception(series, day, kind, new_date=None):
    return services.save_series_exception(
        user=SYSTEM, series=series, instance=SeriesException(original_date=day, kind=kind, new_date=new_date)
    )


def test_the_feed_carries_the_series_as_one_rrule_event_that_expands_to_the_right_days(
    series, client_for, provider_a_user
):
    _exception(series, D(2026, 4, 15), "cancelled")
    _exception(series, D(2026, 7, 15), "moved", D(2026, 7, 22))
    recorded = LearningEvent.objects.filter(series=series).first()
    recorded.precision, recorded.on_date, recorded.status = "day", D(2026, 10, 21), "planned"
    services.save_event(user=SYSTEM, instance=recorded)  # an event of the series records this one

    body = client_for(provider_a_user).get("/en/events/calendar.ics").content
    cal = Calendar.from_ical(body)
    uid = "series-seniors-quarterly-calls@pnt-settlement-portal"
    mine = [c for c in cal.walk("VEVENT") if str(c["UID"]) == uid]
    assert len([c for c in mine if "RRULE" in c]) == 1  # ONE event with the rule...
    assert len([c for c in mine if "RECURRENCE-ID" in c]) == 1  # ... and the moved occurrence's override
    rule = next(c for c in mine if "RRULE" in c)
    assert rule["RRULE"].to_ical() == b"FREQ=MONTHLY;INTERVAL=3;BYDAY=+3WE"

    expanded = recurring_ical_events.of(cal).between(D(2026, 1, 1), D(2027, 2, 1))
    starts = sorted(e.decoded("DTSTART") for e in expanded if str(e["UID"]) == uid)
    assert [s.date() for s in starts] == [D(2026, 1, 21), D(2026, 7, 22), D(2027, 1, 20)]
    # Winnipeg's clock all year: standard time in winter, daylight time in summer.
    assert [s.strftime("%H:%M %Z") for s in starts] == ["10:00 CST", "10:00 CDT", "10:00 CST"]
    # The recorded occurrence is in the feed once, as its own event.
    others = [e for e in expanded if str(e["UID"]) == f"{recorded.slug}@pnt-settlement-portal"]
    assert [e.decoded("DTSTART") for e in others] == [D(2026, 10, 21)]


def test_summer_occurrences_keep_local_time_across_daylight_saving(series, client_for, staff_user):
    cal = Calendar.from_ical(client_for(staff_user).get("/en/events/calendar.ics").content)
    expanded = recurring_ical_events.of(cal).between(D(2026, 7, 1), D(2026, 8, 1))
    (july,) = [e for e in expanded if str(e["UID"]).startswith("series-seniors")]
    start = july.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset().total_seconds() / 3600) == (10, 0, -5.0)  # CDT


def test_occurrences_appear_in_the_month_and_agenda(series, client_for, provider_a_user):
    _exception(series, D(2026, 7, 15), "moved", D(2026, 7, 22))
    client = client_for(provider_a_user)
    response = client.get("/en/events/month/?month=2026-07")
    cells = {c.day: c for week in response.context["weeks"] for c in week}
    (entry,) = [e for e in cells[D(2026, 7, 22)].entries if e.recurring]
    assert entry.title == "Seniors: quarterly calls" or "quarterly" in entry.title.lower()
    assert entry.time_label == "10:00–11:30 (Winnipeg time)"
    assert not [e for e in cells[D(2026, 7, 15)].entries if e.recurring]
    assert "moved from Wednesday 15 July 2026" in response.content.decode()
    response = client.get("/fr/events/?start=2026-01-01")
    days = {d.day: d for d in response.context["days"]}
    assert [e.time_label for e in days[D(2026, 1, 21)].entries if e.recurring] == [
        "10 h 00 – 11 h 30 (heure de Winnipeg)"
    ]
    response = client.get("/en/events/?start=2026-04-01")
    assert D(2026, 4, 15) in {d.day for d in response.context["days"]}  # not cancelled in this test


def test_an_exception_must_name_a_day_of_the_rule_once(series):
    with pytest.raises(ValidationError):
        _exception(series, D(2026, 4, 16), "cancelled")
    _exception(series, D(2026, 4, 15), "cancelled")
    with pytest.raises(ValidationError):
        _exception(series, D(2026, 4, 15), "moved", D(2026, 4, 22))
    assert SeriesException.objects.count() == 1


def test_staff_build_the_rule_with_the_form_and_undo_an_exception(seeded, client_for, staff_user):
    from groups.models import WorkingGroup

    client = client_for(staff_user)
    group = WorkingGroup.objects.get(slug="youth")
    response = client.post(
        "/en/events/series/new/",
        {
            "group": group.pk, "title_en": "Youth monthly call", "title_fr": "Appel mensuel : Jeunes",
            "cadence": "monthly", "format": "teleconference", "status": "planned", "frequency": "monthly",
            "interval": "1", "ordinal": "1", "weekday": "1", "first_date": "2026-02-03",
            "start_time": "13:00", "end_time": "14:00", "time_zone": "America/Regina",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    series = EventSeries.objects.get(title_en="Youth monthly call")
    assert recurrence.rule_dates(series, D(2026, 2, 1), D(2026, 4, 30)) == [
        D(2026, 2, 3), D(2026, 3, 3), D(2026, 4, 7),
    ]  # fmt: skip
    url = f"/en/events/series/{series.slug}/exceptions/new/"
    response = client.post(url, {"original_date": "2026-03-03", "kind": "moved"})
    assert response.status_code == 200 and "new_date" in response.context["form"].errors
    assert client.post(url, {"original_date": "2026-03-04", "kind": "cancelled"}).status_code == 200
    assert client.post(url, {"original_date": "2026-03-03", "kind": "cancelled"}).status_code == 302
    exception = SeriesException.objects.get(series=series)
    body = client.get(series.get_absolute_url()).content.decode()
    assert "Occurrences cancelled or moved" in body and "Undo" in body
    assert client.post(f"/en/events/series/exceptions/{exception.pk}/delete/").status_code == 302
    assert not SeriesException.objects.exists()
