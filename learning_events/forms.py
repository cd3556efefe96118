from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from organisations.models import Jurisdiction, Provider
from portal.forms import BilingualFormMixin, LocalizedIntegerField, ModelMultipleChoiceField, number_formfield
from portal.widgets import FastSelectsMixin, SearchSelect, SearchSelectMultiple, search_select

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
    SeriesException,
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


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class EventFilterForm(FastSelectsMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.only("pk", "slug", "name_en", "name_fr").order_by("name_en"),
        required=False,
        empty_label=_("All groups"),
        widget=SearchSelect("groups"),  # hundreds of groups, thousands at scale: searched as typed
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
            "last_day",
            "month",
            "season",
            "year",
            "start_time",
            "end_time",
            "time_zone",
            "join_url",
            "join_details",
            "capacity",
            "content_en",
            "content_fr",
            "notes_en",
            "notes_fr",
        ]
        formfield_callback = number_formfield
        widgets = {
            "on_date": DateInput(),
            "last_day": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
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
            "on_date": _("For a date to the day (the first day, for an event over several days)."),
            "start_time": _("Times are for an event dated to the day; give both or neither."),
            "season": _(
                "Fall 2018 runs from 23 September to 20 December 2018; winter 2019 from 21 December 2018."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.order_by("name_en")
        self.fields["series"].queryset = EventSeries.objects.select_related("group").order_by("slug")
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.all()
        # Groups and their series grow into the thousands: searched as staff type (issue 22).
        search_select(self.fields["group"], "groups")
        search_select(self.fields["series"], "series")

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
        if precision != fuzzy_dates.Precision.DAY:
            for name in ("last_day", "start_time", "end_time"):
                if data.get(name) and name not in self.errors:
                    self.add_error(
                        name, ValidationError(_("Only an event dated to the day has this."), code="not_day")
                    )
        on_date, last_day = data.get("on_date"), data.get("last_day")
        if on_date and last_day and last_day < on_date and "last_day" not in self.errors:
            self.add_error("last_day", ValidationError(_("The last day comes on or after the first.")))
        if bool(data.get("start_time")) != bool(data.get("end_time")):
            missing = "end_time" if data.get("start_time") else "start_time"
            if missing not in self.errors:
                self.add_error(
                    missing,
                    ValidationError(_("Give both the start and the end time, or neither."), code="times"),
                )
        series, group = data.get("series"), data.get("group")
        if series and group and series.group_id != group.pk:
            self.add_error("series", ValidationError(_("The series belongs to another working group.")))
        return data


class SeriesForm(BilingualFormMixin, FastSelectsMixin, forms.ModelForm):
    """A series and its recurrence, built from plain choices: repeats every N weeks, months or
    years, optionally on the first...last weekday ("every 3 months on the third Wednesday")."""

    class Meta:
        model = EventSeries
        fields = [
            "group", "title_en", "title_fr", "cadence", "format", "status",
            "frequency", "interval", "ordinal", "weekday", "first_date", "until",
            "start_time", "end_time", "time_zone", "notes_en", "notes_fr",
        ]  # fmt: skip
        formfield_callback = number_formfield
        widgets = {
            "notes_en": forms.Textarea(attrs={"rows": 3}),
            "notes_fr": forms.Textarea(attrs={"rows": 3}),
            "first_date": DateInput(),
            "until": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
        }
        help_texts = {
            "ordinal": _(
                "With a weekday: the third Wednesday of the month. Empty: the day of the month of the "
                "first occurrence."
            ),
            "until": _("Empty: the series goes on."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.order_by("name_en")
        search_select(self.fields["group"], "groups")


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
        widget=SearchSelect("groups"),  # hundreds of groups, thousands at scale: searched as typed
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
        search_select(self.fields["group"], "groups")


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
        widget=SearchSelect("provider-accounts"),
    )
    provider = forms.ModelChoiceField(
        label=_("Provider organisation"),
        queryset=Provider.objects.all(),
        required=False,
        empty_label=_("No provider organisation"),
        widget=SearchSelect("providers"),
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


class SeriesExceptionForm(forms.ModelForm):
    """One occurrence cancelled, or moved to another day."""

    class Meta:
        model = SeriesException
        fields = ["original_date", "kind", "new_date", "note"]
        widgets = {"original_date": DateInput(), "new_date": DateInput()}
        help_texts = {"new_date": _("Only for an occurrence moved.")}

    def clean(self):
        data = super().clean()
        if data.get("kind") == "moved" and not data.get("new_date") and "new_date" not in self.errors:
            self.add_error(
                "new_date", ValidationError(_("Say the day the occurrence moves to."), code="required")
            )
        if data.get("kind") == "cancelled":
            data["new_date"] = None
        return data


# --- Questionnaires answered online (learning_events/questionnaires.py) ------------------------
class QuestionnaireForm(forms.ModelForm):
    class Meta:
        from .models import Questionnaire

        model = Questionnaire
        fields = ["kind", "title_en", "title_fr", "intro_en", "intro_fr", "anonymous"]
        widgets = {
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "intro_fr": forms.Textarea(attrs={"rows": 3}),
        }


class QuestionForm(forms.ModelForm):
    class Meta:
        from .models import Question

        model = Question
        fields = ["kind", "text_en", "text_fr", "choices_en", "choices_fr", "required"]
        widgets = {
            "choices_en": forms.Textarea(attrs={"rows": 4}),
            "choices_fr": forms.Textarea(attrs={"rows": 4}),
        }


class SendQuestionnaireForm(FastSelectsMixin, forms.Form):
    providers = ModelMultipleChoiceField(
        label=_("Organisations concerned"),
        queryset=Provider.objects.order_by("name"),
        required=False,
        help_text=_(
            "A needs survey goes to the staff accounts of these organisations. An evaluation goes to "
            "the event's registered participants."
        ),
        # 20,000 providers at scale 100: searched as the sender types, each one kept once chosen.
        widget=SearchSelectMultiple("questionnaire-providers"),
    )


RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class AnswerForm(forms.Form):
    """One field per question, in the reader's language: a choice, a rating from 1 to 5, or text."""

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import QuestionKind

        for question in questionnaire.questions.all():
            name = f"q{question.pk}"
            label = str(question.text)
            if question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    choices=[(str(i), text) for i, text in enumerate(question.choice_labels())],
                    widget=forms.RadioSelect,
                )
            elif question.kind == QuestionKind.RATING:
                field = forms.ChoiceField(
                    choices=RATING_CHOICES,
                    widget=forms.RadioSelect,
                    help_text=_("1: not at all, 5: very much."),
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
            field.label = label
            field.required = question.required
            self.fields[name] = field
