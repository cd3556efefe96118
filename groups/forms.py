from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Jurisdiction

from .models import Category, Stage


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("All categories")
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.filter(in_region=True),
        required=False,
        empty_label=_("All jurisdictions"),
    )
