"""PD policy what-if scenarios: simulate a fiscal year's policy with changed rates (reads only, seven
queries however many providers), save scenarios, and adopt one as the next fiscal year's policy.

Nothing here changes a real allocation except `adopt_scenario`, which an administrator runs: it
writes the next fiscal year's PolicyYear (with its history) and refuses when approved requests of
that year would exceed the new allocations. Requests still waiting that would exceed them need the
administrator's confirmation and are then flagged for IRCC staff, as an FTE change is.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Jurisdiction, Provider
from portal import datacache
from portal.fiscal import current_fiscal_year, fiscal_year_label
from portal.money import format_money
from portal.permissions import acting_person, require

from .. import selectors
from ..allocation_rule import POLICY_KEYS, Rates
from ..models import FlagSource, MixedSites, PolicyYear, Scenario
from ..scenario_rule import ProviderInput, ScenarioResult, SurveyFunding, simulate
from .allocation import ALLOCATION_TOPIC
from .ftes import check_bookings_within_allocation

#: The largest rate a policy column holds (max_digits=10, decimal_places=2).
MAX_RATE = Decimal("99999999.99")


def _booked(rows: Mapping[str, Mapping]) -> dict[str, Decimal]:
    return {category: sums["approved"] + sums["pending"] for category, sums in rows.items()}


def provider_inputs(fiscal_year: int) -> list[ProviderInput]:
    """Every provider's FTEs, head office and bookings for the year: four queries in all."""
    providers = Provider.objects.all()
    ftes = selectors.fte_by_centre_type(providers=providers, fiscal_year=fiscal_year)
    head_offices = selectors.head_office_types(providers=providers)
    booked = selectors.booked_by_category(providers=providers, fiscal_year=fiscal_year)
    rows = providers.order_by("name", "pk").values_list("pk", "name", "jurisdiction_id")
    return [
        ProviderInput(
            pk=pk,
            name=name,
            jurisdiction=jurisdiction,
            ftes=ftes.get(pk, {}),
            head_office_type=head_offices.get(pk),
            booked=_booked(booked.get(pk, {})),
        )
        for pk, name, jurisdiction in rows
    ]


def survey_funding() -> tuple[int | None, list[SurveyFunding]]:
    """The latest aggregated survey's year and its providers with FTEs and a known PD funding."""
    year, rows = selectors.latest_survey_providers()
    funding = []
    for row in rows:
        if row.get("funding") is None or row.get("provider_id") is None:
            continue  # an unknown funding stays unknown: never counted as zero
        fte = Decimal(row.get("fte") or "0")
        if fte > 0:
            funding.append(
                SurveyFunding(row["provider_id"], Decimal(row["funding"]), fte, row.get("centre_type") or "")
            )
    return year, funding


