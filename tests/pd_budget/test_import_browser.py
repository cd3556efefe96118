"""An administrator's import in Chromium: upload, preview with every change, confirm, history.

Checked with axe-core in English and French and at a 390 px wide screen.
"""

import pytest

from organisations.models import Provider
from pd_budget.services.workbook import import_providers_workbook
from portal.permissions import SYSTEM
from tests.browser.test_accessibility import axe_violations
from tests.pd_budget.workbooks import good_sheets, workbook_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_previews_confirms_and_finds_the_import_in_the_history(
    page, live_server, sign_in_page, admin_user, seeded, tmp_path
):
    import_providers_workbook(workbook_bytes(), user=SYSTEM)
    sheets = good_sheets()
    sheets["sites"][1][7] = "2.5"
    path = tmp_path / "ftes.xlsx"
    path.write_bytes(workbook_bytes(sheets))
    sign_in_page("admin")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/pd/workbook/import/")
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check the workbook").click()
    page.get_by_role("button", name="Confirm the import").wait_for()
    text = page.content()
    assert "1.00 → 2.50" in text and "$3,525.00" in text and "$4,036.36" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # tables scroll inside
    preview_url = page.url
    problems = {}
    for language in ("en", "fr"):
        page.goto(preview_url.replace("/en/", f"/{language}/", 1))
        problems[f"preview {language}"] = axe_violations(page)
    page.goto(preview_url)
    page.get_by_role("button", name="Confirm the import").click()
    page.get_by_text("This import was already applied").wait_for()  # the page polled the job
    assert Provider.objects.get(name="Lakeside Newcomer Hub").sites.count() == 2
    page.get_by_role("link", name="See its entry in the import history").click()
    page.get_by_role("heading", name="Import of ftes.xlsx").wait_for()
    assert "1.00 → 2.50" in page.content()
    for language in ("en", "fr"):
        page.goto(page.url.replace("/en/", f"/{language}/", 1).replace("/fr/", f"/{language}/", 1))
        problems[f"history {language}"] = axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert {k: v for k, v in problems.items() if v} == {}
