"""Evaluation -> recommendation -> management response -> actions: services, rules, pages, undo and
the dashboard cards (issue 20)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from groups.models import WorkingGroup, WorkPlan, WorkPlanItem
from learning_events.models import Evaluation, EvaluationStatus, ReportAccessGrant
from portal.undo import undo_deletion
from results import selectors, services
from results.models import (
    ActionItem,
    ActionStatus,
    ManagementResponse,
    Position,
    Recommendation,
    action_is_overdue,
)
from results.selectors import overdue_actions

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 6, 1)


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (datetime.date(2019, 5, 31), ActionStatus.NOT_STARTED, True),
        (datetime.date(2019, 5, 31), ActionStatus.IN_PROGRESS, True),
        (datetime.date(2019, 5, 31), ActionStatus.DONE, False),
        (datetime.date(2019, 5, 31), ActionStatus.CANCELLED, False),
        (datetime.date(2019, 6, 1), ActionStatus.NOT_STARTED, False),  # due today: not yet
        (datetime.date(2019, 6, 2), ActionStatus.NOT_STARTED, False),
        (None, ActionStatus.NOT_STARTED, False),
    ],
)
def test_overdue_rule(due, status, overdue):
    assert action_is_overdue(due_date=due, status=status, today=TODAY) is overdue


@pytest.fixture
def final_evaluation(seeded):
    evaluation = Evaluation.objects.get(slug="youth-summer-programs-saskatoon")
    assert evaluation.status == EvaluationStatus.FINAL_AVAILABLE
    return evaluation


@pytest.fixture
def work_plan_item(seeded):
    group = WorkingGroup.objects.get(slug="summer-programs")
    plan = WorkPlan.objects.create(group=group, fiscal_year=2018)
    return WorkPlanItem.objects.create(work_plan=plan, title_en="Run the summer program in Moose Jaw")


def _recommendation(evaluation, user, **fields):
    return services.save_recommendation(
        user=user, instance=Recommendation(evaluation=evaluation, **{"text_en": "Do better", **fields})
    )


def test_staff_record_the_whole_chain_and_the_progress_follows(final_evaluation, staff_user, work_plan_item):
    rec = _recommendation(final_evaluation, staff_user, text_fr="Faire mieux")
    assert rec.number == 1
    response = services.save_management_response(
        user=staff_user,
        instance=ManagementResponse(recommendation=rec, position=Position.AGREE, text_en="We agree."),
    )
    assert response.responded_by == staff_user
    past = timezone.localdate() - datetime.timedelta(days=3)
    late = services.save_action(
        user=staff_user,
        instance=ActionItem(recommendation=rec, text_en="Find a host", owner=staff_user, due_date=past),
    )
    services.save_action(
        user=staff_user,
        instance=ActionItem(
            recommendation=rec,
            text_fr="Ajouter au plan de travail",
            owner=staff_user,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
            status=ActionStatus.DONE,
            work_plan_item=work_plan_item,
        ),
    )
    panel = selectors.evaluation_panel(user=staff_user, evaluation=final_evaluation)
    assert panel["visible"]
    assert panel["progress"] == {
        "recommendations": 1,
        "responded": 1,
        "with_action": 1,
        "actions": 2,
        "done": 1,
        "overdue": 1,
        "percent_done": 50,
    }
    assert list(overdue_actions()) == [late]


def test_text_is_required_in_one_language_and_numbers_are_unique(final_evaluation, staff_user):
    with pytest.raises(ValidationError):
        _recommendation(final_evaluation, staff_user, text_en="  ", text_fr="")
    _recommendation(final_evaluation, staff_user, number=4)
    with pytest.raises(ValidationError):
        _recommendation(final_evaluation, staff_user, number=4)
    assert Recommendation.objects.count() == 1


def test_one_response_per_recommendation(final_evaluation, staff_user):
    rec = _recommendation(final_evaluation, staff_user)
    ManagementResponse.objects.create(recommendation=rec, position=Position.AGREE, text_en="Yes")
    with pytest.raises(ValidationError):
        services.save_management_response(
            user=staff_user,
            instance=ManagementResponse(recommendation=rec, position=Position.DISAGREE, text_en="No"),
        )


def test_inactive_owner_is_refused(final_evaluation, staff_user, provider_a_user):
    rec = _recommendation(final_evaluation, staff_user)
    provider_a_user.is_active = False
    provider_a_user.save()
    with pytest.raises(ValidationError):
        services.save_action(
            user=staff_user,
            instance=ActionItem(
                recommendation=rec, text_en="x", owner=provider_a_user, due_date=timezone.localdate()
            ),
        )


def test_providers_cannot_write_and_see_the_chain_only_with_a_final_report(
    final_evaluation, staff_user, provider_a_user, provider_b_user
):
    with pytest.raises(PermissionDenied):
        _recommendation(final_evaluation, provider_a_user)
    rec = _recommendation(final_evaluation, staff_user)
    assert not provider_a_user.has_perm("results.view_results", final_evaluation)
    assert not selectors.evaluation_panel(user=provider_a_user, evaluation=final_evaluation)["visible"]
    # A grant to a final report, without a final file uploaded, shows nothing yet: it follows the files.
    ReportAccessGrant.objects.create(evaluation=final_evaluation, provider=provider_b_user.provider)
    from learning_events.models import ReportFile

    ReportFile.objects.create(
        evaluation=final_evaluation, kind="final", title_en="Final", file="x.pdf", original_name="x.pdf",
        content_type="application/pdf", size=3,
    )  # fmt: skip
    assert provider_b_user.has_perm("results.view_results", rec)
    assert not provider_a_user.has_perm("results.view_results", rec)


def test_delete_and_undo_bring_the_chain_back(final_evaluation, staff_user):
    rec = _recommendation(final_evaluation, staff_user)
    ManagementResponse.objects.create(recommendation=rec, position=Position.AGREE, text_en="Yes")
    ActionItem.objects.create(recommendation=rec, text_en="Act", owner=staff_user, due_date=TODAY)
    pk = rec.pk
    deletion = services.delete_recommendation(user=staff_user, recommendation=rec)
    assert not Recommendation.objects.exists() and not ActionItem.objects.exists()
    undo_deletion(user=staff_user, deletion=deletion)
    assert Recommendation.objects.get(pk=pk).response.text_en == "Yes"
    assert ActionItem.objects.filter(recommendation_id=pk).count() == 1


def test_dashboard_cards_are_for_staff_only(final_evaluation, provider_a_user):
    from results.dashboard import dashboard_cards

    assert dashboard_cards(provider_a_user) == []


def test_dashboard_counts_recommendations_without_action_and_overdue_actions(final_evaluation, staff_user):
    from results.dashboard import dashboard_cards

    disagreed = _recommendation(final_evaluation, staff_user, number=1)
    ManagementResponse.objects.create(recommendation=disagreed, position=Position.DISAGREE, text_en="No")
    _recommendation(final_evaluation, staff_user, number=2)  # no action, not disagreed
    acted = _recommendation(final_evaluation, staff_user, number=3)
    ActionItem.objects.create(
        recommendation=acted,
        text_en="Late",
        owner=staff_user,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    cards = {card["title"]: card for card in dashboard_cards(staff_user)}
    assert cards["Recommendations with no action"]["figure"] == 1
    assert cards["Actions overdue"]["figure"] == 1


def test_staff_journey_through_the_pages(client, final_evaluation, staff_user, work_plan_item):
    """The issue's "done when": a response and two actions for a final report, one linked to a
    work-plan item; the evaluation page and the dashboard show the progress."""
    client.force_login(staff_user)
    page = reverse("learning_events:evaluation-detail", kwargs={"slug": final_evaluation.slug})
    response = client.post(
        reverse("results:recommendation-create", kwargs={"slug": final_evaluation.slug}),
        {"number": "1", "text_en": "Offer the program in a small centre", "text_fr": ""},
    )
    assert response.status_code == 302, response.content
    rec = Recommendation.objects.get()
    response = client.post(
        reverse("results:response-create", kwargs={"pk": rec.pk}),
        {
            "position": "partially",
            "text_en": "",
            "text_fr": "D'accord en partie",
            "responded_on": "2019-01-15",
        },
    )
    assert response.status_code == 302, response.content
    for text, item, due in (
        ("Find a host", "", "2019-01-31"),
        ("Add it to the plan", work_plan_item.pk, "2099-01-01"),
    ):
        response = client.post(
            reverse("results:action-create", kwargs={"pk": rec.pk}),
            {"text_en": text, "text_fr": "", "owner": staff_user.pk, "due_date": due, "status": "in_progress",
             "work_plan_item": item},
        )  # fmt: skip
        assert response.status_code == 302, response.content
    html = client.get(page).content.decode()
    assert "Offer the program in a small centre" in html
    assert "Partially agree" in html
    assert "Run the summer program in Moose Jaw" in html
    assert "Overdue" in html
    assert "Actions done: 0 of 2; overdue: 1." in html
    home = client.get(reverse("home")).content.decode()
    assert "Actions overdue" in home and "Find a host" in home
    fr = client.get(page.replace("/en/", "/fr/")).content.decode()
    assert "D&#x27;accord en partie" in fr or "D'accord en partie" in fr


def test_refused_form_changes_nothing(client, final_evaluation, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("results:recommendation-create", kwargs={"slug": final_evaluation.slug}),
        {"number": "1", "text_en": "", "text_fr": ""},
    )
    assert response.status_code == 200
    assert not Recommendation.objects.exists()


def test_the_seed_evaluations_keep_their_facts_after_the_demo(seeded, settings):
    settings.DEBUG = True
    from portal import demo

    before = list(Evaluation.objects.order_by("slug").values())
    demo.load_demo(password="demo-portal-2018-x")
    demo.load_demo(password="demo-portal-2018-x")
    assert list(Evaluation.objects.order_by("slug").values()) == before
    assert Recommendation.objects.filter(is_demo=True).count() == 4
    assert Recommendation.objects.filter(is_demo=False).count() == 0
    assert ActionItem.objects.filter(is_demo=True, work_plan_item__isnull=False).count() == 1
    finals = set(Recommendation.objects.values_list("evaluation__status", flat=True))
    assert finals == {EvaluationStatus.FINAL_AVAILABLE}


def test_the_evaluation_page_does_not_query_per_recommendation_or_action(
    client, final_evaluation, staff_user, work_plan_item
):
    """The chain is fetched in a fixed number of queries however long it grows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user)
    page = reverse("learning_events:evaluation-detail", kwargs={"slug": final_evaluation.slug})

    def grow(n):
        for _ in range(n):
            rec = _recommendation(final_evaluation, staff_user)
            ManagementResponse.objects.create(recommendation=rec, position=Position.AGREE, text_en="Yes")
            for _ in range(3):
                ActionItem.objects.create(
                    recommendation=rec,
                    text_en="Act",
                    owner=staff_user,
                    due_date=TODAY,
                    work_plan_item=work_plan_item,
                )

    grow(1)
    client.get(page)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    grow(5)
    with CaptureQueriesContext(connection) as large:
        assert client.get(page).status_code == 200
    assert len(large) == len(small)
