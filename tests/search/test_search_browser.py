"""The header search in Chromium: typed in the header of any page, in either language, on a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Search the portal"), ("fr", "Rechercher dans le portail")]
)
def test_staff_find_the_language_evaluation_from_the_header(
    page, live_server, staff_user, seeded, language, label
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/en/")
    page.goto(f"{live_server.url}/{language}/groups/")
    box = page.get_by_role("search").get_by_label(label)
    box.fill("evaluation linguistique")
    box.press("Enter")
    page.wait_for_url(f"**/{language}/search/?q=evaluation+linguistique")
    marked = page.locator("mark").all_inner_texts()
    assert "Évaluation" in marked and "linguistique" in marked
    assert page.get_by_role(
        "link", name="Évaluation linguistique" if language == "fr" else "Language assessment"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
