"""Through the real parts: the Celery worker of the suite sends the notices' e-mails through the
suite's SMTP server (aiosmtpd, started by scripts/with_services.sh), and the tests read what that
server received: recipient, language, subject, link."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailState, Notification
from pd_budget.services import submit_pd_request
from portal.queue import publish
from tests.factories import UserFactory
from tests.pd_budget.factories import (
    DesignatedConferenceFactory,
    PolicyYearFactory,
    add_site,
    this_fiscal_year,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
Y = this_fiscal_year()


def wait_for(read, predicate, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in read() if predicate(m)]
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("no such message reached the SMTP server")


def to(user):
    return lambda message: user.email in message["To"]


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_case_by_case_request_reaches_the_approvers_and_the_refusal_the_filer_in_french(
    celery_worker, delivered_mail, client_for, provider_a, provider_a_user
):
    PolicyYearFactory(fiscal_year=Y)
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=Y)
    DesignatedConferenceFactory(acronym="P2P")
    approver = UserFactory(username="approver", role="staff")
    provider_a_user.preferred_language = "fr"
    provider_a_user.save()

    request = submit_pd_request(
        provider_a,
        user=provider_a_user,
        fiscal_year=Y,
        category="conference",
        amount="900",
        conference_name="Alberta Settlement Forum",
    )
    assert request.status == "pending"
    (message,) = wait_for(delivered_mail, to(approver))
    assert message["Content-Language"] == "en"
    assert "Provider A Settlement Society asks for a decision on a PD request" in message["Subject"]
    assert "http://127.0.0.1:8000/en/pd/requests/approvals/" in body_of(message)
    notice = Notification.objects.get(recipient=approver, kind="request_waiting")
    assert notice.read_at is None and notice.email_state == EmailState.SENT
    # The in-app notice is on the approver's bell.
    assert 'aria-label="Notifications: 1 unread"' in client_for(approver).get("/en/").content.decode()

    response = client_for(approver).post(
        reverse("pd_budget:pdrequest-refuse", args=[request.pk]), {"reason_fr": "Hors de la politique"}
    )
    assert response.status_code == 302
    (refusal,) = wait_for(delivered_mail, to(provider_a_user))
    assert refusal["Content-Language"] == "fr"
    assert "Votre demande de PP a été refusée" in refusal["Subject"]
    text = body_of(refusal)
    assert "Motif\u00a0: Hors de la politique" in text and "http://127.0.0.1:8000/fr/pd/requests/" in text

    # A retried send (the task delivered twice, a second worker, the sweep) delivers once.
    decided = Notification.objects.get(recipient=provider_a_user, kind="request_decided")
    for _ in range(3):
        publish("notifications.tasks.send_notification_email", decided.pk)
    time.sleep(3)
    assert len([m for m in delivered_mail() if to(provider_a_user)(m)]) == 1
    decided.refresh_from_db()
    assert decided.email_state == EmailState.SENT and decided.email_attempts == 1


def test_an_overdue_work_plan_item_reaches_its_owner(celery_worker, delivered_mail):
    from groups.models import Category, WorkingGroup, WorkPlan, WorkPlanItem

    owner = UserFactory(username="item-owner", role="staff")
    group = WorkingGroup.objects.create(
        slug="g",
        name_en="Group",
        name_fr="Groupe",
        category=Category.objects.create(code="c", name_en="C", name_fr="C"),
    )
    plan = WorkPlan.objects.create(group=group, fiscal_year=Y)
    WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Typology of approaches",
        owner_user=owner,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    publish("groups.tasks.notify_work_plan_deadlines")  # what the beat sends every morning
    (message,) = wait_for(delivered_mail, to(owner))
    assert message["Subject"] == "[PNT portal] Overdue work-plan item: Typology of approaches"
    assert f"http://127.0.0.1:8000/en/groups/work-plans/{plan.pk}/" in body_of(message)


def test_the_cycle_page_lists_non_respondents_and_reminds_them_in_one_action(
    celery_worker, delivered_mail, client_for, provider_a_user, provider_b_user
):
    from tests.surveys.factories import SurveyCycleFactory, submitted_template

    staff = UserFactory(username="survey-staff", role="staff")
    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    submitted_template(provider_b_user.provider, cycle)
    client = client_for(staff)
    page = client.get("/en/surveys/2018/").content.decode()
    assert 'data-status="not_started"' in page and "1 of 2 providers have submitted" in page
    assert client.post("/en/surveys/2018/remind/").status_code == 302
    (message,) = wait_for(delivered_mail, to(provider_a_user))
    assert "Reminder: your PD template for 2018-19" in message["Subject"]
    assert "http://127.0.0.1:8000/en/surveys/2018/my-template/" in body_of(message)
    client.post("/en/surveys/2018/remind/")  # the same day: nobody is reminded twice
    time.sleep(2)
    messages = delivered_mail()
    assert len([m for m in messages if to(provider_a_user)(m)]) == 1
    assert not [m for m in messages if to(provider_b_user)(m)]
    page = client.get("/en/surveys/2018/").content.decode()
    assert timezone.localdate().strftime("%Y") in page  # the last reminder's date on the row
