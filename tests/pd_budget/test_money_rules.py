"""The money rules a provider who wants more money would try to get around (issues 13 and 14).

Open fiscal years only; FTE changes by providers are declarations staff accept; no change leaves
bookings above the allocation unseen; large training requests wait; approved requests are cancelled
by staff only; a superuser is not the provider. Each test plays the provider's attempt.
"""

import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pd_budget.models import AllocationFlag, FTEDeclaration, PDRequest, SiteFTE
from pd_budget.services import (
    accept_fte_declaration,
    approve_pd_request,
    cancel_pd_request,
    check_bookings_within_allocation,
    compute_allocation,
    declare_site_ftes,
    provider_balances,
    refuse_fte_declaration,
    refuse_pd_request,
    set_site_ftes,
    submit_pd_request,
    withdraw_pd_request,
)
from tests.pd_budget.factories import (
    DesignatedConferenceFactory,
    PolicyYearFactory,
    add_site,
    this_fiscal_year,
    this_fiscal_year_label,
)

pytestmark = pytest.mark.django_db
D = Decimal
Y = this_fiscal_year()


@pytest.fixture
def funded(provider_a, policy_now):
    """Provider A, year Y: one urban site, 2 language and 2.5 settlement FTEs: settlement $750.00."""
    site = add_site(provider_a, "urban", language="2", settlement="2.5", head_office=True, year=Y)
    DesignatedConferenceFactory(acronym="P2P")
    provider_a.site = site
    return provider_a


def submit(user, provider, category="conference", amount="100", year=Y, **kw):
    return submit_pd_request(provider, user=user, fiscal_year=year, category=category, amount=amount, **kw)


def history_request(provider, *, status="pending", year=2018, amount="500"):
    """A request of a closed year, as the seed's history holds them (written directly)."""
    return PDRequest.objects.create(
        provider=provider,
        fiscal_year=year,
        category="conference",
        amount=D(amount),
        conference_name="Old forum",
        status=status,
    )


# --- Open fiscal years --------------------------------------------------------------------------
def test_a_past_year_request_is_refused_even_with_policy_and_ftes(funded, provider_a_user, policy_2018):
    add_site(funded, "small", language="1", settlement="1", year=2018)
    with pytest.raises(ValidationError) as excinfo:
        submit(provider_a_user, funded, year=2018, category="language", amount="100")
    assert "2018-19 is not an open fiscal year" in excinfo.value.message_dict["fiscal_year"][0]
    assert this_fiscal_year_label() in excinfo.value.message_dict["fiscal_year"][0]
    assert not PDRequest.objects.exists()


def test_the_next_year_opens_once_its_policy_exists(funded, provider_a_user):
    add_site(funded, "small", language="4", settlement="0", year=Y + 1)
    with pytest.raises(ValidationError, match="is not an open fiscal year"):
        submit(provider_a_user, funded, year=Y + 1, category="language", amount="100")
    PolicyYearFactory(fiscal_year=Y + 1)
    assert submit(provider_a_user, funded, year=Y + 1, category="language", amount="100").status == "approved"
    with pytest.raises(ValidationError, match="is not an open fiscal year"):
        submit(provider_a_user, funded, year=Y + 2, category="language", amount="100")


def test_the_french_refusal_names_the_open_years(funded, provider_a_user):
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ValidationError) as excinfo:
        submit(provider_a_user, funded, year=2018, category="language", amount="100")
    assert "2018-19 n'est pas un exercice ouvert" in " ".join(excinfo.value.messages)


@pytest.mark.parametrize("decision", ["approve", "refuse", "cancel"])
def test_staff_decisions_on_a_closed_year_are_refused(funded, staff_user, decision):
    pending = history_request(funded, status="approved" if decision == "cancel" else "pending")
    act = {
        "approve": lambda: approve_pd_request(pending, user=staff_user),
        "refuse": lambda: refuse_pd_request(pending, user=staff_user, reason="Too late"),
        "cancel": lambda: cancel_pd_request(pending, user=staff_user, reason="Too late"),
    }[decision]
    with pytest.raises(ValidationError, match="2018-19 is closed"):
        act()
    before = pending.status
    pending.refresh_from_db()
    assert pending.status == before


