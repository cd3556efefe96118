"""Simultaneous requests against one allocation never book past it (PostgreSQL row lock)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Sum

from pd_budget.models import PDRequest
from pd_budget.services import compute_allocation, submit_pd_request
from tests.pd_budget.factories import DesignatedConferenceFactory, PolicyYearFactory, add_site

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS = 20


def test_simultaneous_requests_never_book_past_the_allocation(provider_a_user, provider_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    PolicyYearFactory(fiscal_year=2018)
    DesignatedConferenceFactory(acronym="P2P")
    add_site(provider_a, "urban", language="1", settlement="1", head_office=True)
    allocation = compute_allocation(provider_a, 2018).conference  # 2,700.00
    amount = Decimal("400.00")  # 6 fit (2,400.00), the 7th would need 2,800.00
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def request_once():
        try:
            barrier.wait(timeout=30)
            submit_pd_request(
                provider_a,
                user=provider_a_user,
                fiscal_year=2018,
                category="conference",
                amount=amount,
                conference_name="P2P",
            )
            result = "booked"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=request_once) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(outcomes)) == ["booked", "refused"], outcomes
    booked = PDRequest.objects.filter(provider=provider_a, status="approved").aggregate(total=Sum("amount"))
    assert booked["total"] <= allocation
    assert outcomes.count("booked") == 6
    assert booked["total"] == Decimal("2400.00")
