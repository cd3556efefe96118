"""Deciding with the facts at hand: the queue's facts, the confirmation step, and batch decisions
that call the single decision for each request, all or nothing, never past an allocation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pd_budget.models import PDRequest, SiteFTE
from pd_budget.services import decide_pd_requests, provider_balances, submit_pd_request
from pd_budget.services.requests import approve_pd_request, decision_facts
from tests.factories import ProviderFactory, UserFactory
from tests.pd_budget.factories import DesignatedConferenceFactory, add_site, this_fiscal_year

pytestmark = pytest.mark.django_db
D = Decimal
Y = this_fiscal_year()


@pytest.fixture
def staff():
    return UserFactory(username="officer", role="staff")


@pytest.fixture
def funded(provider_a, policy_now):
    """Provider A, year Y: conferences 2,700.00 (one urban site, 2 language FTEs, 1 settlement)."""
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=Y)
    DesignatedConferenceFactory(acronym="P2P")
    return provider_a


def ask(user, provider, amount, name="Alberta Settlement Forum", **kw):
    return submit_pd_request(
        provider, user=user, fiscal_year=Y, category="conference", amount=amount, conference_name=name, **kw
    )


def statuses(*requests):
    return [PDRequest.objects.get(pk=r.pk).status for r in requests]


def shrink_allocation(provider):
    """The FTEs behind the allocation drop after the requests were filed (a corrected declaration):
    the conference allowance stays 2,700 but the language line falls to 0."""
    SiteFTE.objects.filter(site__provider=provider).update(language_fte=0)


def test_a_batch_approves_every_request_that_fits(funded, provider_a_user, staff):
    first, second = ask(provider_a_user, funded, "1000"), ask(provider_a_user, funded, "1200")
    decided = decide_pd_requests([second, first], user=staff, decision="approve")
    assert [r.pk for r in decided] == [first.pk, second.pk]  # oldest first, as the queue shows them
    assert statuses(first, second) == ["approved", "approved"]
    assert provider_balances(funded, fiscal_year=Y).line("conference").remaining == D("500.00")


def test_a_batch_never_approves_what_one_by_one_decisions_would_refuse(funded, provider_a_user, staff):
    """The provider who wants more money files within the allocation, then its FTEs shrink: held
    requests now exceed the language allocation. One by one, approvals are refused; as a batch too,
    and the batch's other, valid, request is not approved either (all or nothing)."""
    fine = ask(provider_a_user, funded, "1000")  # a conference, within its line
    training = [
        submit_pd_request(funded, user=provider_a_user, fiscal_year=Y, category="language", amount="200"),
        submit_pd_request(funded, user=provider_a_user, fiscal_year=Y, category="language", amount="100"),
    ]
    PDRequest.objects.filter(pk__in=[t.pk for t in training]).update(status="pending")  # waiting for staff
    shrink_allocation(funded)
    for request in training:  # one by one: refused
        with pytest.raises(ValidationError):
            approve_pd_request(request, user=staff)
    with pytest.raises(ValidationError) as excinfo:
        decide_pd_requests([fine, *training], user=staff, decision="approve")
    assert "Nothing was decided" in " ".join(excinfo.value.messages)
    assert statuses(fine, *training) == ["pending", "pending", "pending"]
    line = provider_balances(funded, fiscal_year=Y).line("language")
    assert line.approved == D("0")


def test_a_batch_cannot_approve_past_the_allocation_even_where_each_alone_fits(
    funded, provider_a_user, staff
):
    """Two waiting requests that each fit what remains, but not together (the held amounts were
    taken back out by hand, as a shell or import could): the second approval of the batch sees
    the first and is refused, and the batch rolls back whole."""
    first, second = ask(provider_a_user, funded, "1500"), ask(provider_a_user, funded, "1000")
    PDRequest.objects.filter(pk=first.pk).update(amount=D("2000"))  # now 3,000 held on 2,700
    with pytest.raises(ValidationError):
        decide_pd_requests([first, second], user=staff, decision="approve")
    assert statuses(first, second) == ["pending", "pending"]
    booked = provider_balances(funded, fiscal_year=Y).line("conference")
    assert booked.approved == D("0") and booked.approved <= booked.allocated


def test_the_same_request_twice_is_decided_once_or_not_at_all(funded, provider_a_user, staff):
    request = ask(provider_a_user, funded, "1000")
    with pytest.raises(ValidationError):
        decide_pd_requests([request, request], user=staff, decision="approve")
    assert statuses(request) == ["pending"]


def test_a_batch_refusal_needs_its_reason_and_refuses_all(funded, provider_a_user, staff):
    first, second = ask(provider_a_user, funded, "100"), ask(provider_a_user, funded, "200")
    with pytest.raises(ValidationError):
        decide_pd_requests([first, second], user=staff, decision="refuse", reason="  ")
    decide_pd_requests([first, second], user=staff, decision="refuse", reason="Not eligible this year.")
    assert statuses(first, second) == ["refused", "refused"]
    assert set(PDRequest.objects.values_list("reason_en", flat=True)) == {"Not eligible this year."}


