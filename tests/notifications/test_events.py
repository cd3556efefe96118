"""The events that notify: each reaches the people who must know, in their language, once."""

import datetime

import pytest
from django.core import mail

from groups import notices as group_notices
from groups.models import Category, Committee, CommitteeMember, WorkingGroup, WorkPlan, WorkPlanItem
from notifications.models import Notification
from pd_budget.services import refuse_pd_request, submit_pd_request
from portal.permissions import SYSTEM
from surveys import services as survey_services
from tests.factories import ProviderFactory, UserFactory
from tests.pd_budget.factories import (
    DesignatedConferenceFactory,
    PolicyYearFactory,
    add_site,
    this_fiscal_year,
)
from tests.surveys.factories import SurveyCycleFactory, submitted_template

pytestmark = pytest.mark.django_db
Y = this_fiscal_year()


def notices_of(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


@pytest.fixture
def funded(provider_a):
    PolicyYearFactory(fiscal_year=Y)
    add_site(provider_a, "urban", language="2", settlement="1", head_office=True, year=Y)
    DesignatedConferenceFactory(acronym="P2P")
    return provider_a


def test_a_case_by_case_request_reaches_the_approvers_and_its_refusal_the_filer(
    funded, provider_a_user, staff_user, admin_user, on_commit
):
    provider_a_user.preferred_language = "fr"
    provider_a_user.save()
    with on_commit():
        request = submit_pd_request(
            funded,
            user=provider_a_user,
            fiscal_year=Y,
            category="conference",
            amount="900",
            conference_name="Alberta Settlement Forum",
        )
    assert request.status == "pending"
    for approver in (staff_user, admin_user):
        (notice,) = notices_of(approver, "request_waiting")
        assert "Provider A Settlement Society" in notice.title and notice.url == "/en/pd/requests/approvals/"
    assert notices_of(provider_a_user) == []
    mail.outbox.clear()
    with on_commit():
        refuse_pd_request(request, user=staff_user, reason="Hors de la politique de PP")
    (notice,) = notices_of(provider_a_user, "request_decided")
    assert notice.language == "fr" and notice.title.startswith("Votre demande de PP a été refusée")
    assert "Hors de la politique de PP" in notice.body
    (message,) = mail.outbox
    assert message.to == [provider_a_user.email] and "refusée" in message.subject
    assert "/fr/pd/requests/" in message.body


def test_a_designated_conference_notifies_nobody(funded, provider_a_user, staff_user):
    submit_pd_request(
        funded,
        user=provider_a_user,
        fiscal_year=Y,
        category="conference",
        amount="900",
        conference_name="P2P",
    )
    assert not Notification.objects.exists()


@pytest.fixture
def plan(staff_user):
    category = Category.objects.create(code="c", name_en="C", name_fr="C")
    group = WorkingGroup.objects.create(
        slug="g", name_en="Group", name_fr="Groupe", category=category, lead=staff_user
    )
    return WorkPlan.objects.create(group=group, fiscal_year=2026)


def test_work_plan_deadlines_reach_the_owner_and_the_lead_once(plan, staff_user, provider_a_user):
    today = datetime.date(2026, 6, 10)
    seat = CommitteeMember.objects.create(
        committee=Committee.objects.create(kind="steering", group=plan.group, name_en="S", name_fr="S"),
        person_name_en="Chair person",
        user=provider_a_user,
        role="chair",
    )
    due = WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Map services",
        owner_member=seat,
        due_date=today + datetime.timedelta(days=5),
    )
    late = WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Typology",
        owner_user=provider_a_user,
        due_date=today - datetime.timedelta(days=1),
    )
    WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Later",
        owner_user=provider_a_user,
        due_date=today + datetime.timedelta(days=30),
    )
    WorkPlanItem.objects.create(
        work_plan=plan,
        title_en="Finished",
        owner_user=provider_a_user,
        due_date=today - datetime.timedelta(days=3),
        status="done",
    )
    assert group_notices.notify_work_plan_deadlines(today=today) == 4  # 2 items x (owner + lead)
    assert group_notices.notify_work_plan_deadlines(today=today) == 0
    assert [n.title for n in notices_of(provider_a_user, "item_overdue")] == [
        "Overdue work-plan item: Typology"
    ]
    assert [n.title for n in notices_of(provider_a_user, "item_due")] == [
        "Work-plan item due on 15 June 2026: Map services"
    ]
    assert len(notices_of(staff_user)) == 2
    # A new due date is a new deadline.
    due.due_date = today - datetime.timedelta(days=2)
    due.save()
    assert group_notices.notify_work_plan_deadlines(today=today) == 2
    assert late.pk


