"""Fixtures of the learning_events tests: files to upload, a private media folder, committee seats."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores its uploads in its own folder, so nothing leaks between tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    def files() -> list:
        return sorted(p for p in media_root.rglob("*") if p.is_file())

    return files


@pytest.fixture
def pdf_upload():
    def make(name: str = "report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def committee_seats(monkeypatch):
    """`committee_seats(user, [group, ...])`: the user sits on those groups' committees."""
    from groups import selectors as group_selectors
    from groups.models import WorkingGroup

    seats: dict[int, list[int]] = {}

    def fake(user):
        return WorkingGroup.objects.filter(pk__in=seats.get(getattr(user, "pk", None), []))

    monkeypatch.setattr(group_selectors, "groups_with_committee_seat", fake)

    def seat(user, groups):
        seats[user.pk] = [g.pk for g in groups]

    return seat


@pytest.fixture
def event_factory(db):
    """`event_factory(**fields)`: a learning event saved through the service (dates derived)."""
    from groups.models import Category, WorkingGroup
    from learning_events import services
    from tests.factories import UserFactory

    def make(**fields):
        staff = UserFactory(username="event-factory-staff", role="staff")
        group = fields.pop("group", None)
        if group is None:
            category, _ = Category.objects.get_or_create(
                code="similar-services",
                defaults={"name_en": "Similar services", "name_fr": "Services similaires"},
            )
            group, _ = WorkingGroup.objects.get_or_create(
                slug="case-management",
                defaults={"name_en": "Case management", "name_fr": "Gestion des cas", "category": category},
            )
        defaults = {
            "group": group,
            "title_en": "Case management learning event",
            "title_fr": "Activité d'apprentissage : Gestion des cas",
            "format": "in_person",
            "city": "Saskatoon",
            "status": "planned",
            "precision": "month",
            "year": 2018,
            "month": 10,
        }
        from learning_events.models import LearningEvent

        return services.save_event(user=staff, instance=LearningEvent(**{**defaults, **fields}))

    return make
