from django import template

from portal.money import format_money

register = template.Library()


@register.filter
def import_value(change: dict, side: str) -> str:
    """One side ("before" or "after") of an import's change, in the page's language."""
    from decimal import Decimal, InvalidOperation

    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    from portal.fiscal import fiscal_year_label

    from ..models import CentreType, Stream

    value = change.get(side)
    if value in (None, ""):
        return "—"
    kind = change.get("kind")
    try:
        if kind == "money":
            return format_money(Decimal(value))
        if kind == "fte":
            return number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)
        if kind == "year":
            return fiscal_year_label(int(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if kind == "centre_type" and value in CentreType.values:
        return str(CentreType(value).label)
    if kind == "stream" and value in Stream.values:
        return str(Stream(value).label)
    if kind == "bool":
        return _("Yes") if value == "yes" else _("No")
    return str(value)


@register.filter
def sheet_title(name: str) -> str:
    """A workbook sheet's title in the page's language (its name when no app registered it)."""
    from portal.importing import registered_sheets

    titles = {spec.name: spec.title for spec in registered_sheets()}
    return str(titles.get(name, name))


@register.filter
def category_label(code: str) -> str:
    from ..models import Category

    return str(Category(code).label) if code in Category.values else code
