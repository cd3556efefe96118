"""Recording meetings: minutes checked by content and size, stored under a random name, downloaded
only by those who may read them; a bad upload stores nothing and says why, in both languages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from groups.models import CommitteeMember, Meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_meeting(client, committee, **extra):
    data = {"date": "2018-05-10", "format": "online", "decisions": "Adopt the plan.", **extra}
    return client.post(reverse("groups:meeting-create", args=[committee.pk]), data)


def test_staff_record_a_meeting_with_pdf_minutes(client_for, staff_user, steering, seat_for, _media):
    member = seat_for(person_name="Chair person", role="chair")
    upload = SimpleUploadedFile("../../etc/Minutes May.pdf", PDF, content_type="text/plain")
    response = post_meeting(client_for(staff_user), steering, attendees=[member.pk], minutes=upload)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.attendees.all()) == [member]
    assert meeting.minutes_content_type == "application/pdf"
    assert meeting.minutes.name.startswith("groups/minutes/") and meeting.minutes.name.endswith(".pdf")
    assert "Minutes" not in meeting.minutes.name and ".." not in meeting.minutes.name
    assert len(stored_files(_media)) == 1

    download = client_for(staff_user).get(reverse("groups:meeting-minutes", args=[meeting.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_stored(
    client_for, staff_user, steering, _media, language
):
    upload = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    client = client_for(staff_user)
    url = f"/{language}/groups/committees/{steering.pk}/meetings/new/"
    response = client.post(url, {"date": "2018-05-10", "format": "online", "minutes": upload})
    assert response.status_code == 200
    expected = "this file is not one" if language == "en" else "ce fichier n'en est pas un"
    assert expected in response.content.decode().replace("&#x27;", "'")
    assert not Meeting.objects.exists()
    assert stored_files(_media) == []


def test_a_file_over_the_limit_is_refused(client_for, staff_user, steering, settings, _media):
    settings.PORTAL_MAX_UPLOAD_BYTES = 20
    upload = SimpleUploadedFile("m.pdf", PDF, content_type="application/pdf")
    response = post_meeting(client_for(staff_user), steering, minutes=upload)
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not Meeting.objects.exists() and stored_files(_media) == []


def test_attendees_must_sit_on_the_committee(staff_user, steering, seat_for):
    from django.core.exceptions import ValidationError

    from groups.models import Committee
    from groups.services import record_meeting

    other = Committee.objects.get(kind="regional_pd")
    stranger = CommitteeMember.objects.filter(committee=other).first()
    meeting = Meeting(committee=steering, date=datetime.date(2018, 5, 1), format="online")
    with pytest.raises(ValidationError, match="Only members of this committee"):
        record_meeting(user=staff_user, instance=meeting, attendees=[stranger])


def test_minutes_download_is_refused_to_those_who_do_not_sit(
    client_for, staff_user, provider_a_user, provider_b_user, steering, seat_for
):
    from groups.services import record_meeting

    seat_for(provider=provider_b_user.provider)
    meeting = record_meeting(
        user=staff_user,
        instance=Meeting(committee=steering, date=datetime.date(2018, 5, 1), format="online"),
        minutes=SimpleUploadedFile("m.pdf", PDF),
    )
    url = reverse("groups:meeting-minutes", args=[meeting.pk])
    assert client_for(provider_a_user).get(url).status_code == 404
    assert client_for(provider_b_user).get(url).status_code == 200


def test_the_service_checks_permission_itself(provider_a_user, steering):
    from django.core.exceptions import PermissionDenied

    from groups.services import record_meeting

    with pytest.raises(PermissionDenied):
        record_meeting(
            user=provider_a_user,
            instance=Meeting(committee=steering, date=datetime.date(2018, 5, 1), format="online"),
        )


def test_membership_changes_are_audited_on_the_history_page(
    client_for, staff_user, steering, provider_a_user
):
    client = client_for(staff_user)
    url = reverse("groups:member-create", args=[steering.pk])
    response = client.post(url, {"person_name_en": "Regional coordinator", "role": "member"})
    assert response.status_code == 302
    member = CommitteeMember.objects.get(person_name_en="Regional coordinator")
    response = client.post(
        reverse("groups:member-update", args=[member.pk]),
        {"person_name_en": "Regional coordinator", "role": "chair", "end_date": "2030-03-31"},
    )
    assert response.status_code == 302
    assert member.history.count() == 2
    body = client.get(reverse("groups:committee-history", args=[steering.pk])).content.decode()
    assert "Regional coordinator" in body and "staff" in body
    assert "<del>Member</del>" in body and "<ins>Chair</ins>" in body
    assert client_for(provider_a_user).get(
        reverse("groups:committee-history", args=[steering.pk])
    ).status_code in (
        403,
        404,
    )


def test_group_page_shows_overdue_items_and_the_compliance_warning(client_for, staff_user, steering):
    from groups.models import WorkPlan, WorkPlanItem
    from portal.fiscal import fiscal_year_of

    today = timezone.localdate()
    plan = WorkPlan.objects.create(group=steering.group, fiscal_year=fiscal_year_of(today))
    WorkPlanItem.objects.create(
        work_plan=plan, title="Late item", due_date=today - datetime.timedelta(days=3), status="in_progress"
    )
    WorkPlanItem.objects.create(
        work_plan=plan, title="Done item", due_date=today - datetime.timedelta(days=3), status="done"
    )
    # The steering fixture needs 4 meetings a year and has none: behind from the fourth month on.
    body = client_for(staff_user).get(steering.group.get_absolute_url()).content.decode()
    assert body.count('class="portal-overdue"') == 1
    assert "Overdue" in body and "1 item overdue" in body
    months = (today.year - fiscal_year_of(today)) * 12 + today.month - 4
    assert ("Behind on meetings" in body) is (months >= 3)


def test_group_page_query_count_is_bounded(
    client_for, staff_user, steering, seat_for, django_assert_max_num_queries
):
    for n in range(5):
        seat_for(person_name=f"Member {n}")
    client = client_for(staff_user)
    with django_assert_max_num_queries(30):
        response = client.get(steering.group.get_absolute_url())
    assert response.status_code == 200  # the page itself, not a redirect to the sign-in page
