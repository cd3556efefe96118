from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Jurisdiction
from pd_budget.models import CentreType
from portal.fiscal import fiscal_year_choices
from portal.forms import number_formfield
from portal.widgets import FastSelectsMixin

from .models import STAFF_FIELDS, PDNeed, PDTemplate, SurveyCycle, Theme

YES_NO = [("True", _("Yes")), ("False", _("No"))]


class CycleForm(forms.ModelForm):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=())

    class Meta:
        model = SurveyCycle
        fields = ["fiscal_year", "opens_on", "closes_on", "first_reminder_on", "second_reminder_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "first_reminder_on": forms.DateInput(attrs={"type": "date"}),
            "second_reminder_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()
        if self.instance.pk:
            self.fields["fiscal_year"].disabled = True


class PDTemplateForm(forms.ModelForm):
    """The template's own answers; every field may be left empty in a draft (submission checks)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    can_identify_needs = forms.NullBooleanField(
        label=_("Could your organisation identify its PD needs?"),
        required=False,
        widget=forms.RadioSelect(choices=YES_NO),
    )
    can_cost_needs = forms.NullBooleanField(
        label=_("Could your organisation estimate what its PD needs cost?"),
        required=False,
        widget=forms.RadioSelect(choices=YES_NO),
    )

    class Meta:
        model = PDTemplate
        fields = ["current_pd_funding", *STAFF_FIELDS, "can_identify_needs", "can_cost_needs", "comments"]
        formfield_callback = number_formfield
        help_texts = {
            "current_pd_funding": _("Your PD budget for this fiscal year, in dollars, from every source."),
        }
        widgets = {"comments": forms.Textarea(attrs={"rows": 3})}

    def template_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class _ConfirmField(forms.MultipleChoiceField):
    """The figures shown, as checkboxes; a key no longer shown (someone changed the draft since) is
    passed on, so the service's version check answers rather than a bare "not a valid choice"."""

    def valid_value(self, value) -> bool:
        return isinstance(value, str) and 0 < len(value) <= 100


class SubmitReviewForm(forms.Form):
    """The review step: the version the summary shows, and a confirmation of each outlying figure."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = _ConfirmField(
        label=_("Figures far from what we expected"),
        help_text=_("Tick each figure you confirm is right, or go back and correct it."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, outliers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].choices = [
            (o.key, _("I confirm: %(message)s") % {"message": o.message}) for o in outliers
        ]


class NeedForm(FastSelectsMixin, forms.ModelForm):
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose a theme, or describe another below"),
    )

    class Meta:
        model = PDNeed
        fields = ["theme", "theme_text", "description", "people", "estimated_cost", "delivery", "scope"]
        formfield_callback = number_formfield
        labels = {
            "theme_text": _("Other theme (if it is not in the list)"),
            "people": _("Number of people"),
            "estimated_cost": _("Estimated cost ($)"),
        }
        help_texts = {"estimated_cost": _("Leave empty if the cost is unknown.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery"].choices = [("", _("Not answered yet")), *self.fields["delivery"].choices[1:]]
        self.fields["scope"].choices = [("", _("Not answered yet")), *self.fields["scope"].choices[1:]]

    def need_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("DELETE", "id")}


class BaseNeedFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[NeedForm]:
        """The needs to save, in order: saved ones and filled-in new ones, not marked for deletion."""
        return [
            form
            for i, form in enumerate(self.forms)
            if (i < self.initial_form_count() or form.has_changed()) and not self._should_delete_form(form)
        ]


NeedFormSet = forms.formset_factory(
    NeedForm, formset=BaseNeedFormSet, extra=1, can_delete=True, max_num=100, validate_max=True
)


def need_initial(template: PDTemplate | None) -> list[dict]:
    if template is None:
        return []
    return [
        {
            "theme": need.theme_id,
            "theme_text": need.theme_text,
            "description": need.description,
            "people": need.people,
            "estimated_cost": need.estimated_cost,
            "delivery": need.delivery,
            "scope": need.scope,
        }
        for need in template.needs.all()
    ]


class AnalysisFilterForm(FastSelectsMixin, forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.filter(in_region=True),
        required=False,
        empty_label=_("All jurisdictions"),
    )
    centre_type = forms.ChoiceField(
        label=_("Centre type"), choices=[("", _("All centre types")), *CentreType.choices], required=False
    )


class SurveyYearFilterForm(FastSelectsMixin, forms.Form):
    """The Reports page's filter: which survey."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = SurveyCycle.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
        from portal.fiscal import fiscal_year_label

        self.fields["fiscal_year"].choices = [("", _("Latest survey with templates"))] + [
            (y, fiscal_year_label(y)) for y in years
        ]


class EquityFilterForm(SurveyYearFilterForm):
    """The equity export's filter: by default the latest survey that has figures (an aggregated one);
    the choices say which years have none yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.fiscal import fiscal_year_label

        from .models import AggregationResult

        aggregated = set(AggregationResult.objects.values_list("cycle__fiscal_year", flat=True))
        latest = max(aggregated, default=None)
        default = (
            _("Latest aggregated survey (%(year)s)") % {"year": fiscal_year_label(latest)}
            if latest
            else _("Latest aggregated survey (none yet)")
        )
        self.fields["fiscal_year"].choices = [("", default)] + [
            (year, label if year in aggregated else _("%(year)s (not aggregated yet)") % {"year": label})
            for year, label in self.fields["fiscal_year"].choices[1:]
        ]