def test_the_request_form_offers_only_open_years(client_for, funded, provider_a_user, policy_2018):
    response = client_for(provider_a_user).get(
        reverse("pd_budget:pdrequest-create", args=[funded.pk]) + "?year=2018"
    )
    form = response.context["form"]
    assert [year for year, _label in form.fields["fiscal_year"].choices] == [Y]
    assert form.initial["fiscal_year"] == Y
    assert 'value="2018"' not in response.content.decode()


def test_a_posted_past_year_is_refused_by_the_form(client_for, funded, provider_a_user, policy_2018):
    from pd_budget.services.requests import issue_request_token

    response = client_for(provider_a_user).post(
        reverse("pd_budget:pdrequest-create", args=[funded.pk]),
        {
            "fiscal_year": "2018",
            "category": "language",
            "amount": "100",
            "submit_token": issue_request_token(user=provider_a_user, provider=funded),
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not PDRequest.objects.exists()


# --- Training above the threshold waits ---------------------------------------------------------
def test_training_above_the_threshold_waits_for_staff(funded, provider_a_user, staff_user, settings):
    settings.PD_TRAINING_AUTO_APPROVE_MAX = D("200.00")
    assert submit(provider_a_user, funded, category="settlement", amount="200").status == "approved"
    waiting = submit(provider_a_user, funded, category="settlement", amount="200.01")
    assert waiting.status == "pending" and waiting.decided_at is None
    assert waiting in PDRequest.objects.filter(status="pending")
    approve_pd_request(waiting, user=staff_user)
    waiting.refresh_from_db()
    assert waiting.status == "approved"


# --- FTE declarations: the inflation sequence of issue 14 ----------------------------------------
def test_fte_inflation_sequence_ends_refused_or_waiting_never_negative(funded, provider_a_user, staff_user):
    site = funded.site
    assert compute_allocation(funded, Y).settlement == D("750.00")
    # 1. The provider "sets" 99,999 settlement FTEs: a declaration, the allocation does not move.
    declaration = declare_site_ftes(
        funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("2"), D("99999"))}
    )
    assert declaration.status == "pending"
    assert compute_allocation(funded, Y).settlement == D("750.00")
    assert SiteFTE.objects.get(site=site, fiscal_year=Y).settlement_fte == D("2.5")
    # 2. A $50,000,000 training request is refused: only $750.00 remains.
    with pytest.raises(ValidationError, match=r"Only \$750.00 remains"):
        submit(provider_a_user, funded, category="settlement", amount="20000000")
    # 3. Staff accept by mistake; the big request now only waits for staff (training above the threshold).
    accept_fte_declaration(declaration, user=staff_user)
    big = submit(provider_a_user, funded, category="settlement", amount="20000000")
    assert big.status == "pending"
    # 4. The FTEs are "put back": declared, and accepting would leave $20M booked for $750.
    back = declare_site_ftes(funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("2"), D("2.5"))})
    with pytest.raises(ValidationError, match="more booked than its allocation"):
        accept_fte_declaration(back, user=staff_user)
    back.refresh_from_db()
    assert back.status == "pending"
    # 5. Staff refuse the request instead; the balance was never negative and no money was approved.
    refuse_pd_request(big, user=staff_user, reason="Far above the FTEs")
    accept_fte_declaration(back, user=staff_user)
    balances = provider_balances(funded, fiscal_year=Y)
    assert all(line.remaining >= 0 for line in balances.lines)
    assert balances.line("settlement").allocated == D("750.00")
    assert not PDRequest.objects.filter(status="approved", amount__gt=D("750")).exists()


