"""Fixtures for the groups app: a steering committee, seats, and minutes files."""

import datetime

import pytest
from django.utils import timezone

from groups.models import Committee, CommitteeKind, CommitteeMember, MemberRole, WorkingGroup


@pytest.fixture
def group(seeded) -> WorkingGroup:
    return WorkingGroup.objects.get(slug="case-management")


@pytest.fixture
def steering(group) -> Committee:
    return Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=group,
        name_en="Case management steering committee",
        name_fr="Comité directeur de la gestion des cas",
        min_meetings_per_year=4,
    )


@pytest.fixture
def seat_for(steering):
    """`seat_for(committee=..., **fields)`: a seat on a committee (the steering committee by default)."""

    def make(committee=None, **fields) -> CommitteeMember:
        fields.setdefault("person_name", "Settlement program manager")
        fields.setdefault("role", MemberRole.MEMBER)
        return CommitteeMember.objects.create(committee=committee or steering, **fields)

    return make


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request to a /fr/ page leaves French active on the thread."""
    from django.utils import translation

    with translation.override("en"):
        yield
