"""The plausibility check of a PD template at submission, as pure functions: no database, Decimal only.

Each figure is compared with the provider's own staff and FTE numbers, with its previous template
and with the regional median PD funding per FTE. A figure far outside (the factors are settings:
PD_PLAUSIBILITY_MEDIAN_FACTOR, PD_PLAUSIBILITY_YEAR_FACTOR, PD_PLAUSIBILITY_STAFF_FACTOR) is an
outlier the provider must confirm before the template is locked. The selectors gather the facts;
`find_outliers` decides, so the rule is tested on hand-computed tables.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.i18n import current_language
from portal.money import format_money

FUNDING_PER_STAFF_MEDIAN = "funding-per-staff-median"
FUNDING_PER_FTE_MEDIAN = "funding-per-fte-median"
FUNDING_YEAR = "funding-year"
STAFF_FTE = "staff-fte"
STAFF_YEAR = "staff-year"
NEED_COST_MEDIAN = "need-cost-median"
NEED_PEOPLE_STAFF = "need-people-staff"
RULES = (
    FUNDING_PER_STAFF_MEDIAN,
    FUNDING_PER_FTE_MEDIAN,
    FUNDING_YEAR,
    STAFF_FTE,
    STAFF_YEAR,
    NEED_COST_MEDIAN,
    NEED_PEOPLE_STAFF,
)


@dataclass(frozen=True)
class Need:
    number: int  # 1 for the first need, as the form shows it
    theme: str
    people: int | None
    cost: Decimal | None


@dataclass(frozen=True)
class Previous:
    """The provider's latest earlier submitted template."""

    year_label: str
    funding: Decimal | None
    staff: int | None


@dataclass(frozen=True)
class Facts:
    funding: Decimal | None
    staff: int | None  # the template's staff total; None when no staff count was entered
    needs: tuple[Need, ...] = ()
    fte: Decimal | None = None  # the provider's FTEs at its sites for the survey's fiscal year
    fte_year_label: str = ""
    median: Decimal | None = None  # the regional median PD funding per FTE
    previous: Previous | None = None


@dataclass(frozen=True)
class Thresholds:
    median: Decimal  # more than this many times the regional median per FTE
    year: Decimal  # more than this many times (or less than 1/this of) the previous template
    staff: Decimal  # staff against FTEs, and a need's people against the staff


@dataclass(frozen=True)
class Outlier:
    key: str  # stable for the same figure and check: what the provider confirms
    rule: str
    field: str  # the form field's name ("staff" for the staff total)
    value: Decimal
    reference: Decimal | None
    factor: Decimal
    count: Decimal | None = None  # staff or people the value is divided by
    label: str = ""  # a need's theme
    year_label: str = ""

    @property
    def per_unit(self) -> Decimal | None:
        return self.value / self.count if self.count else None

    @property
    def message(self) -> str:
        return describe(self)


def _far_apart(a: Decimal, b: Decimal, factor: Decimal) -> bool:
    """One is more than `factor` times the other (so 0 against anything above 0 is far apart)."""
    low, high = sorted((a, b))
    return high > factor * low


def find_outliers(facts: Facts, thresholds: Thresholds) -> list[Outlier]:
    """Every figure of the template far outside its comparisons, in the order the form shows them."""
    out: list[Outlier] = []
    median = facts.median if facts.median and facts.median > 0 else None
    funding, staff, fte = facts.funding, facts.staff, facts.fte
    if funding is not None:
        if median and staff and funding / staff > thresholds.median * median:
            out.append(
                Outlier(
                    "current_pd_funding:" + FUNDING_PER_STAFF_MEDIAN,
                    FUNDING_PER_STAFF_MEDIAN,
                    "current_pd_funding",
                    funding,
                    median,
                    thresholds.median,
                    count=Decimal(staff),
                )
            )
        if median and fte and funding / fte > thresholds.median * median:
            out.append(
                Outlier(
                    "current_pd_funding:" + FUNDING_PER_FTE_MEDIAN,
                    FUNDING_PER_FTE_MEDIAN,
                    "current_pd_funding",
                    funding,
                    median,
                    thresholds.median,
                    count=fte,
                )
            )
        previous = facts.previous
        if (
            previous
            and previous.funding is not None
            and _far_apart(funding, previous.funding, thresholds.year)
        ):
            out.append(
                Outlier(
                    "current_pd_funding:" + FUNDING_YEAR,
                    FUNDING_YEAR,
                    "current_pd_funding",
                    funding,
                    previous.funding,
                    thresholds.year,
                    year_label=previous.year_label,
                )
            )
    if staff is not None:
        if fte is not None and _far_apart(Decimal(staff), fte, thresholds.staff):
            out.append(
                Outlier(
                    "staff:" + STAFF_FTE,
                    STAFF_FTE,
                    "staff",
                    Decimal(staff),
                    fte,
                    thresholds.staff,
                    year_label=facts.fte_year_label,
                )
            )
        previous = facts.previous
        if (
            previous
            and previous.staff is not None
            and _far_apart(Decimal(staff), Decimal(previous.staff), thresholds.year)
        ):
            out.append(
                Outlier(
                    "staff:" + STAFF_YEAR,
                    STAFF_YEAR,
                    "staff",
                    Decimal(staff),
                    Decimal(previous.staff),
                    thresholds.year,
                    year_label=previous.year_label,
                )
            )
    for need in facts.needs:
        prefix = f"needs-{need.number - 1}"
        if (
            median
            and need.cost is not None
            and need.people
            and need.cost / need.people > thresholds.median * median
        ):
            out.append(
                Outlier(
                    f"{prefix}-estimated_cost:{NEED_COST_MEDIAN}",
                    NEED_COST_MEDIAN,
                    f"{prefix}-estimated_cost",
                    need.cost,
                    median,
                    thresholds.median,
                    count=Decimal(need.people),
                    label=need.theme,
                )
            )
        if staff and need.people is not None and need.people > thresholds.staff * staff:
            out.append(
                Outlier(
                    f"{prefix}-people:{NEED_PEOPLE_STAFF}",
                    NEED_PEOPLE_STAFF,
                    f"{prefix}-people",
                    Decimal(need.people),
                    Decimal(staff),
                    thresholds.staff,
                    label=need.theme,
                )
            )
    return out


