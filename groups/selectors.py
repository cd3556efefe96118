"""Reads of working groups and their governance, scoped to what the user may see."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from portal import datacache
from portal.fiscal import fiscal_year_bounds, fiscal_year_of
from portal.history import history_rows
from portal.i18n import translated

from .compliance import Compliance, compute_compliance
from .filters import GroupFilterSet
from .health import (
    WINDOW_DAYS,
    CommitteeFacts,
    GroupFacts,
    Health,
    compute_committee_health,
    compute_group_health,
)
from .models import (
    Committee,
    CommitteeKind,
    CommitteeMember,
    CommunityOfPractice,
    ItemStatus,
    Meeting,
    Stage,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)
from .permissions import committees_visible_to, current_seats_q


def group_list(*, user, filters: dict | None = None) -> QuerySet[WorkingGroup]:
    """Every signed-in user may read the groups; `filters` (the filter form's cleaned data) go through
    GroupFilterSet, for the page and its export alike."""
    # Subgroups counted by a subquery, not a GROUP BY over every group: PostgreSQL then counts only
    # the rows of the page, after sorting (26 -> 4 ms for a page at scale 100).
    subgroups = (
        WorkingGroup.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        WorkingGroup.objects.select_related("category", "parent", "lead")
        .annotate(subgroup_count=Coalesce(Subquery(subgroups, output_field=IntegerField()), 0))
        .order_by("category__order", "order", "slug")
    )
    return GroupFilterSet.apply(qs, filters, user=user)


#: The relations a group's page lists, read once the page is built (not to find the group: a page
#: served as kept, portal.pagecache, reads only the group).
GROUP_PAGE_RELATIONS = ("subgroups", "jurisdictions", "depends_on", "dependants")


def group_queryset(*, user) -> QuerySet[WorkingGroup]:
    """The groups a signed-in user may read (all of them), with the rows a group's name needs."""
    return WorkingGroup.objects.select_related("category", "parent", "lead")


def groups_with_committee_seat(user, *, kind: str | None = None) -> QuerySet[WorkingGroup]:
    """The groups on whose committees the user (or the user's provider organisation) sits now.

    Contract used by other apps (report access, provider views). Only current seats count (no end
    date, or one not yet passed); PD advisory committees belong to umbrella organisations, not groups.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WorkingGroup.objects.none()
    seats = CommitteeMember.objects.filter(current_seats_q(user), committee__group__isnull=False)
    if kind:
        seats = seats.filter(committee__kind=kind)  # e.g. only the advisory bodies
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


#: portal.datacache topic of the groups list's rows (its models: groups/cache_topics.py).
GROUP_ROWS_TOPIC = "group-rows"
#: portal.datacache topic of what a group page shows of its governance (its models:
#: groups/cache_topics.py).
GOVERNANCE_TOPIC = "group-governance"


def group_governance(*, user, group: WorkingGroup, today: datetime.date | None = None) -> dict:
    """What the group page shows of the group's governance, narrowed to what the user may see.

    Kept until a write to a committee, seat, meeting, work plan, community or a name they show
    (GOVERNANCE_TOPIC), per group, day and person: the key holds what decides what the person may
    see (the account, active or not, IRCC staff or not, its provider), so a page built again after an
    unrelated write reads none of it again, and a change of role is a new key."""
    today = today or timezone.localdate()
    who = (user.pk, user.is_active, user.is_ircc_staff, getattr(user, "provider_id", None))
    return datacache.cached(
        [GOVERNANCE_TOPIC],
        ["group_governance", group.pk, today, who],
        lambda: _group_governance(user=user, group=group, today=today),
    )


def _group_governance(*, user, group: WorkingGroup, today: datetime.date) -> dict:
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


# --- Health (groups/health.py) ----------------------------------------------------------------
#: The learning-event status that counts as activity (learning_events.models.EventStatus.HELD; the
#: groups app reads events through the reverse relation and never imports that app).
HELD_EVENT_STATUS = "held"


#: portal.datacache topic of the health maps (its models: groups/apps.py).
HEALTH_TOPIC = "group-health"


def _committee_facts(*, today: datetime.date, since: datetime.date) -> dict[int, dict]:
    """Per committee: its owner, minimum, meetings held in the window, present and seats, last meeting.

    Four queries whatever the number of committees; seats are counted on each meeting's day."""
    window = Q(date__gt=since, date__lte=today)
    rows = {
        row["pk"]: row
        for row in Committee.objects.order_by()
        .annotate(
            held=Count("meetings", filter=Q(meetings__date__gt=since, meetings__date__lte=today)),
            last_meeting=Max("meetings__date", filter=Q(meetings__date__lte=today)),
        )
        .values("pk", "group_id", "kind", "fiscal_year", "min_meetings_per_year", "held", "last_meeting")
    }
    present = (
        Meeting.attendees.through.objects.filter(meeting__date__gt=since, meeting__date__lte=today)
        .order_by()
        .values("meeting__committee_id")
        .annotate(n=Count("pk"))
    )
    seats_on_the_day = (
        CommitteeMember.objects.filter(committee=OuterRef("committee"))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("date")))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date")))
        .order_by()
        .values("committee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    seats = (
        Meeting.objects.filter(window)
        .order_by()
        .values("committee_id")
        .annotate(n=Sum(Coalesce(Subquery(seats_on_the_day, output_field=IntegerField()), 0)))
    )
    for row in rows.values():
        row["present"] = row["seats"] = 0
    for row in present:
        rows[row["meeting__committee_id"]]["present"] = row["n"]
    for row in seats:
        rows[row["committee_id"]]["seats"] = row["n"] or 0
    return rows


