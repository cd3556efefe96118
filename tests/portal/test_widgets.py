"""FastSelect writes exactly what Django's Select writes, without a template per option."""

import re

import pytest
from django import forms

from groups.models import WorkingGroup
from portal.widgets import FastSelect, FastSelectsMixin

CHOICES = [("", "All"), ("x", "X <b> & co"), (0, "Zero"), ("G", [("g1", "G1"), ("g2", "G2")])]


def same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


@pytest.mark.parametrize("value", [None, "", "x", 0, "g2"])
def test_same_html_as_django_select(value):
    class Form(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES, required=False)
        fast = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)

    form = Form({"plain": value, "fast": value} if value is not None else None)
    assert same(str(form["plain"]).replace("plain", "F"), str(form["fast"]).replace("fast", "F"))


@pytest.mark.django_db
def test_mixin_swaps_model_choice_selects_and_keeps_the_selection(seeded):
    group = WorkingGroup.objects.get(slug="youth")

    class Form(FastSelectsMixin, forms.Form):
        group = forms.ModelChoiceField(queryset=WorkingGroup.objects.order_by("name_en"), required=False)

    form = Form({"group": group.pk})
    assert isinstance(form.fields["group"].widget, FastSelect)
    html = str(form["group"])
    assert f'<option value="{group.pk}" selected>Youth</option>' in html
    assert html.count("<option") == WorkingGroup.objects.count() + 1
    assert form.is_valid() and form.cleaned_data["group"] == group
