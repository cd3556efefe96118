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


# --- PD policy what-if scenarios (issue 18) ----------------------------------------------------------
def _jurisdiction_names() -> dict[str, str]:
    from organisations.models import Jurisdiction

    return {j.code: str(j.name) for j in Jurisdiction.objects.all()}


def build_scenarios(*, user, filters) -> list[Sheet]:
    """One to three saved scenarios: their totals and equity, every provider before and after, the
    groupings and the bookings each would leave uncovered (one row per scenario and line)."""
    from portal.exports import RATIO

    from .models import CentreType, MixedSites
    from .scenario_forms import RATE_LABELS
    from .services import scenarios as scenario_services

    wanted = _chosen_scenarios(filters)
    chosen = selectors.scenario_list().in_bulk(wanted)
    runs = [(chosen[pk], scenario_services.simulate_scenario(chosen[pk])) for pk in wanted if pk in chosen]
    types = dict(CentreType.choices)
    rules = dict(MixedSites.choices)
    places = _jurisdiction_names()

    def name(scenario) -> str:
        return str(scenario.name)

    summary_columns = [
        Column(_("Scenario"), TEXT, 36),
        Column(_("Starts from"), TEXT, 10),
        *(Column(str(label), MONEY, 16) for label in RATE_LABELS.values()),
        Column(_("Providers with sites of several centre types"), TEXT, 40),
        Column(_("Baseline total"), MONEY, 16),
        Column(_("Scenario total"), MONEY, 16),
        Column(_("Change"), MONEY, 16),
        Column(_("Providers who gain"), INTEGER, 10),
        Column(_("Providers who lose"), INTEGER, 10),
        Column(_("Providers with bookings above the scenario"), INTEGER, 12),
        Column(_("Survey year of the equity figures"), TEXT, 10),
        Column(_("Gini over providers, before"), RATIO, 10),
        Column(_("Gini over providers, after"), RATIO, 10),
        Column(_("Gini over FTEs, before"), RATIO, 10),
        Column(_("Gini over FTEs, after"), RATIO, 10),
        Column(_("Gap, small centres and North against urban, before"), RATIO, 12),
        Column(_("Gap, small centres and North against urban, after"), RATIO, 12),
    ]

    def summary_rows():
        for scenario, result in runs:
            before, after = result.equity_before, result.equity_after
            yield (
                name(scenario),
                scenario.fiscal_year_label,
                *result.scenario_rates.values().values(),
                str(rules.get(result.scenario_rates.mixed_sites, "")),
                result.baseline_total,
                result.scenario_total,
                result.delta,
                result.gainers,
                result.losers,
                len(result.overrun_outcomes),
                fiscal_year_label(result.survey_year) if result.survey_year else "",
                before.gini if before else None,
                after.gini if after else None,
                before.gini_fte if before else None,
                after.gini_fte if after else None,
                before.gap if before else None,
                after.gap if after else None,
            )

    provider_columns = [
        Column(_("Scenario"), TEXT, 30),
        Column(_("Provider"), TEXT, 40),
        Column(_("Jurisdiction"), TEXT, 22),
        Column(_("Centre type"), TEXT, 20),
        Column(_("Baseline"), MONEY, 14),
        Column(_("Scenario"), MONEY, 14),
        Column(_("Change"), MONEY, 14),
        Column(_("Conferences, scenario"), MONEY, 14),
        Column(_("Language training, scenario"), MONEY, 14),
        Column(_("Settlement training, scenario"), MONEY, 14),
        Column(_("Booked (approved and waiting)"), MONEY, 14),
    ]

    def provider_rows():
        for scenario, result in runs:
            for o in result.outcomes:
                yield (
                    name(scenario),
                    o.provider.name,
                    places.get(o.provider.jurisdiction, o.provider.jurisdiction),
                    str(types.get(o.provider.centre_type, "")),
                    o.baseline.total,
                    o.scenario.total,
                    o.delta,
                    o.scenario.conference,
                    o.scenario.language,
                    o.scenario.settlement,
                    o.booked_total,
                )

    group_columns = [
        Column(_("Scenario"), TEXT, 30),
        Column(_("Grouped by"), TEXT, 16),
        Column(_("Group"), TEXT, 24),
        Column(_("Providers"), INTEGER, 10),
        Column(_("Baseline"), MONEY, 16),
        Column(_("Scenario"), MONEY, 16),
        Column(_("Change"), MONEY, 16),
    ]

    def group_rows():
        for scenario, result in runs:
            for label, groups, shown in (
                (_("Jurisdiction"), result.by_jurisdiction, lambda key: places.get(key, key)),
                (_("Centre type"), result.by_centre_type, lambda key: str(types.get(key, key))),
            ):
                for g in groups:
                    yield (name(scenario), label, shown(g.key), g.providers, g.baseline, g.scenario, g.delta)

    overrun_columns = [
        Column(_("Scenario"), TEXT, 30),
        Column(_("Provider"), TEXT, 40),
        Column(_("Category"), TEXT, 20),
        Column(_("Booked (approved and waiting)"), MONEY, 16),
        Column(_("Scenario allocation"), MONEY, 16),
        Column(_("Above by"), MONEY, 16),
    ]

    def overrun_rows():
        for scenario, result in runs:
            for o in result.overrun_outcomes:
                for r in o.overruns:
                    yield (name(scenario), o.provider.name, r.label, r.booked, r.allocated, r.excess)

    return [
        Sheet(_("Scenarios"), summary_columns, summary_rows()),
        Sheet(_("Providers"), provider_columns, provider_rows()),
        Sheet(_("Totals by group"), group_columns, group_rows()),
        Sheet(_("Bookings above"), overrun_columns, overrun_rows()),
    ]


