from django import template
from django.urls import translate_url

from portal.money import format_money

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """This page's address in the other language (i18n URL prefixes), keeping the query string."""
    request = context.get("request")
    if request is None:
        return f"/{language}/"
    url = translate_url(request.get_full_path(), language)
    if url == request.get_full_path():
        # translate_url could not resolve the path (404 page): fall back to that language's home.
        return f"/{language}/"
    return url


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("portal/_history_link.html", takes_context=True)
def history_link(context, obj):
    """A link to an audited record's history, for those who may read it."""
    from django.urls import reverse

    from portal.history import AUDITED

    request = context.get("request")
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    allowed = request is not None and label in AUDITED and request.user.has_perm("portal.view_audit")
    return {"url": reverse("history", kwargs={"model": label, "pk": obj.pk}) if allowed else ""}


@register.filter
def undo_deletion_id(message) -> str:
    """The deletion a success message offers to undo (portal.views.DeleteConfirmView), or ""."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith("undo:") and tag[5:].isdigit():
            return tag[5:]
    return ""


@register.inclusion_tag("portal/_sort_header.html", takes_context=True)
def sort_header(context, key: str, label, css_class: str = ""):
    """A sortable column header of a FilteredListView: the link keeps the other query parameters
    (filters, not the page), the sorted column says its direction in words and in `aria-sort`.

    A key the page's view does not sort by gives a plain header, so a table partial shared with a
    page that does not sort (a provider's own requests) uses the same tag."""
    from portal.views import SORT_PARAM

    request = context["request"]
    if key not in (context.get("sort_keys") or {}):
        return {"label": label, "css_class": css_class, "plain": True}
    current = context.get("sort", "")
    if current == key:
        direction, target = "ascending", f"-{key}"
    elif current == f"-{key}":
        direction, target = "descending", key
    else:
        direction, target = "", key
    query = request.GET.copy()
    query.pop("page", None)
    query[SORT_PARAM] = target
    return {
        "label": label,
        "css_class": css_class,
        "direction": direction,
        "next_descending": target.startswith("-"),
        "href": f"{request.path}?{query.urlencode()}",
        "htmx_target": context.get("list_target", ""),
    }


@register.filter
def money(value) -> str:
    """A Decimal as money in the active language: $2,775.00 or 2 775,00 $."""
    if value is None or value == "":
        return ""
    return format_money(value)


@register.filter
def as_decimal(value):
    from decimal import Decimal

    return Decimal(value)


@register.simple_tag
def money_difference(before: str, after: str) -> str:
    """after - before as signed money: +$450.00 or -150,00 $."""
    from decimal import Decimal

    difference = Decimal(after) - Decimal(before)
    return ("+" if difference > 0 else "") + format_money(difference)


@register.filter
def fiscal_year(value) -> str:
    """2018 -> 2018-19."""
    from portal.fiscal import fiscal_year_label

    try:
        return fiscal_year_label(int(value))
    except (TypeError, ValueError):
        return ""