def clean_overrides(values: Mapping[str, object]) -> dict[str, Decimal]:
    """Rates by policy key, read exactly; an unknown key or a value that is not an amount between 0
    and MAX_RATE raises a ValidationError that says which and why."""
    errors = []
    cleaned: dict[str, Decimal] = {}
    for key, raw in values.items():
        if key not in POLICY_KEYS:
            errors.append(
                _("%(key)s is not a policy rate: use one of %(keys)s.")
                % {"key": key, "keys": ", ".join(POLICY_KEYS)}
            )
            continue
        try:
            amount = Decimal(str(raw).strip())
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount > MAX_RATE:
            errors.append(
                _("%(key)s=%(value)s is not an amount between 0 and %(max)s.")
                % {"key": key, "value": raw, "max": MAX_RATE}
            )
            continue
        if amount != amount.quantize(Decimal("0.01")):
            errors.append(_("%(key)s=%(value)s has more than two decimals.") % {"key": key, "value": raw})
            continue
        cleaned[key] = amount.quantize(Decimal("0.01"))
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_mixed_sites(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in MixedSites.values:
        raise ValidationError(
            _("%(value)s is not a mixed-sites rule: use one of %(rules)s.")
            % {"value": value, "rules": ", ".join(MixedSites.values)}
        )
    return value


def simulate_policy(
    fiscal_year: int, *, overrides: Mapping[str, Decimal] | None = None, mixed_sites: str | None = None
) -> ScenarioResult:
    """The year's policy as it is (baseline) against the same policy with `overrides` and
    `mixed_sites` (scenario), for every provider; the equity effect on the latest aggregated survey.
    Seven queries: policy, providers, FTEs, head offices, bookings, survey result, jurisdictions.
    The policy unchanged (the scenario editor as it opens) is cached until one of those changes."""
    if not overrides and not mixed_sites:
        return datacache.cached(
            [ALLOCATION_TOPIC], ["simulate_policy", fiscal_year], lambda: _simulate_policy(fiscal_year)
        )
    return _simulate_policy(fiscal_year, overrides=overrides, mixed_sites=mixed_sites)


def _simulate_policy(
    fiscal_year: int, *, overrides: Mapping[str, Decimal] | None = None, mixed_sites: str | None = None
) -> ScenarioResult:
    policy = selectors.policy_get(fiscal_year=fiscal_year)
    baseline = Rates.from_policy(policy)
    scenario = baseline.changed(clean_overrides(overrides or {}), mixed_sites=clean_mixed_sites(mixed_sites))
    survey_year, funding = survey_funding()
    return simulate(
        provider_inputs(fiscal_year),
        baseline=baseline,
        scenario=scenario,
        survey=funding,
        survey_year=survey_year,
        jurisdiction_order=Jurisdiction.objects.values_list("code", flat=True),
    )


def simulate_scenario(scenario: Scenario) -> ScenarioResult:
    return simulate_policy(
        scenario.base_policy.fiscal_year, overrides=scenario.overrides, mixed_sites=scenario.mixed_sites
    )


def scenario_rates(scenario: Scenario) -> Rates:
    """The scenario's full rates: its base policy's, with its changes."""
    return Rates.from_policy(scenario.base_policy).changed(
        clean_overrides(scenario.overrides or {}), mixed_sites=scenario.mixed_sites
    )


@transaction.atomic
def save_scenario(*, user, instance: Scenario, rates: Mapping[str, Decimal]) -> Scenario:
    """Create or update a scenario: it keeps only the rates that differ from its base policy."""
    require(user, "pd_budget.change_scenario", instance)
    if instance.adopted_at is not None:
        raise ValidationError(
            _(
                "This scenario was adopted as a policy: it is kept as it was. "
                "Start a new one from it instead."
            ),
            code="adopted",
        )
    cleaned = clean_overrides({k: v for k, v in rates.items() if v is not None})
    base = Rates.from_policy(instance.base_policy).values()
    instance.overrides = {key: f"{value:.2f}" for key, value in cleaned.items() if value != base[key]}
    if instance.pk is None:
        instance.created_by = acting_person(user)
    instance.updated_at = timezone.now()
    instance._history_user = acting_person(user)
    instance.full_clean()
    instance.save()
    return instance


def adoption_target() -> int:
    """The fiscal year a scenario is adopted for: the next one."""
    return current_fiscal_year() + 1


def _approved_overruns(result: ScenarioResult, approved: Mapping[int, Mapping[str, Decimal]]) -> list[str]:
    lines = []
    for outcome in result.outcomes:
        for category, amount in approved.get(outcome.provider.pk, {}).items():
            allocated = outcome.scenario.for_category(category)
            if amount > allocated:
                lines.append(
                    _("%(provider)s: %(booked)s approved for an allocation of %(allocated)s")
                    % {
                        "provider": outcome.provider.name,
                        "booked": format_money(amount),
                        "allocated": format_money(allocated),
                    }
                )
    return lines


@transaction.atomic
def adopt_scenario(scenario: Scenario, *, user, confirm: bool = False) -> PolicyYear:
    """Write the scenario's rates and mixed-sites rule as the next fiscal year's policy (created or
    changed, with its history). Refused when approved requests of that year would exceed the new
    allocations (overruns are never approved); waiting requests that would need `confirm` and are
    flagged for IRCC staff."""
    require(user, "pd_budget.adopt_scenario", scenario)
    target = adoption_target()
    rates = scenario_rates(scenario)
    policy = PolicyYear.objects.select_for_update().filter(fiscal_year=target).first()
    if policy is None:
        policy = PolicyYear(fiscal_year=target)
    for key, value in rates.values().items():
        setattr(policy, key, value)
    policy.mixed_sites = rates.mixed_sites
    policy._history_user = acting_person(user)
    policy.full_clean()
    policy.save()
    # The target year's own FTEs and bookings, under the policy just written (rolled back if refused).
    # Computed here, never read from the cache: a money rule reads the rows under its own lock.
    result = _simulate_policy(target)
    approved = {
        pk: {category: sums["approved"] for category, sums in rows.items() if sums["approved"]}
        for pk, rows in selectors.booked_by_category(
            providers=Provider.objects.all(), fiscal_year=target
        ).items()
    }
    refused = _approved_overruns(result, approved)
    if refused:
        raise ValidationError(
            _(
                "Not adopted: approved requests for %(year)s would exceed the new allocations (%(lines)s)."
                " Overruns are never approved: change the scenario or cancel those requests first."
            )
            % {"year": fiscal_year_label(target), "lines": "; ".join(refused[:10])},
            code="approved_overrun",
        )
    overbooked = result.overrun_outcomes
    if overbooked and not confirm:
        raise ValidationError(
            _(
                "Waiting requests of %(count)s providers for %(year)s would exceed the new allocations"
                " (%(names)s). Confirm to adopt anyway: they are flagged for IRCC staff."
            )
            % {
                "count": len(overbooked),
                "year": fiscal_year_label(target),
                "names": ", ".join(o.provider.name for o in overbooked[:10]),
            },
            code="overbooked",
        )
    providers = Provider.objects.in_bulk([o.provider.pk for o in overbooked])
    for outcome in overbooked:
        check_bookings_within_allocation(
            provider=providers[outcome.provider.pk],
            fiscal_year=target,
            source=FlagSource.POLICY,
            user=user,
            confirm=True,
        )
    scenario.adopted_for, scenario.adopted_by, scenario.adopted_at = (
        target,
        acting_person(user),
        timezone.now(),
    )
    scenario._history_user = acting_person(user)
    scenario.save(update_fields=["adopted_for", "adopted_by", "adopted_at"])
    return policy


def delete_scenario(*, user, scenario: Scenario, return_url: str = ""):
    """Delete a saved scenario, with undo (it never touched a real allocation)."""
    from portal.undo import delete_with_undo

    return delete_with_undo(
        user=user, obj=scenario, permission="pd_budget.delete_scenario", return_url=return_url
    )
