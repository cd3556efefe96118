"""Headline findings: a few sentences generated from a surveyed year's stored figures, in the page's
language, each naming the table it comes from (an anchor on the analysis page).

The seed's five findings of the 2018 PD template analysis, computed for any surveyed year:
1. whether PD funds are distributed inequitably (the Gini over providers and over FTEs);
2. how many providers could not identify or could not cost their PD needs;
3. the common themes that could be delivered regionally, provincially or locally;
4. the need for tailored PD (needs that only one provider asked for);
5. whether small centres and the North need more resources (their median per FTE against urban).
Then, over the surveyed years, whether PD funding per FTE is converging or diverging."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.i18n import current_language
from portal.money import format_money
from portal.numbers import format_number

from . import trend

#: Above this Gini (over providers) the funding is called unequal; below it, fairly even.
UNEQUAL_GINI = Decimal("0.2")


@dataclass(frozen=True)
class Finding:
    key: str
    text: str
    anchor: str  # the id of the table on the analysis page


def percent(value: Decimal) -> str:
    """54 % / 54% as the page's language writes it (whole percent)."""
    whole = (abs(value) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    text = format_number(whole, language=current_language())
    return f"{text}\u00a0%" if current_language() == "fr" else f"{text}%"


def ratio(value: Decimal) -> str:
    return format_number(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), language=current_language())


def _money(value: Decimal) -> str:
    """Whole dollars, as a headline says them: $1,050 / 1 050 $."""
    text = format_money(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return text.removesuffix(".00") if current_language() != "fr" else text.replace(",00\u00a0$", "\u00a0$")


def distribution(year: trend.YearEquity) -> Finding | None:
    if year.gini is None:
        return None
    if year.gini >= UNEQUAL_GINI:
        text = _(
            "PD funds are distributed inequitably: the Gini coefficient of PD funding per FTE is %(gini)s"
            " over providers and %(gini_fte)s over FTEs (0 is equal)."
        )
    else:
        text = _(
            "PD funds are distributed fairly evenly: the Gini coefficient of PD funding per FTE is %(gini)s"
            " over providers and %(gini_fte)s over FTEs (0 is equal)."
        )
    shown_fte = ratio(year.gini_fte) if year.gini_fte is not None else _("unknown")
    return Finding("distribution", text % {"gini": ratio(year.gini), "gini_fte": shown_fte}, "equity-heading")


def needs_support(providers: list[dict]) -> Finding | None:
    if not providers:
        return None
    identify = sum(1 for p in providers if p.get("can_identify_needs") is False)
    cost = sum(1 for p in providers if p.get("can_cost_needs") is False)
    text = ngettext(
        "%(identify)s of %(total)s provider could not identify its PD needs, and %(cost)s could not"
        " estimate their cost.",
        "%(identify)s of %(total)s providers could not identify their PD needs, and %(cost)s could not"
        " estimate their cost.",
        len(providers),
    ) % {"identify": identify, "total": len(providers), "cost": cost}
    return Finding("needs-support", text, "providers-table")


def delivery_levels(data: dict) -> Finding | None:
    themes = data.get("themes") or []
    if not themes:
        return None
    regional = [t for t in themes if t.get("regional")]
    provincial = [
        t
        for t in themes
        if not t.get("regional")
        and t.get("jurisdictions") == 1
        and t["providers"] >= settings.PD_REGIONAL_MIN_PROVIDERS
    ]
    local = len(themes) - len(regional) - len(provincial)
    language = current_language()
    names = ", ".join((t.get(f"name_{language}") or t.get("name_en") or t["key"]) for t in regional[:5])
    text = _(
        "%(regional)s themes could be delivered regionally (asked for by at least %(providers)s providers"
        " in at least %(jurisdictions)s jurisdictions%(names)s), %(provincial)s provincially (one"
        " jurisdiction) and %(local)s locally."
    ) % {
        "regional": len(regional),
        "providers": settings.PD_REGIONAL_MIN_PROVIDERS,
        "jurisdictions": settings.PD_REGIONAL_MIN_JURISDICTIONS,
        "names": f": {names}" if names and language == "en" else (f"\u00a0: {names}" if names else ""),
        "provincial": len(provincial),
        "local": local,
    }
    return Finding("delivery", text, "themes-heading")


def tailored(data: dict) -> Finding | None:
    themes = data.get("themes") or []
    needs = sum(t.get("needs", 0) for t in themes)
    if not needs:
        return None
    single = sum(t.get("needs", 0) for t in themes if t["providers"] == 1)
    text = _(
        "%(single)s of %(needs)s PD needs (%(share)s) were asked for by one provider only: organisations"
        " need PD tailored to them."
    ) % {"single": single, "needs": needs, "share": percent(Decimal(single) / needs)}
    return Finding("tailored", text, "themes-heading")


def small_north(year: trend.YearEquity) -> Finding | None:
    sn, urban, gap = year.medians.get("small_north"), year.medians.get("urban"), year.gap
    if gap is None:
        return None
    values = {"gap": percent(gap), "small_north": _money(sn), "urban": _money(urban)}
    if gap < 0:
        text = _(
            "Small centres and the North receive %(gap)s less PD funding per FTE than large urban centres"
            " (%(small_north)s vs %(urban)s): they need more resources."
        )
    else:
        text = _(
            "Small centres and the North receive %(gap)s more PD funding per FTE than large urban centres"
            " (%(small_north)s vs %(urban)s)."
        )
    return Finding("small-north", text % values, "equity-heading")


def over_the_years(direction: trend.Direction | None) -> Finding | None:
    if direction is None:
        return None
    values = {
        "first": direction.first.label,
        "last": direction.last.label,
        "from": ratio(direction.first.gini),
        "to": ratio(direction.last.gini),
    }
    if direction.kind == trend.CONVERGING:
        text = _(
            "From %(first)s to %(last)s PD funding per FTE is converging: the Gini over providers fell"
            " from %(from)s to %(to)s."
        )
    elif direction.kind == trend.DIVERGING:
        text = _(
            "From %(first)s to %(last)s PD funding per FTE is diverging: the Gini over providers rose"
            " from %(from)s to %(to)s."
        )
    else:
        text = _("From %(first)s to %(last)s the Gini over providers did not change (%(from)s).")
    text = text % values
    if direction.gap_narrowed is not None:
        gap = {"from": percent(direction.first.gap), "to": percent(direction.last.gap)}
        if direction.gap_narrowed:
            text += " " + _("The small-centre and North gap narrowed from %(from)s to %(to)s.") % gap
        else:
            text += " " + _("The small-centre and North gap did not narrow (%(from)s, then %(to)s).") % gap
    return Finding("trend", text, "trend-heading")


def findings(data: dict, *, year: trend.YearEquity, direction: trend.Direction | None) -> list[Finding]:
    """The headlines of one surveyed year, then the direction over the years."""
    found = [
        distribution(year),
        needs_support(data.get("providers") or []),
        delivery_levels(data),
        tailored(data),
        small_north(year),
        over_the_years(direction),
    ]
    return [f for f in found if f is not None]