def test_provider_fte_page_makes_a_declaration_not_a_change(client_for, funded, provider_a_user):
    site = funded.site
    response = client_for(provider_a_user).post(
        reverse("pd_budget:sitefte-edit", args=[funded.pk]) + f"?year={Y}",
        {f"language_{site.pk}": "2", f"settlement_{site.pk}": "99999"},
        follow=True,
    )
    assert "are sent to IRCC staff" in response.content.decode()
    assert SiteFTE.objects.get(site=site, fiscal_year=Y).settlement_fte == D("2.5")
    assert FTEDeclaration.objects.get().lines.get().settlement_fte == D("99999")
    assert compute_allocation(funded, Y).settlement == D("750.00")


def test_a_new_declaration_replaces_the_waiting_one(funded, provider_a_user):
    site = funded.site
    first = declare_site_ftes(funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("3"), D("3"))})
    second = declare_site_ftes(funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("4"), D("3"))})
    assert first.pk == second.pk and FTEDeclaration.objects.count() == 1
    assert second.lines.get().language_fte == D("4")
    assert (
        declare_site_ftes(funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("2"), D("2.5"))})
        is None
    )
    assert not FTEDeclaration.objects.exists()


def test_staff_refuse_a_declaration_with_a_reason(funded, provider_a_user, staff_user):
    site = funded.site
    declaration = declare_site_ftes(
        funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("9"), D("9"))}
    )
    with pytest.raises(ValidationError):
        refuse_fte_declaration(declaration, user=staff_user, reason=" ")
    refuse_fte_declaration(declaration, user=staff_user, reason="Not what the agreement funds")
    declaration.refresh_from_db()
    assert (declaration.status, declaration.reason) == ("refused", "Not what the agreement funds")
    with pytest.raises(ValidationError, match="already decided"):
        accept_fte_declaration(declaration, user=staff_user)
    assert compute_allocation(funded, Y).language == D("300.00")


def test_only_staff_decide_declarations(funded, provider_a_user):
    site = funded.site
    declaration = declare_site_ftes(
        funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("9"), D("9"))}
    )
    with pytest.raises(PermissionDenied):
        accept_fte_declaration(declaration, user=provider_a_user)
    with pytest.raises(PermissionDenied):
        set_site_ftes(funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("9"), D("9"))})


def test_a_staff_edit_that_overbooks_is_refused_unless_confirmed_then_flagged(
    client_for, funded, provider_a_user, staff_user
):
    site = funded.site
    submit(provider_a_user, funded, category="settlement", amount="700")
    with pytest.raises(ValidationError, match="more booked than its allocation"):
        set_site_ftes(funded, user=staff_user, fiscal_year=Y, ftes={site.pk: (D("2"), D("1"))})
    assert SiteFTE.objects.get(site=site, fiscal_year=Y).settlement_fte == D("2.5")
    assert not AllocationFlag.objects.exists()
    set_site_ftes(
        funded, user=staff_user, fiscal_year=Y, ftes={site.pk: (D("2"), D("1"))}, confirm_overbooking=True
    )
    flag = AllocationFlag.objects.get(resolved_at__isnull=True)
    assert (flag.provider, flag.source, flag.created_by) == (funded, "staff", staff_user)
    staff = client_for(staff_user)
    overview = staff.get(reverse("pd_budget:overview") + f"?year={Y}").content.decode()
    assert "Booked above the allocation" in overview
    page = staff.get(reverse("pd_budget:allocation", args=[funded.pk]) + f"?year={Y}").content.decode()
    assert 'id="over-allocation"' in page and "$700.00 booked for an allocation of $300.00" in page
    # Staff cancel the approved request: the flag is resolved.
    cancel_pd_request(PDRequest.objects.get(), user=staff_user, reason="FTEs corrected")
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert (
        "Booked above the allocation"
        not in staff.get(reverse("pd_budget:overview") + f"?year={Y}").content.decode()
    )


