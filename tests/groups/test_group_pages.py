"""The group list and page: everyone signed in reads them, in their language, filtered."""

import pytest
from django.test import Client

from groups.models import WorkingGroup, WorkPlan, WorkPlanItem
from portal.fiscal import current_fiscal_year
from portal.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user_fixture", ["staff_user", "provider_a_user", "admin_user"])
def test_group_list_and_page_render_for_every_role(request, client_for, seeded, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))
    response = client.get("/en/groups/")
    assert response.status_code == 200
    assert "39 groups found" in response.content.decode()
    page = client.get("/en/groups/case-management/")
    assert page.status_code == 200
    assert "Case management" in page.content.decode()


def test_group_page_shows_lead_dependencies_and_subgroups(client_for, staff_user, seeded):
    WorkingGroup.objects.filter(slug="case-management").update(lead=staff_user)
    body = client_for(staff_user).get("/en/groups/needs-assessment/").content.decode()
    assert "Depends on the results of" in body and "Case management" in body
    body = client_for(staff_user).get("/en/groups/support-services/").content.decode()
    for name in ("Child care", "Transportation", "Interpretation/translation", "Crisis counselling"):
        assert name in body
    assert "staff" in client_for(staff_user).get("/en/groups/case-management/").content.decode()


def test_group_names_follow_the_language(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/fr/groups/?category=&q=cas").content.decode()
    assert "Gestion des cas" in body
    assert "Conseils en cas de crise" in body


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("q=youth", {"Youth"}, {"Seniors"}),
        ("stage=early", {"Community connections", "Needs assessment and referral"}, {"Case management"}),
        ("stage=planning", {"Child care"}, {"Youth"}),
    ],
)
def test_group_list_filters(client_for, staff_user, seeded, query, expected, absent):
    body = client_for(staff_user).get(f"/en/groups/?{query}").content.decode()
    for name in expected:
        assert name in body
    for name in absent:
        assert f">{name}</a>" not in body


def test_bad_filter_values_show_a_message_and_no_500(client_for, staff_user, seeded):
    response = client_for(staff_user).get("/en/groups/?category=999999&stage=bogus&jurisdiction=ZZ")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_group_list_query_count_does_not_grow_with_groups(
    client_for, staff_user, seeded, django_assert_max_num_queries
):
    client = client_for(staff_user)
    # 12 for the list, 8 for every group's health score (groups/health.py), whatever their number.
    with django_assert_max_num_queries(20):
        response = client.get("/en/groups/")
    assert response.status_code == 200  # the page itself, not a redirect to the sign-in page


def test_the_group_pages_governance_changes_show_at_once(staff_user, provider_a_user, seat_for, group):
    """groups.selectors.group_governance keeps its sections between writes: a seat taken, a plan
    item, an owner renamed, a seat given to a provider each show on the next view."""
    url = group.get_absolute_url()
    browsers = {}
    for user in (staff_user, provider_a_user):  # both signed in first: a sign-in writes last_login
        browsers[user.pk] = Client()
        browsers[user.pk].force_login(user)

    def page_as(user) -> str:
        return browsers[user.pk].get(url).content.decode()

    assert "You do not sit on any of this group" in page_as(provider_a_user)
    seat_for(person_name="Dana Quill")
    assert "Dana Quill" in page_as(staff_user)
    # Nothing written since: the provider still sees only what the provider may see.
    assert "Dana Quill" not in page_as(provider_a_user)
    plan = WorkPlan.objects.create(group=group, fiscal_year=current_fiscal_year())
    owner = UserFactory(username="item-owner", first_name="Item", last_name="Owner", role="staff")
    WorkPlanItem.objects.create(work_plan=plan, title_en="Map the intake forms", owner_user=owner)
    body = page_as(staff_user)
    assert "Map the intake forms" in body and "Item Owner" in body
    User.objects.filter(pk=owner.pk).update(first_name="Renamed")
    assert "Renamed Owner" in page_as(staff_user)
    # The provider's organisation is given a seat: the provider now sees the committee and its plan.
    seat_for(person_name="Provider seat", provider=provider_a_user.provider)
    body = page_as(provider_a_user)
    assert "Case management steering committee" in body and "Map the intake forms" in body
    # Made IRCC staff, the same account sees as staff do (a new key, not the provider's kept copy).
    User.objects.filter(pk=provider_a_user.pk).update(role="staff", provider=None)
    assert "Dana Quill" in page_as(provider_a_user)


def test_the_committee_list_rows_show_a_meeting_and_a_rename_at_once(client_for, staff_user, steering, today):
    """The rows are kept between writes ({% datacache %}, group-governance): each change shows."""
    from groups.models import Committee, Meeting, MeetingFormat

    client = client_for(staff_user)

    def row() -> str:
        body = client.get("/en/groups/committees/", {"sort": "name"}).content.decode()
        start = body.index(f"/en/groups/committees/{steering.pk}/")
        return body[start : body.index("</tr>", start)]

    assert "<td>0</td>" in row()
    Meeting.objects.create(committee=steering, date=today, format=MeetingFormat.ONLINE)
    assert "<td>1</td>" in row()
    Committee.objects.filter(pk=steering.pk).update(name_en="Case management board")
    assert "Case management board" in row()


def test_a_provider_with_no_seat_is_not_shown_the_staff_empty_list(staff_user, provider_a_user, seeded):
    from groups.models import Committee

    Committee.objects.all().delete()
    browsers = {}
    for user in (staff_user, provider_a_user):  # both signed in first: a sign-in writes last_login
        browsers[user.pk] = Client()
        browsers[user.pk].force_login(user)
    staff_page = browsers[staff_user.pk].get("/en/groups/committees/").content.decode()
    assert "No committee recorded yet." in staff_page
    body = browsers[provider_a_user.pk].get("/en/groups/committees/").content.decode()
    assert "You do not sit on any committee." in body
