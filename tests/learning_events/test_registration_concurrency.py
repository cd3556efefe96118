"""Simultaneous registrations for the last places never go past the capacity (PostgreSQL row lock)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from learning_events import services
from learning_events.models import Registration
from portal.permissions import SYSTEM
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS = 12


def test_simultaneous_registrations_fill_the_places_and_queue_the_rest(seeded):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    from learning_events.models import LearningEvent
    from organisations.models import Jurisdiction

    event = LearningEvent.objects.get(slug="case-management-saskatoon-2018-10")
    event.status, event.precision, event.on_date, event.capacity = (
        "planned",
        "day",
        datetime.date(2027, 5, 5),
        5,
    )
    services.save_event(user=SYSTEM, instance=event)
    mb = Jurisdiction.objects.get(code="MB")
    users = [UserFactory(username=f"racer{i}", role="staff") for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []

    def register(user):
        try:
            barrier.wait(timeout=30)
            services.register_for_event(user=user, event=event, role="manager", jurisdiction=mb)
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert sorted(statuses) == ["registered"] * 5 + ["waiting"] * (THREADS - 5)
