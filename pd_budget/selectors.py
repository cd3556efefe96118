"""Reads for the PD budget: the policy, FTEs and bookings gathered in a fixed number of queries."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from portal.fiscal import fiscal_year_label

from .models import BOOKED_STATUSES, PDRequest, PolicyYear, Provider, RequestStatus, Site, SiteFTE
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


PROVIDER_SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "jurisdiction": ("jurisdiction__order", "name"),
}


def provider_list(*, user, filters: dict | None = None) -> QuerySet[Provider]:
    """Providers the user may see, filtered by jurisdiction, umbrella and centre type of a site."""
    filters = filters or {}
    order = PROVIDER_SORTS.get(filters.get("sort") or "name", PROVIDER_SORTS["name"])
    qs = providers_visible_to(user).select_related("jurisdiction", "umbrella").order_by(*order)
    if filters.get("jurisdiction"):
        qs = qs.filter(jurisdiction=filters["jurisdiction"])
    if filters.get("umbrella"):
        qs = qs.filter(umbrella=filters["umbrella"])
    if filters.get("centre_type"):
        qs = qs.filter(pk__in=Site.objects.filter(centre_type=filters["centre_type"]).values("provider_id"))
    if filters.get("q"):
        qs = qs.filter(name__icontains=filters["q"])
    return qs


def pd_request_list(*, user, filters: dict | None = None) -> QuerySet[PDRequest]:
    filters = filters or {}
    qs = pd_requests_visible_to(user).select_related(
        "provider", "designated_conference", "requested_by", "decided_by"
    )
    for key in ("status", "category", "fiscal_year", "provider"):
        if filters.get(key) not in (None, ""):
            qs = qs.filter(**{key: filters[key]})
    return qs


def approval_queue(*, user) -> QuerySet[PDRequest]:
    """Requests waiting for staff, oldest first: conferences decided case by case and training
    requests above PD_TRAINING_AUTO_APPROVE_MAX."""
    return (
        pd_request_list(user=user, filters={"status": RequestStatus.PENDING})
        .select_related("provider__jurisdiction")
        .order_by("requested_at", "pk")
    )


def dashboard_cards(user) -> list[dict]:
    from django.urls import reverse

    from portal.fiscal import fiscal_year_of

    from .money import format_money
    from .services.allocation import provider_balances

    if getattr(user, "is_ircc_staff", False):
        from .models import DeclarationStatus, FTEDeclaration

        waiting = PDRequest.objects.aggregate(n=Count("pk", filter=Q(status=RequestStatus.PENDING)))["n"]
        declared = FTEDeclaration.objects.filter(status=DeclarationStatus.PENDING).count()
        return [
            {
                "title": _("PD requests waiting for approval"),
                "figure": waiting,
                "text": _("conferences decided case by case, and large training requests"),
                "url": reverse("pd_budget:approval-queue"),
                "link_label": _("Open the approval queue"),
                "level": "warning" if waiting else "",
            },
            {
                "title": _("FTE declarations waiting for a decision"),
                "figure": declared,
                "text": _("the allocation uses accepted FTEs only"),
                "url": reverse("pd_budget:ftedeclaration-list"),
                "link_label": _("Decide the FTE declarations"),
                "level": "warning" if declared else "",
            },
            {
                "title": _("PD allocations"),
                "text": _("Every provider's allocation and balance"),
                "url": reverse("pd_budget:overview"),
                "link_label": _("See the overview"),
            },
        ]
    if getattr(user, "is_provider_staff", False):
        import datetime

        years = policy_years()
        current = fiscal_year_of(datetime.date.today())
        year = current if current in years else (years[0] if years else None)
        if year is None:
            return []
        balances = provider_balances(user.provider, fiscal_year=year)
        return [
            {
                "title": _("PD balance for %(year)s") % {"year": fiscal_year_label(year)},
                "items": [
                    {
                        "label": _("%(category)s: %(amount)s")
                        % {"category": b.label, "amount": format_money(b.remaining)},
                        "url": "",
                    }
                    for b in balances.lines
                ],
                "url": reverse("pd_budget:allocation", args=[user.provider_id]) + f"?year={year}",
                "link_label": _("See your allocation and requests"),
            }
        ]
    return []


def default_fiscal_year() -> int:
    """The current fiscal year when it has a policy, else the latest year that has one."""
    import datetime

    from portal.fiscal import fiscal_year_of

    current = fiscal_year_of(datetime.date.today())
    years = policy_years()
    if current in years or not years:
        return current
    earlier = [year for year in years if year <= current]
    return earlier[0] if earlier else years[-1]


def policy_history(*, limit: int = 200) -> list[dict]:
    """Every change to the policy rates and the designated conferences: who, when, old -> new."""
    from .models import DesignatedConference

    entries: list[dict] = []
    for model in (PolicyYear, DesignatedConference):
        records = list(
            model.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        )
        for record in records:
            previous = record.prev_record
            changes = []
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous)
                changes = [
                    {"field": model._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                    for c in delta.changes
                ]
            entries.append(
                {
                    "object": str(record.instance),
                    "kind": model._meta.verbose_name,
                    "type": record.get_history_type_display(),
                    "date": record.history_date,
                    "user": record.history_user,
                    "changes": changes,
                }
            )
    entries.sort(key=lambda e: e["date"], reverse=True)
    return entries[:limit]


def site_ftes(*, provider: Provider, fiscal_year: int) -> dict[int, SiteFTE]:
    """{site id: its FTE row} for one provider and fiscal year."""
    return {f.site_id: f for f in SiteFTE.objects.filter(site__provider=provider, fiscal_year=fiscal_year)}


def import_history():
    """Imported workbooks, newest first, with who uploaded and confirmed them (administrators only)."""
    from .models import ImportRun, ImportStatus

    return ImportRun.objects.filter(status=ImportStatus.APPLIED).select_related("uploaded_by", "applied_by")
