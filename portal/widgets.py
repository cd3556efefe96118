"""Widgets rendered in Python where Django's per-option templates cost too much.

A filter over 400 working groups renders 400 <option>s; through Django's option template that is
most of a page's time. `FastSelect` writes the same HTML directly (escaped, selected, disabled).
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        # Straight from the choices: no option dictionaries, no template per option.
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in values if v is not None and v != ""} or {""}

        def options(choices):
            return format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (shown, mark_safe(" selected") if shown in selected else "", label)
                    for shown, label in (("" if v is None else str(v), label) for v, label in choices)
                ),
            )

        parts, plain = [], []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(options(plain))
                plain = []
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', option_value, options(label)))
            else:
                plain.append((option_value, label))
        parts.append(options(plain))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe("".join(parts))
        )


class FastSelectsMixin:
    """A form whose plain drop-down lists render with `FastSelect` (same HTML, no per-option template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                fast = FastSelect(attrs=widget.attrs)
                fast.choices = widget.choices
                fast.is_required = widget.is_required
                field.widget = fast


class SearchSelect(forms.Select):
    """A choice among thousands: a search field and a list holding only the chosen option and, as
    the person types, what the lookup finds (portal/lookups.py, static/js/search-select.js).

    Rendering never walks the field's queryset: the chosen value's label is one query by key. The
    form field keeps its queryset, so a posted value is validated against what the user may pick.
    """

    template_name = ""  # rendered directly below

    def __init__(self, lookup: str, attrs=None):
        super().__init__(attrs)
        self.lookup = lookup

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.lookup = self.lookup
        return copy

    def _chosen(self, value) -> list[tuple[str, str]]:
        choices = self.choices
        if value in (None, "") or not hasattr(choices, "queryset"):
            return []
        try:
            chosen = choices.queryset.filter(pk=value).first()
        except (TypeError, ValueError):
            return []
        if chosen is None:
            return []
        from portal.lookups import get_lookup

        found = get_lookup(self.lookup)
        label = found.label(chosen) if found else choices.field.label_from_instance(chosen)
        return [(str(chosen.pk), label)]  # shown as the search shows it

    def render(self, name, value, attrs=None, renderer=None):
        from django.urls import reverse
        from django.utils.translation import gettext as _

        final_attrs = self.build_attrs(self.attrs, attrs)
        select_id = final_attrs.get("id", f"id_{name}")
        empty = getattr(self.choices, "field", None)
        empty_label = getattr(empty, "empty_label", None) or "---------"
        chosen = self._chosen(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            [("", mark_safe("" if chosen else " selected"), empty_label)]
            + [(pk, mark_safe(" selected"), label) for pk, label in chosen],
        )
        return format_html(
            '<div class="search-select" data-search-select data-lookup="{url}" data-none="{none}"'
            ' data-one="{one}" data-many="{many}" data-failed="{failed}">'
            '<input type="search" class="form-control mb-1" id="{sid}" autocomplete="off" maxlength="100"'
            ' aria-controls="{id}" aria-describedby="{id}_status" placeholder="{hint}" aria-label="{hint}">'
            '<select name="{name}"{attrs}>{options}</select>'
            '<span id="{id}_status" class="form-text d-block" aria-live="polite">{status}</span>'
            "</div>",
            url=reverse("lookup", kwargs={"name": self.lookup}),
            sid=f"{select_id}_search",
            id=select_id,
            hint=_("Type a few letters to search"),
            name=name,
            attrs=flatatt(final_attrs),
            options=options,
            status=_("Type in the search field above, then choose in the list."),
            none=_("Nothing found: try other letters."),
            one=_("1 found: choose it in the list."),
            many=_("%s found: choose in the list."),
            failed=_("The search did not answer: try again."),
        )


def search_select(field: forms.ModelChoiceField, lookup: str) -> None:
    """Give an existing form field a `SearchSelect` (after its queryset is set)."""
    widget = SearchSelect(lookup, attrs=field.widget.attrs)
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget
