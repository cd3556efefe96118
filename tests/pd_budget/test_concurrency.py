"""Simultaneous requests against one allocation never book past it (PostgreSQL row lock)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Sum

from pd_budget.models import PDRequest
from pd_budget.services import compute_allocation, submit_pd_request
from tests.pd_budget.factories import (
    DesignatedConferenceFactory,
    PolicyYearFactory,
    add_site,
    this_fiscal_year,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS = 20
Y = this_fiscal_year()  # requests are taken for the open fiscal year only


def test_simultaneous_requests_never_book_past_the_allocation(provider_a_user, provider_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    PolicyYearFactory(fiscal_year=Y)
    DesignatedConferenceFactory(acronym="P2P")
    add_site(provider_a, "urban", language="1", settlement="1", head_office=True, year=Y)
    allocation = compute_allocation(provider_a, Y).conference  # 2,700.00
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
                fiscal_year=Y,
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


def test_ten_identical_posts_of_one_form_book_once(provider_a_user, provider_a):
    """A double click or a proxy retry: ten copies of one request form, same session, same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    from django.test import Client
    from django.urls import reverse

    from pd_budget.services.requests import issue_request_token

    PolicyYearFactory(fiscal_year=Y)
    p2p = DesignatedConferenceFactory(acronym="P2P")
    add_site(provider_a, "urban", language="1", settlement="1", head_office=True, year=Y)
    signed_in = Client()
    signed_in.force_login(provider_a_user)
    session = signed_in.cookies["sessionid"].value
    url = reverse("pd_budget:pdrequest-create", args=[provider_a.pk])
    data = {
        "fiscal_year": Y,
        "category": "conference",
        "amount": "400.00",
        "designated_conference": p2p.pk,
        "submit_token": issue_request_token(user=provider_a_user, provider=provider_a),
    }
    copies = 10
    barrier = threading.Barrier(copies)
    answers: list[str] = []
    lock = threading.Lock()

    def post_once():
        client = Client()
        client.cookies["sessionid"] = session
        try:
            barrier.wait(timeout=30)
            response = client.post(url, data)
            answer = f"{response.status_code} {response.get('Location', '')}"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            answer = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=post_once) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    allocation_page = reverse("pd_budget:allocation", args=[provider_a.pk])
    assert answers == [f"302 {allocation_page}?year={Y}"] * copies, answers
    assert PDRequest.objects.filter(provider=provider_a).count() == 1
    assert PDRequest.objects.get().amount == Decimal("400.00")