def test_the_staff_fte_page_asks_to_confirm_an_overbooking(client_for, funded, provider_a_user, staff_user):
    site = funded.site
    submit(provider_a_user, funded, category="settlement", amount="700")
    url = reverse("pd_budget:sitefte-edit", args=[funded.pk]) + f"?year={Y}"
    staff = client_for(staff_user)
    data = {f"language_{site.pk}": "2", f"settlement_{site.pk}": "1"}
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "more booked than its allocation" in response.content.decode()
    assert SiteFTE.objects.get(site=site, fiscal_year=Y).settlement_fte == D("2.5")
    assert staff.post(url, {**data, "confirm_overbooking": "on"}).status_code == 302
    assert SiteFTE.objects.get(site=site, fiscal_year=Y).settlement_fte == D("1")
    assert AllocationFlag.objects.filter(provider=funded, resolved_at__isnull=True).exists()


def test_check_bookings_within_allocation_for_the_import(funded, provider_a_user, admin_user):
    """The signature the workbook import calls after writing FTEs: refuse, or flag with confirm."""
    submit(provider_a_user, funded, category="settlement", amount="700")
    SiteFTE.objects.filter(site=funded.site).update(settlement_fte=D("1"))
    with pytest.raises(ValidationError) as excinfo:
        check_bookings_within_allocation(provider=funded, fiscal_year=Y, source="import", user=admin_user)
    assert excinfo.value.code == "overbooked"
    lines = check_bookings_within_allocation(
        provider=funded, fiscal_year=Y, source="import", user=admin_user, confirm=True
    )
    assert [line.category for line in lines] == ["settlement"]
    assert AllocationFlag.objects.get().source == "import"
    SiteFTE.objects.filter(site=funded.site).update(settlement_fte=D("3"))
    assert check_bookings_within_allocation(provider=funded, fiscal_year=Y, source="import") == []
    assert AllocationFlag.objects.get().resolved_at is not None


# --- Closed years' FTEs are read-only -------------------------------------------------------------
def test_closed_year_ftes_are_read_only(client_for, funded, provider_a_user, staff_user, policy_2018):
    old = add_site(funded, "small", language="1", settlement="1", year=2018)
    with pytest.raises(ValidationError, match="2018-19 is closed"):
        set_site_ftes(funded, user=staff_user, fiscal_year=2018, ftes={old.pk: (D("5"), D("5"))})
    with pytest.raises(ValidationError, match="2018-19 is closed"):
        declare_site_ftes(funded, user=provider_a_user, fiscal_year=2018, ftes={old.pk: (D("5"), D("5"))})
    url = reverse("pd_budget:sitefte-edit", args=[funded.pk]) + "?year=2018"
    for user in (provider_a_user, staff_user):
        client = client_for(user)
        page = client.get(url).content.decode()
        assert "2018-19 is closed" in page and " disabled" in page
        client.post(url, {f"language_{old.pk}": "5", f"settlement_{old.pk}": "5"})
    assert SiteFTE.objects.get(site=old, fiscal_year=2018).language_fte == D("1")
    assert not FTEDeclaration.objects.exists()


# --- Withdraw while waiting; cancel after approval (staff, with a reason) --------------------------
def test_book_spend_withdraw_book_again_is_refused(client_for, funded, provider_a_user):
    approved = submit(provider_a_user, funded, amount="2700", conference_name="P2P")
    assert approved.status == "approved"
    with pytest.raises(ValidationError, match="only IRCC staff can cancel it"):
        withdraw_pd_request(approved, user=provider_a_user)
    response = client_for(provider_a_user).post(
        reverse("pd_budget:pdrequest-withdraw", args=[approved.pk]), follow=True
    )
    assert "only IRCC staff can cancel it" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == "approved"
    with pytest.raises(ValidationError, match=r"Only \$0.00 remains"):
        submit(provider_a_user, funded, amount="2700", conference_name="P2P")
    assert PDRequest.objects.filter(status="approved").count() == 1


