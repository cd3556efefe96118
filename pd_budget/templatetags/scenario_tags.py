"""Figures of the what-if and analysis pages in the page's language: signed money, shares, ratios."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

from portal.i18n import current_language
from portal.money import format_money
from portal.numbers import format_number

register = template.Library()


@register.filter
def signed_money(value) -> str:
    """+$450.00, -150,00 $, or $0.00; "unknown" for a missing figure (never $0.00)."""
    if value is None or value == "":
        return _("unknown")
    amount = Decimal(value)
    return ("+" if amount > 0 else "") + format_money(amount)


@register.filter
def known_money(value) -> str:
    """Money, or "unknown" for a missing figure (an unknown cost is never $0.00)."""
    if value is None or value == "":
        return _("unknown")
    return format_money(Decimal(value))


@register.filter
def share(value, signed: bool = False) -> str:
    """A ratio as a percentage with one decimal: 12.5% / 12,5 % (French: no-break space)."""
    if value is None or value == "":
        return _("unknown")
    percent = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    language = current_language()
    text = format_number(percent, language=language)
    if signed and percent > 0:
        text = "+" + text
    return f"{text}\u00a0%" if language == "fr" else f"{text}%"


@register.filter
def signed_share(value) -> str:
    return share(value, True)


@register.filter
def ratio(value) -> str:
    """A Gini coefficient with three decimals in the page's language (0.412 / 0,412)."""
    if value is None or value == "":
        return _("unknown")
    return format_number(
        Decimal(value).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP), language=current_language()
    )


@register.simple_tag
def scenario_headlines(result) -> list[dict]:
    """The scenario's headline sentences (pd_budget.scenario_findings) in the page's language."""
    from ..scenario_findings import headlines

    return headlines(result) if result is not None else []
