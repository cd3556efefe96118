"""The iCalendar feeds parse with the icalendar library and hold every dated event."""

import datetime

import pytest
from icalendar import Calendar

from learning_events.models import LearningEvent

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_feed_holds_every_dated_event_as_all_day_ranges(client_for, provider_a_user, seeded):
    calendar = parse(client_for(provider_a_user).get("/en/events/calendar.ics"))
    items = {str(item["UID"]): item for item in calendar.walk("VEVENT")}
    dated = LearningEvent.objects.exclude(starts_on=None)
    assert set(items) == {f"{e.slug}@pnt-settlement-portal" for e in dated}
    assert len(items) == dated.count() == LearningEvent.objects.count() - 2  # two are still undated
    # A fuzzy date is one all-day marker on its first day, the fuzzy date in the title (issue 19),
    # not a three-month banner.
    fall = items["francophone-calgary-fall-2018@pnt-settlement-portal"]
    assert fall.decoded("DTSTART") == datetime.date(2018, 9, 23)
    assert fall.decoded("DTEND") == datetime.date(2018, 9, 24)
    assert str(fall["SUMMARY"]).startswith("[fall 2018, day not set] ")
    assert str(fall["TRANSP"]) == "TRANSPARENT"
    assert "Calgary" in str(fall["LOCATION"])
    day = items["seniors-teleconference-2017-08-25@pnt-settlement-portal"]
    assert (day.decoded("DTSTART"), day.decoded("DTEND")) == (
        datetime.date(2017, 8, 25),
        datetime.date(2017, 8, 26),
    )
    year = items["small-centres-moose-jaw-2019@pnt-settlement-portal"]
    assert (year.decoded("DTSTART"), year.decoded("DTEND")) == (
        datetime.date(2019, 1, 1),
        datetime.date(2019, 1, 2),
    )
    assert str(year["SUMMARY"]).startswith("[2019, day not set] ")
    # No item of the feed lasts longer than the longest event dated to the day.
    longest = max((e.ends_on - e.starts_on).days for e in dated.filter(precision="day")) + 1
    assert all((i.decoded("DTEND") - i.decoded("DTSTART")).days <= longest for i in items.values())
    assert "TRANSP" not in day
    for item in items.values():
        assert item.get("DTSTAMP") is not None and item.get("SUMMARY")


def test_uids_are_stable_between_requests(client_for, staff_user, seeded):
    client = client_for(staff_user)
    first = [str(i["UID"]) for i in parse(client.get("/en/events/calendar.ics")).walk("VEVENT")]
    second = [str(i["UID"]) for i in parse(client.get("/fr/events/calendar.ics")).walk("VEVENT")]
    assert first == second


def test_group_feed_holds_the_group_and_its_subgroups(client_for, staff_user, seeded):
    calendar = parse(client_for(staff_user).get("/en/events/groups/support-services/calendar.ics"))
    uids = {str(i["UID"]).split("@")[0] for i in calendar.walk("VEVENT")}
    assert uids == {
        "crisis-counselling-teleconference-2017-08-16",
        "crisis-counselling-teleconference-fall-2018",
    }
    calendar = parse(client_for(staff_user).get("/en/events/groups/north/calendar.ics"))
    assert len(calendar.walk("VEVENT")) == 4
    assert client_for(staff_user).get("/en/events/groups/no-such-group/calendar.ics").status_code == 404


def test_feed_names_follow_the_language(client_for, staff_user, seeded):
    calendar = parse(client_for(staff_user).get("/fr/events/calendar.ics"))
    assert str(calendar["X-WR-CALNAME"]) == "Activités d'apprentissage des PTN"
    descriptions = [str(i["DESCRIPTION"]) for i in calendar.walk("VEVENT")]
    assert any("automne 2018" in d for d in descriptions)


def test_fuzzy_markers_are_titled_in_french(client_for, staff_user, seeded):
    calendar = parse(client_for(staff_user).get("/fr/events/calendar.ics"))
    summaries = [str(i["SUMMARY"]) for i in calendar.walk("VEVENT")]
    assert any(s.startswith("[automne 2018, jour à fixer] ") for s in summaries)
