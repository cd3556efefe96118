"""Look before it is locked, in Chromium: an outlying figure must be confirmed before submitting and
is then flagged to staff; the draft autosaves on the server; a second tab's stale autosave is refused
with a message and keeps what was typed there."""

import re
from decimal import Decimal

import pytest

from surveys.models import ConfirmedOutlier, PDTemplate, TemplateStatus
from tests.surveys.factories import SurveyCycleFactory, ThemeFactory, submitted_template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/en/surveys/2018/my-template/"


@pytest.fixture
def survey(provider_a):
    """2018 open; provider A submitted 2,500.75 of PD funding in 2017."""
    ThemeFactory(code="case-management", name_en="Case management", name_fr="Gestion des cas")
    submitted_template(
        provider_a,
        SurveyCycleFactory(fiscal_year=2017, status="closed"),
        current_pd_funding=Decimal("2500.75"),
    )
    return SurveyCycleFactory(fiscal_year=2018, status="open")


def _fill_everything(page, funding: str) -> None:
    page.get_by_label("Current PD funding").fill(funding)
    for role in ("practitioners", "coordinators", "managers", "other"):
        page.locator(f"#id_{role}_language").fill("1")
        page.locator(f"#id_{role}_settlement").fill("1")
    page.locator("#id_can_identify_needs_0").check()
    page.locator("#id_can_cost_needs_0").check()
    page.get_by_label("Theme", exact=True).select_option(label="Case management")
    page.get_by_label("Number of people").fill("3")
    page.get_by_label("Estimated cost ($)").fill("900")
    page.locator("#id_needs-0-delivery").select_option("online")
    page.locator("#id_needs-0-scope").select_option("regional")


def test_a_100x_outlier_needs_a_confirmation_and_is_flagged_to_staff(
    page, sign_in_page, live_server, survey, provider_a_user, staff_user
):
    sign_in_page("provider-a")
    page.goto(live_server.url + URL)
    _fill_everything(page, "250075")  # 2500,75 with its comma lost: 100 times last year
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("heading", name="Review your PD template 2018-19").wait_for()
    message = "You entered $250,075.00 of PD funding; for 2017-18 you reported $2,500.75."
    assert page.get_by_text(message).is_visible()

    # Submitting without confirming is refused, and nothing is locked.
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_text("Confirm this figure or go back and correct it").first.wait_for()
    assert PDTemplate.objects.get(cycle=survey).status == TemplateStatus.DRAFT

    page.get_by_label(re.compile(r"I confirm: You entered \$250,075\.00")).check()
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_text("Your PD template was submitted. Thank you.").wait_for()
    template = PDTemplate.objects.get(cycle=survey)
    assert template.status == TemplateStatus.SUBMITTED
    assert ConfirmedOutlier.objects.get(template=template).value == Decimal("250075.00")
    # The printable copy, one click from the template page.
    page.get_by_role("link", name="Printable copy").click()
    page.get_by_role("heading", name=re.compile("PD template of Provider A")).wait_for()
    assert page.get_by_text("$250,075.00").first.is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main menu").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Sign out").click()
    sign_in_page("staff")
    page.goto(f"{live_server.url}/en/surveys/2018/")
    flag = page.get_by_role("link", name="1 confirmed outlier")
    assert flag.is_visible()  # words and an icon, not a colour alone
    assert page.get_by_text("Confirmed outlier: " + message).is_visible()
    flag.click()
    page.get_by_role("heading", name="Confirmed outliers").wait_for()


def test_autosave_keeps_the_draft_on_the_server(page, sign_in_page, live_server, survey, provider_a_user):
    sign_in_page("provider-a")
    page.goto(live_server.url + URL)
    page.get_by_label("Current PD funding").fill("3200")
    page.get_by_label("Comments").fill("Typed, never saved by hand")
    status = page.locator("#autosave-status")
    status.get_by_text(re.compile(r"^Draft saved at \d{1,2}:\d\d\.$")).wait_for()
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_timeout(1500)  # the debounced save of the last keystrokes
    template = PDTemplate.objects.get(cycle=survey)
    assert (template.current_pd_funding, template.comments) == (Decimal("3200"), "Typed, never saved by hand")
    # Closing the browser loses nothing: a fresh page shows the saved draft.
    page.context.clear_cookies()
    sign_in_page("provider-a")
    page.goto(live_server.url + URL)
    assert page.get_by_label("Comments").input_value() == "Typed, never saved by hand"
    assert page.get_by_label("Current PD funding").input_value().replace(",", "") in ("3200", "3200.00")


def test_a_second_tabs_stale_autosave_is_refused_and_keeps_its_input(
    page, sign_in_page, live_server, survey, provider_a_user
):
    sign_in_page("provider-a")
    page.goto(live_server.url + URL)
    second = page.context.new_page()
    second.goto(live_server.url + URL)  # both tabs read version 0

    page.get_by_label("Current PD funding").fill("1000")
    page.get_by_label("Current PD funding").blur()
    page.locator("#autosave-status").get_by_text("Draft saved at").wait_for()

    second.get_by_label("Comments").fill("Written in the second tab")
    second.get_by_label("Comments").blur()
    refusal = second.locator("#autosave-status").get_by_text(re.compile(r"changed by .+ at \d{1,2}:\d\d"))
    refusal.wait_for()
    assert "reload to see their changes" in refusal.inner_text()
    assert second.get_by_label("Comments").input_value() == "Written in the second tab"
    second.wait_for_timeout(1500)  # no later autosave goes through either
    template = PDTemplate.objects.get(cycle=survey)
    assert (template.current_pd_funding, template.comments, template.version) == (Decimal("1000"), "", 1)
    second.close()


def test_without_javascript_the_save_button_still_saves(browser, live_server, survey, provider_a_user):
    context = browser.new_context(locale="en-CA", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill("provider-a")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + URL)
    page.get_by_label("Comments").fill("Saved with the button")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Your draft was saved.").wait_for()
    assert PDTemplate.objects.get(cycle=survey).comments == "Saved with the button"
    assert page.locator("#autosave-status").inner_text() == ""  # no script, no autosave claims
    context.close()
