"""The URL access matrix: every edit and create page of the app, for each role.

A provider user who leads nothing is refused (403, or 404 where the object is hidden) on every one,
and the refusal shows none of the group's governance data.
"""

import datetime

import pytest
from django.urls import URLPattern, reverse

from groups import urls as group_urls
from groups.models import (
    CommitteeMember,
    CommunityOfPractice,
    Meeting,
    MemberRole,
    WorkPlan,
    WorkPlanItem,
)

pytestmark = pytest.mark.django_db

READ_ONLY = {"group-list", "group-detail", "committee-list", "committee-detail", "workplan-detail"}
SECRET = "Confidential decision about the typology"


@pytest.fixture
def governance(steering, seat_for, provider_b_user):
    """A group with a steering committee, a seat for provider B, a meeting, a plan and an item."""
    seat_for(person_name="Provider B representative", provider=provider_b_user.provider)
    meeting = Meeting.objects.create(
        committee=steering, date=datetime.date(2018, 5, 1), format="online", decisions=SECRET
    )
    plan = WorkPlan.objects.create(group=steering.group, fiscal_year=2018, summary=SECRET)
    item = WorkPlanItem.objects.create(work_plan=plan, title=SECRET)
    community = CommunityOfPractice.objects.get(slug="lip-base-camp")
    member = CommitteeMember.objects.get(committee=steering)
    return {
        "slug": steering.group.slug,
        "committee": steering.pk,
        "member": member.pk,
        "meeting": meeting.pk,
        "plan": plan.pk,
        "item": item.pk,
        "community": community.pk,
    }


def _kwargs(name: str, route: str, ids: dict) -> dict:
    if "<slug:slug>" in route:
        return {"slug": ids["slug"]}
    if "<int:pk>" not in route:
        return {}
    owner = {
        "committees": "committee",
        "members": "member",
        "meetings": "meeting",
        "work-plans": "plan",
        "work-plan-items": "item",
        "communities": "community",
    }[route.split("/", 1)[0]]
    return {"pk": ids[owner]}


def edit_urls(ids: dict) -> list[str]:
    urls = []
    for pattern in group_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in READ_ONLY or pattern.name == "meeting-minutes":
            continue
        route = str(pattern.pattern)
        urls.append(reverse(f"groups:{pattern.name}", kwargs=_kwargs(pattern.name, route, ids)))
    return urls


def test_the_matrix_covers_every_edit_page(governance):
    names = {p.name for p in group_urls.urlpatterns} - READ_ONLY - {"meeting-minutes"}
    assert len(edit_urls(governance)) == len(names) >= 15


def test_a_provider_leading_nothing_is_refused_everywhere(client_for, provider_a_user, governance):
    client = client_for(provider_a_user)
    for url in edit_urls(governance):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404), (method, url, response.status_code)
            body = response.content.decode()
            assert SECRET not in body, url
            assert "Provider B representative" not in body, url


def test_a_provider_who_sits_but_does_not_chair_cannot_edit(client_for, provider_b_user, governance):
    client = client_for(provider_b_user)
    assert client.get(reverse("groups:committee-detail", args=[governance["committee"]])).status_code == 200
    for url in edit_urls(governance):
        response = client.post(url)
        assert response.status_code in (403, 404), url
        assert SECRET not in response.content.decode(), url


def test_a_chair_runs_the_committee_roster_and_meetings_only(client_for, provider_b_user, governance):
    CommitteeMember.objects.filter(pk=governance["member"]).update(
        user=provider_b_user, role=MemberRole.CHAIR
    )
    client = client_for(provider_b_user)
    allowed = {
        reverse("groups:member-create", args=[governance["committee"]]),
        reverse("groups:meeting-create", args=[governance["committee"]]),
        reverse("groups:member-update", args=[governance["member"]]),
        reverse("groups:meeting-update", args=[governance["meeting"]]),
        # ... and may delete what they may edit (portal.undo: undoable).
        reverse("groups:member-delete", args=[governance["member"]]),
        reverse("groups:meeting-delete", args=[governance["meeting"]]),
    }
    for url in edit_urls(governance):
        expected = {200} if url in allowed else {403, 404}
        assert client.get(url).status_code in expected, url


def test_staff_reach_every_edit_page(client_for, staff_user, governance):
    client = client_for(staff_user)
    for url in edit_urls(governance):
        assert client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_login(client, governance):
    for url in edit_urls(governance):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize(
    ("user_fixture", "committee", "plan"),
    [("staff_user", 200, 200), ("provider_b_user", 200, 200), ("provider_a_user", 404, 404)],
)
def test_read_pages_follow_seats(request, client_for, governance, user_fixture, committee, plan):
    client = client_for(request.getfixturevalue(user_fixture))
    assert (
        client.get(reverse("groups:committee-detail", args=[governance["committee"]])).status_code
        == committee
    )
    assert client.get(reverse("groups:workplan-detail", args=[governance["plan"]])).status_code == plan
    page = client.get(reverse("groups:group-detail", args=[governance["slug"]])).content.decode()
    assert (SECRET in page) is (plan == 200)
    assert ("Provider B representative" in page) is (committee == 200)
