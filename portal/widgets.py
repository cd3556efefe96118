"""Widgets rendered in Python where Django's per-option templates cost too much.

A filter over 400 working groups renders 400 <option>s; through Django's option template that is
most of a page's time. `FastSelect` writes the same HTML directly (escaped, selected, disabled).
"""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .forms import _MAX_PK

_INTEGER_KEYS = ("AutoField", "BigAutoField", "IntegerField")


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


class _SearchChoice:
    """What the single and the multiple search widgets share: the chosen options by key (never the
    queryset), labelled as the lookup labels them, and the search field with its live status."""

    template_name = ""  # rendered directly below

    def __init__(self, lookup: str, attrs=None, *, exclude=None):
        super().__init__(attrs)
        self.lookup = lookup
        self.exclude = exclude  # a key the lookup leaves out (a group is not its own parent)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.lookup, copy.exclude = self.lookup, self.exclude
        return copy

    def _chosen(self, values) -> list[tuple[str, str]]:
        choices = self.choices
        keys = [v for v in values if v not in (None, "")]
        if not keys or not hasattr(choices, "queryset"):
            return []
        if choices.queryset.model._meta.pk.get_internal_type() in _INTEGER_KEYS:
            # A tampered key no column holds is shown as no choice, never an OverflowError (SQLite).
            keys = [k for k in keys if str(k).strip().isdecimal() and int(k) <= _MAX_PK]
        try:
            chosen = list(choices.queryset.filter(pk__in=keys)) if keys else []
        except (TypeError, ValueError, ValidationError):
            return []
        from portal.lookups import get_lookup

        found = get_lookup(self.lookup)
        label = found.label if found else choices.field.label_from_instance
        return [(str(obj.pk), label(obj)) for obj in chosen]  # shown as the search shows it

    def _url(self) -> str:
        from django.urls import reverse

        url = reverse("lookup", kwargs={"name": self.lookup})
        return f"{url}?{urlencode({'exclude': self.exclude})}" if self.exclude is not None else url

    def _render_box(self, name, attrs, options, *, status) -> str:
        from django.utils.translation import gettext as _

        final_attrs = self.build_attrs(self.attrs, attrs)
        select_id = final_attrs.get("id", f"id_{name}")
        return format_html(
            '<div class="search-select" data-search-select data-lookup="{url}" data-none="{none}"'
            ' data-one="{one}" data-many="{many}" data-failed="{failed}">'
            '<input type="search" class="form-control mb-1" id="{sid}" autocomplete="off" maxlength="100"'
            ' aria-controls="{id}" aria-describedby="{id}_status" placeholder="{hint}" aria-label="{hint}">'
            '<select name="{name}"{attrs}>{options}</select>'
            '<span id="{id}_status" class="form-text d-block" aria-live="polite">{status}</span>'
            "</div>",
            url=self._url(),
            sid=f"{select_id}_search",
            id=select_id,
            hint=_("Type a few letters to search"),
            name=name,
            attrs=flatatt(final_attrs),
            options=options,
            status=status,
            none=_("Nothing found: try other letters."),
            one=_("1 found: choose it in the list."),
            many=_("%s found: choose in the list."),
            failed=_("The search did not answer: try again."),
        )


class SearchSelect(_SearchChoice, forms.Select):
    """A choice among thousands: a search field and a list holding only the chosen option and, as
    the person types, what the lookup finds (portal/lookups.py, static/js/search-select.js).

    Rendering never walks the field's queryset: the chosen value's label is one query by key. The
    form field keeps its queryset, so a posted value is validated against what the user may pick.
    """

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.translation import gettext as _

        empty = getattr(self.choices, "field", None)
        empty_label = getattr(empty, "empty_label", None) or "---------"
        chosen = self._chosen([value])[:1]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            [("", mark_safe("" if chosen else " selected"), empty_label)]
            + [(pk, mark_safe(" selected"), label) for pk, label in chosen],
        )
        return self._render_box(
            name, attrs, options, status=_("Type in the search field above, then choose in the list.")
        )


class SearchSelectMultiple(_SearchChoice, forms.SelectMultiple):
    """Several choices among thousands: a `<select multiple>` holding only the chosen options and what
    the search finds; a new search keeps every option chosen (static/js/search-select.js), and a
    click chooses or takes back one option without dropping the others."""

    def __init__(self, lookup: str, attrs=None, *, exclude=None):
        super().__init__(lookup, {"size": 8, **(attrs or {})}, exclude=exclude)

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.translation import gettext as _

        values = value if isinstance(value, list | tuple) else [value]
        options = format_html_join("", '<option value="{}" selected>{}</option>', self._chosen(values))
        return self._render_box(
            name,
            {**(attrs or {}), "multiple": True},
            options,
            status=_(
                "Type in the search field above, then click in the list each one you choose; a second"
                " click takes it back."
            ),
        )


def search_select(field: forms.ModelChoiceField, lookup: str, *, exclude=None) -> None:
    """Give an existing form field a `SearchSelect` (a `SearchSelectMultiple` for a multiple choice),
    after its queryset is set."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget = (SearchSelectMultiple if multiple else SearchSelect)(
        lookup, attrs=field.widget.attrs, exclude=exclude
    )
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget
