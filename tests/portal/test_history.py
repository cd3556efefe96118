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


def _queries(client, url: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_every_history_page_costs_the_same_with_5_and_50_versions(client_for, staff_user, seeded):
    """One reader (portal.history.history_rows) serves the three pages; related objects (users,
    jurisdictions, providers) are read in bulk, never once per version."""
    from decimal import Decimal

    from django.urls import reverse

    from groups.models import CommitteeMember
    from organisations.models import Jurisdiction
    from pd_budget.models import PolicyYear

    member = CommitteeMember.objects.filter(committee__isnull=False).order_by("pk").first()
    policy = PolicyYear.objects.order_by("fiscal_year").first()
    codes = list(Jurisdiction.objects.values_list("code", flat=True)[:2])
    made = 0

    def versions(n: int) -> None:
        nonlocal made
        for _ in range(n):
            made += 1
            member.organisation_name = f"Renamed {made}"
            member.jurisdiction_id = codes[made % 2]
            member._history_user = staff_user
            member.save()
            policy.conference_urban = Decimal("2000.00") + made
            policy._history_user = staff_user
            policy.save()

    client = client_for(staff_user)
    urls = [
        f"/en/history/groups.committeemember/{member.pk}/",
        reverse("groups:committee-history", args=[member.committee_id]),
        reverse("pd_budget:policy-history"),
    ]
    versions(5)
    for url in urls:  # the first pages of a session also read what is kept across pages (permissions)
        client.get(url)
    with_5 = [_queries(client, url)[0] for url in urls]
    versions(45)
    with_50 = []
    for url in urls:
        count, body = _queries(client, url)
        with_50.append(count)
        assert "Renamed 50" in body or "2050.00" in body  # the newest version is on the page
    assert with_50 == with_5
