"""Delete and undo (portal.undo and each app's delete_<noun> service): a deleted record leaves every
count, feed and export at once, and comes back, same primary key, links and files, when the person who
deleted it undoes within PORTAL_UNDO_MINUTES; anyone else, later, or twice is refused."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from groups import services as group_services
from groups.models import (
    Committee,
    CommitteeKind,
    CommitteeMember,
    Meeting,
    MemberRole,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)
from groups.selectors import committee_page
from learning_events import services as event_services
from learning_events.models import Evaluation, LearningEvent, Registration, ReportAccessGrant, ReportFile
from portal import undo
from portal.models import Deletion

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def committee(seeded, provider_a, provider_a_user):
    group = WorkingGroup.objects.get(slug="case-management")
    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=group,
        name_en="Undo test committee",
        name_fr="Comité d'essai de l'annulation",
        min_meetings_per_year=12,
    )
    CommitteeMember.objects.create(
        committee=committee,
        person_name="Chair of provider A",
        user=provider_a_user,
        provider=provider_a,
        role=MemberRole.CHAIR,
    )
    return committee


@pytest.fixture
def meeting(committee, provider_a):
    seat = CommitteeMember.objects.create(
        committee=committee, person_name="Member of provider A", provider=provider_a
    )
    chair = committee.members.get(role=MemberRole.CHAIR)
    meeting = Meeting.objects.create(
        committee=committee,
        date=timezone.localdate(),
        format="online",
        decisions="Adopt the terms of reference",
        minutes_name="minutes.pdf",
        minutes_content_type="application/pdf",
    )
    meeting.attendees.set([seat, chair])
    meeting.minutes.save("minutes.pdf", ContentFile(PDF), save=True)
    return meeting


def _held(committee, user):
    return committee_page(user=user, committee=committee).compliance.held


# --- Meetings: the "Done when" -------------------------------------------------------------
def test_a_deleted_meeting_stops_counting_and_comes_back_whole_on_undo(meeting, committee, provider_a_user):
    pk = meeting.pk
    attendees = set(meeting.attendees.values_list("pk", flat=True))
    minutes_name = meeting.minutes.name
    assert _held(committee, provider_a_user) == 1

    deletion = group_services.delete_meeting(user=provider_a_user, meeting=meeting)

    assert not Meeting.objects.filter(pk=pk).exists()
    assert _held(committee, provider_a_user) == 0
    assert default_storage.exists(minutes_name), "the minutes stay while the delete can be undone"

    restored = undo.undo_deletion(user=provider_a_user, deletion=deletion)

    again = Meeting.objects.get(pk=pk)
    assert restored.pk == pk
    assert set(again.attendees.values_list("pk", flat=True)) == attendees
    assert again.minutes.name == minutes_name
    assert again.minutes.read() == PDF
    assert again.decisions == "Adopt the terms of reference"
    assert _held(committee, provider_a_user) == 1
    # The history tells the story: created, deleted, restored (by whom).
    versions = Meeting.history.filter(id=pk).order_by("history_id")
    assert list(versions.values_list("history_type", flat=True))[-2:] == ["-", "+"]
    assert versions.last().history_user == provider_a_user


def test_only_who_may_edit_the_meeting_deletes_it(meeting, provider_b_user, provider_a, committee):
    member_user = type(provider_b_user).objects.create(
        username="member-a", role="provider", provider=provider_a
    )
    for user in (provider_b_user, member_user):  # another provider; a member who does not chair
        with pytest.raises(PermissionDenied):
            group_services.delete_meeting(user=user, meeting=meeting)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert not Deletion.objects.exists()


def test_undo_is_refused_to_another_user_after_the_window_and_twice(
    meeting, provider_a_user, staff_user, settings
):
    pk = meeting.pk
    deletion = group_services.delete_meeting(user=provider_a_user, meeting=meeting)
    with pytest.raises(PermissionDenied):
        undo.undo_deletion(user=staff_user, deletion=deletion)
    assert not Meeting.objects.filter(pk=pk).exists()

    Deletion.objects.filter(pk=deletion.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=settings.PORTAL_UNDO_MINUTES + 1)
    )
    with pytest.raises(ValidationError, match="time to undo"):
        undo.undo_deletion(user=provider_a_user, deletion=deletion)
    assert not Meeting.objects.filter(pk=pk).exists()
    assert not undo.deletions_for(provider_a_user).exists()

    Deletion.objects.filter(pk=deletion.pk).update(created_at=timezone.now())
    undo.undo_deletion(user=provider_a_user, deletion=deletion)
    with pytest.raises(ValidationError, match="already been undone"):
        undo.undo_deletion(user=provider_a_user, deletion=deletion)
    assert Meeting.objects.filter(pk=pk).count() == 1


def test_undo_refused_when_the_parent_is_gone(meeting, committee, provider_a_user, staff_user):
    pk = meeting.pk
    deletion = group_services.delete_meeting(user=staff_user, meeting=meeting)
    Committee.objects.filter(pk=committee.pk).delete()
    with pytest.raises(ValidationError, match="cannot be restored"):
        undo.undo_deletion(user=staff_user, deletion=deletion)
    assert not Meeting.objects.filter(pk=pk).exists()


def test_the_plan_names_what_depends_on_the_meeting(meeting):
    plan = undo.deletion_plan(meeting)
    assert not plan.refusal
    assert [(d.name, d.count, d.links_only) for d in plan.dependents] == [("Members present", 2, True)]


# --- Committee seats: ended, not deleted, once they are part of the committee's history --------------
def test_a_seat_present_at_a_meeting_is_ended_not_deleted(meeting, staff_user):
    seat = meeting.attendees.get(role=MemberRole.MEMBER)
    with pytest.raises(ValidationError, match="End the seat"):
        group_services.delete_committee_member(user=staff_user, member=seat)
    assert CommitteeMember.objects.filter(pk=seat.pk).exists()


def test_a_seat_entered_by_mistake_is_deleted_and_undone(committee, provider_a, staff_user, provider_b_user):
    seat = CommitteeMember.objects.create(
        committee=committee, person_name="Wrong person", provider=provider_a
    )
    pk = seat.pk
    with pytest.raises(PermissionDenied):
        group_services.delete_committee_member(user=provider_b_user, member=seat)
    deletion = group_services.delete_committee_member(user=staff_user, member=seat)
    assert not CommitteeMember.objects.filter(pk=pk).exists()
    undo.undo_deletion(user=staff_user, deletion=deletion)
    assert CommitteeMember.objects.get(pk=pk).person_name == "Wrong person"


def test_work_plan_items_are_deleted_by_staff_only(seeded, staff_user, provider_a_user):
    plan = WorkPlan.objects.create(group=WorkingGroup.objects.get(slug="case-management"), fiscal_year=2031)
    item = WorkPlanItem.objects.create(work_plan=plan, title="Typo item")
    pk = item.pk
    with pytest.raises(PermissionDenied):
        group_services.delete_work_plan_item(user=provider_a_user, item=item)
    deletion = group_services.delete_work_plan_item(user=staff_user, item=item)
    assert not plan.items.exists()
    undo.undo_deletion(user=staff_user, deletion=deletion)
    assert list(plan.items.values_list("pk", "title_en")) == [(pk, "Typo item")]


# --- Evaluations and report files: files quarantined for the window, then removed ---------------------
@pytest.fixture
def evaluation(seeded, staff_user, provider_b):
    evaluation = Evaluation.objects.create(
        slug="undo-evaluation",
        subject_en="Undo evaluation",
        subject_fr="Évaluation de l'annulation",
        evaluator_organisation="Evaluators Inc.",
        status="draft_received",
    )
    report = ReportFile(
        evaluation=evaluation,
        kind="draft",
        title="Draft",
        original_name="draft.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=staff_user,
    )
    report.file.save("draft.pdf", ContentFile(PDF), save=True)
    ReportAccessGrant.objects.create(evaluation=evaluation, provider=provider_b, granted_by=staff_user)
    return evaluation


def test_an_evaluation_comes_back_with_its_files_and_grants(evaluation, staff_user, provider_a_user):
    evaluation_pk = evaluation.pk
    file_pk, name = evaluation.files.get().pk, evaluation.files.get().file.name
    with pytest.raises(PermissionDenied):
        event_services.delete_evaluation(user=provider_a_user, evaluation=evaluation)
    plan = undo.deletion_plan(evaluation)
    assert {d.name: d.count for d in plan.dependents} == {"Report files": 1, "Report access grants": 1}

    deletion = event_services.delete_evaluation(user=staff_user, evaluation=evaluation)
    assert not ReportFile.objects.exists() and not ReportAccessGrant.objects.filter(
        evaluation_id=evaluation_pk
    )
    undo.undo_deletion(user=staff_user, deletion=deletion)
    assert ReportFile.objects.get(pk=file_pk).file.read() == PDF
    assert ReportFile.objects.get(pk=file_pk).file.name == name
    assert ReportAccessGrant.objects.filter(evaluation_id=evaluation_pk).count() == 1


def test_a_deleted_report_files_bytes_go_when_the_undo_window_ends(evaluation, staff_user, settings):
    report = evaluation.files.get()
    name = report.file.name
    deletion = event_services.delete_report_file(user=staff_user, report_file=report)
    assert undo.purge_expired_deletions() == 0
    assert default_storage.exists(name), "kept (unreachable) while undo is possible"

    later = timezone.now() + datetime.timedelta(minutes=settings.PORTAL_UNDO_MINUTES + 1)
    assert undo.purge_expired_deletions(now=later) == 1
    assert not default_storage.exists(name)
    deletion.refresh_from_db()
    assert deletion.purged_at is not None
    assert undo.purge_expired_deletions(now=later) == 0


def test_an_undone_report_file_keeps_its_bytes_after_the_window(evaluation, staff_user, settings):
    report = evaluation.files.get()
    pk = report.pk
    deletion = event_services.delete_report_file(user=staff_user, report_file=report)
    undo.undo_deletion(user=staff_user, deletion=deletion)
    later = timezone.now() + datetime.timedelta(minutes=settings.PORTAL_UNDO_MINUTES + 1)
    undo.purge_expired_deletions(now=later)
    assert ReportFile.objects.get(pk=pk).file.read() == PDF


# --- Learning events: gone from the calendar feeds and the exports at once ---------------------------
def test_a_deleted_event_leaves_feeds_and_exports_and_comes_back(
    seeded, staff_user, provider_a_user, provider_a, client
):
    event = LearningEvent.objects.filter(status="planned").first()
    LearningEvent.objects.filter(pk=event.pk).update(title_en="A one-off event entered by mistake")
    event.refresh_from_db()
    registration = Registration.objects.create(
        event=event, user=provider_a_user, provider=provider_a, role="practitioner", jurisdiction_id="AB"
    )
    client.force_login(provider_a_user)
    feed = reverse("learning_events:event-feed")
    export = reverse("report-download", kwargs={"key": "learning-events"}) + "?export=csv"
    title, slug = event.title_en, event.slug

    def visible():
        ics = client.get(feed).content.decode()
        csv = b"".join(client.get(export).streaming_content).decode("utf-8-sig")
        return (f"{slug}@" in ics, title in csv)

    assert visible() == (True, True)
    deletion = event_services.delete_event(user=staff_user, event=event)
    assert visible() == (False, False)
    undo.undo_deletion(user=staff_user, deletion=deletion)
    assert visible() == (True, True)
    assert Registration.objects.get(pk=registration.pk).event.slug == slug


# --- Through the pages: the "Done when" --------------------------------------------------
def test_a_chair_deletes_a_mistaken_meeting_sees_compliance_change_and_undoes_it(
    client, meeting, committee, provider_a_user
):
    client.force_login(provider_a_user)
    page = reverse("groups:committee-detail", kwargs={"pk": committee.pk})
    delete = reverse("groups:meeting-delete", kwargs={"pk": meeting.pk})
    pk = meeting.pk
    assert "1 meeting held this fiscal year" in client.get(page).content.decode()
    assert delete in client.get(page).content.decode(), "the meetings table links to the delete page"

    confirm = client.get(delete).content.decode()
    assert "Members present" in confirm and "only the links go" in confirm
    assert 'type="submit"' in confirm and page in confirm  # Delete, and Cancel back to the committee

    response = client.post(delete, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == page
    assert "0 meetings held this fiscal year" in body
    deletion = Deletion.objects.get(user=provider_a_user)
    undo_url = reverse("deletion-undo", kwargs={"pk": deletion.pk})
    assert f'action="{undo_url}"' in body and 'method="post"' in body  # Undo is a form, not a link

    listing = client.get(reverse("deletion-list")).content.decode()
    assert deletion.description in listing and undo_url in listing
    assert client.get(undo_url).status_code == 405  # never undone by following a link

    response = client.post(undo_url, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "1 meeting held this fiscal year" in response.content.decode()
    assert Meeting.objects.get(pk=pk).attendees.count() == 2
    assert "already been undone" in client.post(undo_url, follow=True).content.decode()
    assert Meeting.objects.filter(pk=pk).count() == 1


def test_someone_elses_deletion_is_not_theirs_to_undo(client, meeting, provider_a_user, staff_user):
    pk = meeting.pk
    deletion = group_services.delete_meeting(user=provider_a_user, meeting=meeting)
    client.force_login(staff_user)
    assert deletion.description not in client.get(reverse("deletion-list")).content.decode()
    assert client.post(reverse("deletion-undo", kwargs={"pk": deletion.pk})).status_code == 404
    assert not Meeting.objects.filter(pk=pk).exists()


def test_a_refused_delete_says_why_and_keeps_the_seat(client, meeting, staff_user):
    seat = meeting.attendees.get(role=MemberRole.MEMBER)
    client.force_login(staff_user)
    response = client.post(reverse("groups:member-delete", kwargs={"pk": seat.pk}), follow=True)
    assert "End the seat instead" in response.content.decode()
    assert CommitteeMember.objects.filter(pk=seat.pk).exists()
    assert not Deletion.objects.exists()


def test_the_confirmation_page_in_french(client, evaluation, staff_user):
    client.force_login(staff_user)
    body = html.unescape(client.get(f"/fr/events/reports/{evaluation.slug}/delete/").content.decode())
    assert "Supprimer «\u00a0Évaluation de l'annulation\u00a0»\u00a0?" in body
    assert "Ce qui en dépend" in body and ">Supprimer</button>" in body and ">Annuler</a>" in body


def test_the_behind_on_meetings_card_follows_a_delete_and_its_undo(committee, provider_a_user):
    """The committee list's count (what the dashboard's "behind on meetings" card reads): three of four
    meetings held by the end of March is on track; deleting one puts the committee behind at once."""
    from groups.selectors import committee_list, committees_behind

    Committee.objects.filter(pk=committee.pk).update(min_meetings_per_year=4)
    meetings = [
        Meeting.objects.create(committee=committee, date=datetime.date(2018, month, 1), format="online")
        for month in (5, 8, 11)
    ]
    today = datetime.date(2019, 3, 31)

    def state():
        held = committee_list(user=provider_a_user, fiscal_year=2018).get(pk=committee.pk).held
        behind = committee.pk in {c.pk for c in committees_behind(user=provider_a_user, today=today)}
        return held, behind

    assert state() == (3, False)
    deletion = group_services.delete_meeting(user=provider_a_user, meeting=meetings[0])
    assert state() == (2, True)
    undo.undo_deletion(user=provider_a_user, deletion=deletion)
    assert state() == (3, False)


def test_a_deleted_evaluation_leaves_the_evaluations_export(client, evaluation, staff_user):
    client.force_login(staff_user)
    export = reverse("report-download", kwargs={"key": "evaluations"}) + "?export=csv"

    def listed():
        return "Undo evaluation" in b"".join(client.get(export).streaming_content).decode("utf-8-sig")

    assert listed()
    deletion = event_services.delete_evaluation(user=staff_user, evaluation=evaluation)
    assert not listed()
    undo.undo_deletion(user=staff_user, deletion=deletion)
    assert listed()


def test_undo_refused_when_a_new_record_took_the_deleted_ones_place(seeded, staff_user):
    """A community deleted, then created again under the same short name: undo says why it cannot,
    and leaves both the new community and the deletion as they are."""
    from groups.models import CommunityOfPractice, NationalCommunityLink

    old = CommunityOfPractice.objects.create(slug="undo-community", name_en="Old", name_fr="Ancienne")
    NationalCommunityLink.objects.create(community=old, name="National", url="https://example.org/n")
    deletion = group_services.delete_community(user=staff_user, community=old)
    CommunityOfPractice.objects.create(slug="undo-community", name_en="New", name_fr="Nouvelle")
    with pytest.raises(ValidationError, match="cannot be restored"):
        undo.undo_deletion(user=staff_user, deletion=deletion)
    assert list(
        CommunityOfPractice.objects.filter(slug="undo-community").values_list("name_en", flat=True)
    ) == ["New"]
    assert not NationalCommunityLink.objects.filter(url="https://example.org/n").exists()
    deletion.refresh_from_db()
    assert deletion.undone_at is None
