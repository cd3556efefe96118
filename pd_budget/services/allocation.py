"""Allocations and balances: `compute_allocation` and `compute_allocations` read the policy rates and
the providers' FTEs through the selectors (a fixed number of queries however many providers) and
apply the allocation rule, which lives, pure, in `pd_budget/allocation_rule.py`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from organisations.models import Provider
from portal import datacache

from .. import selectors
from ..allocation_rule import ZERO, Allocation, Rates, allocate
from ..models import Category


def compute_allocations(
    fiscal_year: int, *, providers: QuerySet[Provider] | None = None
) -> dict[int, Allocation]:
    """Every provider's allocation (or those of `providers`) in four queries, keyed by provider id.

    Raises ValidationError when the fiscal year has no policy.
    """
    rates = Rates.from_policy(selectors.policy_get(fiscal_year=fiscal_year))
    providers = Provider.objects.all() if providers is None else providers
    ftes = selectors.fte_by_centre_type(providers=providers, fiscal_year=fiscal_year)
    head_offices = selectors.head_office_types(providers=providers)
    ids = providers.values_list("pk", flat=True).order_by()
    return {pk: allocate(rates, ftes=ftes.get(pk, {}), head_office_type=head_offices.get(pk)) for pk in ids}


def compute_allocation(provider: Provider, fiscal_year: int) -> Allocation:
    """One provider's base PD allocation for the fiscal year (ValidationError if no policy)."""
    return compute_allocations(fiscal_year, providers=Provider.objects.filter(pk=provider.pk))[provider.pk]


@dataclass(frozen=True)
class BalanceLine:
    category: str
    allocated: Decimal
    approved: Decimal
    pending: Decimal

    @property
    def label(self) -> str:
        return str(Category(self.category).label)

    @property
    def booked(self) -> Decimal:
        return self.approved + self.pending

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.booked


@dataclass(frozen=True)
class Balances:
    """An allocation beside what approved and waiting requests already hold, per category."""

    fiscal_year: int
    allocation: Allocation
    lines: list[BalanceLine] = field(default_factory=list)

    def line(self, category: str) -> BalanceLine:
        return next(line for line in self.lines if line.category == category)

    @property
    def remaining(self) -> Decimal:
        return sum((line.remaining for line in self.lines), ZERO)

    @property
    def booked(self) -> Decimal:
        return sum((line.booked for line in self.lines), ZERO)


def _balances(fiscal_year: int, allocation: Allocation, booked: Mapping[str, Mapping]) -> Balances:
    lines = [
        BalanceLine(
            category=category,
            allocated=allocation.for_category(category),
            approved=booked.get(category, {}).get("approved", ZERO),
            pending=booked.get(category, {}).get("pending", ZERO),
        )
        for category in Category.values
    ]
    return Balances(fiscal_year=fiscal_year, allocation=allocation, lines=lines)


def balances_for(fiscal_year: int, *, providers: QuerySet[Provider]) -> dict[int, Balances]:
    """Allocations and balances of many providers in a fixed number of queries."""
    allocations = compute_allocations(fiscal_year, providers=providers)
    booked = selectors.booked_by_category(providers=providers, fiscal_year=fiscal_year)
    return {
        pk: _balances(fiscal_year, allocation, booked.get(pk, {})) for pk, allocation in allocations.items()
    }


#: portal.datacache topic of every provider's allocation under a policy (its models: pd_budget/apps.py).
ALLOCATION_TOPIC = "pd-allocation"


def shown_balances(fiscal_year: int, provider_ids: list[int]) -> dict[int, Balances]:
    """`balances_for` these providers, to show them (the allocation overview's page of rows): kept
    until a write to a policy, provider, site, FTE, agreement or PD request (ALLOCATION_TOPIC), so a
    page built again after an unrelated write does not compute them again.

    Never for a decision: every money check (a request against its balance, a decision, the FTE
    declaration's bookings check) calls `balances_for`, which reads the database in the decision's
    own transaction. Raises ValidationError when the year has no policy (and keeps nothing)."""
    ids = sorted(provider_ids)
    return datacache.cached(
        [ALLOCATION_TOPIC],
        ["shown_balances", fiscal_year, ids],
        lambda: balances_for(fiscal_year, providers=Provider.objects.filter(pk__in=ids)),
    )


def provider_balances(provider: Provider, *, fiscal_year: int) -> Balances:
    return balances_for(fiscal_year, providers=Provider.objects.filter(pk=provider.pk))[provider.pk]


def allocation_report(fiscal_year: int) -> dict[str, dict[str, str]]:
    """`{"Provider name": {"conference": "2775.00", ...}}` for every provider: the command's JSON."""
    qs = Provider.objects.all()
    allocations = compute_allocations(fiscal_year, providers=qs)
    names = dict(qs.values_list("pk", "name"))
    return {names[pk]: allocations[pk].as_strings() for pk in sorted(allocations, key=lambda pk: names[pk])}


__all__ = [
    "Allocation",
    "Rates",
    "allocate",
    "compute_allocation",
    "compute_allocations",
    "Balances",
    "BalanceLine",
    "balances_for",
    "shown_balances",
    "provider_balances",
    "allocation_report",
]
