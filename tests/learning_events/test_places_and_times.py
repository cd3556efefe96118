"""Events with times in a time zone, several days, a link, places and a waiting list; "Add to my
calendar"."""

import datetime

import pytest
from icalendar import Calendar

from learning_events import services
from learning_events.models import LearningEvent, Registration, RegistrationStatus
from portal.permissions import SYSTEM
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(seeded):
    event = LearningEvent.objects.get(slug="case-management-saskatoon-2018-10")
    event.status, event.precision, event.on_date = "planned", "day", datetime.date(2027, 3, 17)
    event.capacity = 2
    return services.save_event(user=SYSTEM, instance=event)


def _staff(n):
    return UserFactory(username=f"s{n}", role="staff")


def _register(user, event):
    return services.register_for_event(user=user, event=event, role="practitioner", jurisdiction_id=None)


def test_beyond_capacity_goes_to_the_waiting_list_and_a_cancellation_promotes_the_first(event):
    from organisations.models import Jurisdiction

    ab = Jurisdiction.objects.get(code="AB")
    users = [_staff(i) for i in range(4)]
    regs = [services.register_for_event(user=u, event=event, role="manager", jurisdiction=ab) for u in users]
    assert [r.status for r in regs] == ["registered", "registered", "waiting", "waiting"]
    with pytest.raises(Exception, match="already registered"):
        services.register_for_event(user=users[2], event=event, role="manager", jurisdiction=ab)
    promoted = services.cancel_registration(user=users[0], registration=regs[0])
    assert [r.user for r in promoted] == [users[2]]  # the first waiting, not the last
    statuses = dict(Registration.objects.filter(event=event).values_list("user__username", "status"))
    assert statuses == {"s1": "registered", "s2": "registered", "s3": "waiting"}
    # A waiting person leaving promotes nobody; more places move the list up.
    event.capacity = 5
    services.save_event(user=SYSTEM, instance=event)
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).count() == 0


def test_only_the_owner_or_staff_withdraw_a_registration(event, provider_a_user, provider_b_user, client_for):
    registration = services.register_for_event(user=provider_a_user, event=event, role="practitioner")
    client = client_for(provider_b_user)
    assert client.post(f"/en/events/registrations/{registration.pk}/cancel/").status_code in (403, 404)
    assert Registration.objects.filter(pk=registration.pk).exists()
    body = client_for(provider_a_user).get(event.get_absolute_url()).content.decode()
    assert "Withdraw my registration" in body
    response = client_for(provider_a_user).post(f"/en/events/registrations/{registration.pk}/cancel/")
    assert response.status_code == 302 and not Registration.objects.filter(pk=registration.pk).exists()


def test_waiting_people_may_not_evaluate(event, seeded):
    from learning_events.permissions import attended_event, is_registered

    users = [_staff(i) for i in range(3)]
    from organisations.models import Jurisdiction

    ab = Jurisdiction.objects.get(code="AB")
    regs = [services.register_for_event(user=u, event=event, role="manager", jurisdiction=ab) for u in users]
    assert regs[2].status == "waiting"
    assert is_registered(users[0], event) and not is_registered(users[2], event)
    assert not attended_event(users[2], event)


def test_times_in_the_events_time_zone_reach_the_ics_file(event, client_for, provider_a_user):
    event.start_time, event.end_time = datetime.time(9, 30), datetime.time(16, 0)
    event.last_day = datetime.date(2027, 3, 18)
    event.time_zone = "America/Regina"
    event.format, event.join_url = "online", "https://meet.example.org/pnt"
    services.save_event(user=SYSTEM, instance=event)
    response = client_for(provider_a_user).get(f"/en/events/{event.slug}/event.ics")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    cal = Calendar.from_ical(response.content)
    (item,) = cal.walk("VEVENT")
    start, end = item.decoded("DTSTART"), item.decoded("DTEND")
    assert start.isoformat() == "2027-03-17T09:30:00-06:00"  # Saskatchewan keeps standard time
    assert end.isoformat() == "2027-03-18T16:00:00-06:00"
    assert str(item["DTSTART"].params["TZID"]) == "America/Regina"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Regina"]
    assert "https://meet.example.org/pnt" in str(item["DESCRIPTION"])
    body = client_for(provider_a_user).get("/fr/events/" + event.slug + "/").content.decode()
    assert "9 h 30 – 16 h 00 (heure de Regina)" in body and "Ajouter à mon agenda" in body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": ""}, "end_time"),
        ({"start_time": "", "end_time": "10:00"}, "start_time"),
        ({"end_time": "08:00"}, "end_time"),
        ({"last_day": "2027-03-01"}, "last_day"),
        ({"capacity": "0"}, "capacity"),
        ({"precision": "month", "month": "3", "year": "2027"}, "start_time"),
    ],
)
def test_bad_times_and_days_are_refused(event, client_for, staff_user, changes, field):
    data = {
        "group": event.group_id, "title_en": "T", "title_fr": "T", "format": "online", "status": "planned",
        "precision": "day", "on_date": "2027-03-17", "start_time": "09:00", "end_time": "10:00",
        "time_zone": "America/Winnipeg",
    }  # fmt: skip
    data.update(changes)
    for language in ("en", "fr"):
        response = client_for(staff_user).post(f"/{language}/events/new/", data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
    assert not LearningEvent.objects.filter(title_en="T").exists()
