from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.fiscal import current_fiscal_year, fiscal_year_choices
from portal.forms import LocalizedIntegerField
from portal.widgets import FastSelectsMixin, search_select

from .lookups import work_plan_item_label
from .models import ActionItem, BriefingFormat, ManagementResponse, Recommendation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecommendationForm(forms.ModelForm):
    number = LocalizedIntegerField(
        label=_("Number"), min_value=1, max_value=999, help_text=_("Its number in the report.")
    )

    class Meta:
        model = Recommendation
        fields = ["number", "text_en", "text_fr"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 4}),
            "text_fr": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"text_fr": _("Write it in English, in French, or both.")}


class ManagementResponseForm(forms.ModelForm):
    class Meta:
        model = ManagementResponse
        fields = ["position", "text_en", "text_fr", "responded_on"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 4}),
            "text_fr": forms.Textarea(attrs={"rows": 4}),
            "responded_on": DateInput(),
        }


class ActionItemForm(FastSelectsMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text_en", "text_fr", "owner", "due_date", "status", "work_plan_item"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        from groups.models import WorkPlanItem

        super().__init__(*args, **kwargs)
        # Owners: active accounts (IRCC staff first); linkable items: every group's work-plan items.
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("-role", "last_name", "first_name", "username")
        )
        self.fields["owner"].label_from_instance = lambda u: u.display_name
        self.fields["work_plan_item"].queryset = WorkPlanItem.objects.select_related(
            "work_plan__group"
        ).order_by("work_plan__group__name_en", "-work_plan__fiscal_year", "title_en")
        self.fields["work_plan_item"].label_from_instance = work_plan_item_label
        self.fields["work_plan_item"].help_text = _(
            "Optional: the group work-plan item this action is part of."
        )
        # Every account and every group's items of every year: searched as staff type (issue 22).
        search_select(self.fields["owner"], "accounts")
        search_select(self.fields["work_plan_item"], "work-plan-items")


class BriefingForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=())
    language = forms.ChoiceField(label=_("Language"), choices=[("en", _("English")), ("fr", _("French"))])
    file_format = forms.ChoiceField(label=_("Format"), choices=BriefingFormat.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices(2016)
        self.fields["fiscal_year"].initial = current_fiscal_year()
