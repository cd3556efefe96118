"""A PD policy what-if, pure: every provider's allocation under the baseline policy and under a
scenario's rates and mixed-sites rule (the one allocation rule, `allocation_rule.allocate`, twice),
the totals and changes by jurisdiction and centre type, the bookings a scenario would leave
uncovered, and the equity effect on the latest aggregated survey's funding. Decimal only, no
database: `pd_budget.services.scenarios` gathers the inputs in a fixed number of queries.

The equity effect: for each provider of the latest aggregated survey with FTEs and a known current
PD funding, (funding reported in the survey + base allocation) / FTEs, once with the baseline's
allocation and once with the scenario's; then the Gini over providers (each provider counts once),
the FTE-weighted Gini (each FTE counts once) and the gap between the small-centre and North median
and the urban median (small centres and the North together, as the policy treats them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from surveys import equity

from .allocation_rule import ZERO, Allocation, Rates, allocate
from .models import Category, CentreType

#: When a provider's FTEs are split evenly, the type the policy supports more wins.
_TIE_ORDER = (CentreType.NORTH, CentreType.SMALL, CentreType.URBAN)
NON_URBAN = (CentreType.SMALL, CentreType.NORTH)


#: The categories, read once: `Category.values` builds its list anew at every read (over 2,000
#: outcomes it was 70 ms of the scenario editor).
CATEGORIES = tuple(Category.values)

@dataclass(frozen=True)
class ProviderInput:
    """What the rule needs of one provider: FTEs by centre type, head office, bookings by category."""

    pk: int
    name: str
    jurisdiction: str
    ftes: Mapping[str, tuple[Decimal, Decimal]]
    head_office_type: str | None
    booked: Mapping[str, Decimal] = field(default_factory=dict)  # approved + waiting, per category

    @cached_property
    def centre_type(self) -> str:
        """The type of most of its FTEs (ties: North, then small centre); without FTEs its head office's."""
        weights = {kind: lang + settl for kind, (lang, settl) in self.ftes.items() if lang + settl > 0}
        if weights:
            return max(weights, key=lambda kind: (weights[kind], -_TIE_ORDER.index(kind)))
        return self.head_office_type or ""

    @property
    def fte(self) -> Decimal:
        return sum((lang + settl for lang, settl in self.ftes.values()), ZERO)


@dataclass(frozen=True)
class SurveyFunding:
    """One provider's row of the latest aggregated survey: its reported PD funding and FTEs."""

    provider_id: int
    funding: Decimal
    fte: Decimal
    centre_type: str


@dataclass(frozen=True)
class Overrun:
    category: str
    booked: Decimal
    allocated: Decimal

    @property
    def excess(self) -> Decimal:
        return self.booked - self.allocated

    @property
    def label(self) -> str:
        return str(Category(self.category).label)


@dataclass(frozen=True)
class Outcome:
    """One provider before (baseline) and after (scenario)."""

    provider: ProviderInput
    baseline: Allocation
    scenario: Allocation

    @property
    def delta(self) -> Decimal:
        return self.scenario.total - self.baseline.total

    @cached_property
    def overruns(self) -> list[Overrun]:
        """Categories whose approved and waiting requests would exceed the scenario's allocation."""
        return [
            Overrun(category, self.provider.booked[category], self.scenario.for_category(category))
            for category in CATEGORIES
            if self.provider.booked.get(category, ZERO) > self.scenario.for_category(category)
        ]

    @property
    def booked_total(self) -> Decimal:
        return sum(self.provider.booked.values(), ZERO)


@dataclass(frozen=True)
class Group:
    key: str
    providers: int
    baseline: Decimal
    scenario: Decimal

    @property
    def delta(self) -> Decimal:
        return self.scenario - self.baseline

    @property
    def change(self) -> Decimal | None:
        """The change as a share of the baseline (None when the baseline is zero)."""
        return self.delta / self.baseline if self.baseline else None


@dataclass(frozen=True)
class Equity:
    """The equity figures of one side (baseline or scenario) on the survey's providers."""

    providers: int
    fte: Decimal
    gini: Decimal | None
    gini_fte: Decimal | None
    small_north_median: Decimal | None
    urban_median: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        """Small centres and North against urban, as a share of the urban median (-0.54: 54 % less)."""
        return equity.gap(self.small_north_median, self.urban_median)


