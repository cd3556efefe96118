"""Reads of working groups, scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from .models import WorkingGroup


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
