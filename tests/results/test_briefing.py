"""The review-and-planning briefing (issue 20): the French briefing of 2018-19 from the seed holds the
seed's groups, past and planned events, the four evaluations, the pilot figures and the policy amounts,
read back out of the PowerPoint and the PDF; it runs as a tracked job whose file waits for its owner."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from groups.models import WorkingGroup
from learning_events.models import Evaluation
from results import services
from results.briefing.content import build_briefing
from results.models import BriefingJob

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def pptx_text(data: bytes) -> str:
    from pptx import Presentation

    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return _flat("\n".join(parts))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def expected_fr() -> list[str]:
    """What the seed says, in French, that the 2018-19 briefing must carry."""
    groups = [g.name_fr for g in WorkingGroup.objects.all()]
    assert len(groups) > 30
    evaluations = [e.subject_fr for e in Evaluation.objects.all()]
    assert len(evaluations) == 4
    return [
        *groups,
        *evaluations,
        # Past events, places and dates as written
        "Lethbridge, Alberta, mars 2018",
        "Yellowknife, Territoires du Nord-Ouest, octobre 2016",
        "Iqaluit, Nunavut, décembre 2017",
        "Brandon, Manitoba, juin 2017",
        # Planned events
        "Swift Current, Saskatchewan, juin 2019",
        "Moose Jaw, Saskatchewan, 2019",
        "Saskatoon, Saskatchewan, octobre 2018",
        "appels trimestriels",
        # The pilot courses: 41, 18, 18; 25 of 26
        "41 (Alberta), 18 (Saskatchewan), 18 (Manitoba)",
        "25 participants sur 26",
        # The policy amounts
        "2 700,00 $",
        "3 000,00 $",
        "150,00 $",
        "300,00 $",
        # Statements of the seed
        "L'hiver approche!",
        "Accès aux rapports",
        "Exploiter la technologie",
        "Les fonds pour le perfectionnement professionnel sont actuellement distribués inéquitablement.",
        "avant l'appel de propositions de 2019",
        # Headings in the seed's order
        "Quels sont les groupes de concertation ?",
        "Quelles sont les possibilités ?",
    ]


@pytest.fixture
def briefing_files(seeded, tmp_path):
    files = {}
    for file_format in ("pptx", "pdf"):
        path = tmp_path / f"briefing.{file_format}"
        call_command(
            "briefing", "2018-19", lang="fr", format=file_format, out=str(path), stdout=io.StringIO()
        )
        files[file_format] = path.read_bytes()
    return files


def test_the_french_briefing_of_2018_19_holds_the_seed_in_both_formats(briefing_files):
    readers = {"pptx": pptx_text, "pdf": pdf_text}
    for file_format, data in briefing_files.items():
        text = readers[file_format](data)
        missing = [fact for fact in expected_fr() if _flat(fact) not in text]
        assert not missing, f"{file_format}: {missing}"
        # English headings do not leak into the French briefing.
        assert "What are the working groups?" not in text


def test_sections_follow_the_seed_order(seeded):
    with translation.override("en"):
        briefing = build_briefing(2018)
    titles = [s.title.split(" (")[0] for s in briefing.sections]
    order = [
        "What are the working groups?",
        "Who is responsible for the working groups?",
        "Why did we start this project?",
        "What have we done so far?",
        "What activities are planned?",
        "Three regional pilot courses",
        "The base PD allocation",
        "PD advisory committees",
        "What are the challenges?",
        "What are the opportunities?",
    ]
    assert [t for t in dict.fromkeys(titles)] == order
    charts = [b.chart for s in briefing.sections for b in s.blocks if b.kind == "chart"]
    pilot = next(c for c in charts if c.title == "Pilot participants by jurisdiction")
    assert pilot.series[0][1] == [41.0, 18.0, 18.0]


def test_planned_events_of_a_later_year_leave_the_past_ones_out(seeded):
    with translation.override("en"):
        text = build_briefing(2019).text()
    planned = text.split("What activities are planned?")[1].split("Three regional pilot courses")[0]
    assert "October 2018" not in planned  # before 2019-20
    assert "June 2019" in planned


def test_briefing_job_runs_and_the_file_waits_for_its_owner_only(seeded, client, staff_user, admin_user):
    job = services.start_briefing(user=staff_user, fiscal_year=2018, language="fr", file_format="pptx")
    # No broker in the quick suite: the task ran in-process after the commit (portal.queue).
    job = BriefingJob.objects.get(pk=job.pk)
    if job.status == job.Status.QUEUED:  # inside the test transaction, on_commit did not fire: run it
        from results.briefing.runs import run_briefing_job

        run_briefing_job(job.pk)
        job.refresh_from_db()
    assert job.status == job.Status.DONE, job.error
    assert job.progress == 100 and job.attempts == 1
    client.force_login(staff_user)
    reports = client.get(reverse("report-list")).content.decode()
    assert "Review-and-planning briefing 2018-19" in reports
    download = client.get(reverse("results:briefing-download", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert "25 participants sur 26" in pptx_text(b"".join(download.streaming_content))
    client.force_login(admin_user)
    assert client.get(reverse("results:briefing-download", kwargs={"pk": job.pk})).status_code == 404


def test_briefing_form_queues_a_job(seeded, client, staff_user, django_capture_on_commit_callbacks):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("results:briefing-create"),
            {"fiscal_year": "2018", "language": "en", "file_format": "pdf"},
        )
    assert response.status_code == 302
    assert BriefingJob.objects.filter(user=staff_user, file_format="pdf", language="en").count() == 1
    from portal.datacache import is_own_callback

    assert len([c for c in callbacks if not is_own_callback(c)]) == 1  # the job's task


def test_providers_cannot_generate_briefings(seeded, client, provider_a_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_briefing(user=provider_a_user, fiscal_year=2018, language="fr", file_format="pdf")
    client.force_login(provider_a_user)
    assert client.get(reverse("results:briefing-create")).status_code == 403


def test_finished_briefings_are_deleted_after_the_retention_days(seeded, staff_user, settings):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from results.briefing.runs import delete_expired_briefings

    settings.PORTAL_EXPORT_RETENTION_DAYS = 7
    now = timezone.now()
    old = BriefingJob.objects.create(
        user=staff_user, fiscal_year=2018, language="en", file_format="pdf", status="done",
        finished_at=now - datetime.timedelta(days=8),
    )  # fmt: skip
    old.file.save("old.pdf", ContentFile(b"%PDF-"), save=True)
    stored = old.file.name
    recent = BriefingJob.objects.create(
        user=staff_user, fiscal_year=2018, language="en", file_format="pdf", status="done",
        finished_at=now - datetime.timedelta(days=6),
    )  # fmt: skip
    running = BriefingJob.objects.create(user=staff_user, fiscal_year=2018, language="en", file_format="pdf")
    assert delete_expired_briefings(now=now) == 1
    assert set(BriefingJob.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not old.file.storage.exists(stored)
    assert recent.deleted_after.date() == (now + datetime.timedelta(days=1)).date()
