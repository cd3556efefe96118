"""Forms work by keyboard alone: sign in and make a PD request with Tab, typing and Enter only."""

import re

import pytest

from tests.pd_budget.factories import PolicyYearFactory, add_site, this_fiscal_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, label: str, limit: int = 60) -> None:
    """Press Tab until the focused element is the one labelled `label` (fails if never reached)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement;"
            " return (el.labels && el.labels[0] ? el.labels[0].innerText : el.innerText || '').trim(); }"
        )
        if focused.startswith(label):
            return
    raise AssertionError(f"Tab never reached {label!r}")


def test_sign_in_and_request_by_keyboard_only(page, live_server, seeded, provider_a, provider_a_user):
    PolicyYearFactory(fiscal_year=this_fiscal_year())  # requests are taken for the open fiscal year only
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=this_fiscal_year())
    page.goto(f"{live_server.url}/en/accounts/login/")
    tab_to(page, "Username")
    page.keyboard.type("provider-a")
    tab_to(page, "Password")
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/en/")

    page.goto(f"{live_server.url}/en/pd/providers/{provider_a.pk}/requests/new/")
    tab_to(page, "Category")
    page.keyboard.press("ArrowDown")  # conference -> language training
    tab_to(page, "Amount")
    page.keyboard.type("120")
    page.keyboard.press("Enter")
    # The allocation page the request form sends to (waiting for "networkidle" could return before
    # the submit's navigation had started).
    page.wait_for_url(re.compile(r"/pd/providers/\d+/\?year="))
    assert page.get_by_text("Your request is approved").is_visible()