def test_a_committee_behind_tells_its_chair_and_lead(plan, staff_user, provider_a_user):
    committee = Committee.objects.create(
        kind="steering",
        group=plan.group,
        name_en="Steering",
        name_fr="Comité directeur",
        min_meetings_per_year=4,
    )
    CommitteeMember.objects.create(
        committee=committee, person_name_en="Chair", user=provider_a_user, role="chair"
    )
    CommitteeMember.objects.create(
        committee=committee, person_name_en="Member", user=UserFactory(role="staff")
    )
    today = datetime.date(2026, 10, 5)  # two meetings expected by now
    assert group_notices.notify_committees_behind(today=today) == 2
    assert group_notices.notify_committees_behind(today=today) == 0
    (notice,) = notices_of(provider_a_user, "committee_behind")
    assert "0 of 2" in notice.body
    assert len(notices_of(staff_user, "committee_behind")) == 1


def test_survey_open_reopen_and_escalation(staff_user, provider_a_user, provider_b_user, settings):
    from groups.models import Committee as C
    from organisations.models import UmbrellaOrganisation

    umbrella = UmbrellaOrganisation.objects.create(
        acronym="AAISA", name_en="A", name_fr="A", jurisdiction_id="AB"
    )
    provider_a_user.provider.umbrella = umbrella
    provider_a_user.provider.save()
    contact = UserFactory(username="umbrella-contact", role="staff")
    pd_committee = C.objects.create(kind="provincial_pd", umbrella=umbrella, name_en="PD", name_fr="PP")
    CommitteeMember.objects.create(
        committee=pd_committee, person_name_en="Lead", user=contact, role="ircc_lead"
    )
    cycle = SurveyCycleFactory(fiscal_year=2018, status="draft")
    survey_services.open_cycle(cycle, user=staff_user)
    assert len(notices_of(provider_a_user, "survey_opened")) == 1
    assert len(notices_of(provider_b_user, "survey_opened")) == 1
    template = submitted_template(provider_b_user.provider, cycle)
    survey_services.reopen_template(template, user=staff_user)
    (reopened,) = notices_of(provider_b_user, "template_reopened")
    assert reopened.url == "/en/surveys/2018/my-template/"
    settings.PORTAL_SURVEY_ESCALATION_DAYS = 7
    assert survey_services.escalate_missing_templates(today=datetime.date(2018, 11, 6)) == 0  # 6 days late
    assert survey_services.escalate_missing_templates(today=datetime.date(2018, 11, 7)) == 2  # A and B
    assert survey_services.escalate_missing_templates(today=datetime.date(2018, 11, 8)) == 0
    (to_contact,) = notices_of(contact, "survey_escalation")
    assert to_contact.title == "Provider A Settlement Society has not submitted its PD template for 2018-19"
    assert len(notices_of(provider_a_user, "survey_escalation")) == 1


