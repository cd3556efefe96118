"""IRCC staff build PD policy scenarios in the browser, in French and in English, by typing rates
into the real fields: the cost follows at once (htmx), they save, compare and export; an
administrator adopts one as next year's policy."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pd_budget.models import PolicyYear, Scenario
from pd_budget.services.scenarios import adoption_target
from tests.factories import ProviderFactory
from tests.pd_budget.factories import PolicyYearFactory, add_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def region(seeded):
    PolicyYearFactory(fiscal_year=2018)
    urban = ProviderFactory(name="Urban AB", jurisdiction_id="AB")
    add_site(urban, "urban", language="2", settlement="1", head_office=True)
    blend = ProviderFactory(name="Blend MB", jurisdiction_id="MB")
    for _ in range(3):
        add_site(blend, "urban", language="1", jurisdiction_id="MB")
    add_site(blend, "small", settlement="1", jurisdiction_id="MB")
    north = ProviderFactory(name="North NU", jurisdiction_id="NU")
    add_site(north, "north", settlement="1", head_office=True, jurisdiction_id="NU")


def test_staff_build_compare_and_export_scenarios_in_both_languages(
    page, sign_in_page, region, staff_user, admin_user, live_server
):
    sign_in_page("staff")
    # French: « 1 500,00 » for the urban conference amount, typed into the real field.
    page.goto(f"{live_server.url}/fr/pd/scenarios/new/?year=2018")
    page.locator("#id_name_fr").fill("Conférences urbaines réduites")
    field = page.get_by_label("Montant pour les conférences, grand centre urbain")
    field.fill("")
    field.type("1\u00a0500,00")
    # Urban AB 2 700 -> 1 500; Blend MB (3 x 1 500 + 3 000) / 4 = 1 875 instead of 2 775: -2 100 $.
    expect(page.locator('[data-figure="delta"]')).to_contain_text("-2\u00a0100,00\u00a0$")
    expect(page.locator('[data-figure="scenario-total"]')).to_have_text("8\u00a0025,00\u00a0$")
    assert not Scenario.objects.exists()  # the effect is shown, nothing is saved
    page.get_by_role("button", name="Enregistrer le scénario").click()
    expect(page.get_by_role("heading", name="Conférences urbaines réduites")).to_be_visible()
    first = Scenario.objects.get()
    assert first.overrides == {"conference_urban": "1500.00"}

    # English: 3,500.00 for small centres, and the small/North amount when any FTE works there.
    page.goto(f"{live_server.url}/en/pd/scenarios/new/?year=2018")
    page.locator("#id_name_en").fill("Small centres first")
    page.get_by_label("Conference amount, small centre").fill("3,500.00")
    page.get_by_label("The small-centre or North amount if any FTE works there").check()
    page.get_by_role("button", name="Show the effect").click()
    expect(page.locator('[data-figure="delta"]')).to_contain_text("+$725.00")
    page.get_by_role("button", name="Save the scenario").click()
    expect(page.get_by_role("heading", name="Small centres first")).to_be_visible()
    # Winners and losers: sort by change, the largest gain last.
    page.locator("#providers").get_by_role("link", name=re.compile("^Change")).click()
    expect(page.locator("#providers tbody tr").first).to_contain_text("$0.00")

    page.goto(f"{live_server.url}/en/pd/scenarios/")
    for scenario in Scenario.objects.all():
        page.get_by_label(f"Compare {scenario.name_en or scenario.name_fr}").check()
    page.get_by_role("button", name="Compare the ticked scenarios").click()
    table = page.locator("#comparison")
    expect(table).to_contain_text("+$725.00")
    expect(table).to_contain_text("-$2,100.00")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export these scenarios to Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # An administrator adopts the second one as next year's policy.
    page.context.clear_cookies()
    sign_in_page("admin")
    second = Scenario.objects.get(name_en="Small centres first")
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("^Adopt as the PD policy of")).click()
    page.get_by_role("button", name=re.compile("^Adopt as the PD policy of")).click()
    expect(page.get_by_text("is now the PD policy of")).to_be_visible()
    policy = PolicyYear.objects.get(fiscal_year=adoption_target())
    assert (policy.conference_small, policy.mixed_sites) == (Decimal("3500.00"), "any_small")
