from django import template

from pd_budget.money import format_money

register = template.Library()


@register.filter
def money(value) -> str:
    """A Decimal as money in the active language: $2,775.00 or 2 775,00 $."""
    if value is None or value == "":
        return ""
    return format_money(value)
