"""The audit trail: staff read who changed an audited record, when, before and after."""

import pytest

from learning_events.models import Evaluation

pytestmark = pytest.mark.django_db


def test_staff_read_the_history_of_an_evaluation(client_for, staff_user, provider_a_user, seeded):
    evaluation = Evaluation.objects.get(subject_en="Language assessment")
    evaluation.status = "final_available"
    evaluation.final_received_on = evaluation.draft_received_on
    evaluation._history_user = staff_user
    evaluation.save()
    url = f"/en/history/learning_events.evaluation/{evaluation.pk}/"
    body = client_for(staff_user).get(url).content.decode()
    assert "History of" in body and "staff" in body
    assert "Draft received" in body and "Final report available" in body
    assert url in client_for(staff_user).get(evaluation.get_absolute_url()).content.decode()


def test_history_is_for_staff_and_audited_models_only(client_for, staff_user, provider_a_user, seeded):
    evaluation = Evaluation.objects.first()
    assert (
        client_for(provider_a_user)
        .get(f"/en/history/learning_events.evaluation/{evaluation.pk}/")
        .status_code
        == 403
    )
    assert client_for(staff_user).get("/en/history/portal.user/1/").status_code == 404
    assert client_for(staff_user).get("/en/history/learning_events.evaluation/999999/").status_code == 404


def test_a_save_that_changed_nothing_is_not_listed(client_for, staff_user, seeded):
    """Databases re-seeded before re-runs compared first hold empty versions: the page skips them."""
    from groups.models import CommitteeMember

    member = CommitteeMember.objects.order_by("pk").first()
    member.save()  # what an older load_seed did on every run: a version with no difference
    member.organisation_name = "Renamed"
    member.save()
    member.save()
    assert member.history.count() == 4
    response = client_for(staff_user).get(f"/en/history/groups.committeemember/{member.pk}/")
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [entry["action"] for entry in entries] == ["Changed", "Created"]
    assert [change["after"] for change in entries[0]["changes"]] == ["Renamed"]
