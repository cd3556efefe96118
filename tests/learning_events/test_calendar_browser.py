"""The month and agenda views in Chromium, in English and French: keyboard, headings, a 390 px
phone (the grid becomes an agenda) and axe-core."""

import pytest

from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_month_and_agenda_in_both_languages(page, sign_in_page, staff_user, seeded, live_server):
    sign_in_page("staff")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Learning events").click()
    page.wait_for_url(f"{live_server.url}/en/events/")
    assert page.get_by_role("heading", name="Upcoming").is_visible()  # the agenda starts today
    assert page.get_by_role("link", name="Agenda").get_attribute("aria-current") == "page"

    # The month of August 2017 holds two teleconferences dated to the day.
    page.goto(f"{live_server.url}/en/events/month/?month=2017-08")
    assert page.get_by_role("heading", level=2, name="August 2017").is_visible()
    grid = page.get_by_role("table", name="Learning events: August 2017")
    headers = grid.get_by_role("columnheader").all_inner_texts()
    assert headers[0] == "Sun" and len(headers) == 7  # Canadian English weeks start on Sunday
    cell = grid.get_by_role("cell").filter(has_text="Friday 25 August 2017")
    assert cell.get_by_role("link").first.is_visible()
    assert cell.get_by_text("Held").is_visible()
    assert axe_violations(page) == []

    # Keyboard: the "next month" link is reachable with Tab and follows with Enter.
    next_month = page.get_by_role("navigation", name="Move in the calendar").first.get_by_role(
        "link", name="September 2017"
    )
    next_month.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/en/events/month/?month=2017-09")
    assert page.get_by_role("heading", level=2, name="September 2017").is_visible()

    # French: names of months and weekdays, weeks from Monday.
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"{live_server.url}/fr/events/month/?month=2017-09")
    assert page.get_by_role("heading", level=2, name="Septembre 2017").is_visible()
    grid = page.get_by_role("table", name="Activités d'apprentissage : Septembre 2017")
    assert grid.get_by_role("columnheader").first.inner_text() == "Lun."
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/fr/events/month/?month=2017-08")
    assert page.get_by_role("table").get_by_role("cell").filter(has_text="Vendredi 25 août 2017").is_visible()

    # The agenda over a year, in French: days as headings, fuzzy dates in their own lanes.
    page.goto(f"{live_server.url}/fr/events/?year=2018")
    lanes = page.get_by_role("region", name="Pas encore datées au jour près")
    assert lanes.get_by_role("heading", name="Automne 2018").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Aujourd’hui").first.click()
    assert page.get_by_role("heading", name="À venir").is_visible()


def test_the_month_becomes_an_agenda_on_a_phone(page, sign_in_page, staff_user, seeded, live_server):
    sign_in_page("staff")
    page.set_viewport_size({"width": 390, "height": 844})
    for language, day in (("en", "Friday 25 August 2017"), ("fr", "Vendredi 25 août 2017")):
        page.goto(f"{live_server.url}/{language}/events/month/?month=2017-08")
        page.wait_for_load_state("networkidle")
        assert not page.get_by_role("table").first.is_visible()  # the grid is hidden...
        assert page.get_by_role("heading", name=day).is_visible()  # ... and the days are headings
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(f"{live_server.url}/{language}/events/?year=2017")
        assert page.get_by_role("heading", name=day).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