def _chosen_scenarios(filters) -> list[int]:
    """The scenarios ticked, or the three last saved when none is."""
    chosen = list(filters.get("scenarios") or [])
    if chosen:
        return chosen
    return list(selectors.scenario_list().order_by("-updated_at", "-pk").values_list("pk", flat=True)[:3])


def count_scenarios(*, user, filters) -> int:
    return Provider.objects.count() * len(_chosen_scenarios(filters))


def _scenario_export_form(*args, **kwargs):
    from .scenario_forms import ScenarioCompareForm

    return ScenarioCompareForm(*args, **kwargs)


register(
    Report(
        key="pd-scenarios",
        title=gettext_lazy("PD policy scenarios"),
        description=gettext_lazy(
            "One to three saved PD policy scenarios: their rates, totals and equity effect, every"
            " provider's allocation before and after, the totals by jurisdiction and centre type, and the"
            " bookings each would leave uncovered."
        ),
        permission="pd_budget.view_scenario",
        build=build_scenarios,
        count=count_scenarios,
        filter_form=_scenario_export_form,
    )
)


# --- Cross-jurisdiction consistency (issue 18) --------------------------------------------------------
def build_consistency(*, user, filters) -> list[Sheet]:
    """Every provider with agreements of the stream and year: amount and PD allocation per FTE,
    deviations from the median in MADs and the outlier flags; then the medians by jurisdiction."""
    from portal.exports import BOOLEAN, DECIMAL

    from .forms import ConsistencyFilterForm
    from .models import CentreType, Stream
    from .services.consistency import consistency

    settings = ConsistencyFilterForm(filters).settings() if filters else ConsistencyFilterForm().settings()
    if settings["year"] is None:
        return [Sheet(_("Agreements"), [Column(_("Provider"), TEXT, 40)], [])]
    comparison = consistency(settings["year"], stream=settings["stream"])
    types = dict(CentreType.choices)
    places = _jurisdiction_names()
    stream = str(Stream(settings["stream"]).label)
    columns = [
        Column(_("Provider"), TEXT, 40),
        Column(_("Jurisdiction"), TEXT, 22),
        Column(_("Centre type"), TEXT, 20),
        Column(_("Stream"), TEXT, 12),
        Column(_("Fiscal year"), TEXT, 10),
        Column(_("Agreements"), INTEGER, 10),
        Column(_("Total amount"), MONEY, 16),
        Column(_("FTEs of the stream"), DECIMAL, 10),
        Column(_("Agreement amount per FTE"), MONEY, 16),
        Column(_("MADs from the median (amount)"), DECIMAL, 12),
        Column(_("Agreement outlier"), BOOLEAN, 10),
        Column(_("PD allocation"), MONEY, 14),
        Column(_("PD allocation per FTE"), MONEY, 14),
        Column(_("MADs from the median (PD allocation)"), DECIMAL, 12),
        Column(_("PD allocation outlier"), BOOLEAN, 10),
    ]

    def rows():
        for u in comparison.units:
            yield (
                u.provider,
                places.get(u.jurisdiction, u.jurisdiction),
                str(types.get(u.centre_type, "")),
                stream,
                fiscal_year_label(settings["year"]),
                u.agreements,
                u.amount,
                u.stream_fte,
                u.amount_per_fte,
                u.amount_deviations,
                u.amount_outlier,
                u.allocation,
                u.allocation_per_fte,
                u.allocation_deviations,
                u.allocation_outlier,
            )

    jurisdiction_columns = [
        Column(_("Jurisdiction"), TEXT, 10),
        Column(_("Providers"), INTEGER, 10),
        Column(_("Agreement amount per FTE"), MONEY, 16),
        Column(_("PD allocation per FTE"), MONEY, 16),
    ]
    summary = [
        (places.get(j["code"], j["code"]), j["units"], j["amount_median"], j["allocation_median"])
        for j in comparison.jurisdictions
    ]
    return [
        Sheet(_("Agreements"), columns, rows()),
        Sheet(_("Medians by jurisdiction"), jurisdiction_columns, summary),
    ]


def count_consistency(*, user, filters) -> int:
    from .models import Agreement

    return Agreement.objects.count()


def _consistency_form(*args, **kwargs):
    from .forms import ConsistencyFilterForm

    return ConsistencyFilterForm(*args, **kwargs)


register(
    Report(
        key="pd-consistency",
        title=gettext_lazy("Consistency of agreements across jurisdictions"),
        description=gettext_lazy(
            "Each provider's agreements of a stream and fiscal year: the amount and the base PD allocation"
            " per FTE, how many median absolute deviations each is from the median of comparable"
            " agreements, the outlier flags, and the medians by jurisdiction."
        ),
        permission="pd_budget.view_consistency",
        build=build_consistency,
        count=count_consistency,
        filter_form=_consistency_form,
    )
)
