"""The equity report's page in Chromium at 390 px, in both languages: with no aggregated survey it
says so where the user looks, the download answers with the same page, and axe finds nothing serious."""

import pytest

from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "message", "button"),
    [
        ("en", "No PD survey has been aggregated yet", "Download Excel (xlsx)"),
        ("fr", "Aucun sondage sur le PP n'a encore été agrégé", "Télécharger en Excel (xlsx)"),
    ],
)
def test_equity_page_says_nothing_to_export(page, live_server, staff_user, language, message, button):
    from tests.surveys.factories import build_hand_computed_fixture

    build_hand_computed_fixture()  # a closed survey with templates, not aggregated
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/en/")
    page.goto(f"{live_server.url}/{language}/reports/pd-equity-analysis/")
    status = page.get_by_role("status").filter(has_text=message)
    assert status.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()  # the page again, never an empty file
    assert page.get_by_role("status").filter(has_text=message).is_visible()
