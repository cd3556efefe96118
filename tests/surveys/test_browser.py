"""A provider fills in and submits its PD template in the browser."""

import pytest

from surveys.models import PDTemplate, TemplateStatus
from tests.surveys.factories import SurveyCycleFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_fills_in_and_submits_the_template(page, sign_in_page, provider_a_user, live_server):
    SurveyCycleFactory(fiscal_year=2018, status="open")
    ThemeFactory(code="case-management", name_en="Case management", name_fr="Gestion des cas")
    sign_in_page("provider-a")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="PD survey").click()
    page.get_by_role("link", name="Fill in your PD template 2018-19").click()
    page.wait_for_url(f"{live_server.url}/en/surveys/2018/my-template/")

    page.get_by_label("Current PD funding").fill("3200")
    page.get_by_label("Theme", exact=True).select_option(label="Case management")
    page.get_by_label("Number of people").fill("4")
    page.get_by_label("Estimated cost ($)").fill("1500")
    page.get_by_role("button", name="Save and add another need").click()
    page.get_by_text("Your draft was saved.").wait_for()

    # The second need, in free text with an unknown cost; then a first try at submitting.
    page.locator("#id_needs-1-theme_text").fill("Trauma-informed practice")
    page.locator("#id_needs-1-people").fill("2")
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_text("Draft saved, but not submitted yet").wait_for()
    # The errors sit next to their fields, and the answers given so far are still there.
    assert (
        page.locator("#id_practitioners_language").get_attribute("aria-invalid") == "true"
        or page.locator("#id_practitioners_language.is-invalid").count()
    )
    assert page.get_by_label("Current PD funding").input_value() == "3,200.00"

    for role in ("practitioners", "coordinators", "managers", "other"):
        page.locator(f"#id_{role}_language").fill("1")
        page.locator(f"#id_{role}_settlement").fill("2")
    page.locator("#id_can_identify_needs_0").check()  # Yes
    page.locator("#id_can_cost_needs_1").check()  # No
    for i in (0, 1):
        page.locator(f"#id_needs-{i}-delivery").select_option("online")
        page.locator(f"#id_needs-{i}-scope").select_option("regional")
    page.get_by_role("button", name="Review and submit").click()
    # The review step: everything that will be locked, then Submit.
    page.get_by_role("heading", name="Review your PD template 2018-19").wait_for()
    assert page.get_by_role("rowheader", name="Trauma-informed practice").is_visible()
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_text("Your PD template was submitted. Thank you.").wait_for()
    assert page.get_by_text("submitted and is locked").is_visible()

    template = PDTemplate.objects.get(provider=provider_a_user.provider)
    assert template.status == TemplateStatus.SUBMITTED
    assert template.can_cost_needs is False
    assert sorted(n.theme_label for n in template.needs.all()) == [
        "Case management",
        "Trauma-informed practice",
    ]
    assert [n.estimated_cost for n in template.needs.order_by("pk")][1] is None
