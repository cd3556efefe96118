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
