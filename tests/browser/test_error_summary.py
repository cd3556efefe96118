"""A refused form, in a real browser: the error summary takes the focus, and each of its links puts the
focus on the field it names (portal/form.html and static/js/error-summary.js)."""

import pytest

from groups.models import WorkingGroup, WorkPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "heading", "save"),
    [("en", "There is a problem", "Save"), ("fr", "Il y a un problème", "Enregistrer")],
)
def test_the_summary_gets_the_focus_and_its_links_focus_their_fields(
    page, live_server, sign_in_page, seeded, staff_user, language, heading, save
):
    plan = WorkPlan.objects.create(group=WorkingGroup.objects.get(slug="case-management"), fiscal_year=2018)
    sign_in_page("staff")
    page.goto(f"{live_server.url}/{language}/groups/work-plans/{plan.pk}/items/new/")
    page.locator("#id_due_date").fill("2018-02-30")  # the browser's date input refuses it: empty, fine
    page.get_by_role("button", name=save).click()
    page.wait_for_load_state("networkidle")

    summary = page.locator("[data-error-summary]")
    assert summary.get_by_role("heading", name=heading).is_visible()
    focused = page.evaluate("() => document.activeElement.id")
    assert focused == "error-summary"

    link = summary.get_by_role("link").first
    target = link.get_attribute("href").lstrip("#")
    assert target == "id_title_en"  # one language is required: the error goes to the English field
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_title_en"
    assert page.evaluate("() => document.activeElement.getAttribute('aria-invalid')") == "true" or (
        "is-invalid" in page.evaluate("() => document.activeElement.className")
    )
    assert WorkPlan.objects.get(pk=plan.pk).items.count() == 0
