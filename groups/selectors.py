"""Reads of working groups and their governance, scoped to what the user may see."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from portal.fiscal import fiscal_year_bounds, fiscal_year_of
from portal.history import history_rows
from portal.i18n import translated

from .compliance import Compliance, compute_compliance
from .filters import GroupFilterSet
from .models import (
    Committee,
    CommitteeMember,
    CommunityOfPractice,
    Meeting,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)
from .permissions import committees_visible_to, current_seats_q


def group_list(*, user, filters: dict | None = None) -> QuerySet[WorkingGroup]:
    """Every signed-in user may read the groups; `filters` (the filter form's cleaned data) go through
    GroupFilterSet, for the page and its export alike."""
    qs = (
        WorkingGroup.objects.select_related("category", "parent", "lead")
        .annotate(subgroup_count=Count("subgroups", distinct=True))
        .order_by("category__order", "order", "slug")
    )
    return GroupFilterSet.apply(qs, filters, user=user)


def group_queryset(*, user) -> QuerySet[WorkingGroup]:
    """The groups a signed-in user may read (all of them), with what a group's page shows."""
    return WorkingGroup.objects.select_related("category", "parent", "lead").prefetch_related(
        "subgroups", "jurisdictions", "depends_on", "dependants"
    )


def groups_with_committee_seat(user) -> QuerySet[WorkingGroup]:
    """The groups on whose committees the user (or the user's provider organisation) sits now.

    Contract used by other apps (report access, provider views). Only current seats count (no end
    date, or one not yet passed); PD advisory committees belong to umbrella organisations, not groups.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WorkingGroup.objects.none()
    seats = CommitteeMember.objects.filter(current_seats_q(user), committee__group__isnull=False)
    return WorkingGroup.objects.filter(pk__in=seats.values("committee__group_id"))


# --- Governance --------------------------------------------------------------------------------
def committee_list(*, user, fiscal_year: int | None = None) -> QuerySet[Committee]:
    """Committees the user may see, with `held`: their meetings in the fiscal year (default: current)."""
    fiscal_year = fiscal_year if fiscal_year is not None else fiscal_year_of(timezone.localdate())
    start, end = fiscal_year_bounds(fiscal_year)
    return (
        committees_visible_to(user)
        .select_related("group", "umbrella")
        .annotate(held=Count("meetings", filter=Q(meetings__date__range=(start, end)), distinct=True))
        .order_by("umbrella__acronym", "group__order", "kind", "name_en")
    )


def with_compliance(committees, *, fiscal_year: int, today: datetime.date) -> list[Committee]:
    """Attach `compliance` to each committee of a `committee_list` (its `held` annotation)."""
    result = list(committees)
    for committee in result:
        committee.compliance = compute_compliance(
            held=committee.held,
            minimum=committee.min_meetings_per_year,
            fiscal_year=fiscal_year,
            today=today,
        )
    return result


def committees_behind(*, user, today: datetime.date | None = None) -> list[Committee]:
    """Visible committees behind their meeting minimum in the current fiscal year."""
    today = today or timezone.localdate()
    year = fiscal_year_of(today)
    qs = committee_list(user=user, fiscal_year=year).filter(min_meetings_per_year__gt=0)
    return [c for c in with_compliance(qs, fiscal_year=year, today=today) if c.compliance.behind]


def meetings_per_fiscal_year(*, committee: Committee) -> list[dict]:
    """[{"fiscal_year": 2018, "held": 3}, ...], newest first, counted by the database."""
    fiscal_year = Case(
        When(month__gte=4, then=ExtractYear("date")),
        default=ExtractYear("date") - 1,
    )
    return list(
        Meeting.objects.filter(committee=committee)
        .annotate(month=ExtractMonth("date"))
        .annotate(fiscal_year=fiscal_year)
        .values("fiscal_year")
        .annotate(held=Count("pk"))
        .order_by("-fiscal_year")
    )


@dataclass
class CommitteePage:
    committee: Committee
    members: list[CommitteeMember]
    meetings: list[Meeting]
    compliance: Compliance
    per_year: list[dict] = field(default_factory=list)


def committee_page(*, user, committee: Committee, today: datetime.date | None = None) -> CommitteePage:
    today = today or timezone.localdate()
    year = fiscal_year_of(today)
    start, end = fiscal_year_bounds(year)
    members = list(
        committee.members.select_related("provider", "jurisdiction", "user").order_by(
            "end_date", "role", "person_name_en"
        )
    )
    for member in members:
        member.current = member.is_current(today)
    meetings = list(committee.meetings.prefetch_related("attendees").order_by("-date"))
    held = sum(1 for m in meetings if start <= m.date <= end)
    compliance = compute_compliance(
        held=held, minimum=committee.min_meetings_per_year, fiscal_year=year, today=today
    )
    return CommitteePage(
        committee=committee,
        members=members,
        meetings=meetings,
        compliance=compliance,
        per_year=meetings_per_fiscal_year(committee=committee),
    )


def group_governance(*, user, group: WorkingGroup, today: datetime.date | None = None) -> dict:
    """What the group page shows of the group's governance, narrowed to what the user may see."""
    today = today or timezone.localdate()
    year = fiscal_year_of(today)
    committees = with_compliance(
        committee_list(user=user, fiscal_year=year)
        .filter(group=group)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.select_related("provider", "jurisdiction").filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=today)
                ),
                to_attr="current_members",
            )
        ),
        fiscal_year=year,
        today=today,
    )
    may_see_plans = user.has_perm("groups.view_workplan", group)
    work_plans = (
        list(
            group.work_plans.prefetch_related(
                Prefetch("items", queryset=WorkPlanItem.objects.order_by("due_date", "pk"))
            )
        )
        if may_see_plans
        else []
    )
    for plan in work_plans:
        for item in plan.items.all():
            item.overdue = item.is_overdue(today)
        plan.overdue_count = sum(1 for item in plan.items.all() if item.overdue)
    communities = list(CommunityOfPractice.objects.filter(group=group).prefetch_related("links", "umbrellas"))
    return {
        "committees": committees,
        "work_plans": work_plans,
        "communities": communities,
        "fiscal_year": year,
        "behind": [c for c in committees if c.compliance.behind],
    }


def work_plan_items(*, plan: WorkPlan, today: datetime.date | None = None) -> list[WorkPlanItem]:
    today = today or timezone.localdate()
    items = list(plan.items.order_by("due_date", "pk"))
    for item in items:
        item.overdue = item.is_overdue(today)
    return items


def community_list(*, user) -> QuerySet[CommunityOfPractice]:
    return CommunityOfPractice.objects.select_related("group").prefetch_related("links", "umbrellas")


TRACKED_MEMBER_FIELDS = [
    "person_name_en",
    "person_name_fr",
    "user",
    "provider",
    "organisation_name_en",
    "organisation_name_fr",
    "jurisdiction",
    "role",
    "start_date",
    "end_date",
]


def membership_history(*, committee: Committee) -> list[dict]:
    """Every change to the committee's seats, newest first: who, when, what, before and after."""
    return history_rows(
        CommitteeMember.history.filter(committee_id=committee.pk),
        fields=TRACKED_MEMBER_FIELDS,
        label=lambda record: translated(record, "person_name"),
        limit=10_000,
    )