def _as_committee_facts(row: dict) -> CommitteeFacts:
    return CommitteeFacts(
        minimum=row["min_meetings_per_year"],
        held=row["held"],
        present=row["present"],
        seats=row["seats"],
        last_meeting=row["last_meeting"],
    )


def committee_health_map(*, today: datetime.date | None = None) -> dict[int, Health]:
    """Every committee's health (groups/health.py), keyed by its pk: four queries, or none while
    nothing it reads has changed (portal.datacache, topic HEALTH_TOPIC)."""
    today = today or timezone.localdate()
    return datacache.cached(
        [HEALTH_TOPIC], ["committee_health_map", today], lambda: _committee_health_map(today)
    )


def _committee_health_map(today: datetime.date) -> dict[int, Health]:
    since = today - datetime.timedelta(days=WINDOW_DAYS)
    return {
        pk: compute_committee_health(_as_committee_facts(row), today=today)
        for pk, row in _committee_facts(today=today, since=since).items()
    }


def _pairs(queryset) -> tuple[dict[int, set], dict[int, set]]:
    """({group pk: {jurisdictions}}, {group pk: {centre types}}) from a (group pk, jurisdiction,
    centre type) values_list the database made distinct."""
    jurisdictions: dict[int, set] = {}
    centre_types: dict[int, set] = {}
    for group_id, jurisdiction, centre_type in queryset.order_by().distinct():
        if jurisdiction:
            jurisdictions.setdefault(group_id, set()).add(jurisdiction)
        if centre_type:
            centre_types.setdefault(group_id, set()).add(centre_type)
    return jurisdictions, centre_types


def group_health_map(*, today: datetime.date | None = None) -> dict[int, Health]:
    """Every group's health (groups/health.py), keyed by its pk: a fixed number of queries, or none
    while nothing it reads has changed (portal.datacache, topic HEALTH_TOPIC)."""
    today = today or timezone.localdate()
    return datacache.cached([HEALTH_TOPIC], ["group_health_map", today], lambda: _group_health_map(today))


