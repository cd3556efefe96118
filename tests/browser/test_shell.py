"""A user signs in, switches to French and finds the dashboard in French."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_switch_to_french_and_see_dashboard(page, sign_in_page, staff_user, seeded, live_server):
    sign_in_page("staff")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"{live_server.url}/fr/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord"
    assert page.locator("html").get_attribute("lang") == "fr"
    menu_link = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Groupes de concertation", exact=True
    )
    # The French menu leads to French pages, with the seed's French group names.
    menu_link.click()
    page.wait_for_url(f"{live_server.url}/fr/groups/")
    assert page.get_by_role("link", name="Gestion des cas").is_visible()


def test_skip_link_moves_focus_to_main_content(page, sign_in_page, staff_user, seeded):
    sign_in_page("staff")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_pages_load_no_remote_resources(page, sign_in_page, staff_user, seeded, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in_page("staff")
    page.wait_for_load_state("networkidle")
    remote = [url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert remote == []
    assert any("/static/vendor/bootstrap/" in url for url in requested)
