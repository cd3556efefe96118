"""Served uploads (minutes, report files, needs-survey results) go out as what their content is:
the stored type, a safe name with that type's extension, as an attachment, never sniffed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.uploads import safe_download_name

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    ("uploaded", "content_type", "expected"),
    [
        ("minutes.pdf.exe", "application/pdf", "minutes.pdf"),
        ("minutes.html", "application/pdf", "minutes.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Rapport final été.docx", DOCX, "Rapport-final-ete.docx"),
        ("invoice\u202egpj.exe", "application/pdf", "invoicegpj.pdf"),
        ('a"; filename="evil.html', "application/pdf", "a-filename-evil.pdf"),
        ("", "application/pdf", "file.pdf"),
        ("...", "application/rtf", "file.rtf"),
        ("notes.txt", "text/html", "notes.bin"),  # a type the portal never stores: no extension of its own
    ],
)
def test_safe_download_names(uploaded, content_type, expected):
    assert safe_download_name(uploaded, content_type) == expected


def _served_as_pdf(response, name: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


@pytest.fixture
def event(seeded, staff_user):
    from learning_events.models import LearningEvent

    return LearningEvent.objects.filter(status="planned").first()


def test_minutes_named_exe_are_served_as_the_pdf_they_are(client_for, staff_user, seeded, settings, tmp_path):
    from groups import services
    from groups.models import Committee, Meeting

    settings.MEDIA_ROOT = tmp_path
    committee = Committee.objects.first()
    assert committee is not None
    meeting = Meeting(committee=committee, date="2018-05-10", format="online")
    services.record_meeting(
        user=staff_user,
        instance=meeting,
        minutes=SimpleUploadedFile("minutes.pdf.exe", PDF, "application/x-msdownload"),
    )
    response = client_for(staff_user).get(reverse("groups:meeting-minutes", args=[meeting.pk]))
    _served_as_pdf(response, "minutes.pdf")


def test_report_file_named_html_is_served_as_a_pdf(client_for, staff_user, seeded, settings, tmp_path):
    from learning_events import services
    from learning_events.models import Evaluation

    settings.MEDIA_ROOT = tmp_path
    report = services.upload_report_file(
        user=staff_user,
        evaluation=Evaluation.objects.first(),
        uploaded=SimpleUploadedFile("minutes.html", PDF, "text/html"),
        kind="final",
    )
    _served_as_pdf(client_for(staff_user).get(report.get_download_url()), "minutes.pdf")


def test_needs_survey_results_carry_their_stored_type_not_text_html(
    client_for, staff_user, provider_a_user, event, settings, tmp_path
):
    from learning_events import services

    settings.MEDIA_ROOT = tmp_path
    survey = services.save_needs_survey(
        user=staff_user,
        event=event,
        fields={"run_by": "Advisory body", "status": "closed"},
        results_file=SimpleUploadedFile("results.html", PDF, "text/html"),
    )
    response = client_for(provider_a_user).get(f"/en/events/surveys/{survey.pk}/results/")
    _served_as_pdf(response, "results.pdf")
