"""The accounts list's filters (portal.filters)."""

import django_filters
from django.db.models import Q

from portal.filters import PortalFilterSet


class UserFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(method="search")
    role = django_filters.Filter(field_name="role")
    provider = django_filters.Filter(field_name="provider")
    active = django_filters.Filter(method="with_active")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(email__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )

    def with_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")
