"""The bell and My work in Chromium, in English and in French: the count is announced, the notice
opens its page and stops counting, My work lists the person's items, and both fit a 390 px phone
with no serious accessibility issue."""

import datetime

import pytest
from django.utils import timezone

from notifications.kinds import Kind
from notifications.services import Notice, notify
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BELL = {"en": "Notifications: {n} unread", "fr": "Notifications\u00a0: {n} non {s}"}
MY_WORK = {"en": "My work", "fr": "Mon travail"}
ITEMS = {
    "en": "My work-plan items due or overdue",
    "fr": "Mes éléments du plan de travail à échéance ou en retard",
}


def bell_name(language: str, n: int) -> str:
    return BELL[language].format(n=n, s="lue" if n < 2 else "lues")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_bell_and_my_work(page, sign_in_page, live_server, provider_a_user, language):
    from groups.models import Category, WorkingGroup, WorkPlan, WorkPlanItem

    provider_a_user.preferred_language = language
    provider_a_user.save()
    group = WorkingGroup.objects.create(
        slug="g", name_en="Case management", name_fr="Gestion des cas",
        category=Category.objects.create(code="c", name_en="C", name_fr="C"),
    )  # fmt: skip
    plan = WorkPlan.objects.create(group=group, fiscal_year=2026)
    WorkPlanItem.objects.create(
        work_plan=plan, title_en="Service mapping", owner_user=provider_a_user,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    for key in ("one", "two"):
        notify(
            recipients=[provider_a_user],
            kind=Kind.REQUEST_DECIDED,
            key=key,
            render=lambda key=key: Notice(title=f"Notice {key}", url=plan.get_absolute_url()),
        )

    sign_in_page(provider_a_user.username)
    page.goto(f"{live_server.url}/{language}/")

    bell = page.get_by_role("link", name=bell_name(language, 2))
    assert bell.is_visible()
    bell.click()
    page.wait_for_url(f"{live_server.url}/{language}/notifications/")
    assert not axe_violations(page)
    page.get_by_role("button", name="Open" if language == "en" else "Ouvrir").first.click()
    page.wait_for_url(f"{live_server.url}{plan.get_absolute_url().replace('/en/', f'/{language}/')}")
    assert page.get_by_role("link", name=bell_name(language, 1)).is_visible()

    page.get_by_role("link", name=MY_WORK[language], exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/{language}/my-work/")
    assert page.get_by_role("heading", name=ITEMS[language]).is_visible()
    assert page.get_by_role("link", name="Service mapping (").is_visible()
    assert not axe_violations(page)

    page.goto(f"{live_server.url}/{language}/notifications/preferences/")
    assert not axe_violations(page)

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("my-work/", "notifications/", "notifications/preferences/", ""):
        page.goto(f"{live_server.url}/{language}/{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.get_by_role("link", name=bell_name(language, 1)).is_visible()
