"""The learning events app's list filters (portal.filters): the query behind each filter field."""

import datetime

import django_filters
from django.db.models import Q

from portal.filters import PortalFilterSet

from .permissions import report_files_visible_to


class EventFilterSet(PortalFilterSet):
    """The calendar and its export. A year keeps every event whose range overlaps it ("fall 2018")."""

    q = django_filters.CharFilter(method="search")
    group = django_filters.Filter(method="in_group")
    jurisdiction = django_filters.Filter(field_name="jurisdiction")
    status = django_filters.Filter(field_name="status")
    format = django_filters.Filter(field_name="format")
    year = django_filters.Filter(method="in_year")

    def in_group(self, queryset, name, group):
        # A group's events include its sub-groups'.
        return queryset.filter(Q(group=group) | Q(group__parent=group))

    def in_year(self, queryset, name, year):
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return queryset.filter(starts_on__lte=last, ends_on__gte=first)

    def search(self, queryset, name, term):
        return queryset.filter(
            Q(title_en__icontains=term)
            | Q(title_fr__icontains=term)
            | Q(city__icontains=term)
            | Q(group__name_en__icontains=term)
            | Q(group__name_fr__icontains=term)
        )


class EvaluationFilterSet(PortalFilterSet):
    """The report library and its export. The search reads only the files the user may open."""

    q = django_filters.CharFilter(method="search")
    status = django_filters.Filter(field_name="status")
    group = django_filters.Filter(field_name="group")

    def search(self, queryset, name, term):
        visible = report_files_visible_to(self.user)
        return queryset.filter(
            Q(subject_en__icontains=term)
            | Q(subject_fr__icontains=term)
            | Q(evaluator_organisation_en__icontains=term)
            | Q(evaluator_organisation_fr__icontains=term)
            | Q(city__icontains=term)
            | Q(summary_en__icontains=term)
            | Q(summary_fr__icontains=term)
            | Q(group__name_en__icontains=term)
            | Q(group__name_fr__icontains=term)
            # Only files the user may open are searched: a hidden draft's title must not be
            # recoverable by trying fragments of it (in pages and exports alike).
            | Q(
                pk__in=visible.filter(Q(title_en__icontains=term) | Q(title_fr__icontains=term)).values(
                    "evaluation_id"
                )
            )
        )
