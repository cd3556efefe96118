"""Staff run a group's year in the browser: add a committee member, write a work plan item, record a
meeting, and see the overdue label and the compliance warning."""

import datetime

import pytest

from groups.models import Committee, CommitteeKind, WorkingGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2019, 1, 15)  # nine whole months of fiscal 2018-19 gone: 3 of 4 meetings expected


@pytest.fixture
def fixed_today(monkeypatch):
    # The live server runs in this process: both sides see the same "today".
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def test_staff_run_a_groups_year(page, sign_in_page, staff_user, seeded, live_server, fixed_today):
    group = WorkingGroup.objects.get(slug="case-management")
    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=group,
        name_en="Case management steering committee",
        name_fr="Comité directeur de la gestion des cas",
        min_meetings_per_year=4,
    )
    sign_in_page("staff")

    # A committee member.
    page.goto(f"{live_server.url}/en/groups/case-management/")
    page.get_by_role("heading", name="Case management steering committee").get_by_role("link").click()
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Name or seat (English)").fill("Regional settlement coordinator")
    page.get_by_label("Role").select_option(label="Chair")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/en/groups/committees/{committee.pk}/")
    assert page.get_by_text("The member was added.").is_visible()
    assert page.get_by_role("rowheader", name="Regional settlement coordinator").is_visible()

    # A work plan and an item already past its due date.
    page.goto(f"{live_server.url}/en/groups/case-management/")
    page.get_by_role("link", name="Add a work plan").click()
    page.get_by_label("Fiscal year").select_option(label="2018-19")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Item (English)").fill("Share the case-management typology")
    page.get_by_label("Owner outside the portal").fill("Steering committee chair")
    page.get_by_label("Due date").fill("2018-12-01")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("The item was added.").is_visible()
    row = page.get_by_role("row").filter(has_text="Share the case-management typology")
    assert "Overdue" in row.inner_text()
    assert "portal-overdue" in (row.get_attribute("class") or "")

    # A meeting, with the new member present.
    page.goto(f"{live_server.url}/en/groups/committees/{committee.pk}/")
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Date").fill("2018-05-10")
    page.get_by_label("Format").select_option(label="Online")
    page.get_by_label("Regional settlement coordinator (Chair)").check()
    page.get_by_label("Decisions (English)").fill("Adopt the work plan.")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("The meeting was recorded.").is_visible()

    # One meeting of the three expected by mid-January: the group page warns, not by colour alone.
    page.goto(f"{live_server.url}/en/groups/case-management/")
    warning = page.get_by_role("alert").filter(has_text="Behind on meetings")
    assert warning.is_visible()
    assert "1 meeting held this fiscal year, 3 expected by now (minimum 4 a year)" in " ".join(
        warning.inner_text().split()
    )
    assert page.get_by_text("1 item overdue").is_visible()
