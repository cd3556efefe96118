"""A list sorted and filtered in Chromium: htmx swaps the list alone, the address follows, and the
sorted column says its direction to screen readers (aria-sort) and in words."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sorting_and_filtering_the_groups_update_the_list_in_place(page, sign_in_page, staff_user, seeded):
    sign_in_page("staff")
    page.goto("/en/groups/")
    page.evaluate("window.portalSamePage = true")  # gone if the browser loads a new page

    page.get_by_role("link", name=re.compile(r"^Group\W+sort ascending$")).click()
    page.wait_for_url("**/en/groups/?sort=name")
    header = page.get_by_role("columnheader", name=re.compile(r"^Group\b"))
    assert header.get_attribute("aria-sort") == "ascending"
    assert "(ascending)" in header.inner_text()
    names = page.locator("#group-list tbody th").all_inner_texts()
    assert names == sorted(names, key=str.casefold)

    page.get_by_label("Stage").select_option("early")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/en/groups/?*stage=early*")
    assert page.get_by_role("link", name="Case management").count() == 0
    assert page.get_by_role("link", name="Community connections").is_visible()

    page.get_by_role("link", name=re.compile(r"^Group\W+sort descending$")).click()
    page.wait_for_url("**/en/groups/?*sort=-name*")
    assert "stage=early" in page.url  # the header kept the filter
    assert (
        page.get_by_role("columnheader", name=re.compile(r"^Group\b")).get_attribute("aria-sort")
        == "descending"
    )
    assert page.evaluate("window.portalSamePage") is True  # htmx swapped the list, no page load
