"""Staff create an event dated "fall 2019" and find it in the calendar, in English and French."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_group(page, name: str) -> None:
    """The working group is searched as staff type (issue 22), then chosen in the list it fills."""
    page.locator("#id_group_search").press_sequentially(name.lower())
    page.locator("select[name=group]").locator("option", has_text=name).first.wait_for(state="attached")
    page.get_by_label("Working group").select_option(label=name)


def test_staff_create_a_fall_2019_event_and_find_it_in_the_calendar(
    page, sign_in_page, staff_user, seeded, live_server
):
    sign_in_page("staff")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Learning events").click()
    page.wait_for_url(f"{live_server.url}/en/events/")
    page.get_by_role("link", name="Add a learning event").click()
    choose_group(page, "Case management")
    page.get_by_label("Title (English)").fill("Case management regional gathering")
    page.get_by_label("Title (French)").fill("Rencontre régionale : Gestion des cas")
    page.get_by_label("Format").select_option(label="In person")
    page.get_by_label("City").fill("Regina")
    page.get_by_label("Jurisdiction").select_option(label="Saskatchewan")
    page.get_by_label("Status").select_option(label="Planned")
    page.get_by_label("Date precision").select_option(label="Season")
    page.get_by_label("Season").select_option(label="Fall")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Save").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Case management regional gathering"
    assert page.get_by_text("The learning event is saved.").is_visible()
    assert page.get_by_text("fall 2019").first.is_visible()

    # The calendar, filtered to 2019, lists it under September 2019 (its earliest day, 23 September).
    page.goto(f"{live_server.url}/en/events/list/?year=2019")
    section = page.get_by_role("region", name="September 2019")
    row = section.get_by_role("row").filter(has_text="Case management regional gathering")
    assert row.get_by_text("fall 2019").is_visible()
    assert row.get_by_text("Regina, Saskatchewan").is_visible()

    # And in French, as the seed would write it.
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"{live_server.url}/fr/events/list/?year=2019")
    row = (
        page.get_by_role("region", name="Septembre 2019")
        .get_by_role("row")
        .filter(has_text="Rencontre régionale : Gestion des cas")
    )
    assert row.get_by_text("automne 2019").is_visible()


def test_an_incomplete_date_shows_a_linked_error(page, sign_in_page, staff_user, seeded, live_server):
    sign_in_page("staff")
    page.goto(f"{live_server.url}/en/events/new/")
    choose_group(page, "Youth")
    page.get_by_label("Title (English)").fill("Youth call")
    page.get_by_label("Title (French)").fill("Appel : Jeunes")
    page.get_by_label("Format").select_option(label="Teleconference")
    page.get_by_label("Date precision").select_option(label="Season")
    page.get_by_label("Year").fill("2019")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Choose the season of the event.", exact=True).is_visible()  # by the field
    assert page.get_by_label("Season").get_attribute("aria-invalid") == "true"
    # ... and in the summary on top, whose link puts the focus on the field
    page.get_by_role("link", name="Season: Choose the season of the event.").click()
    assert page.evaluate("() => document.activeElement.id") == "id_season"
