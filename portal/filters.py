"""The one way a list is filtered: a django-filter FilterSet per list, in each app's `filters.py`.

The app's filter form (`forms.py`: labels, crispy layout, FastSelect widgets, translations) reads
and cleans the query string; the FilterSet holds the query behind each of its fields and filters the
user-scoped queryset of the list's selector. Pages and exports go through the same selector and so
the same FilterSet: an export (a queued one too, in a worker, from the filters it stored) holds
exactly the rows its page lists.
"""

import django_filters
from django.db.models import QuerySet


class PortalFilterSet(django_filters.FilterSet):
    """Filters named like the fields of the list's filter form, applied to its cleaned values.

    A form field without a filter of its name is a value the page reads itself (the overview's year);
    a filter with `method=` may read `self.user` (whose rows a search may look into).
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)

    @classmethod
    def apply(cls, queryset: QuerySet, cleaned: dict | None, *, user=None) -> QuerySet:
        """`queryset` filtered by values the filter form has already cleaned."""
        filterset = cls(queryset=queryset, user=user)
        for name, value in (cleaned or {}).items():
            if name in filterset.filters:
                queryset = filterset.filters[name].filter(queryset, value)
        return queryset
