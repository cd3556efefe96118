"""The Django admin cannot move money around the cap, and one request form books once (issue 14)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from pd_budget.models import AllocationFlag, PDRequest, PolicyYear, SiteFTE
from pd_budget.services import submit_pd_request
from pd_budget.services.requests import issue_request_token
from tests.pd_budget.factories import DesignatedConferenceFactory, add_site, this_fiscal_year

pytestmark = pytest.mark.django_db
D = Decimal
Y = this_fiscal_year()


@pytest.fixture
def funded(provider_a, policy_now):
    """Provider A, year Y: conference $2,700.00, language $300.00, settlement 2.5 x 300 = $750.00."""
    site = add_site(provider_a, "urban", language="2", settlement="2.5", head_office=True, year=Y)
    DesignatedConferenceFactory(acronym="P2P")
    provider_a.site = site
    return provider_a


def book(user, provider, **kw):
    args = {"fiscal_year": Y, "category": "conference", "amount": "1200", "conference_name": "P2P"} | kw
    return submit_pd_request(provider, user=user, **args)


# --- Django admin ---------------------------------------------------------------------------------
def test_the_admin_cannot_change_an_approved_requests_booking(
    client_for, funded, provider_a_user, provider_b, admin_user
):
    approved = book(provider_a_user, funded)
    url = reverse("admin:pd_budget_pdrequest_change", args=[approved.pk])
    admin = client_for(admin_user)
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        {
            "provider": provider_b.pk,
            "fiscal_year": "2018",
            "category": "language",
            "amount": "99999999.99",
            "conference_name": "Anything",
            "status": "approved",
            "description": "Corrected purpose",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.provider, approved.fiscal_year, approved.category, approved.amount) == (
        funded,
        Y,
        "conference",
        D("1200.00"),
    )
    assert approved.description == "Corrected purpose"  # the one field the admin may correct


def test_the_admin_cannot_add_or_import_requests(client_for, admin_user):
    admin = client_for(admin_user)
    assert admin.get(reverse("admin:pd_budget_pdrequest_add")).status_code == 403
    assert admin.get("/admin/pd_budget/pdrequest/import/").status_code != 200
    assert not PDRequest.objects.exists()


def test_an_admin_fte_save_that_overbooks_is_refused_unless_confirmed(
    client_for, funded, provider_a_user, admin_user
):
    book(provider_a_user, funded, category="settlement", amount="700", conference_name="")
    row = SiteFTE.objects.get(site=funded.site, fiscal_year=Y)
    url = reverse("admin:pd_budget_sitefte_change", args=[row.pk])
    admin = client_for(admin_user)
    data = {
        "site": row.site_id,
        "fiscal_year": Y,
        "language_fte": "2",
        "settlement_fte": "1",
        "_save": "Save",
    }
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "more booked than its allocation" in response.content.decode()
    row.refresh_from_db()
    assert row.settlement_fte == D("2.5") and not AllocationFlag.objects.exists()
    assert admin.post(url, {**data, "confirm_overbooking": "on"}).status_code == 302
    row.refresh_from_db()
    assert row.settlement_fte == D("1")
    flag = AllocationFlag.objects.get(resolved_at__isnull=True)
    assert (flag.source, flag.created_by) == ("admin", admin_user)


def test_a_closed_years_ftes_are_read_only_in_the_admin(client_for, funded, admin_user, policy_2018):
    old = add_site(funded, "small", language="1", settlement="1", year=2018)
    row = SiteFTE.objects.get(site=old, fiscal_year=2018)
    url = reverse("admin:pd_budget_sitefte_change", args=[row.pk])
    admin = client_for(admin_user)
    admin.post(url, {"site": old.pk, "fiscal_year": 2018, "language_fte": "50", "settlement_fte": "50"})
    row.refresh_from_db()
    assert (row.language_fte, row.settlement_fte) == (D("1"), D("1"))
    add = reverse("admin:pd_budget_sitefte_add")
    response = admin.post(
        add, {"site": funded.site.pk, "fiscal_year": 2018, "language_fte": "9", "settlement_fte": "9"}
    )
    assert response.status_code == 200 and "2018-19 is closed" in response.content.decode()
    assert not SiteFTE.objects.filter(site=funded.site, fiscal_year=2018).exists()


def test_lower_policy_rates_in_the_admin_flag_the_overbooked_provider(
    client_for, funded, provider_a_user, admin_user
):
    book(provider_a_user, funded, amount="2700")
    policy = PolicyYear.objects.get(fiscal_year=Y)
    url = reverse("admin:pd_budget_policyyear_change", args=[policy.pk])
    response = client_for(admin_user).post(
        url,
        {
            "fiscal_year": Y,
            "conference_urban": "1500.00",
            "conference_small": "3000.00",
            "conference_north": "3000.00",
            "language_per_fte": "150.00",
            "settlement_per_fte": "300.00",
            "mixed_sites": "blend",
            "_save": "Save",
        },
        follow=True,
    )
    assert "now has more booked than its allocation" in response.content.decode()
    assert AllocationFlag.objects.get(provider=funded, resolved_at__isnull=True).source == "admin"


# --- One form, one booking ------------------------------------------------------------------------
def _form(client, provider):
    url = reverse("pd_budget:pdrequest-create", args=[provider.pk])
    page = client.get(url).content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    return url, token


def test_the_same_form_sent_twice_books_once_and_shows_the_booking(client_for, funded, provider_a_user):
    client = client_for(provider_a_user)
    url, token = _form(client, funded)
    data = {"fiscal_year": Y, "category": "language", "amount": "120", "submit_token": token}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    body = second.content.decode()
    assert second.status_code == 200
    assert "This form was already sent: the request is booked once" in body
    assert "$120.00" in body  # the booked request, listed on the allocation page
    assert PDRequest.objects.count() == 1
    # A new form is a new request.
    _url, fresh = _form(client, funded)
    assert client.post(url, {**data, "submit_token": fresh}).status_code == 302
    assert PDRequest.objects.count() == 2


@pytest.mark.parametrize("token", ["", "forged", "other-user"])
def test_a_missing_or_foreign_token_books_nothing(client_for, funded, provider_a_user, token):
    from tests.factories import UserFactory

    if token == "other-user":
        colleague = UserFactory(username="colleague", role="provider", provider=funded)
        token = issue_request_token(user=colleague, provider=funded)
    response = client_for(provider_a_user).post(
        reverse("pd_budget:pdrequest-create", args=[funded.pk]),
        {"fiscal_year": Y, "category": "language", "amount": "120", "submit_token": token},
    )
    assert response.status_code == 200
    assert "reload the page and submit the request again" in response.content.decode()
    assert not PDRequest.objects.exists()


def test_deleting_ftes_in_the_admin_flags_the_overbooked_provider(
    client_for, funded, provider_a_user, admin_user
):
    book(provider_a_user, funded, category="settlement", amount="700", conference_name="")
    row = SiteFTE.objects.get(site=funded.site, fiscal_year=Y)
    url = reverse("admin:pd_budget_sitefte_delete", args=[row.pk])
    response = client_for(admin_user).post(url, {"post": "yes"}, follow=True)
    assert "now has more booked than its allocation" in response.content.decode()
    assert AllocationFlag.objects.get(provider=funded, resolved_at__isnull=True).source == "admin"
