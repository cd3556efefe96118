"""The PD budget app's list filters (portal.filters): the query behind each filter field."""

import django_filters

from portal.filters import PortalFilterSet

from .models import Site


class ProviderFilterSet(PortalFilterSet):
    """The allocations overview and its export (the year is not a filter: it picks the balances)."""

    jurisdiction = django_filters.Filter(field_name="jurisdiction")
    umbrella = django_filters.Filter(field_name="umbrella")
    centre_type = django_filters.Filter(method="with_centre_type")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    def with_centre_type(self, queryset, name, centre_type):
        # A provider with several such sites is listed once.
        return queryset.filter(pk__in=Site.objects.filter(centre_type=centre_type).values("provider_id"))


class PDRequestFilterSet(PortalFilterSet):
    """The PD request list."""

    status = django_filters.Filter(field_name="status")
    category = django_filters.Filter(field_name="category")
    fiscal_year = django_filters.Filter(field_name="fiscal_year")
    provider = django_filters.Filter(field_name="provider")
