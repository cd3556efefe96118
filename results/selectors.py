"""Reads of the results app: an evaluation's chain (recommendation -> response -> actions) and its
progress, the staff dashboard's counts, the actions overdue (for the notifications), the programme's
statements with their measures."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    CLOSED_STATUSES,
    ActionItem,
    ActionStatus,
    ProgrammeStatement,
    Recommendation,
    StatementKind,
)
from .permissions import briefings_visible_to, recommendations_visible_to


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def overdue_actions(*, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Every action past its due date and neither done nor cancelled, oldest due first, with its owner
    and evaluation (for the notifications: each owner is told about their own)."""
    return (
        ActionItem.objects.filter(due_date__lt=_today(today))
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("owner", "recommendation__evaluation")
        .order_by("due_date", "pk")
    )


def recommendations_without_action() -> QuerySet[Recommendation]:
    """Recommendations nobody acts on yet: no action, and management did not disagree (a recommendation
    management disagrees with needs no action)."""
    return (
        Recommendation.objects.filter(actions__isnull=True)
        .exclude(response__position="disagree")
        .select_related("evaluation")
        .order_by("evaluation__subject_en", "number")
    )


def chain_progress(recommendations: list[Recommendation], *, today: datetime.date | None = None) -> dict:
    """How far an evaluation's chain has come: responses recorded, recommendations with an action,
    actions done and overdue (from already-fetched rows: no query)."""
    today = _today(today)
    actions = [a for r in recommendations for a in r.actions.all()]
    done = sum(1 for a in actions if a.status == ActionStatus.DONE)
    return {
        "recommendations": len(recommendations),
        "responded": sum(1 for r in recommendations if getattr(r, "has_response", False)),
        "with_action": sum(1 for r in recommendations if r.actions.all()),
        "actions": len(actions),
        "done": done,
        "overdue": sum(1 for a in actions if a.is_overdue(today)),
        "percent_done": round(100 * done / len(actions)) if actions else 0,
    }


def evaluation_panel(*, user, evaluation) -> dict:
    """The evaluation page's section: its recommendations, each with its response and actions, and the
    chain's progress; empty for users who may not read the evaluation's results."""
    if not user.has_perm("results.view_results", evaluation):
        return {"visible": False, "evaluation": evaluation}
    from learning_events.models import EvaluationStatus

    recommendations = list(
        Recommendation.objects.filter(evaluation=evaluation)
        .annotate(has_response=Exists(_response_of(OuterRef("pk"))))
        .select_related("response", "evaluation")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related("owner", "work_plan_item__work_plan__group"),
            )
        )
        .order_by("number", "pk")
    )
    today = timezone.localdate()
    for rec in recommendations:
        rec.response_row = rec.response if rec.has_response else None
        for action in rec.actions.all():
            action.overdue = action.is_overdue(today)
    return {
        "visible": True,
        "evaluation": evaluation,
        "recommendations": recommendations,
        "progress": chain_progress(recommendations, today=today),
        "is_final": evaluation.status == EvaluationStatus.FINAL_AVAILABLE,
    }


def _response_of(recommendation_pk):
    from .models import ManagementResponse

    return ManagementResponse.objects.filter(recommendation_id=recommendation_pk)


def results_by_evaluation() -> list[dict]:
    """Per evaluation with recommendations: how many, with a response, with an action, actions done
    and overdue; one grouped query."""
    today = timezone.localdate()
    rows = (
        Recommendation.objects.values("evaluation_id", "evaluation__subject_en", "evaluation__subject_fr")
        .annotate(
            recommendations=Count("pk", distinct=True),
            responded=Count("response", distinct=True),
            with_action=Count("pk", filter=Q(actions__isnull=False), distinct=True),
            actions_done=Count("actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True),
            actions_overdue=Count(
                "actions",
                filter=Q(actions__due_date__lt=today) & ~Q(actions__status__in=CLOSED_STATUSES),
                distinct=True,
            ),
        )
        .order_by("evaluation__subject_en")
    )
    from portal.i18n import current_language

    lang = current_language()
    return [
        {**row, "subject": row[f"evaluation__subject_{lang}"] or row["evaluation__subject_en"]}
        for row in rows
    ]


def dashboard_counts(*, today: datetime.date | None = None) -> dict:
    return {
        "without_action": list(recommendations_without_action()[:10]),
        "without_action_count": recommendations_without_action().count(),
        "overdue": list(overdue_actions(today=today)[:10]),
        "overdue_count": overdue_actions(today=today).count(),
    }


def group_panel(*, user, group) -> dict:
    """The group page's section: the national-scale activities the programme states for the group."""
    return {
        "group": group,
        "national": list(
            ProgrammeStatement.objects.filter(group=group, kind=StatementKind.NATIONAL).order_by("order")
        ),
    }


def statements(*, kinds: list[str] | None = None) -> QuerySet[ProgrammeStatement]:
    qs = ProgrammeStatement.objects.select_related("group")
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("kind", "order", "slug")


def statements_by_kind(kinds: list[str]) -> dict[str, list[ProgrammeStatement]]:
    grouped: dict[str, list[ProgrammeStatement]] = {kind: [] for kind in kinds}
    for statement in statements(kinds=kinds):
        grouped[statement.kind].append(statement)
    return grouped


def recommendation_list(*, user) -> QuerySet[Recommendation]:
    return recommendations_visible_to(user)


def briefing_list(*, user):
    return briefings_visible_to(user).order_by("-created_at", "-pk")
