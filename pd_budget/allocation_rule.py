"""The base PD allocation rule, pure: Decimal arithmetic on one fiscal year's policy rates and a
provider's FTEs, no database, so it is tested on a table of hand-computed cases.

Where the rule comes from: the PD policy for every PD agreement (the seed document's policy section,
loaded as `PolicyYear` rows by `pd_budget.seed`): a conference allowance per provider, not per
agreement, that blends the centre types' amounts by FTE (urban 2,700 $, small centre and North
3,000 $ in 2018-19), or takes the head office's centre type when the provider has no FTE; plus an
amount per language FTE and per settlement FTE (150 $ and 300 $ in 2018-19). Each line is rounded
once, half up to cents; the total adds the rounded lines.

`pd_budget.services.allocation` reads the rates and FTEs through the selectors and calls `allocate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from portal.money import to_cents

from .models import Category

if TYPE_CHECKING:
    from .models import PolicyYear

ZERO = Decimal("0")


@dataclass(frozen=True)
class Rates:
    """One fiscal year's policy: conference amount per centre type and amount per FTE per stream."""

    conference: Mapping[str, Decimal]
    language_per_fte: Decimal
    settlement_per_fte: Decimal

    @classmethod
    def from_policy(cls, policy: PolicyYear) -> Rates:
        return cls(
            conference=policy.conference_rates(),
            language_per_fte=policy.language_per_fte,
            settlement_per_fte=policy.settlement_per_fte,
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


def allocate(
    rates: Rates,
    *,
    ftes: Mapping[str, tuple[Decimal, Decimal]],
    head_office_type: str | None,
) -> Allocation:
    """The rule: per-FTE amounts for each stream; one conference allowance per provider (not per
    agreement), the FTE-weighted blend of the centre types' amounts, or the head office's type's
    amount when the provider has no FTE. `ftes` maps centre type -> (language, settlement) FTEs.
    A provider with neither FTEs nor a site has nothing to weigh and gets no conference allowance.
    """
    language_fte = sum((lang for lang, _s in ftes.values()), ZERO)
    settlement_fte = sum((settl for _l, settl in ftes.values()), ZERO)
    total_fte = language_fte + settlement_fte
    if total_fte > 0:
        weighted = sum(
            (
                (lang + settl) * Decimal(rates.conference[centre_type])
                for centre_type, (lang, settl) in ftes.items()
            ),
            ZERO,
        )
        conference = weighted / total_fte
    elif head_office_type:
        conference = Decimal(rates.conference[head_office_type])
    else:
        conference = ZERO
    return Allocation(
        conference=to_cents(conference),
        language=to_cents(language_fte * rates.language_per_fte),
        settlement=to_cents(settlement_fte * rates.settlement_per_fte),
    )
