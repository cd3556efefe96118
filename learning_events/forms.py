from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from organisations.models import Jurisdiction, Provider
from portal.forms import BilingualFormMixin, LocalizedIntegerField, number_formfield
from portal.widgets import FastSelectsMixin

from . import fuzzy_dates, services
from .models import (
    Evaluation,
    EvaluationStatus,
    EventFormat,
    EventSeries,
    EventStatus,
    LearningEvent,
    NeedsSurvey,
    ParticipantRole,
    ReportKind,
)

MONTH_CHOICES = [
    ("", "---------"),
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventFilterForm(FastSelectsMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.only("pk", "slug", "name_en", "name_fr").order_by("name_en"),
        required=False,
        empty_label=_("All groups"),
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        queryset=Jurisdiction.objects.all(),
        required=False,
        empty_label=_("All jurisdictions"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *EventStatus.choices], required=False
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("All formats")), *EventFormat.choices], required=False
    )
    year = LocalizedIntegerField(
        label=_("Year"), required=False, min_value=1990, max_value=2100, grouping=False
    )


class EventForm(BilingualFormMixin, FastSelectsMixin, forms.ModelForm):
    """An event and its date with the precision the organisers know: a day, a month, a season, a
    fiscal year or a calendar year."""

    month = forms.TypedChoiceField(
        label=_("Month"), choices=MONTH_CHOICES, coerce=int, empty_value=None, required=False
    )
    year = LocalizedIntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        grouping=False,
        help_text=_("For a fiscal year, its first year: 2018 for 2018-19."),
    )

    class Meta:
        model = LearningEvent
        fields = [
            "group",
            "series",
            "title_en",
            "title_fr",
            "format",
            "city",
            "jurisdiction",
            "host_organisation",
            "status",
            "precision",
            "on_date",
            "month",
            "season",
            "year",
            "content_en",
            "content_fr",
            "notes_en",
            "notes_fr",
        ]
        widgets = {
            "on_date": DateInput(),
            "content_en": forms.Textarea(attrs={"rows": 3}),
            "content_fr": forms.Textarea(attrs={"rows": 3}),
            "notes_en": forms.Textarea(attrs={"rows": 2}),
            "notes_fr": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "precision": _(
                "Say how precise the date is, then fill in only what it needs: the date for a day; "
                "the month and year for a month; the season and year for a season; the year otherwise."
            ),
            "on_date": _("For a date to the day."),
            "season": _(
                "Fall 2018 runs from 23 September to 20 December 2018; winter 2019 from 21 December 2018."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.order_by("name_en")
        self.fields["series"].queryset = EventSeries.objects.select_related("group").order_by("slug")
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.all()

    def clean(self):
        data = super().clean()
        precision = data.get("precision")
        needs = fuzzy_dates.missing_anchors(precision, data)
        for field, message in needs:
            if field not in self.errors:
                self.add_error(field, ValidationError(message, code="required"))
        placeless = not data.get("city") and not data.get("jurisdiction")
        if (
            data.get("format") == EventFormat.IN_PERSON
            and placeless
            and data.get("status") == EventStatus.HELD
        ):
            self.add_error(
                "city", ValidationError(_("Say where an in-person event took place."), code="required")
            )
        series, group = data.get("series"), data.get("group")
        if series and group and series.group_id != group.pk:
            self.add_error("series", ValidationError(_("The series belongs to another working group.")))
        return data


class SeriesForm(BilingualFormMixin, FastSelectsMixin, forms.ModelForm):
    class Meta:
        model = EventSeries
        fields = ["group", "title_en", "title_fr", "cadence", "format", "status", "notes_en", "notes_fr"]
        widgets = {
            "notes_en": forms.Textarea(attrs={"rows": 3}),
            "notes_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.order_by("name_en")


class RegistrationForm(forms.Form):
    role = forms.ChoiceField(label=_("Your role"), choices=ParticipantRole.choices)
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction you work in"),
        queryset=Jurisdiction.objects.all(),
        required=False,
        help_text=_("Provider staff are counted under their organisation's jurisdiction."),
    )


class ParticipantEvaluationForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you with this event?"),
        choices=[
            (1, _("1 - Very dissatisfied")),
            (2, _("2 - Dissatisfied")),
            (3, _("3 - Neither satisfied nor dissatisfied")),
            (4, _("4 - Satisfied")),
            (5, _("5 - Very satisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class NeedsSurveyForm(BilingualFormMixin, FastSelectsMixin, forms.ModelForm):
    results_upload = forms.FileField(
        label=_("Results file"),
        required=False,
        help_text=_("PDF, Word, Excel or OpenDocument; checked by its content."),
    )

    class Meta:
        model = NeedsSurvey
        fields = [
            "run_by",
            "audience",
            "opens_on",
            "closes_on",
            "status",
            "respondents",
            "results_en",
            "results_fr",
        ]
        formfield_callback = number_formfield
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def clean_results_upload(self):
        upload = self.cleaned_data.get("results_upload")
        if upload:
            services.validate_upload(upload)
        return upload


class EvaluationFilterForm(FastSelectsMixin, forms.Form):
    q = forms.CharField(label=_("Search the reports"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *EvaluationStatus.choices], required=False
    )
    group = forms.ModelChoiceField(
        label=_("Commissioning group"),
        queryset=WorkingGroup.objects.only("pk", "slug", "name_en", "name_fr").order_by("name_en"),
        required=False,
        empty_label=_("All groups"),
    )


class EvaluationForm(BilingualFormMixin, FastSelectsMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "subject_en",
            "subject_fr",
            "evaluator_organisation_en",
            "evaluator_organisation_fr",
            "city",
            "jurisdiction",
            "group",
            "status",
            "commissioned_on",
            "draft_received_on",
            "final_received_on",
            "summary_en",
            "summary_fr",
        ]
        widgets = {
            "commissioned_on": DateInput(),
            "draft_received_on": DateInput(),
            "final_received_on": DateInput(),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.order_by("name_en")


class ReportUploadForm(BilingualFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    title_en = forms.CharField(
        label=_("Title (English)"),
        max_length=200,
        required=False,
        help_text=_("Leave both titles empty to use the file's name."),
    )
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument; checked by its content and size."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        services.validate_upload(upload)
        return upload


class GrantForm(FastSelectsMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("No single user"),
    )
    provider = forms.ModelChoiceField(
        label=_("Provider organisation"),
        queryset=Provider.objects.all(),
        required=False,
        empty_label=_("No provider organisation"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True, role="provider").order_by("username")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("provider")):
            raise ValidationError(_("Grant access to one user or to one provider organisation."))
        return data
