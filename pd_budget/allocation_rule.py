"""The base PD allocation rule, pure: Decimal arithmetic on one fiscal year's policy rates and a
provider's FTEs, no database, so it is tested on a table of hand-computed cases.

Where the rule comes from: the PD policy for every PD agreement (the seed document's policy section,
loaded as `PolicyYear` rows by `pd_budget.seed`): a conference allowance per provider, not per
agreement, that blends the centre types' amounts by FTE (urban 2,700 $, small centre and North
3,000 $ in 2018-19), or takes the head office's centre type when the provider has no FTE; plus an
amount per language FTE and per settlement FTE (150 $ and 300 $ in 2018-19). Each line is rounded
once, half up to cents; the total adds the rounded lines.

Providers with sites of several centre types get their conference allowance by the policy year's
`mixed_sites` rule: the FTE-weighted blend (as in 2018-19), the head office's centre type, or the
small-centre or North amount when any FTE works there (what-if scenarios try the other two first).

`pd_budget.services.allocation` reads the rates and FTEs through the selectors and calls `allocate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from portal.money import to_cents

from .models import Category, CentreType, MixedSites

if TYPE_CHECKING:
    from .models import PolicyYear

ZERO = Decimal("0")
#: The policy's rates by the names the scenario form, the JSON and `simulate_policy --set` use.
POLICY_KEYS = (
    "conference_urban",
    "conference_small",
    "conference_north",
    "language_per_fte",
    "settlement_per_fte",
)
_CONFERENCE_KEYS = {
    "conference_urban": CentreType.URBAN,
    "conference_small": CentreType.SMALL,
    "conference_north": CentreType.NORTH,
}


@dataclass(frozen=True)
class Rates:
    """One fiscal year's policy: conference amount per centre type and amount per FTE per stream."""

    conference: Mapping[str, Decimal]
    language_per_fte: Decimal
    settlement_per_fte: Decimal
    mixed_sites: str = MixedSites.BLEND

    @classmethod
    def from_policy(cls, policy: PolicyYear) -> Rates:
        return cls(
            conference={kind: Decimal(amount) for kind, amount in policy.conference_rates().items()},
            language_per_fte=policy.language_per_fte,
            settlement_per_fte=policy.settlement_per_fte,
            mixed_sites=policy.mixed_sites or MixedSites.BLEND,
        )

    def values(self) -> dict[str, Decimal]:
        """The five rates by their policy names (`POLICY_KEYS`)."""
        return {
            **{key: Decimal(self.conference[kind]) for key, kind in _CONFERENCE_KEYS.items()},
            "language_per_fte": self.language_per_fte,
            "settlement_per_fte": self.settlement_per_fte,
        }

    def changed(self, overrides: Mapping[str, Decimal], *, mixed_sites: str | None = None) -> Rates:
        """These rates with some replaced (keys of `POLICY_KEYS`; others raise KeyError)."""
        unknown = set(overrides) - set(POLICY_KEYS)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        conference = dict(self.conference)
        for key, kind in _CONFERENCE_KEYS.items():
            if key in overrides:
                conference[kind] = Decimal(overrides[key])
        return replace(
            self,
            conference=conference,
            language_per_fte=Decimal(overrides.get("language_per_fte", self.language_per_fte)),
            settlement_per_fte=Decimal(overrides.get("settlement_per_fte", self.settlement_per_fte)),
            mixed_sites=mixed_sites or self.mixed_sites,
        )


@dataclass(frozen=True)
class Allocation:
    """A provider's base PD allocation for one fiscal year, in dollars rounded to cents."""

    conference: Decimal
    language: Decimal
    settlement: Decimal

    @property
    def total(self) -> Decimal:
        # Each line is rounded once; the total adds rounded lines so the page always adds up.
        return self.conference + self.language + self.settlement

    def for_category(self, category: str) -> Decimal:
        return {
            Category.CONFERENCE: self.conference,
            Category.LANGUAGE: self.language,
            Category.SETTLEMENT: self.settlement,
        }[category]

    def as_strings(self) -> dict[str, str]:
        return {
            "conference": f"{self.conference:.2f}",
            "language": f"{self.language:.2f}",
            "settlement": f"{self.settlement:.2f}",
            "total": f"{self.total:.2f}",
        }


def conference_amount(
    rates: Rates, *, ftes: Mapping[str, tuple[Decimal, Decimal]], head_office_type: str | None
) -> Decimal:
    """The conference allowance before rounding: one per provider (not per agreement). Without FTEs,
    the head office's type's amount (none without a site). With FTEs, by `rates.mixed_sites`: the
    FTE-weighted blend of the types' amounts; the head office's type's; or, when any FTE works in a
    small centre or the North, the (larger) amount of those types, else the urban one."""
    conference = rates.conference  # Decimals already: Rates.from_policy and Rates.changed make them
    weights = {kind: lang + settl for kind, (lang, settl) in ftes.items() if lang + settl > 0}
    total_fte = sum(weights.values(), ZERO)
    if total_fte <= 0:
        return conference[head_office_type] if head_office_type else ZERO
    if rates.mixed_sites == MixedSites.HEAD_OFFICE and head_office_type:
        return conference[head_office_type]
    if rates.mixed_sites == MixedSites.ANY_SMALL:
        supported = [conference[kind] for kind in weights if kind != CentreType.URBAN]
        return max(supported) if supported else conference[CentreType.URBAN]
    weighted = sum((fte * conference[kind] for kind, fte in weights.items()), ZERO)
    return weighted / total_fte


def allocate(
    rates: Rates,
    *,
    ftes: Mapping[str, tuple[Decimal, Decimal]],
    head_office_type: str | None,
) -> Allocation:
    """The rule: per-FTE amounts for each stream; one conference allowance per provider (not per
    agreement), see `conference_amount`. `ftes` maps centre type -> (language, settlement) FTEs.
    A provider with neither FTEs nor a site has nothing to weigh and gets no conference allowance.
    """
    language_fte = sum((lang for lang, _s in ftes.values()), ZERO)
    settlement_fte = sum((settl for _l, settl in ftes.values()), ZERO)
    return Allocation(
        conference=to_cents(conference_amount(rates, ftes=ftes, head_office_type=head_office_type)),
        language=to_cents(language_fte * rates.language_per_fte),
        settlement=to_cents(settlement_fte * rates.settlement_per_fte),
    )