@dataclass(frozen=True)
class ScenarioResult:
    """Its totals are computed once (cached_property: the page reads each several times; over 2,000
    providers each read was a pass over every outcome)."""

    outcomes: list[Outcome]
    baseline_rates: Rates
    scenario_rates: Rates
    by_jurisdiction: list[Group]
    by_centre_type: list[Group]
    equity_before: Equity | None
    equity_after: Equity | None
    survey_year: int | None

    @cached_property
    def baseline_total(self) -> Decimal:
        return sum((o.baseline.total for o in self.outcomes), ZERO)

    @cached_property
    def scenario_total(self) -> Decimal:
        return sum((o.scenario.total for o in self.outcomes), ZERO)

    @cached_property
    def delta(self) -> Decimal:
        return self.scenario_total - self.baseline_total

    @cached_property
    def change(self) -> Decimal | None:
        return self.delta / self.baseline_total if self.baseline_total else None

    @cached_property
    def overrun_outcomes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.overruns]

    @cached_property
    def gainers(self) -> int:
        return sum(1 for o in self.outcomes if o.delta > 0)

    @cached_property
    def losers(self) -> int:
        return sum(1 for o in self.outcomes if o.delta < 0)

    def as_json(self) -> dict:
        """The `simulate_policy --json` shape: amounts as strings of dollars and cents."""
        return {
            "baseline_total": f"{self.baseline_total:.2f}",
            "scenario_total": f"{self.scenario_total:.2f}",
            "delta": f"{self.delta:.2f}",
            "rates": {
                "baseline": {k: f"{v:.2f}" for k, v in self.baseline_rates.values().items()},
                "scenario": {k: f"{v:.2f}" for k, v in self.scenario_rates.values().items()},
                "mixed_sites": {
                    "baseline": str(self.baseline_rates.mixed_sites),
                    "scenario": str(self.scenario_rates.mixed_sites),
                },
            },
            "providers": [
                {
                    "provider": o.provider.name,
                    "jurisdiction": o.provider.jurisdiction,
                    "centre_type": o.provider.centre_type,
                    "baseline": f"{o.baseline.total:.2f}",
                    "scenario": f"{o.scenario.total:.2f}",
                    "delta": f"{o.delta:.2f}",
                    "overruns": [
                        {
                            "category": r.category,
                            "booked": f"{r.booked:.2f}",
                            "allocated": f"{r.allocated:.2f}",
                        }
                        for r in o.overruns
                    ],
                }
                for o in self.outcomes
            ],
            "by_jurisdiction": [_group_json(g) for g in self.by_jurisdiction],
            "by_centre_type": [_group_json(g) for g in self.by_centre_type],
            "equity": {
                "survey_year": self.survey_year,
                "before": _equity_json(self.equity_before),
                "after": _equity_json(self.equity_after),
            },
        }


def _group_json(group: Group) -> dict:
    return {
        "key": group.key,
        "providers": group.providers,
        "baseline": f"{group.baseline:.2f}",
        "scenario": f"{group.scenario:.2f}",
        "delta": f"{group.delta:.2f}",
    }


def _ratio(value: Decimal | None) -> str | None:
    return None if value is None else str(equity.ratio(value))


def _equity_json(side: Equity | None) -> dict | None:
    if side is None:
        return None
    return {
        "providers": side.providers,
        "gini_providers": _ratio(side.gini),
        "gini_fte": _ratio(side.gini_fte),
        "small_north_median": equity.money(side.small_north_median),
        "urban_median": equity.money(side.urban_median),
        "gap": _ratio(side.gap),
    }


def _groups(outcomes: Iterable[Outcome], key, order: Iterable[str]) -> list[Group]:
    sums: dict[str, list] = defaultdict(lambda: [0, ZERO, ZERO])
    for o in outcomes:
        row = sums[key(o)]
        row[0] += 1
        row[1] += o.baseline.total
        row[2] += o.scenario.total
    ordered = [k for k in order if k in sums] + sorted(k for k in sums if k not in order)
    return [Group(k, *sums[k]) for k in ordered]


def equity_of(survey: Iterable[SurveyFunding], allocations: Mapping[int, Allocation]) -> Equity | None:
    """Per-FTE (survey funding + base allocation) over the survey's providers with FTEs."""
    values: list[tuple[Decimal, Decimal, str]] = []
    for row in survey:
        if row.fte <= 0:
            continue
        allocation = allocations.get(row.provider_id)
        total = row.funding + (allocation.total if allocation else ZERO)
        values.append((total / row.fte, row.fte, row.centre_type))
    if not values:
        return None
    return Equity(
        providers=len(values),
        fte=sum((fte for _v, fte, _t in values), ZERO),
        gini=equity.gini([v for v, _f, _t in values]),
        gini_fte=equity.weighted_gini([(v, fte) for v, fte, _t in values]),
        small_north_median=equity.median(v for v, _f, kind in values if kind in NON_URBAN),
        urban_median=equity.median(v for v, _f, kind in values if kind == CentreType.URBAN),
    )


def simulate(
    providers: Iterable[ProviderInput],
    *,
    baseline: Rates,
    scenario: Rates,
    survey: Iterable[SurveyFunding] = (),
    survey_year: int | None = None,
    jurisdiction_order: Iterable[str] = (),
) -> ScenarioResult:
    """Every provider under both rates, with the groupings and the equity effect."""
    outcomes = [
        Outcome(
            provider=p,
            baseline=allocate(baseline, ftes=p.ftes, head_office_type=p.head_office_type),
            scenario=allocate(scenario, ftes=p.ftes, head_office_type=p.head_office_type),
        )
        for p in providers
    ]
    survey = list(survey)
    before = {o.provider.pk: o.baseline for o in outcomes}
    after = {o.provider.pk: o.scenario for o in outcomes}
    return ScenarioResult(
        outcomes=outcomes,
        baseline_rates=baseline,
        scenario_rates=scenario,
        by_jurisdiction=_groups(outcomes, lambda o: o.provider.jurisdiction, list(jurisdiction_order)),
        by_centre_type=_groups(outcomes, lambda o: o.provider.centre_type, list(CentreType.values)),
        equity_before=equity_of(survey, before),
        equity_after=equity_of(survey, after),
        survey_year=survey_year,
    )
