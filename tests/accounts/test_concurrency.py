"""One invitation link clicked twice at the same moment opens one account (PostgreSQL row lock);
staff deciding overlapping batches at once: no deadlock, no request approved twice, never past
the allocation."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections
from django.utils import timezone

from accounts.models import Invitation, hash_token
from accounts.services import accept_invitation
from portal.models import User

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS = 8


def run_at_once(func, count=THREADS) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def once(n):
        try:
            barrier.wait(timeout=30)
            func(n)
            result = "done"
        except (ValidationError, IntegrityError):
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=once, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_a_link_clicked_at_once_opens_one_account(provider_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    token = "concurrent-invitation-token-0123456789abcdef"
    Invitation.objects.create(
        email="twice@example.org",
        provider=provider_a,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=1),
    )

    def accept(n):
        accept_invitation(
            token=token,
            first_name=f"Person{n}",
            last_name="Twice",
            password="Saffron-tundra-73-kayak",
            preferred_language="en",
        )

    outcomes = run_at_once(accept)
    assert sorted(set(outcomes)) == ["done", "refused"], outcomes
    assert outcomes.count("done") == 1
    assert User.objects.filter(email="twice@example.org").count() == 1


def test_overlapping_batches_never_approve_past_the_allocation(provider_a, provider_a_user, staff_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    from decimal import Decimal

    from django.db.models import Sum

    from pd_budget.models import PDRequest
    from pd_budget.services import decide_pd_requests, submit_pd_request
    from tests.pd_budget.factories import PolicyYearFactory, add_site, this_fiscal_year

    year = this_fiscal_year()
    PolicyYearFactory(fiscal_year=year)
    add_site(provider_a, "urban", language="1", settlement="1", head_office=True, year=year)
    requests = [
        submit_pd_request(
            provider_a,
            user=provider_a_user,
            fiscal_year=year,
            category="conference",
            amount="900",
            conference_name=f"Forum {n}",
        )
        for n in range(3)
    ]
    # 3 x 900 = 2,700: exactly the conference allocation, each request held while it waits.

    def decide(n):
        chosen = [requests[n % 3], requests[(n + 1) % 3]]
        decide_pd_requests(
            PDRequest.objects.filter(pk__in=[r.pk for r in chosen]), user=staff_user, decision="approve"
        )

    outcomes = run_at_once(decide, count=6)
    # No deadlock, no error: a batch that meets a request another batch already approved is
    # refused whole (all or nothing), so no request is decided twice.
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert "done" in outcomes and "refused" in outcomes, outcomes
    approved = PDRequest.objects.filter(status="approved").aggregate(total=Sum("amount"))["total"]
    assert approved <= Decimal("2700.00")
    pending = PDRequest.objects.filter(status="pending").count()
    assert pending in (0, 1)  # one batch of two approved first; the third request waits or was approved
    history = PDRequest.history.filter(status="approved").values_list("id", flat=True)
    assert len(list(history)) == len(set(history)), "a request was approved twice"