def test_providers_cannot_decide_even_their_own_requests(funded, provider_a_user):
    request = ask(provider_a_user, funded, "1000")
    with pytest.raises(PermissionDenied):
        decide_pd_requests([request], user=provider_a_user, decision="approve")
    assert statuses(request) == ["pending"]


def test_the_facts_of_a_waiting_request(funded, provider_a_user, staff):
    import datetime

    ask(provider_a_user, funded, "500", name="P2P")  # designated: approved at once
    request = ask(
        provider_a_user,
        funded,
        "1200",
        conference_starts_on=datetime.date(Y, 10, 3),
        conference_place="Saskatoon",
    )
    other_provider = ProviderFactory(name="Elsewhere")
    facts = decision_facts([request])[request.pk]
    assert (facts.allocated, facts.before, facts.after) == (D("2700.00"), D("2200.00"), D("1000.00"))
    assert facts.fits
    assert [(o.amount, o.status) for o in facts.others] == [(D("500"), "approved")]
    assert other_provider.pk not in {o.provider_id for o in facts.others}


# --- The pages -------------------------------------------------------------------------------------
def test_the_queue_shows_the_facts(client, funded, provider_a_user, staff):
    import datetime

    ask(
        provider_a_user,
        funded,
        "1200",
        conference_starts_on=datetime.date(Y, 10, 3),
        conference_place="Saskatoon",
    )
    client.force_login(staff)
    page = client.get("/en/pd/requests/approvals/").content.decode()
    assert "Saskatoon" in page and f"3 October {Y}" in page
    assert "$2,700.00 before, $1,500.00 after (of $2,700.00)" in page
    french = client.get("/fr/pd/requests/approvals/").content.decode()
    assert "Saskatoon" in french and f"3 octobre {Y}" in french


def test_approving_asks_for_confirmation_first(client, funded, provider_a_user, staff):
    request = ask(provider_a_user, funded, "1200")
    client.force_login(staff)
    url = "/en/pd/requests/decide/"
    confirm = client.post(url, {"requests": [request.pk], "decision": "approve"})
    assert confirm.status_code == 200 and "Confirm the approval" in confirm.content.decode()
    assert statuses(request) == ["pending"]  # nothing decided yet
    done = client.post(url, {"requests": [request.pk], "decision": "approve", "confirm": "on"})
    assert done.status_code == 302
    assert statuses(request) == ["approved"]


def test_a_batch_refusal_through_the_page(client, funded, provider_a_user, staff):
    first, second = ask(provider_a_user, funded, "100"), ask(provider_a_user, funded, "200")
    client.force_login(staff)
    data = {"requests": [first.pk, second.pk], "decision": "refuse", "reason": "Budget closed."}
    page = client.post("/fr/pd/requests/decide/", data).content.decode()
    assert "Confirmer le refus" in page and "Budget closed." in page
    response = client.post("/en/pd/requests/decide/", {**data, "confirm": "on"}, follow=True)
    assert "Refused: 2 requests, $300.00." in response.content.decode()
    assert statuses(first, second) == ["refused", "refused"]


def test_a_refused_batch_says_why_and_changes_nothing(client, funded, provider_a_user, staff):
    first, second = ask(provider_a_user, funded, "1500"), ask(provider_a_user, funded, "1000")
    PDRequest.objects.filter(pk=first.pk).update(amount=D("2000"))
    client.force_login(staff)
    data = {"requests": [first.pk, second.pk], "decision": "approve"}
    confirm = client.post("/en/pd/requests/decide/", data).content.decode()
    assert "Over the allocation: approval will be refused." in confirm
    response = client.post("/en/pd/requests/decide/", {**data, "confirm": "on"}, follow=True)
    assert "Nothing was decided" in response.content.decode()
    assert statuses(first, second) == ["pending", "pending"]


def test_a_request_that_is_not_waiting_cannot_be_slipped_into_a_batch(client, funded, provider_a_user, staff):
    approved = ask(provider_a_user, funded, "500", name="P2P")
    waiting = ask(provider_a_user, funded, "100")
    client.force_login(staff)
    data = {"requests": [approved.pk, waiting.pk], "decision": "refuse", "reason": "x", "confirm": "on"}
    client.post("/en/pd/requests/decide/", data)
    assert statuses(approved, waiting) == ["approved", "pending"]


def test_provider_staff_cannot_post_a_decision(client, funded, provider_a_user):
    request = ask(provider_a_user, funded, "1000")
    client.force_login(provider_a_user)
    response = client.post(
        "/en/pd/requests/decide/", {"requests": [request.pk], "decision": "approve", "confirm": "on"}
    )
    assert response.status_code == 403
    assert statuses(request) == ["pending"]
