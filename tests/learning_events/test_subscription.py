"""Calendar programs subscribe with a private address: it works without a session, shows what its
owner may see, and stops working when the owner changes password."""

import icalendar
import pytest

from learning_events.models import LearningEvent
from learning_events.selectors import feed_token

pytestmark = pytest.mark.django_db


def test_private_address_serves_the_calendar_without_signing_in(client, client_for, staff_user, seeded):
    page = client_for(staff_user).get("/en/events/").content.decode()
    url = f"/en/events/subscribe/{feed_token(staff_user)}/calendar.ics"
    assert url in page
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    dated = LearningEvent.objects.exclude(starts_on=None).count()
    assert len(calendar.walk("VEVENT")) == dated
    group = client.get(f"/en/events/subscribe/{feed_token(staff_user)}/groups/north/calendar.ics")
    assert group.status_code == 200 and b"Yellowknife" in group.content


def test_forged_or_revoked_addresses_are_404(client, staff_user, seeded):
    token = feed_token(staff_user)
    assert client.get(f"/en/events/subscribe/{token[:-1]}x/calendar.ics").status_code == 404
    assert client.get("/en/events/subscribe/not-a-token/calendar.ics").status_code == 404
    staff_user.set_password("a-brand-new-password-2026")
    staff_user.save()
    assert client.get(f"/en/events/subscribe/{token}/calendar.ics").status_code == 404
    staff_user.is_active = False
    staff_user.save()
    assert client.get(f"/en/events/subscribe/{feed_token(staff_user)}/calendar.ics").status_code == 404
