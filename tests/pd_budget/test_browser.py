"""A provider makes a PD request in the browser and sees the refusal when it is over the cap."""

import pytest
from playwright.sync_api import expect

from tests.pd_budget.factories import PolicyYearFactory, add_site, this_fiscal_year, this_fiscal_year_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_request_within_and_over_the_cap(
    page, sign_in_page, seeded, provider_a, provider_a_user, live_server
):
    year = this_fiscal_year()  # requests are taken for the open fiscal year only
    PolicyYearFactory(fiscal_year=year)
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=year)  # language: 300
    sign_in_page("provider-a")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="PD budget").click()
    page.get_by_label("Fiscal year", exact=True).select_option(str(year))
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role(
        "heading", name=f"Allocation and balance, {this_fiscal_year_label()}"
    ).is_visible()

    page.get_by_role("link", name="Make a PD request").click()
    assert page.get_by_label("Conference name").is_visible()
    page.get_by_label("Category").select_option("language")
    # Only conferences are named: the script hides the field once the category changes (auto-waits).
    expect(page.get_by_label("Conference name")).to_be_hidden()
    page.get_by_label("Amount ($)").fill("250")
    page.get_by_role("button", name="Submit the request").click()
    assert page.get_by_text("Your request is approved").is_visible()

    page.get_by_role("link", name="Make a PD request").click()
    page.get_by_label("Category").select_option("language")
    page.get_by_label("Amount ($)").fill("100")
    page.get_by_role("button", name="Submit the request").click()
    alert = page.get_by_role("alert")
    assert "Only $50.00 remains" in alert.inner_text()
    assert "overruns are not approved" in alert.inner_text()


def test_provider_declares_ftes_in_french_and_staff_accept_them(
    page, sign_in_page, seeded, provider_a, provider_a_user, staff_user, live_server
):
    """The provider types « 2,5 » in French: a declaration, not a change; staff accept it on a phone-sized
    page that axe finds no serious issue on; only then does the allocation change."""
    from decimal import Decimal

    from pd_budget.models import FTEDeclaration, SiteFTE
    from pd_budget.services import compute_allocation
    from tests.browser.test_accessibility import axe_violations

    year = this_fiscal_year()
    PolicyYearFactory(fiscal_year=year)
    site = add_site(
        provider_a, "urban", language="2", settlement="1", head_office=True, year=year, name="Calgary"
    )
    sign_in_page("provider-a")
    page.goto(f"{live_server.url}/fr/pd/providers/{provider_a.pk}/ftes/?year={year}")
    page.get_by_label("ETP en établissement, Calgary").fill("2,5")
    page.get_by_role("button", name="Transmettre les ETP au personnel d'IRCC").click()
    assert page.get_by_text("sont transmis au personnel d'IRCC").is_visible()
    assert FTEDeclaration.objects.get().lines.get().settlement_fte == Decimal("2.5")
    assert SiteFTE.objects.get(site=site, fiscal_year=year).settlement_fte == Decimal("1")

    page.context.clear_cookies()
    sign_in_page("staff")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/pd/ftes/declarations/")
    assert page.get_by_text("Allocation $3,300.00 now, $3,750.00 if accepted").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name=f"Accept {provider_a.name}").click()
    assert page.get_by_text("now count in its allocation").is_visible()
    assert compute_allocation(provider_a, year).settlement == Decimal("750.00")
