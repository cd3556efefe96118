"""The PD allocations report: every provider's allocation and balance for a year, and its requests."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Provider
from portal.exports import DATETIME, INTEGER, MONEY, TEXT, Column, Sheet
from portal.fiscal import default_fiscal_year, fiscal_year_label
from portal.reports import Report, register

from . import selectors
from .forms import OverviewFilterForm
from .models import Category
from .services import balances_for

BATCH = 500  # providers per allocation batch: a fixed number of queries per batch, flat memory


def _year(filters: dict) -> int:
    return filters.get("year") or default_fiscal_year(selectors.policy_years())


def build_allocations(*, user, filters) -> list[Sheet]:
    year = _year(filters)
    label = fiscal_year_label(year)

    def rows():
        providers = selectors.provider_list(user=user, filters=filters)
        ids = list(providers.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            balances = balances_for(year, providers=Provider.objects.filter(pk__in=batch))
            for provider in providers.filter(pk__in=batch):
                b = balances[provider.pk]
                lines = {line.category: line for line in b.lines}
                yield (
                    provider.name,
                    provider.jurisdiction.name,
                    provider.umbrella.acronym if provider.umbrella_id else "",
                    label,
                    *(lines[c].allocated for c in Category.values),
                    b.allocation.total,
                    sum((line.approved for line in b.lines), Decimal("0")),
                    sum((line.pending for line in b.lines), Decimal("0")),
                    *(lines[c].remaining for c in Category.values),
                    b.remaining,
                )

    columns = [
        Column(_("Provider"), TEXT, 40),
        Column(_("Jurisdiction"), TEXT, 24),
        Column(_("Umbrella organisation"), TEXT, 14),
        Column(_("Fiscal year"), TEXT, 10),
        Column(_("Conferences"), MONEY, 14),
        Column(_("Language training"), MONEY, 14),
        Column(_("Settlement training"), MONEY, 14),
        Column(_("Total allocation"), MONEY, 14),
        Column(_("Approved"), MONEY, 14),
        Column(_("Waiting for approval"), MONEY, 14),
        Column(_("Remaining, conferences"), MONEY, 14),
        Column(_("Remaining, language training"), MONEY, 14),
        Column(_("Remaining, settlement training"), MONEY, 14),
        Column(_("Remaining, total"), MONEY, 14),
    ]

    def request_rows():
        providers = selectors.provider_list(user=user, filters=filters).values("pk")
        requests = (
            selectors.pd_request_list(user=user, filters={"fiscal_year": year})
            .filter(provider__in=providers)
            .order_by("provider__name", "requested_at", "pk")
        )
        for r in requests.iterator(chunk_size=500):
            yield (
                r.pk,
                r.provider.name,
                r.fiscal_year_label,
                r.get_category_display(),
                r.conference_label,
                r.amount,
                r.get_status_display(),
                r.requested_at,
                r.decided_at,
                r.reason,
            )

    request_columns = [
        Column(_("Request"), INTEGER, 10),
        Column(_("Provider"), TEXT, 40),
        Column(_("Fiscal year"), TEXT, 10),
        Column(_("Category"), TEXT, 20),
        Column(_("Conference"), TEXT, 30),
        Column(_("Amount"), MONEY, 14),
        Column(_("Status"), TEXT, 20),
        Column(_("Requested on"), DATETIME, 18),
        Column(_("Decided on"), DATETIME, 18),
        Column(_("Reason"), TEXT, 40),
    ]
    return [
        Sheet(_("PD allocations"), columns, rows()),
        Sheet(_("PD requests"), request_columns, request_rows()),
    ]


def count_allocations(*, user, filters) -> int:
    return selectors.provider_list(user=user, filters=filters).count()


register(
    Report(
        key="pd-allocations",
        title=gettext_lazy("PD allocations and balances"),
        description=gettext_lazy(
            "Each provider's base PD allocation for the fiscal year by category, what approved and waiting"
            " requests hold, the remaining balance, and the year's PD requests."
        ),
        permission="pd_budget.view_overview",
        build=build_allocations,
        count=count_allocations,
        filter_form=OverviewFilterForm,
    )
)
