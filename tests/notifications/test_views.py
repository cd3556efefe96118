"""The bell, the notices page, mark as read, preferences and My work, in both languages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Delivery, Kind
from notifications.models import Notification, Preference
from notifications.services import Notice, notify

pytestmark = pytest.mark.django_db


def _notice(user, key="k", url="/en/pd/"):
    (notice,) = notify(
        recipients=[user],
        kind=Kind.REQUEST_WAITING,
        key=key,
        render=lambda: Notice(title=f"Notice {key}", url=url),
    )
    return notice


def test_the_bell_counts_unread_notices_with_an_accessible_label(client_for, staff_user):
    client = client_for(staff_user)
    body = client.get("/en/").content.decode()
    assert 'aria-label="Notifications: 0 unread"' in body
    _notice(staff_user, "a")
    _notice(staff_user, "b")
    body = client.get("/en/").content.decode()
    assert 'aria-label="Notifications: 2 unread"' in body
    assert 'href="/en/my-work/"' in body
    body = client.get("/fr/").content.decode()
    assert 'aria-label="Notifications\u00a0: 2 non lues"' in body
    assert "Mon travail" in body


def test_the_list_shows_only_ones_own_notices(client_for, staff_user, admin_user):
    _notice(staff_user, "mine")
    _notice(admin_user, "theirs")
    body = client_for(staff_user).get(reverse("notifications:list")).content.decode()
    assert "Notice mine" in body and "Notice theirs" not in body


def test_mark_read_opens_the_page_and_another_persons_notice_is_404(client_for, staff_user, admin_user):
    mine, theirs = _notice(staff_user, "mine"), _notice(admin_user, "theirs")
    client = client_for(staff_user)
    response = client.post(reverse("notifications:read", args=[mine.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/en/pd/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_open_never_leaves_the_portal(client_for, staff_user):
    notice = _notice(staff_user, "evil", url="https://evil.example.com/")
    response = client_for(staff_user).post(reverse("notifications:read", args=[notice.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read(client_for, staff_user):
    _notice(staff_user, "a")
    _notice(staff_user, "b")
    response = client_for(staff_user).post(reverse("notifications:read-all"), follow=True)
    assert "2 notices marked as read." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_page_offers_the_roles_kinds_and_saves(client_for, provider_a_user):
    client = client_for(provider_a_user)
    body = client.get(reverse("notifications:preferences")).content.decode()
    assert "A PD request of my organisation was decided" in body
    assert "A workbook import was applied" not in body  # administrators only
    data = {
        kind: Delivery.IMMEDIATELY
        for kind in (
            "request_decided",
            "item_due",
            "item_overdue",
            "committee_behind",
            "report_available",
            "survey_opened",
            "survey_reminder",
            "survey_escalation",
            "template_reopened",
            "action_overdue",
        )
    }
    data["survey_opened"] = Delivery.OFF
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert Preference.objects.get(user=provider_a_user, kind=Kind.SURVEY_OPENED).delivery == Delivery.OFF
    body = client.get("/fr/notifications/preferences/").content.decode()
    assert "Pas du tout" in body


def test_my_work_lists_what_waits_for_me(client_for, provider_a_user, staff_user):
    from groups.models import Category, WorkingGroup, WorkPlan, WorkPlanItem
    from tests.surveys.factories import SurveyCycleFactory

    today = timezone.localdate()
    group = WorkingGroup.objects.create(
        slug="g",
        name_en="Group",
        name_fr="Groupe",
        category=Category.objects.create(code="c", name_en="C", name_fr="C"),
    )
    plan = WorkPlan.objects.create(group=group, fiscal_year=2026)
    WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Late item",
        owner_user=provider_a_user,
        due_date=today - datetime.timedelta(days=2),
    )
    WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Someone else's",
        owner_user=staff_user,
        due_date=today - datetime.timedelta(days=2),
    )
    SurveyCycleFactory(fiscal_year=2030, status="open", closes_on=today + datetime.timedelta(days=20))
    body = client_for(provider_a_user).get("/en/my-work/").content.decode()
    assert "Late item" in body and "Someone else" not in body
    assert "PD template 2030-31 (not started)" in body
    body = client_for(provider_a_user).get("/fr/my-work/").content.decode()
    assert "Mes éléments du plan de travail" in body and "Modèle de PP 2030-31" in body
    dashboard = client_for(provider_a_user).get("/en/").content.decode()
    assert "My work" in dashboard and "/en/my-work/" in dashboard


def test_the_cycle_page_tracks_responses_and_reminds_in_one_post(
    client_for, staff_user, provider_a_user, provider_b_user
):
    from tests.surveys.factories import SurveyCycleFactory, submitted_template

    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    submitted_template(provider_b_user.provider, cycle)
    client = client_for(staff_user)
    body = client.get("/en/surveys/2018/").content.decode()
    assert "1 of 2 providers have submitted (50 %)." in body
    assert 'data-status="not_started"' in body and "Remind the 1 provider that has not answered" in body
    confirm = client.get("/en/surveys/2018/remind/confirm/").content.decode()
    assert "Provider A Settlement Society" in confirm and "Provider B Newcomer Centre" not in confirm
    response = client.post("/en/surveys/2018/remind/", follow=True)
    assert "1 provider was reminded" in response.content.decode()
    response = client.post("/en/surveys/2018/remind/", follow=True)
    assert "already reminded today" in response.content.decode()
    assert Notification.objects.filter(recipient=provider_a_user, kind="survey_reminder").count() == 1
    assert Notification.objects.filter(recipient=provider_b_user).count() == 0
