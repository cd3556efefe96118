"""Reads of working groups and their governance, scoped to what the user may see."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from portal.fiscal import fiscal_year_bounds, fiscal_year_of
from portal.history import history_rows

from .compliance import Compliance, compute_compliance
from .filters import GroupFilterSet
from .models import (
    Committee,
    CommitteeMember,
    CommunityOfPractice,
    ItemStatus,
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
            "end_date", "role", "person_name"
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
                Prefetch(
                    "items",
                    queryset=WorkPlanItem.objects.select_related("owner_user", "owner_member").order_by(
                        "due_date", "pk"
                    ),
                )
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


def work_plan_items(
    *, plan: WorkPlan, today: datetime.date | None = None, owner: str = ""
) -> list[WorkPlanItem]:
    """The plan's items, with `overdue`; `owner` ("u12": a portal account, "m7": a committee seat,
    its account's items included) narrows them to one person's."""
    today = today or timezone.localdate()
    qs = plan.items.select_related("owner_user", "owner_member").order_by("due_date", "pk")
    if owner:
        qs = qs.filter(owner_q(owner))
    items = list(qs)
    for item in items:
        item.overdue = item.is_overdue(today)
    return items


def community_list(*, user) -> QuerySet[CommunityOfPractice]:
    return CommunityOfPractice.objects.select_related("group").prefetch_related("links", "umbrellas")


TRACKED_MEMBER_FIELDS = [
    "person_name",
    "user",
    "provider",
    "organisation_name",
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
        label=lambda record: record.person_name,
        limit=10_000,
    )


#: The seats that speak for an umbrella organisation on its PD advisory committees.
CONTACT_ROLES = ("ircc_lead", "chair", "co_chair", "umbrella_rep")


def umbrella_contacts(*, umbrella_id: int | None, today: datetime.date | None = None):
    """The portal accounts seated now for an umbrella organisation's committees as its IRCC lead,
    chair, co-chair or umbrella representative: whom the PD survey escalates a missing provider to."""
    from django.contrib.auth import get_user_model

    if umbrella_id is None:
        return get_user_model().objects.none()
    today = today or timezone.localdate()
    seats = CommitteeMember.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        committee__umbrella_id=umbrella_id,
        role__in=CONTACT_ROLES,
        user__isnull=False,
    )
    return get_user_model().objects.filter(pk__in=seats.values("user_id"), is_active=True).order_by("pk")


def owner_q(owner: str) -> Q:
    """The items of one owner, named as in the owner filter: "u<pk>" (an account, also through its
    seats) or "m<pk>" (a seat, also through its account). Anything else matches nothing."""
    kind, pk = owner[:1], owner[1:]
    if not pk.isdigit():
        return Q(pk__in=[])
    if kind == "u":
        return Q(owner_user_id=int(pk)) | Q(owner_member__user_id=int(pk))
    if kind == "m":
        seat = CommitteeMember.objects.filter(pk=int(pk)).values_list("user_id", flat=True).first()
        q = Q(owner_member_id=int(pk))
        return q | Q(owner_user_id=seat) | Q(owner_member__user_id=seat) if seat else q
    return Q(pk__in=[])


def item_owner_choices(*, plan: WorkPlan) -> list[tuple[str, str]]:
    """The people who own items of the plan, for its owner filter."""
    choices: dict[str, str] = {}
    for item in plan.items.select_related("owner_user", "owner_member").exclude(
        owner_user__isnull=True, owner_member__isnull=True
    ):
        if item.owner_user_id:
            choices[f"u{item.owner_user_id}"] = item.owner_user.display_name
        else:
            choices[f"m{item.owner_member_id}"] = item.owner_member.person_name
    return sorted(choices.items(), key=lambda pair: pair[1].casefold())


def items_owned_by(
    user, *, today: datetime.date | None = None, within_days: int = 7
) -> QuerySet[WorkPlanItem]:
    """The open items the person owns (as an account or through a seat) that are overdue or due within
    `within_days`, soonest first."""
    today = today or timezone.localdate()
    return (
        WorkPlanItem.objects.filter(Q(owner_user=user) | Q(owner_member__user=user))
        .exclude(status=ItemStatus.DONE)
        .filter(due_date__isnull=False, due_date__lte=today + datetime.timedelta(days=within_days))
        .select_related("work_plan__group")
        .order_by("due_date", "pk")
    )
