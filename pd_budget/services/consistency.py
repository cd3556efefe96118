"""Reads for the cross-jurisdiction consistency page: each provider's agreements of a stream and
year, its FTEs and its base PD allocation, gathered in a fixed number of queries, then compared by
the robust rule of `pd_budget.consistency`."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum

from organisations.models import Jurisdiction, Provider
from portal import datacache

from .. import selectors
from ..allocation_rule import Rates, allocate
from ..consistency import Comparison, Unit, compare
from ..models import Agreement
from ..scenario_rule import ProviderInput
from .allocation import ALLOCATION_TOPIC

ZERO = Decimal(0)


def agreement_years() -> list[int]:
    return list(Agreement.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def consistency(fiscal_year: int, *, stream: str) -> Comparison:
    """Every provider with agreements of `stream` in `fiscal_year`, compared: six queries
    (agreements, policy, providers, FTEs, head offices, jurisdictions), or none while none of
    those changed (portal.datacache: 190 ms at scale 10)."""
    return datacache.cached(
        [ALLOCATION_TOPIC], ["consistency", fiscal_year, stream], lambda: _consistency(fiscal_year, stream)
    )


def _consistency(fiscal_year: int, stream: str) -> Comparison:
    totals = {
        row["provider_id"]: row
        for row in Agreement.objects.filter(fiscal_year=fiscal_year, stream=stream)
        .values("provider_id")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by()
    }
    # A subquery, not a list of ids: thousands of providers at scale.
    providers = Provider.objects.filter(
        pk__in=Agreement.objects.filter(fiscal_year=fiscal_year, stream=stream).values("provider_id")
    )
    ftes = selectors.fte_by_centre_type(providers=providers, fiscal_year=fiscal_year)
    heads = selectors.head_office_types(providers=providers)
    try:
        rates = Rates.from_policy(selectors.policy_get(fiscal_year=fiscal_year))
    except ValidationError:  # no policy that year: no PD allocation to compare
        rates = None
    units = []
    for pk, name, jurisdiction in providers.order_by("name", "pk").values_list(
        "pk", "name", "jurisdiction_id"
    ):
        streams = ftes.get(pk, {})
        language = sum((lang for lang, _s in streams.values()), ZERO)
        settlement = sum((settl for _l, settl in streams.values()), ZERO)
        allocation = allocate(rates, ftes=streams, head_office_type=heads.get(pk)) if rates else None
        units.append(
            Unit(
                provider_id=pk,
                provider=name,
                jurisdiction=jurisdiction,
                centre_type=ProviderInput(pk, name, jurisdiction, streams, heads.get(pk)).centre_type,
                stream=stream,
                amount=totals[pk]["total"],
                agreements=totals[pk]["count"],
                stream_fte=language if stream == "language" else settlement,
                allocation=allocation.total if allocation else None,
                total_fte=language + settlement,
            )
        )
    return compare(
        units, stream=stream, jurisdiction_order=Jurisdiction.objects.values_list("code", flat=True)
    )


def agreements_of(*, fiscal_year: int, stream: str, provider_ids) -> dict[int, list[Agreement]]:
    """The drill-down: the agreements behind the units shown, by provider (one query)."""
    result: dict[int, list[Agreement]] = {}
    rows = Agreement.objects.filter(
        fiscal_year=fiscal_year, stream=stream, provider_id__in=list(provider_ids)
    )
    for agreement in rows.order_by("number"):
        result.setdefault(agreement.provider_id, []).append(agreement)
    return result
