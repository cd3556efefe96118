"""Two Undo clicks at the same moment (a double click, two tabs) bring a deleted record back once:
the deletion's row is locked while it is undone (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from groups.models import Committee, CommitteeKind, Meeting, WorkingGroup
from groups.services import delete_meeting
from portal import undo

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

THREADS = 8


def test_simultaneous_undos_restore_once(seeded, staff_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (make test)")
    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=WorkingGroup.objects.get(slug="case-management"),
        name_en="Concurrent undo committee",
        name_fr="Comité des annulations simultanées",
    )
    meeting = Meeting.objects.create(committee=committee, date=timezone.localdate(), format="online")
    pk = meeting.pk
    deletion = delete_meeting(user=staff_user, meeting=meeting)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def undo_once():
        try:
            barrier.wait(timeout=30)
            undo.undo_deletion(user=staff_user, deletion=deletion)
            result = "restored"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=undo_once) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused"] * (THREADS - 1) + ["restored"], outcomes
    assert Meeting.objects.filter(pk=pk).count() == 1
    assert Meeting.history.filter(id=pk, history_type="+").count() == 2  # created, restored once
