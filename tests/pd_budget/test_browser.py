"""A provider makes a PD request in the browser and sees the refusal when it is over the cap."""

import pytest

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
    assert not page.get_by_label("Conference name").is_visible()  # only conferences are named
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
