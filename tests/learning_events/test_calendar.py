"""The calendar's layout (month grid, agenda, "not yet dated" lanes) and its agenda and month pages."""

import datetime

import pytest

from learning_events import calendar
from learning_events.calendar import Entry
from learning_events.models import LearningEvent

D = datetime.date


def entry(first, last=None, title="x", status="planned"):
    return Entry(first=first, last=last or first, title=title, url="/x/", status=status, status_label=status)


# --- Pure layout -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first_weekday", "language", "first_header", "first_cell"),
    [
        (6, "en", ("Sunday", "Sun"), D(2026, 5, 31)),  # June 2026 starts on a Monday
        (0, "fr", ("Lundi", "Lun."), D(2026, 6, 1)),
    ],
)
def test_month_grid_starts_on_the_languages_first_weekday(first_weekday, language, first_header, first_cell):
    weeks = calendar.month_weeks(
        [], year=2026, month=6, first_weekday=first_weekday, today=D(2026, 6, 17), language=language
    )
    assert calendar.weekday_headers(first_weekday, language)[0] == first_header
    assert weeks[0][0].day == first_cell
    assert all(len(week) == 7 for week in weeks)
    today = [cell for week in weeks for cell in week if cell.is_today]
    assert [c.day for c in today] == [D(2026, 6, 17)]
    assert not weeks[0][0].in_month or first_cell.month == 6


def test_a_multi_day_event_fills_each_day_it_covers():
    three = entry(D(2026, 6, 29), D(2026, 7, 1), "Summit")
    weeks = calendar.month_weeks(
        [three], year=2026, month=6, first_weekday=0, today=D(2026, 1, 1), language="en"
    )
    cells = {c.day: c for w in weeks for c in w}
    assert cells[D(2026, 6, 29)].entries == [three]
    assert cells[D(2026, 6, 30)].continuing == [three] and cells[D(2026, 6, 30)].entries == []
    assert cells[D(2026, 7, 1)].continuing == [three]  # the grid's last row shows July's first days
    assert cells[D(2026, 6, 28)].entries == cells[D(2026, 6, 28)].continuing == []


def test_agenda_lists_days_in_order_and_an_ongoing_event_under_the_first_day():
    ongoing = entry(D(2026, 5, 30), D(2026, 6, 2), "Ongoing")
    later, sooner = entry(D(2026, 6, 20), title="B"), entry(D(2026, 6, 3), title="A")
    outside = entry(D(2026, 9, 30))
    days = calendar.agenda_days(
        [later, outside, sooner, ongoing], first=D(2026, 6, 1), last=D(2026, 8, 31), today=D(2026, 6, 1),
        language="fr",
    )  # fmt: skip
    assert [d.day for d in days] == [D(2026, 6, 1), D(2026, 6, 3), D(2026, 6, 20)]
    assert days[0].continuing == [ongoing] and days[0].is_today
    assert days[0].label == "Lundi 1er juin 2026"
    assert days[1].label == "Mercredi 3 juin 2026"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-06", (2026, 6)),
        ("2026-13", (2026, 12)),
        ("x", (2026, 12)),
        ("1200-01", (2026, 12)),
        (None, (2026, 12)),
    ],
)
def test_month_parameter_falls_back_to_this_month(value, expected):
    assert calendar.parse_month(value, today=D(2026, 12, 1)) == expected


def test_day_labels_in_both_languages():
    assert calendar.day_label(D(2026, 12, 1), "en") == "Tuesday 1 December 2026"
    assert calendar.day_label(D(2026, 12, 1), "fr") == "Mardi 1er décembre 2026"
    assert calendar.month_label(2026, 8, "fr") == "Août 2026"


# --- Pages ---------------------------------------------------------------------------------------
pytestmark = pytest.mark.django_db


@pytest.fixture
def case_management(seeded):
    """A group of its own (the seed's events belong to others), so each page shows only the test's events."""
    from groups.models import WorkingGroup

    seed_group = WorkingGroup.objects.get(slug="case-management")
    return WorkingGroup.objects.create(
        slug="calendar-test",
        name_en="Calendar test",
        name_fr="Essai du calendrier",
        category=seed_group.category,
    )


def _event(group, title, precision="day", status="planned", **dates):
    from learning_events.services import save_event
    from portal.permissions import SYSTEM

    return save_event(
        user=SYSTEM,
        instance=LearningEvent(
            group=group, title_en=title, title_fr=f"{title} (fr)", precision=precision, status=status,
            city="Regina", **dates
        ),
    )  # fmt: skip