def test_response_tracking_lists_every_provider(staff_user, provider_a_user, provider_b_user):
    from surveys.selectors import response_tracking

    ProviderFactory(name="Provider C, nobody signed up")
    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    submitted_template(provider_b_user.provider, cycle)
    survey_services.send_reminders(cycle, user=SYSTEM, today=datetime.date(2018, 10, 1))
    tracking = response_tracking(cycle=cycle)
    rows = {row["provider"].name: row for row in tracking["rows"]}
    assert tracking["expected"] == 3 and tracking["submitted"] == 1 and str(tracking["rate"]) == "33"
    assert rows["Provider A Settlement Society"]["status"] == "not_started"
    assert rows["Provider A Settlement Society"]["last_reminder"] is not None
    assert rows["Provider B Newcomer Centre"]["status"] == "submitted"
    assert rows["Provider C, nobody signed up"]["last_reminder"] is None  # nobody to tell


def test_weekly_digest_tells_staff_what_waits_once_a_week(funded, provider_a_user, staff_user, on_commit):
    from notifications.work import send_weekly_digests

    submit_pd_request(
        funded,
        user=provider_a_user,
        fiscal_year=Y,
        category="conference",
        amount="900",
        conference_name="Alberta Settlement Forum",
    )
    monday = datetime.date(2026, 6, 1)
    with on_commit():
        assert send_weekly_digests(today=monday) == 1  # staff only; the provider is not IRCC staff
        assert send_weekly_digests(today=monday + datetime.timedelta(days=2)) == 0  # same ISO week
    (notice,) = notices_of(staff_user, "weekly_digest")
    assert notice.title == "This week, 1 thing waits for you"
    assert "PD requests waiting for my decision: 1" in notice.body and notice.url == "/en/my-work/"
    assert any(m.to == [staff_user.email] and "This week" in m.subject for m in mail.outbox)


def test_daily_digest_task_sends_one_per_person(staff_user, on_commit):
    from notifications.models import Preference
    from notifications.services import Notice, notify
    from notifications.tasks import send_daily_digests

    Preference.objects.create(user=staff_user, kind="report_available", delivery="daily")
    notify(recipients=[staff_user], kind="report_available", key="r", render=lambda: Notice(title="R"))
    assert send_daily_digests() == 1
    (message,) = mail.outbox
    assert "daily digest: 1 notices" in message.subject


def test_a_new_report_file_reaches_those_who_may_open_it(staff_user, provider_a_user, provider_b_user):
    from learning_events.models import Evaluation, ReportFile
    from learning_events.notices import report_available

    category = Category.objects.create(code="c", name_en="C", name_fr="C")
    group = WorkingGroup.objects.create(slug="g", name_en="Group", name_fr="Groupe", category=category)
    committee = Committee.objects.create(kind="steering", group=group, name_en="S", name_fr="S")
    CommitteeMember.objects.create(
        committee=committee, person_name_en="Seat", provider=provider_a_user.provider
    )
    evaluation = Evaluation.objects.create(
        slug="e", subject_en="Youth programs", subject_fr="Programmes jeunesse", group=group,
        evaluator_organisation_en="Evaluators",
    )  # fmt: skip
    uploader = UserFactory(username="uploader", role="staff")
    draft = ReportFile.objects.create(
        evaluation=evaluation, kind="draft", title_en="Draft report", file="x.pdf", original_name="x.pdf",
        content_type="application/pdf", size=1, uploaded_by=uploader,
    )  # fmt: skip
    report_available(draft)
    # IRCC staff and the commissioning group's committee; never provider B, nor the uploader.
    assert {n.recipient for n in Notification.objects.all()} == {staff_user, provider_a_user}
    (notice,) = notices_of(provider_a_user)
    assert notice.title == "New report file: Draft report" and notice.url == "/en/events/reports/e/"


def test_an_applied_import_tells_the_administrators(admin_user, staff_user):
    from pd_budget.models import ImportRun
    from pd_budget.notices import import_applied

    run = ImportRun.objects.create(token="t" * 32, original_name="providers.xlsx", applied_by=admin_user)
    import_applied(run)
    import_applied(run)
    (notice,) = notices_of(admin_user, "import_applied")
    assert notice.title == "Workbook imported: providers.xlsx"
    assert notices_of(staff_user) == []