def _group_health_map(today: datetime.date) -> dict[int, Health]:
    """Every group's health, computed.

    The providers in a group's scope are those of the jurisdictions it covers (every provider when it
    records none); their centre types are those of their sites. A steering-committee member covers
    their own jurisdiction (or their provider's) and the centre types of their provider's sites."""
    from organisations.models import Provider

    since = today - datetime.timedelta(days=WINDOW_DAYS)
    year = fiscal_year_of(today)
    committees = _committee_facts(today=today, since=since)
    by_group: dict[int, list[dict]] = {}
    for row in committees.values():
        counts = row["kind"] != CommitteeKind.ADVISORY or row["fiscal_year"] == year
        if row["group_id"] and counts:
            by_group.setdefault(row["group_id"], []).append(row)

    groups = list(
        WorkingGroup.objects.order_by()
        .annotate(
            last_event=Max(
                "events__ends_on",
                filter=Q(events__status=HELD_EVENT_STATUS, events__ends_on__lte=today),
            ),
            has_steering=Count("committees", filter=Q(committees__kind=CommitteeKind.STEERING)),
        )
        .values("pk", "stage", "last_event", "has_steering")
    )
    # A jurisdiction's providers and their sites' centre types, once; a group's scope is the union
    # over its jurisdictions (joining groups to every provider and site cost 60 ms at scale 10).
    everywhere = list(
        Provider.objects.order_by().values_list("jurisdiction_id", "sites__centre_type").distinct()
    )
    types_in: dict = {}
    for jurisdiction, centre_type in everywhere:
        types_in.setdefault(jurisdiction, set())
        if centre_type:
            types_in[jurisdiction].add(centre_type)
    all_j = set(types_in)
    all_t = {t for _j, t in everywhere if t}
    scope_j: dict[int, set] = {}
    scope_t: dict[int, set] = {}
    for group_id, jurisdiction in WorkingGroup.jurisdictions.through.objects.values_list(
        "workinggroup_id", "jurisdiction_id"
    ):
        if jurisdiction in types_in:  # a jurisdiction with providers
            scope_j.setdefault(group_id, set()).add(jurisdiction)
            scope_t.setdefault(group_id, set()).update(types_in[jurisdiction])
    steering = CommitteeMember.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        committee__kind=CommitteeKind.STEERING,
    )
    steering_j, steering_t = _pairs(
        steering.values_list(
            "committee__group_id",
            Coalesce("jurisdiction_id", "provider__jurisdiction_id"),
            "provider__sites__centre_type",
        )
    )
    plans = {
        row["work_plan__group_id"]: row
        for row in WorkPlanItem.objects.filter(work_plan__fiscal_year=year)
        .order_by()
        .values("work_plan__group_id")
        .annotate(
            items=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=today) & ~Q(status=ItemStatus.DONE)),
        )
    }
    result = {}
    for group in groups:
        pk = group["pk"]
        own = by_group.get(pk, [])
        recorded = pk in scope_j
        last = max(
            [d for d in [group["last_event"], *(c["last_meeting"] for c in own)] if d is not None],
            default=None,
        )
        plan = plans.get(pk, {})
        facts = GroupFacts(
            committees=tuple(_as_committee_facts(c) for c in own),
            scope_jurisdictions=frozenset(scope_j.get(pk, set()) if recorded else all_j),
            scope_centre_types=frozenset(scope_t.get(pk, set()) if recorded else all_t),
            has_steering=bool(group["has_steering"]),
            steering_jurisdictions=frozenset(steering_j.get(pk, set())),
            steering_centre_types=frozenset(steering_t.get(pk, set())),
            plan_items=plan.get("items", 0),
            plan_overdue=plan.get("overdue", 0),
            last_activity=last,
            stage_dormant=group["stage"] == Stage.DORMANT,
        )
        result[pk] = compute_group_health(facts, today=today)
    return result


def with_health_score(groups: QuerySet[WorkingGroup], health: dict[int, Health]) -> QuerySet[WorkingGroup]:
    """`health_score` as an annotation, so the list sorts and pages by it in the database: one CASE
    branch per score value (at most 101), whatever the number of groups."""
    by_score: dict[int, list[int]] = {}
    for pk, h in health.items():
        by_score.setdefault(h.score, []).append(pk)
    whens = [When(pk__in=pks, then=Value(score)) for score, pks in sorted(by_score.items())]
    return groups.annotate(
        health_score=Case(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0)
    )


def health_report(*, today: datetime.date | None = None) -> dict:
    """Every group's and committee's health as plain data, for the command and scripts."""
    today = today or timezone.localdate()
    groups = group_health_map(today=today)
    committees = committee_health_map(today=today)
    slugs = dict(WorkingGroup.objects.values_list("pk", "slug"))
    names = Committee.objects.select_related("group", "umbrella").order_by("pk")
    return {
        "date": today.isoformat(),
        "groups": [
            {"slug": slugs[pk], **h.as_dict()} for pk, h in sorted(groups.items(), key=lambda i: slugs[i[0]])
        ],
        "committees": [
            {
                "id": c.pk,
                "name": c.name_en,
                "kind": c.kind,
                "owner": c.group.slug if c.group_id else c.umbrella.acronym,
                **committees[c.pk].as_dict(),
            }
            for c in names
        ],
    }