# --- How the portal says it, in the page's language ----------------------------------------------
def number(value: Decimal | int | None) -> str:
    """A count or FTE as people read it: 3, 2.5 / 2,5 (at most two decimals, no trailing zeros)."""
    if value is None:
        return "–"
    units, decimals = f"{Decimal(value).quantize(Decimal('0.01')):f}".split(".")
    decimals = decimals.rstrip("0")
    french = current_language() == "fr"
    grouped = f"{int(units):,}".replace(",", "\u00a0" if french else ",")
    return grouped + (("," if french else ".") + decimals if decimals else "")


def _need_label(outlier: Outlier) -> str:
    index = int(outlier.field.split("-")[1]) + 1
    if outlier.label:
        return _("need %(n)s (%(theme)s)") % {"n": index, "theme": outlier.label}
    return _("need %(n)s") % {"n": index}


def describe(outlier: Outlier) -> str:
    """The outlier as a sentence that shows the value as the portal understood it."""
    v = {
        "value": format_money(outlier.value),
        "reference": format_money(outlier.reference) if outlier.reference is not None else "–",
        "factor": number(outlier.factor),
        "year": outlier.year_label,
        "per": format_money(outlier.per_unit) if outlier.per_unit is not None else "–",
    }
    rule = outlier.rule
    if rule == FUNDING_PER_STAFF_MEDIAN:
        count = int(outlier.count or 0)
        return ngettext(
            "You entered %(value)s for %(count)s staff member: %(per)s per person, more than %(factor)s "
            "times the regional median of %(reference)s per FTE.",
            "You entered %(value)s for %(count)s staff: %(per)s per person, more than %(factor)s "
            "times the regional median of %(reference)s per FTE.",
            count,
        ) % {**v, "count": number(count)}
    if rule == FUNDING_PER_FTE_MEDIAN:
        return _(
            "You entered %(value)s of PD funding for %(count)s FTEs at your sites: %(per)s per FTE, more "
            "than %(factor)s times the regional median of %(reference)s per FTE."
        ) % {**v, "count": number(outlier.count)}
    if rule == FUNDING_YEAR:
        return (
            _(
                "You entered %(value)s of PD funding; for %(year)s you reported %(reference)s. One amount is "
                "more than %(factor)s times the other."
            )
            % v
        )
    if rule == STAFF_FTE:
        return _(
            "You entered %(value)s staff in all; your sites report %(reference)s FTEs for %(year)s. One "
            "number is more than %(factor)s times the other."
        ) % {**v, "value": number(outlier.value), "reference": number(outlier.reference)}
    if rule == STAFF_YEAR:
        return _(
            "You entered %(value)s staff in all; for %(year)s you reported %(reference)s. One number is "
            "more than %(factor)s times the other."
        ) % {**v, "value": number(outlier.value), "reference": number(outlier.reference)}
    if rule == NEED_COST_MEDIAN:
        people = int(outlier.count or 0)
        return ngettext(
            "You entered %(value)s for %(need)s, for %(count)s person: %(per)s per person, more than "
            "%(factor)s times the regional median PD funding of %(reference)s per FTE.",
            "You entered %(value)s for %(need)s, for %(count)s people: %(per)s per person, more than "
            "%(factor)s times the regional median PD funding of %(reference)s per FTE.",
            people,
        ) % {**v, "need": _need_label(outlier), "count": number(people)}
    if rule == NEED_PEOPLE_STAFF:
        return _(
            "You entered %(value)s people for %(need)s, but %(reference)s staff in all: more than "
            "%(factor)s times as many."
        ) % {
            **v,
            "need": _need_label(outlier),
            "value": number(outlier.value),
            "reference": number(outlier.reference),
        }
    return outlier.key
