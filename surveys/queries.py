"""The submitted templates' provider rows (funding, FTEs, centre type), read by the aggregation
(services.aggregation) and the plausibility check at submission (selectors): outside `services` so
the selectors read them without importing the services that import the selectors."""

from decimal import Decimal

from django.db.models import CharField, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from pd_budget.models import Site, SiteFTE

from .models import PDTemplate, SurveyCycle, TemplateStatus


def _fte_total():
    return Sum(
        F("language_fte") + F("settlement_fte"), output_field=DecimalField(max_digits=12, decimal_places=2)
    )


def _provider_fte(provider_ref: str, year: int) -> Subquery:
    """A provider's FTEs in both streams at all its sites for the year (NULL: no FTE row)."""
    rows = (
        SiteFTE.objects.filter(fiscal_year=year, site__provider_id=OuterRef(provider_ref))
        .values("site__provider_id")
        .annotate(total=_fte_total())
        .values("total")
    )
    return Subquery(rows[:1], output_field=DecimalField(max_digits=12, decimal_places=2))


def _provider_centre_type(provider_ref: str, year: int):
    """The centre type of most of a provider's FTEs that year; ties go to North, then small centre
    (the types the policy supports more). Without FTEs: its head office's (else first site's) type."""
    by_type = (
        SiteFTE.objects.filter(fiscal_year=year, site__provider_id=OuterRef(provider_ref))
        .values("site__centre_type")
        .annotate(total=_fte_total())
        .filter(total__gt=0)
        .order_by("-total", "site__centre_type")
        .values("site__centre_type")
    )
    head_office = (
        Site.objects.filter(provider_id=OuterRef(provider_ref))
        .order_by("-is_head_office", "pk")
        .values("centre_type")
    )
    return Coalesce(
        Subquery(by_type[:1], output_field=CharField()),
        Subquery(head_office[:1], output_field=CharField()),
        Value(""),
    )


def _submitted(cycle: SurveyCycle):
    return PDTemplate.objects.filter(cycle=cycle, status=TemplateStatus.SUBMITTED)


def provider_rows(cycle: SurveyCycle) -> list[dict]:
    """One row per submitted template: funding, FTEs, centre type, in one query sorted by per FTE."""
    year = cycle.fiscal_year
    per_fte = F("current_pd_funding") / NullIf(F("fte"), Value(Decimal(0)))
    return list(
        _submitted(cycle)
        .annotate(
            fte=_provider_fte("provider_id", year),
            centre_type=_provider_centre_type("provider_id", year),
            per_fte_order=per_fte,
        )
        .order_by(F("per_fte_order").asc(nulls_last=True), "provider__name")
        .values(
            "pk",
            "provider_id",
            "provider__name",
            "provider__jurisdiction_id",
            "current_pd_funding",
            "fte",
            "centre_type",
            "can_identify_needs",
            "can_cost_needs",
        )
    )
