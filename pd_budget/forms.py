from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Jurisdiction, UmbrellaOrganisation
from portal.fiscal import default_fiscal_year, fiscal_year_label
from portal.forms import BilingualFormMixin, LocalizedDecimalField, ModelMultipleChoiceField
from portal.uploads import XLSX_TYPE
from portal.widgets import FastSelectsMixin

from . import selectors
from .models import Category, CentreType, DesignatedConference, RequestStatus, Stream


def policy_year_choices() -> list[tuple[int, str]]:
    return [(year, fiscal_year_label(year)) for year in selectors.policy_years()]


class FiscalYearForm(FastSelectsMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = policy_year_choices()

    def year_or_default(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return default_fiscal_year(selectors.policy_years())


class OverviewFilterForm(FiscalYearForm):
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.all(),
        required=False,
        empty_label=_("All jurisdictions"),
    )
    centre_type = forms.ChoiceField(
        label=_("Centre type of a site"),
        choices=[("", _("All centre types")), *CentreType.choices],
        required=False,
    )
    umbrella = forms.ModelChoiceField(
        label=_("Umbrella organisation"),
        queryset=UmbrellaOrganisation.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    q = forms.CharField(label=_("Provider name"), required=False, max_length=100)


class RequestFilterForm(FastSelectsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *RequestStatus.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *Category.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All years")), *policy_year_choices()]


def open_year_choices() -> list[tuple[int, str]]:
    from .services.years import open_fiscal_years

    return [(year, fiscal_year_label(year)) for year in open_fiscal_years()]


class PDRequestForm(FastSelectsMixin, forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"),
        coerce=int,
        help_text=_("Requests are made for the current fiscal year, or the next once its policy is set."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    amount = LocalizedDecimalField(
        label=_("Amount ($)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2, money=True
    )
    designated_conference = forms.ModelChoiceField(
        label=_("Designated conference"),
        queryset=DesignatedConference.objects.filter(is_active=True),
        required=False,
        empty_label=_("Another conference (staff decide case by case)"),
        help_text=_("P2P, Metropolis and CCR are eligible at once; any other conference waits for approval."),
    )
    conference_name = forms.CharField(
        label=_("Conference name"),
        required=False,
        max_length=200,
        help_text=_("For a conference that is not in the list above."),
    )
    conference_starts_on = forms.DateField(
        label=_("Conference date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The first day of the conference."),
    )
    conference_place = forms.CharField(
        label=_("Conference place (optional)"),
        required=False,
        max_length=200,
        help_text=_("City, or online."),
    )
    description = forms.CharField(
        label=_("Purpose (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    # The form's one-time token (services.requests.issue_request_token): the same form books once.
    submit_token = forms.CharField(widget=forms.HiddenInput, max_length=400)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = open_year_choices()
        self.fields["submit_token"].error_messages["required"] = _(
            "This form cannot be sent as it is: reload the page and submit the request again."
        )

    def clean(self):
        cleaned = super().clean()
        if "submit_token" in self.errors:
            # A hidden field: say it where the user reads it, above the form.
            self.add_error(None, self.errors.pop("submit_token"))
        return cleaned


def _reason_field(label, *, rows: int, help_text="") -> forms.CharField:
    """One language of a decision's reason: the pair needs one language (BilingualFormMixin)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=2000,
        required=False,
    )


class RefuseForm(BilingualFormMixin, forms.Form):
    one_language_required = ("reason",)

    reason_en = _reason_field(_("Reason for the refusal (English)"), rows=2)
    reason_fr = _reason_field(_("Reason for the refusal (French)"), rows=2)


class DecideForm(forms.Form):
    """The approval queue's decision on one or several waiting requests, with one reason; the first
    post shows what will be decided, the second (with `confirm`) decides."""

    requests = ModelMultipleChoiceField(label=_("Requests"), queryset=None, widget=forms.MultipleHiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to refuse)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("The provider reads it."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = queue
        self.fields["requests"].error_messages["required"] = _("Choose at least one request.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the refusal."))
        return cleaned


class CancelForm(BilingualFormMixin, forms.Form):
    one_language_required = ("reason",)

    reason_en = _reason_field(
        _("Reason for the cancellation (English)"),
        rows=3,
        help_text=_("The provider reads it; the amount returns to its balance."),
    )
    reason_fr = _reason_field(_("Reason for the cancellation (French)"), rows=3)


class DeclarationDecisionForm(forms.Form):
    confirm_overbooking = forms.BooleanField(
        label=_("Accept even though the bookings then exceed the allocation (flag it for IRCC staff)"),
        required=False,
    )


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("Sheets providers, sites and agreements, as the export writes them."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.PORTAL_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.")
                % {"mb": settings.PORTAL_MAX_UPLOAD_BYTES // 1_048_576}
            )
        return upload


class SiteFTEForm(forms.Form):
    """One pair of FTE inputs (language, settlement) per site of the provider, for one fiscal year."""

    def __init__(self, *args, sites, ftes: dict, read_only: bool = False, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = list(sites)
        self.read_only = read_only
        for site in self.sites:
            current = ftes.get(site.pk)
            for stream, label in (("language", _("Language FTEs")), ("settlement", _("Settlement FTEs"))):
                self.fields[f"{stream}_{site.pk}"] = LocalizedDecimalField(
                    label=f"{label}, {site.name}",
                    min_value=Decimal("0"),
                    max_digits=7,
                    decimal_places=2,
                    initial=getattr(current, f"{stream}_fte", Decimal("0")),
                )
                # A closed fiscal year's FTEs are history: shown, never changed (the service refuses too).
                self.fields[f"{stream}_{site.pk}"].disabled = read_only
        if staff and not read_only:
            self.fields["confirm_overbooking"] = forms.BooleanField(
                label=_("Save even if the bookings then exceed the allocation (flag it for IRCC staff)"),
                required=False,
            )

    def rows(self):
        return [(site, self[f"language_{site.pk}"], self[f"settlement_{site.pk}"]) for site in self.sites]

    def values(self) -> dict[int, tuple[Decimal, Decimal]]:
        return {
            site.pk: (self.cleaned_data[f"language_{site.pk}"], self.cleaned_data[f"settlement_{site.pk}"])
            for site in self.sites
        }


class ConsistencyFilterForm(FastSelectsMixin, forms.Form):
    """The consistency page and its export: a fiscal year and a stream; a jurisdiction and a centre
    type narrow the drill-down to the agreements."""

    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    stream = forms.ChoiceField(label=_("Stream"), choices=Stream.choices, required=False)
    jurisdiction = OverviewFilterForm.base_fields["jurisdiction"]  # the same filter (copied per form)
    centre_type = forms.ChoiceField(
        label=_("Centre type"), choices=[("", _("All centre types")), *CentreType.choices], required=False
    )
    outliers = forms.BooleanField(label=_("Outliers only"), required=False)

    def __init__(self, *args, **kwargs):
        from .services.consistency import agreement_years

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, fiscal_year_label(year)) for year in agreement_years()]

    def settings(self) -> dict:
        """The year (the latest with agreements by default) and the stream (language by default)."""
        from .services.consistency import agreement_years

        data = self.cleaned_data if self.is_valid() else {}
        years = agreement_years()
        return {
            "year": data.get("year") or (years[0] if years else None),
            "stream": data.get("stream") or Stream.LANGUAGE,
            "jurisdiction": getattr(data.get("jurisdiction"), "code", None),
            "centre_type": data.get("centre_type") or "",
            "outliers": bool(data.get("outliers")),
        }