def test_a_waiting_request_is_withdrawn_by_its_provider(funded, provider_a_user):
    waiting = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    withdraw_pd_request(waiting, user=provider_a_user)
    assert provider_balances(funded, fiscal_year=Y).line("conference").remaining == D("2700.00")


def test_staff_cancel_an_approved_request_with_a_reason(client_for, funded, provider_a_user, staff_user):
    approved = submit(provider_a_user, funded, amount="1200", conference_name="P2P")
    url = reverse("pd_budget:pdrequest-cancel", args=[approved.pk])
    assert client_for(provider_a_user).post(url, {"reason_en": "mine"}).status_code == 403
    staff = client_for(staff_user)
    response = staff.post(url, {"reason_en": ""})
    assert response.status_code == 200 and "Write it in English or in French" in response.content.decode()
    response = staff.post(url, {"reason_en": "The conference was cancelled"}, follow=True)
    assert "$1,200.00 is back in its balance" in response.content.decode()
    approved.refresh_from_db()
    assert (approved.status, approved.reason, approved.decided_by) == (
        "cancelled",
        "The conference was cancelled",
        staff_user,
    )
    assert provider_balances(funded, fiscal_year=Y).line("conference").remaining == D("2700.00")


def test_the_cancel_form_speaks_french(client_for, funded, provider_a_user, staff_user):
    approved = submit(provider_a_user, funded, amount="1200", conference_name="P2P")
    page = html.unescape(
        client_for(staff_user).get(f"/fr/pd/requests/{approved.pk}/cancel/").content.decode()
    )
    assert "Annuler une demande approuvée" in page and "Motif de l'annulation" in page
    assert "1\u00a0200,00\u00a0$" in page


def test_only_an_approved_request_is_cancelled(funded, provider_a_user, staff_user):
    waiting = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    with pytest.raises(ValidationError, match="Only an approved request can be cancelled"):
        cancel_pd_request(waiting, user=staff_user, reason="No")


# --- A superuser is not the provider --------------------------------------------------------------
def test_a_superuser_cannot_act_as_the_provider_in_the_services(funded, provider_a_user, admin_user):
    assert admin_user.is_superuser
    waiting = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    with pytest.raises(PermissionDenied):
        submit(admin_user, funded, amount="100", conference_name="P2P")
    with pytest.raises(PermissionDenied):
        withdraw_pd_request(waiting, user=admin_user)
    with pytest.raises(PermissionDenied):
        declare_site_ftes(funded, user=admin_user, fiscal_year=Y, ftes={funded.site.pk: (D("9"), D("9"))})
    waiting.refresh_from_db()
    assert waiting.status == "pending" and PDRequest.objects.count() == 1


def test_a_superuser_cannot_act_as_the_provider_through_its_pages(
    client_for, funded, provider_a_user, admin_user
):
    from pd_budget.services.requests import issue_request_token

    waiting = submit(provider_a_user, funded, amount="900", conference_name="Local forum")
    admin = client_for(admin_user)
    assert admin.post(reverse("pd_budget:pdrequest-withdraw", args=[waiting.pk])).status_code == 403
    create = reverse("pd_budget:pdrequest-create", args=[funded.pk])
    assert admin.get(create).status_code == 403
    data = {
        "fiscal_year": Y,
        "category": "language",
        "amount": "10",
        "submit_token": issue_request_token(user=admin_user, provider=funded),
    }
    assert admin.post(create, data).status_code == 403
    page = admin.get(reverse("pd_budget:allocation", args=[funded.pk]) + f"?year={Y}").content.decode()
    assert "Make a PD request" not in page and "Withdraw" not in page
    waiting.refresh_from_db()
    assert waiting.status == "pending" and PDRequest.objects.count() == 1


