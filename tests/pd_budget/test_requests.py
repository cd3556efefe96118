"""PD requests: eligibility, the cap per category, approval re-checks, and who may do what.

They book against the fiscal year open today (`this_fiscal_year()`, "Y" below)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pd_budget.models import PDRequest
from pd_budget.services import (
    approve_pd_request,
    provider_balances,
    refuse_pd_request,
    submit_pd_request,
    withdraw_pd_request,
)
from tests.pd_budget.factories import (
    DesignatedConferenceFactory,
    add_site,
    this_fiscal_year,
    this_fiscal_year_label,
)

pytestmark = pytest.mark.django_db
D = Decimal
Y = this_fiscal_year()


@pytest.fixture
def funded(provider_a, policy_now):
    """Provider A, year Y: conference 2,700.00, language 2 x 150 = 300.00, settlement 1 x 300 = 300.00."""
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=Y)
    DesignatedConferenceFactory(acronym="P2P")
    DesignatedConferenceFactory(acronym="CCR", name_en="Canadian Council for Refugees", name_fr="CCR fr")
    return provider_a


def submit(user, provider, category="conference", amount="100", **kw):
    return submit_pd_request(provider, user=user, fiscal_year=Y, category=category, amount=amount, **kw)


def test_designated_conference_is_approved_at_once(funded, provider_a_user):
    request = submit(provider_a_user, funded, amount="1200", conference_name="p2p")
    assert request.status == "approved"
    assert request.designated_conference.acronym == "P2P"
    assert request.decided_at is not None


def test_designated_conference_by_its_full_name(funded, provider_a_user):
    request = submit(provider_a_user, funded, conference_name="Canadian Council for Refugees")
    assert request.status == "approved"


def test_other_conference_waits_for_staff(funded, provider_a_user):
    request = submit(provider_a_user, funded, amount="900", conference_name="Alberta Settlement Forum")
    assert request.status == "pending"
    assert request.designated_conference is None


@pytest.mark.parametrize("category", ["language", "settlement"])
def test_training_within_the_allocation_is_approved(funded, provider_a_user, category):
    assert submit(provider_a_user, funded, category=category, amount="300").status == "approved"


@pytest.mark.parametrize(
    ("category", "first", "second", "remaining"),
    [
        ("conference", "2000", "700.01", "$700.00"),
        ("language", "250", "50.01", "$50.00"),
        ("settlement", "0.01", "300", "$299.99"),
    ],
)
def test_overrun_is_refused_naming_the_remaining_amount(
    funded, provider_a_user, category, first, second, remaining
):
    submit(provider_a_user, funded, category=category, amount=first, conference_name="P2P")
    with pytest.raises(ValidationError) as excinfo:
        submit(provider_a_user, funded, category=category, amount=second, conference_name="P2P")
    message = " ".join(excinfo.value.messages)
    assert f"Only {remaining} remains" in message
    assert this_fiscal_year_label() in message
    assert PDRequest.objects.filter(provider=funded, category=category).count() == 1


def test_exactly_the_remaining_amount_fits(funded, provider_a_user):
    submit(provider_a_user, funded, amount="2000", conference_name="P2P")
    assert submit(provider_a_user, funded, amount="700.00", conference_name="P2P").status == "approved"
    assert provider_balances(funded, fiscal_year=Y).line("conference").remaining == D("0.00")


def test_pending_requests_hold_their_amount(funded, provider_a_user):
    submit(provider_a_user, funded, amount="2000", conference_name="Local forum")
    with pytest.raises(ValidationError, match=r"Only \$700.00 remains"):
        submit(provider_a_user, funded, amount="800", conference_name="P2P")


def test_withdrawn_and_refused_requests_free_the_balance(funded, provider_a_user, staff_user):
    first = submit(provider_a_user, funded, amount="2000", conference_name="Local forum")
    refuse_pd_request(first, user=staff_user, reason="Not relevant to settlement work")
    second = submit(provider_a_user, funded, amount="2700", conference_name="Another forum")
    withdraw_pd_request(second, user=provider_a_user)
    assert provider_balances(funded, fiscal_year=Y).line("conference").remaining == D("2700.00")


def test_categories_are_capped_separately(funded, provider_a_user):
    submit(provider_a_user, funded, amount="2700", conference_name="P2P")
    assert submit(provider_a_user, funded, category="language", amount="300").status == "approved"


def test_french_refusal_uses_french_money(funded, provider_a_user):
    from django.utils import translation

    submit(provider_a_user, funded, amount="1234.5", conference_name="P2P")
    with translation.override("fr"), pytest.raises(ValidationError) as excinfo:
        submit(provider_a_user, funded, amount="2000", conference_name="P2P")
    assert "1\u00a0465,50\u00a0$" in " ".join(excinfo.value.messages)


def test_approval_rechecks_the_cap(funded, provider_a_user, staff_user):
    pending = submit(provider_a_user, funded, amount="2000", conference_name="Local forum")
    # The FTEs were corrected downwards after the request: 2,000 no longer fits a smaller allowance.
    funded.sites.update(centre_type="urban")
    from pd_budget.models import PolicyYear

    PolicyYear.objects.filter(fiscal_year=Y).update(conference_urban=D("1500"))
    with pytest.raises(ValidationError, match=r"Only \$1,500.00 remains"):
        approve_pd_request(pending, user=staff_user)
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_staff_approve_a_pending_request(funded, provider_a_user, staff_user):
    pending = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    approved = approve_pd_request(pending, user=staff_user)
    assert (approved.status, approved.decided_by) == ("approved", staff_user)
    with pytest.raises(ValidationError, match="Only a request waiting"):
        approve_pd_request(approved, user=staff_user)


def test_refusal_needs_a_reason(funded, provider_a_user, staff_user):
    pending = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    with pytest.raises(ValidationError):
        refuse_pd_request(pending, user=staff_user, reason="  ")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "10.001"}, "amount"),
        ({"conference_name": ""}, "conference_name"),
        ({"category": "travel"}, "category"),
    ],
)
def test_bad_requests_are_refused_on_their_field(funded, provider_a_user, kwargs, field):
    args = {"category": "conference", "amount": "100", "conference_name": "Forum"} | kwargs
    with pytest.raises(ValidationError) as excinfo:
        submit(provider_a_user, funded, **args)
    assert field in excinfo.value.message_dict


def test_no_policy_no_request(provider_a, provider_a_user):
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=Y)
    with pytest.raises(ValidationError, match="There is no PD policy for"):
        submit_pd_request(provider_a, user=provider_a_user, fiscal_year=Y, category="language", amount="10")


def test_only_own_provider_staff_may_request(funded, provider_b_user, staff_user):
    for user in (provider_b_user, staff_user, None):
        with pytest.raises(PermissionDenied):
            submit(user, funded, conference_name="P2P")


def test_only_staff_decide_and_only_own_staff_withdraw(funded, provider_a_user, provider_b_user):
    pending = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    with pytest.raises(PermissionDenied):
        approve_pd_request(pending, user=provider_a_user)
    with pytest.raises(PermissionDenied):
        refuse_pd_request(pending, user=provider_a_user, reason="no")
    with pytest.raises(PermissionDenied):
        withdraw_pd_request(pending, user=provider_b_user)


def test_history_records_who_changed_a_request(funded, provider_a_user, staff_user):
    pending = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    approve_pd_request(pending, user=staff_user)
    history = list(pending.history.order_by("history_date"))
    assert [h.status for h in history] == ["pending", "approved"]
    assert [h.history_user for h in history] == [provider_a_user, staff_user]