def test_agenda_shows_upcoming_by_default_and_jumps_back_to_today(
    client_for, provider_a_user, case_management
):
    from learning_events.services import today

    now = today()
    _event(case_management, "Next week", on_date=now + datetime.timedelta(days=7))
    _event(case_management, "Last year", on_date=now - datetime.timedelta(days=365))
    _event(case_management, "Far ahead", on_date=now + datetime.timedelta(days=200))
    client = client_for(provider_a_user)
    response = client.get(f"/en/events/?group={case_management.pk}")
    body = response.content.decode()
    assert "Upcoming" in body and "Next week" in body
    assert "Last year" not in body and "Far ahead" not in body
    later = response.context["later_url"]
    assert f"group={case_management.pk}" in later  # moving keeps the filters
    third = client.get("/en/events/" + later).context["later_url"]
    assert "Far ahead" in client.get("/en/events/" + third).content.decode()  # days 184 to 275
    start = (now - datetime.timedelta(days=370)).isoformat()
    earlier = client.get(f"/en/events/?group={case_management.pk}&start={start}")
    assert "Last year" in earlier.content.decode()
    assert (
        earlier.context["today_url"] == f"?group={case_management.pk}"
    )  # the "Today" link drops the window, back to upcoming


def test_fuzzy_events_sit_in_their_own_lane_never_under_a_month(client_for, staff_user, case_management):
    _event(case_management, "Fall gathering", precision="season", season="fall", year=2019)
    _event(case_management, "Sometime in 2019", precision="year", year=2019)
    _event(case_management, "On the day", on_date=D(2019, 10, 8))
    client = client_for(staff_user)
    response = client.get(f"/en/events/month/?month=2019-10&group={case_management.pk}")
    assert [lane["label"] for lane in response.context["lanes"]] == ["2019", "Fall 2019"]
    grid = [e.title for week in response.context["weeks"] for cell in week for e in cell.entries]
    assert grid == ["On the day"]  # the fuzzy ones are in no day of the grid
    days = [e.title for day in response.context["days"] for e in day.entries]
    assert days == ["On the day"]
    body = response.content.decode()
    assert "Not yet dated to the day" in body
    # Outside the season, the fall lane is gone; the year lane stays.
    response = client.get(f"/en/events/month/?month=2019-02&group={case_management.pk}")
    assert [lane["label"] for lane in response.context["lanes"]] == ["2019"]
    # The agenda over 2019: the same lanes, and the day under its day.
    response = client.get(f"/fr/events/?year=2019&group={case_management.pk}")
    assert [lane["label"] for lane in response.context["lanes"]] == ["2019", "Automne 2019"]
    assert [d.label for d in response.context["days"]] == ["Mardi 8 octobre 2019"]


def test_filters_apply_to_the_month(client_for, staff_user, seeded):
    client = client_for(staff_user)
    response = client.get("/en/events/month/?month=2018-10&status=held")
    statuses = {e.status for week in response.context["weeks"] for cell in week for e in cell.entries}
    assert statuses <= {"held"}
    response = client.get("/en/events/month/?month=2018-10&q=Saskatoon")
    lanes = {e.city for lane in response.context["lanes"] for e in lane["events"]}
    assert lanes == {"Saskatoon"}


def test_status_badges_carry_words_and_symbols(client_for, staff_user, case_management):
    for status in ("held", "planned", "in_planning", "cancelled"):
        _event(case_management, f"Event {status}", status=status, on_date=D(2026, 3, 10))
    body = (
        client_for(staff_user)
        .get(f"/en/events/month/?month=2026-03&group={case_management.pk}")
        .content.decode()
    )
    for symbol, word in (("✓", "Held"), ("●", "Planned"), ("◌", "In planning"), ("✕", "Cancelled")):
        assert f'<span aria-hidden="true">{symbol}</span> {word}</span>' in body


def test_today_leaves_the_year_filter_behind(client_for, staff_user, case_management):
    client = client_for(staff_user)
    response = client.get(f"/en/events/?year=2019&group={case_management.pk}")
    assert response.context["today_url"] == f"?group={case_management.pk}"
    response = client.get(f"/en/events/month/?year=2019&group={case_management.pk}")
    assert response.context["month_label"] == "January 2019"
    assert "year" not in response.context["today_url"]
