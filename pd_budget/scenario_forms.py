"""The forms of the PD policy what-if: a scenario's names, base policy, rates and mixed-sites rule,
its comparison and its export choice, and the administrator's adoption confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import LocalizedDecimalField
from portal.widgets import FastSelectsMixin

from .allocation_rule import POLICY_KEYS, Rates
from .models import MixedSites, PolicyYear, Scenario
from .services.scenarios import MAX_RATE

RATE_LABELS = {
    "conference_urban": _("Conference amount, large urban centre"),
    "conference_small": _("Conference amount, small centre"),
    "conference_north": _("Conference amount, North"),
    "language_per_fte": _("Amount per FTE, language stream"),
    "settlement_per_fte": _("Amount per FTE, settlement stream"),
}


class PolicyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.fiscal_year_label


class ScenarioForm(FastSelectsMixin, forms.ModelForm):
    """A scenario: its names (one language at least), the policy it starts from, its five rates
    (as the page's language writes numbers: « 1 500,00 » or 1,500.00) and its mixed-sites rule."""

    submit_label = _("Save the scenario")
    base_policy = PolicyChoiceField(
        label=_("Starts from the policy of"),
        queryset=PolicyYear.objects.order_by("-fiscal_year"),
        empty_label=None,
    )

    class Meta:
        model = Scenario
        fields = ["name_en", "name_fr", "base_policy", "mixed_sites"]
        widgets = {"mixed_sites": forms.RadioSelect}

    def __init__(self, *args, rates: Rates | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_en"].help_text = _("Name it in English, in French or both.")
        for key in POLICY_KEYS:
            self.fields[key] = LocalizedDecimalField(
                label=RATE_LABELS[key],
                money=True,
                min_value=0,
                max_value=MAX_RATE,
                max_digits=10,
                decimal_places=2,
                initial=rates.values()[key] if rates else None,
            )
        self.fields["mixed_sites"].label = _("Providers with sites of several centre types")

    def rates(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in POLICY_KEYS}

    def rates_are_valid(self) -> bool:
        """The rates, the base policy and the rule read (the names are only needed to save)."""
        self.is_valid()
        return all(
            name in self.cleaned_data and name not in self.errors
            for name in (*POLICY_KEYS, "base_policy", "mixed_sites")
        )


class ScenarioCompareForm(forms.Form):
    """Two or three saved scenarios, side by side (also the Excel export's choice)."""

    # Ids, not a queryset: the export job stores its filters as JSON.
    scenarios = forms.TypedMultipleChoiceField(
        label=_("Scenarios"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One, two or three (the export takes the three last saved when none is ticked)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenarios"].choices = [
            (scenario.pk, str(scenario)) for scenario in Scenario.objects.order_by("-updated_at", "-pk")
        ]

    def clean_scenarios(self):
        chosen = tuple(dict.fromkeys(self.cleaned_data["scenarios"]))
        if len(chosen) > 3:
            raise forms.ValidationError(_("Choose one, two or three scenarios."))
        return chosen


class ScenarioAdoptForm(forms.Form):
    confirm_overbooking = forms.BooleanField(
        label=_("Adopt even if waiting requests would exceed the new allocations (they are flagged)"),
        required=False,
    )


__all__ = ["MixedSites", "ScenarioAdoptForm", "ScenarioCompareForm", "ScenarioForm"]
