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
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        options = []
        for group_name, group_options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        option["value"] if option["value"] is not None else "",
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                    for option in group_options
                ),
            )
            options.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),
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
