"""Reads of working groups, scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from .models import CommitteeMember, WorkingGroup
from .permissions import current_seats_q


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


def group_get(*, user, slug: str) -> WorkingGroup:
    return (
        WorkingGroup.objects.select_related("category", "parent", "lead")
        .prefetch_related("subgroups", "jurisdictions", "depends_on", "dependants")
        .get(slug=slug)
    )


def dashboard_cards(user) -> list[dict]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not user.is_ircc_staff:
        return []
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
