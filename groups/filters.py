"""The groups app's list filters (portal.filters): the query behind each field of `GroupFilterForm`."""

import django_filters
from django.db.models import Q

from portal.filters import PortalFilterSet


class GroupFilterSet(PortalFilterSet):
    """The working-group list and its roster export."""

    q = django_filters.CharFilter(method="search")
    category = django_filters.Filter(field_name="category")
    stage = django_filters.Filter(field_name="stage")
    # A group covers several jurisdictions: one row per group, however many match.
    jurisdiction = django_filters.Filter(field_name="jurisdictions", distinct=True)
    lead = django_filters.Filter(field_name="lead")

    def search(self, queryset, name, term):
        return queryset.filter(
            Q(name_en__icontains=term)
            | Q(name_fr__icontains=term)
            | Q(mandate_en__icontains=term)
            | Q(mandate_fr__icontains=term)
            | Q(slug__icontains=term)
        )
