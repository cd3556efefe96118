"""In French, IRCC staff delete a meeting recorded by mistake, see the committee's compliance drop,
and bring the meeting back with the message's "Undo" button (issue 15's "Done when")."""

import pytest
from django.utils import timezone

from groups.models import Committee, CommitteeKind, Meeting, WorkingGroup
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_delete_a_meeting_and_undo_it_in_french(page, sign_in_page, staff_user, seeded, live_server):
    committee = Committee.objects.create(
        kind=CommitteeKind.STEERING,
        group=WorkingGroup.objects.get(slug="case-management"),
        name_en="Case management steering committee",
        name_fr="Comité directeur de la gestion des cas",
        min_meetings_per_year=4,
    )
    meeting = Meeting.objects.create(
        committee=committee, date=timezone.localdate(), format="online", decisions="Entered by mistake"
    )
    pk, day = meeting.pk, meeting.date.isoformat()
    sign_in_page("staff")
    committee_url = f"{live_server.url}/fr/groups/committees/{committee.pk}/"
    page.goto(committee_url)
    assert page.get_by_text("1 réunion tenue cet exercice").is_visible()

    page.get_by_role("link", name=f"Supprimer {day}").click()
    assert page.get_by_role(
        "heading", name="Supprimer «\u00a0Comité directeur de la gestion des cas"
    ).is_visible()
    assert page.get_by_role("link", name="Annuler").is_visible()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Supprimer").click()
    page.wait_for_url(committee_url)
    assert page.get_by_text("Suppression effectuée").is_visible()
    assert axe_violations(page) == []
    assert page.get_by_text("0 réunion tenue cet exercice").is_visible()
    assert not Meeting.objects.filter(pk=pk).exists()

    page.get_by_role("button", name="Annuler la suppression").click()
    page.wait_for_url(committee_url)
    assert page.get_by_text("Suppression annulée").is_visible()
    assert page.get_by_text("1 réunion tenue cet exercice").is_visible()
    assert page.get_by_role("cell", name="Entered by mistake").is_visible()
    assert Meeting.objects.get(pk=pk).decisions == "Entered by mistake"

    # Nothing left to undo: "Recently deleted" is one click away, in the account bar.
    page.get_by_role("link", name="Supprimés récemment").click()
    assert page.get_by_text("Rien à annuler.").is_visible()
    assert axe_violations(page) == []