# --- The approval queue says what the policy says -------------------------------------------------
def test_the_approval_queue_states_the_policy_in_both_languages(client_for, staff_user):
    client = client_for(staff_user)
    english = client.get("/en/pd/requests/approvals/").content.decode()
    assert "Designated conferences (P2P, Metropolis, CCR) are approved at once" in english
    assert "Conferences that are not designated" not in english
    french = html.unescape(client.get("/fr/pd/requests/approvals/").content.decode())
    assert "Les conférences désignées (P2P, Metropolis, CCR) sont approuvées d'emblée" in french


# --- The staff queue of FTE declarations ----------------------------------------------------------
def test_staff_see_a_declaration_with_its_allocation_impact_and_accept_it(
    client_for, funded, provider_a_user, staff_user
):
    site = funded.site
    declare_site_ftes(funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("2"), D("4"))})
    staff = client_for(staff_user)
    page = staff.get(reverse("pd_budget:ftedeclaration-list")).content.decode()
    assert "2 / 2.5" in page and "2 / 4" in page  # FTEs: at most two decimals, no trailing zeros
    assert "Allocation $3,750.00 now, $4,200.00 if accepted" in page
    declaration = FTEDeclaration.objects.get()
    response = staff.post(reverse("pd_budget:ftedeclaration-accept", args=[declaration.pk]), follow=True)
    assert "now count in its allocation" in response.content.decode()
    assert compute_allocation(funded, Y).settlement == D("1200.00")
    assert (
        "No declaration is waiting." in staff.get(reverse("pd_budget:ftedeclaration-list")).content.decode()
    )


def test_the_queue_warns_and_accepting_an_overbooking_needs_the_box(
    client_for, funded, provider_a_user, staff_user
):
    site = funded.site
    submit(provider_a_user, funded, category="settlement", amount="700")
    declaration = declare_site_ftes(
        funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("2"), D("1"))}
    )
    staff = client_for(staff_user)
    page = staff.get(reverse("pd_budget:ftedeclaration-list")).content.decode()
    assert (
        "Warning: the bookings would exceed the allocation in" in page
        and 'name="confirm_overbooking"' in page
    )
    accept = reverse("pd_budget:ftedeclaration-accept", args=[declaration.pk])
    response = staff.post(accept, follow=True)
    assert "more booked than its allocation" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == "pending" and compute_allocation(funded, Y).settlement == D("750.00")
    staff.post(accept, {"confirm_overbooking": "on"})
    declaration.refresh_from_db()
    assert declaration.status == "accepted"
    assert AllocationFlag.objects.get(resolved_at__isnull=True).source == "declaration"


def test_staff_refuse_a_declaration_from_the_queue_in_french(client_for, funded, provider_a_user, staff_user):
    site = funded.site
    declaration = declare_site_ftes(
        funded, user=provider_a_user, fiscal_year=Y, ftes={site.pk: (D("9"), D("9"))}
    )
    staff = client_for(staff_user)
    page = html.unescape(staff.get("/fr/pd/ftes/declarations/").content.decode())
    assert "Déclarations d'ETP en attente de décision" in page and "3\u00a0750,00\u00a0$" in page
    refuse = reverse("pd_budget:ftedeclaration-refuse", args=[declaration.pk])
    staff.post(refuse, {"reason_en": ""})
    declaration.refresh_from_db()
    assert declaration.status == "pending"
    staff.post(refuse, {"reason_fr": "Pas selon l'entente"})
    declaration.refresh_from_db()
    assert (declaration.status, declaration.reason) == ("refused", "Pas selon l'entente")
    # The provider reads the decision on its page.
    own = html.unescape(
        client_for(provider_a_user).get(f"/en/pd/providers/{funded.pk}/?year={Y}").content.decode()
    )
    assert "FTE declaration of" in own and "Refused" in own and "Pas selon l'entente" in own
