"""Who may see or change this app's objects: predicates registered with portal.permissions.

IRCC staff run every group. Provider staff read the groups, see the committees they sit on (in
person or through their organisation) and may run only what they lead: a committee they chair or
co-chair (its members and meetings). Everything else answers 403, or 404 where a queryset hides it.
"""

import datetime

import rules
from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.permissions import is_ircc_staff, is_signed_in

from .models import LEADING_ROLES, Committee, CommitteeMember, Meeting, WorkingGroup, WorkPlan


def current_seats_q(user, *, prefix: str = "", on: datetime.date | None = None) -> Q:
    """Seats held now by the user, directly or through the user's provider organisation."""
    on = on or timezone.localdate()
    who = Q(**{f"{prefix}user": user})
    if getattr(user, "provider_id", None):
        who |= Q(**{f"{prefix}provider_id": user.provider_id})
    when = (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )
    return who & when


def committees_visible_to(user) -> QuerySet[Committee]:
    """IRCC staff see every committee; others see the committees they sit on."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Committee.objects.none()
    if user.is_ircc_staff:
        return Committee.objects.all()
    seats = CommitteeMember.objects.filter(current_seats_q(user)).values("committee_id")
    return Committee.objects.filter(pk__in=seats)


def work_plans_visible_to(user) -> QuerySet[WorkPlan]:
    """As groups.view_workplan: IRCC staff every plan; others the plans of groups on whose committees
    they (or their organisation) sit now."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return WorkPlan.objects.none()
    if user.is_ircc_staff:
        return WorkPlan.objects.all()
    return WorkPlan.objects.filter(group__in=committees_visible_to(user).values("group"))


def committees_led_by(user) -> QuerySet[Committee]:
    """Committees the user chairs or co-chairs now, in person (an organisation's seat is not enough)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Committee.objects.none()
    seats = CommitteeMember.objects.filter(current_seats_q(user), user=user, role__in=LEADING_ROLES)
    return Committee.objects.filter(pk__in=seats.values("committee_id"))


@rules.predicate
def sits_on_committee(user, committee) -> bool:
    if committee is None:
        return False
    return committees_visible_to(user).filter(pk=committee.pk).exists()


@rules.predicate
def leads_committee(user, committee) -> bool:
    if committee is None:
        return False
    return committees_led_by(user).filter(pk=committee.pk).exists()


@rules.predicate
def sits_on_meeting_committee(user, meeting: Meeting) -> bool:
    return meeting is not None and sits_on_committee(user, meeting.committee)


@rules.predicate
def leads_meeting_committee(user, meeting: Meeting) -> bool:
    return isinstance(meeting, Meeting) and leads_committee(user, meeting.committee)


@rules.predicate
def sits_on_a_group_committee(user, obj) -> bool:
    """The user sits on one of the committees of the group (or of the work plan's group)."""
    group = obj.group if isinstance(obj, WorkPlan) else obj
    if not isinstance(group, WorkingGroup):
        return False
    return committees_visible_to(user).filter(group=group).exists()


can_edit_committee_roster = is_ircc_staff | leads_committee


def providers_a_chair_may_seat(user, committee) -> set[int]:
    """The providers whose seats a chair from a provider manages on `committee`: the chair's own
    and those already holding a current seat. Seating a new organisation (which opens the
    committee's minutes to all its staff) is IRCC staff's decision; so are IRCC and other seats."""
    if committee is None or committee.pk is None or not leads_committee(user, committee):
        return set()
    today = timezone.localdate()
    current = CommitteeMember.objects.filter(committee=committee, provider__isnull=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    providers = set(current.values_list("provider_id", flat=True))
    if getattr(user, "provider_id", None):
        providers.add(user.provider_id)
    return providers


def _held_by_ircc(member: CommitteeMember) -> bool:
    account = member.user if member.user_id else None
    return bool(account is not None and account.is_ircc_staff)


@rules.predicate
def chair_may_manage_seat(user, member) -> bool:
    """A provider seat (a provider named, no IRCC account) of a provider the chair may seat."""
    if not isinstance(member, CommitteeMember) or not member.provider_id or _held_by_ircc(member):
        return False
    return member.provider_id in providers_a_chair_may_seat(user, member.committee)


def seats_managed_by(user, committee) -> set[int]:
    """The ids of the committee's seats the user may edit (for the roster's Edit links)."""
    members = CommitteeMember.objects.filter(committee=committee)
    if getattr(user, "is_ircc_staff", False):
        return set(members.values_list("pk", flat=True))
    providers = providers_a_chair_may_seat(user, committee)
    if not providers:
        return set()
    provider_seats = members.filter(provider_id__in=providers).exclude(
        Q(user__role__in=("staff", "admin")) | Q(user__is_superuser=True)
    )
    return set(provider_seats.values_list("pk", flat=True))


rules.add_perm("groups.view_group", is_signed_in)
rules.add_perm("groups.add_group", is_ircc_staff)
rules.add_perm("groups.change_group", is_ircc_staff)
rules.add_perm("groups.view_membership_history", is_ircc_staff)

rules.add_perm("groups.view_committee", is_ircc_staff | sits_on_committee)
rules.add_perm("groups.add_committee", is_ircc_staff)
rules.add_perm("groups.change_committee", is_ircc_staff)
# A chair or co-chair runs the committee's roster and meetings; IRCC staff run all of them.
rules.add_perm("groups.add_committeemember", can_edit_committee_roster)
rules.add_perm("groups.change_committeemember", can_edit_committee_roster)
# One seat (obj: the CommitteeMember, as stored and as submitted): IRCC staff any; a chair from a
# provider only provider seats of the providers it may seat (never the IRCC lead's).
rules.add_perm("groups.manage_seat", is_ircc_staff | chair_may_manage_seat)
rules.add_perm("groups.add_meeting", can_edit_committee_roster)
rules.add_perm("groups.change_meeting", can_edit_committee_roster)
rules.add_perm("groups.view_meeting_minutes", is_ircc_staff | sits_on_meeting_committee)

rules.add_perm("groups.view_workplan", is_ircc_staff | sits_on_a_group_committee)
rules.add_perm("groups.add_workplan", is_ircc_staff)
rules.add_perm("groups.change_workplan", is_ircc_staff)

rules.add_perm("groups.add_community", is_ircc_staff)
rules.add_perm("groups.change_community", is_ircc_staff)

# Deleting (undoable, portal.undo): whoever may edit the record. Objects: the record itself.
rules.add_perm("groups.delete_meeting", is_ircc_staff | leads_meeting_committee)
rules.add_perm("groups.delete_committeemember", is_ircc_staff | chair_may_manage_seat)
rules.add_perm("groups.delete_workplanitem", is_ircc_staff)
rules.add_perm("groups.delete_community", is_ircc_staff)
