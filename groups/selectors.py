"""Reads of working groups and their governance, scoped to what the user may see."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from portal.fiscal import fiscal_year_bounds, fiscal_year_of

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
from .services import Compliance, compute_compliance


def group_list(*, user, filters: dict | None = None) -> QuerySet[WorkingGroup]:
    """Every signed-in user may read the groups; filters come from the list's filter form."""
    qs = (
        WorkingGroup.objects.select_related("category", "parent", "lead")
        .annotate(subgroup_count=Count("subgroups", distinct=True))
        .order_by("category__order", "order", "slug")
    )
    filters = filters or {}
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("stage"):
        qs = qs.filter(stage=filters["stage"])
    if filters.get("jurisdiction"):
        qs = qs.filter(jurisdictions=filters["jurisdiction"])
    if filters.get("lead"):
        qs = qs.filter(lead=filters["lead"])
    if filters.get("q"):
        term = filters["q"]
        qs = qs.filter(
            Q(name_en__icontains=term)
            | Q(name_fr__icontains=term)
            | Q(mandate_en__icontains=term)
            | Q(mandate_fr__icontains=term)
            | Q(slug__icontains=term)
        )
    return qs.distinct() if filters.get("jurisdiction") else qs


def group_queryset(*, user) -> QuerySet[WorkingGroup]:
    """The groups a signed-in user may read (all of them), with what a group's page shows."""
    return WorkingGroup.objects.select_related("category", "parent", "lead").prefetch_related(
        "subgroups", "jurisdictions", "depends_on", "dependants"
    )


def dashboard_cards(user) -> list[dict]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not user.is_ircc_staff:
        seats = list(committee_list(user=user).select_related("group", "umbrella")[:10])
        if not seats:
            return []
        return [
            {
                "title": _("Your committees"),
                "items": [
                    {"label": f"{c.name} ({c.owner_label})", "url": c.get_absolute_url()} for c in seats
                ],
            }
        ]
    cards = _staff_cards(user)
    behind = committees_behind(user=user)
    if behind:
        cards.append(
            {
                "title": _("Committees behind on meetings"),
                "level": "warning",
                "text": _("These committees have held fewer meetings than their minimum calls for so far."),
                "items": [
                    {
                        "label": _("%(committee)s: %(held)s of %(expected)s expected so far")
                        % {"committee": c.name, "held": c.compliance.held, "expected": c.compliance.expected},
                        "url": c.get_absolute_url(),
                    }
                    for c in behind
                ],
                "url": reverse("groups:committee-list"),
                "link_label": _("See every committee"),
            }
        )
    return cards


def _staff_cards(user) -> list[dict]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    counts = WorkingGroup.objects.aggregate(
        top=Count("pk", filter=Q(parent__isnull=True)), subs=Count("pk", filter=Q(parent__isnull=False))
    )
    led = list(WorkingGroup.objects.filter(lead=user).order_by("name_en")[:10])
    return [
        {
            "title": _("Working groups"),
            "figure": counts["top"],
            "text": _("groups, with %(count)s sub-groups") % {"count": counts["subs"]},
            "url": reverse("groups:group-list"),
            "link_label": _("See every group"),
        },
        {
            "title": _("Groups you lead"),
            "items": [{"label": g.name, "url": g.get_absolute_url()} for g in led],
            "text": "" if led else _("You do not lead a group yet."),
        },
    ]


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
    records = list(
        CommitteeMember.history.filter(committee_id=committee.pk)
        .select_related("history_user", "provider", "jurisdiction", "user")
        .order_by("id", "history_date", "history_id")
    )
    fields = {name: CommitteeMember._meta.get_field(name) for name in TRACKED_MEMBER_FIELDS}

    def shown(record, name):
        if fields[name].is_relation:
            value = getattr(record, name)
            return getattr(value, "display_name", None) or (str(value) if value is not None else "")
        if fields[name].choices:
            return getattr(record, f"get_{name}_display")()
        value = getattr(record, name)
        return "" if value is None else str(value)

    entries = []
    previous = {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        for name, model_field in fields.items():
            old = shown(before, name) if before is not None else ""
            new = shown(record, name)
            if before is None and record.history_type == "+" and new:
                changes.append({"field": model_field.verbose_name, "before": "", "after": new})
            elif before is not None and old != new:
                changes.append({"field": model_field.verbose_name, "before": old, "after": new})
        entries.append(
            {
                "record": record,
                "who": record.history_user.display_name if record.history_user else "",
                "when": record.history_date,
                "type": record.get_history_type_display(),
                "person": record.person_name,
                "changes": changes,
            }
        )
        previous[record.id] = record
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries
