"""Reads for the PD budget: the policy, FTEs and bookings gathered in a fixed number of queries."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from organisations.models import Provider
from portal.fiscal import fiscal_year_label
from portal.history import history_rows

from .filters import PDRequestFilterSet, ProviderFilterSet
from .models import BOOKED_STATUSES, PDRequest, PolicyYear, RequestStatus, Site, SiteFTE
from .permissions import pd_requests_visible_to, providers_visible_to

ZERO = Decimal("0")


def policy_get(*, fiscal_year: int) -> PolicyYear:
    """The policy year, or a ValidationError that names the year: no policy, no allocation."""
    try:
        return PolicyYear.objects.get(fiscal_year=fiscal_year)
    except PolicyYear.DoesNotExist:
        raise ValidationError(
            _("There is no PD policy for %(year)s, so no allocation can be computed for that year.")
            % {"year": fiscal_year_label(fiscal_year)},
            code="no_policy",
        ) from None


def policy_years() -> list[int]:
    return list(PolicyYear.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True))


def fte_by_centre_type(
    *, providers: QuerySet[Provider], fiscal_year: int
) -> dict[int, dict[str, tuple[Decimal, Decimal]]]:
    """{provider id: {centre type: (language FTEs, settlement FTEs)}} in one GROUP BY."""
    rows = (
        SiteFTE.objects.filter(fiscal_year=fiscal_year, site__provider__in=providers.values("pk"))
        .values("site__provider_id", "site__centre_type")
        .annotate(language=Sum("language_fte"), settlement=Sum("settlement_fte"))
        .order_by()
    )
    result: dict[int, dict[str, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for row in rows:
        result[row["site__provider_id"]][row["site__centre_type"]] = (
            row["language"] or ZERO,
            row["settlement"] or ZERO,
        )
    return result


def head_office_types(*, providers: QuerySet[Provider]) -> dict[int, str]:
    """Each provider's head-office centre type; without a marked head office, its first site's."""
    rows = (
        Site.objects.filter(provider__in=providers.values("pk"))
        .order_by("provider_id", "-is_head_office", "pk")
        .values_list("provider_id", "centre_type")
    )
    result: dict[int, str] = {}
    for provider_id, centre_type in rows:
        result.setdefault(provider_id, centre_type)
    return result


def booked_by_category(*, providers: QuerySet[Provider], fiscal_year: int) -> dict[int, dict[str, dict]]:
    """{provider id: {category: {"approved": Decimal, "pending": Decimal}}} in one GROUP BY."""
    rows = (
        PDRequest.objects.filter(
            provider__in=providers.values("pk"), fiscal_year=fiscal_year, status__in=BOOKED_STATUSES
        )
        .values("provider_id", "category")
        .annotate(
            approved=Sum("amount", filter=Q(status=RequestStatus.APPROVED)),
            pending=Sum("amount", filter=Q(status=RequestStatus.PENDING)),
        )
        .order_by()
    )
    result: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        result[row["provider_id"]][row["category"]] = {
            "approved": row["approved"] or ZERO,
            "pending": row["pending"] or ZERO,
        }
    return result


def provider_list(*, user, filters: dict | None = None) -> QuerySet[Provider]:
    """Providers the user may see, filtered by jurisdiction, umbrella and centre type of a site."""
    qs = providers_visible_to(user).select_related("jurisdiction", "umbrella").order_by("name", "pk")
    return ProviderFilterSet.apply(qs, filters, user=user)


def pd_request_list(*, user, filters: dict | None = None) -> QuerySet[PDRequest]:
    qs = pd_requests_visible_to(user).select_related(
        "provider", "designated_conference", "requested_by", "decided_by"
    )
    return PDRequestFilterSet.apply(qs, filters, user=user)


def approval_queue(*, user) -> QuerySet[PDRequest]:
    """Requests waiting for staff, oldest first: conferences decided case by case and training
    requests above PD_TRAINING_AUTO_APPROVE_MAX."""
    return (
        pd_request_list(user=user, filters={"status": RequestStatus.PENDING})
        .select_related("provider__jurisdiction")
        .order_by("requested_at", "pk")
    )


def policy_history(*, limit: int = 200) -> list[dict]:
    """Every change to the policy rates and the designated conferences: who, when, old -> new."""
    from .models import DesignatedConference

    entries = [
        *history_rows(PolicyYear.history.all(), label=lambda record: str(record.instance), limit=limit),
        *history_rows(
            DesignatedConference.history.all(), label=lambda record: str(record.instance), limit=limit
        ),
    ]
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def site_ftes(*, provider: Provider, fiscal_year: int) -> dict[int, SiteFTE]:
    """{site id: its FTE row} for one provider and fiscal year."""
    return {f.site_id: f for f in SiteFTE.objects.filter(site__provider=provider, fiscal_year=fiscal_year)}


def pending_fte_declarations():
    """FTE declarations waiting for IRCC staff, with what their review page shows of each."""
    from .models import DeclarationStatus, FTEDeclaration

    return (
        FTEDeclaration.objects.filter(status=DeclarationStatus.PENDING)
        .select_related("provider", "declared_by")
        .prefetch_related("lines__site__ftes")
        .order_by("declared_at", "pk")
    )


def import_history():
    """Imported workbooks, newest first, with who uploaded and confirmed them (administrators only)."""
    from .models import ImportRun, ImportStatus

    return ImportRun.objects.filter(status=ImportStatus.APPLIED).select_related("uploaded_by", "applied_by")


def latest_survey_providers() -> tuple[int | None, list[dict]]:
    """The latest aggregated PD survey's year and its provider rows (funding, FTEs, centre type), as
    the aggregation stored them: one query. (None, []) before any survey was aggregated."""
    from surveys.models import AggregationResult

    row = (
        AggregationResult.objects.order_by("-cycle__fiscal_year")
        .values_list("cycle__fiscal_year", "data__providers")  # only that key leaves the database
        .first()
    )
    if row is None:
        return None, []
    return row[0], list(row[1] or [])


def scenario_list():
    from .models import Scenario

    return Scenario.objects.select_related("base_policy", "created_by", "adopted_by")
