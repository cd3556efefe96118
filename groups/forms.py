"""Filter and edit forms of the groups app (the edit forms render through portal/form.html)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.models import Jurisdiction, Provider, UmbrellaOrganisation
from portal.fiscal import fiscal_year_choices
from portal.forms import BilingualFormMixin, ModelMultipleChoiceField, number_formfield
from portal.models import User
from portal.widgets import FastSelectsMixin, search_select

from .models import (
    UMBRELLA_KINDS,
    Category,
    Committee,
    CommitteeKind,
    CommitteeMember,
    CommunityOfPractice,
    Meeting,
    NationalCommunityLink,
    Stage,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)
from .permissions import providers_a_chair_may_seat
from .services import validate_minutes_file

#: Path segments of the app's own pages: a group cannot take them as its short name.
RESERVED_SLUGS = {"new", "committees", "members", "meetings", "work-plans", "work-plan-items", "communities"}


def _ircc_users():
    return User.objects.filter(role__in=["staff", "admin"], is_active=True).order_by("first_name", "username")


class IrccUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class GroupFilterForm(FastSelectsMixin, forms.Form):
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
    lead = IrccUserChoiceField(
        label=_("IRCC lead"), queryset=_ircc_users(), required=False, empty_label=_("Any lead")
    )


class _CrispyModelForm(BilingualFormMixin, FastSelectsMixin, forms.ModelForm):
    """The groups' edit forms; portal/form.html renders them (tag, enctype, `submit_label` button),
    each `X_en`/`X_fr` pair side by side."""

    submit_label = _("Save")


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GroupForm(_CrispyModelForm):
    lead = IrccUserChoiceField(label=_("IRCC lead"), queryset=_ircc_users(), required=False)

    class Meta:
        model = WorkingGroup
        fields = [
            "name_en",
            "name_fr",
            "slug",
            "category",
            "parent",
            "stage",
            "mandate_en",
            "mandate_fr",
            "jurisdictions",
            "depends_on",
            "lead",
            "national_scale",
            "order",
        ]
        field_classes = {"jurisdictions": ModelMultipleChoiceField, "depends_on": ModelMultipleChoiceField}
        formfield_callback = number_formfield
        widgets = {
            "jurisdictions": forms.CheckboxSelectMultiple,
            "mandate_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _ircc_users()
        self.fields["jurisdictions"].queryset = Jurisdiction.objects.filter(in_region=True)
        self.fields["mandate_fr"].widget = forms.Textarea(attrs={"rows": 4})
        others = (
            WorkingGroup.objects.exclude(pk=self.instance.pk) if self.instance.pk else WorkingGroup.objects
        )
        # Only top-level groups can be parents: the tree is two levels deep.
        self.fields["parent"].queryset = others.filter(parent__isnull=True)
        self.fields["depends_on"].queryset = others.all()
        # Hundreds of groups, thousands at scale: searched as staff type, never listed whole (issue 22).
        search_select(self.fields["parent"], "parent-groups", exclude=self.instance.pk)
        search_select(self.fields["depends_on"], "groups", exclude=self.instance.pk)

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This short name is reserved; choose another one."))
        return slug


class CommitteeForm(_CrispyModelForm):
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For an advisory body: the fiscal year of the learning event it prepares."),
    )

    class Meta:
        model = Committee
        fields = [
            "kind",
            "name_en",
            "name_fr",
            "fiscal_year",
            "host_organisation",
            "terms_of_reference_en",
            "terms_of_reference_fr",
            "min_meetings_per_year",
        ]
        formfield_callback = number_formfield
        widgets = {
            "terms_of_reference_en": forms.Textarea(attrs={"rows": 4}),
            "terms_of_reference_fr": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", "---------"), *fiscal_year_choices()]
        umbrella = bool(self.instance.umbrella_id)
        self.fields["kind"].choices = [
            (value, label) for value, label in CommitteeKind.choices if (value in UMBRELLA_KINDS) == umbrella
        ]


class MemberForm(_CrispyModelForm):
    one_language_required = ("person_name",)
    user = forms.ModelChoiceField(
        label=_("portal account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Link an account so the person sees this committee in the portal."),
    )

    class Meta:
        model = CommitteeMember
        fields = [
            "person_name_en",
            "person_name_fr",
            "role",
            "provider",
            "organisation_name_en",
            "organisation_name_fr",
            "jurisdiction",
            "user",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.order_by("name")
        if editor is not None and editor.is_ircc_staff:
            # Every account and provider: searched as staff type, never listed whole.
            self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")
            search_select(self.fields["user"], "accounts")
            search_select(self.fields["provider"], "providers")
        else:
            # A chair from a provider may not browse the portal's accounts, and seats only providers:
            # its own and those already on the committee (IRCC and other seats are staff's).
            del self.fields["user"]
            committee = self.instance.committee if self.instance.committee_id else None
            allowed = providers_a_chair_may_seat(editor, committee) if editor is not None else set()
            self.fields["provider"].queryset = Provider.objects.filter(pk__in=allowed).order_by("name")
            self.fields["provider"].required = True
            self.fields["provider"].help_text = _(
                "Chairs seat their own organisation or a provider already on the committee; ask IRCC staff"
                " for any other seat."
            )
            del self.fields["organisation_name_en"], self.fields["organisation_name_fr"]

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("organisation_name_en") or cleaned.get("organisation_name_fr")
        if cleaned.get("provider") and other:
            self.add_error(
                "organisation_name_en",
                _("Choose a provider or name another organisation, not both."),
            )
        return cleaned


class WorkPlanForm(_CrispyModelForm):
    fiscal_year = forms.TypedChoiceField(label=_("fiscal year"), coerce=int)

    class Meta:
        model = WorkPlan
        fields = ["fiscal_year", "summary_en", "summary_fr"]
        widgets = {
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "summary_fr": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        organisation = obj.provider.name if obj.provider_id else _("IRCC")
        return f"{obj.display_name} ({organisation})"


class SeatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.person_name} ({obj.committee.name}, {obj.get_role_display()})"


class WorkPlanItemForm(_CrispyModelForm):
    owner_member = SeatChoiceField(
        label=_("Owner: a member of the group's committees"),
        queryset=CommitteeMember.objects.none(),
        required=False,
    )
    owner_user = PersonChoiceField(
        label=_("Owner: a portal account"), queryset=User.objects.none(), required=False
    )

    one_language_required = ("title",)

    class Meta:
        model = WorkPlanItem
        fields = [
            "title_en", "title_fr", "owner_member", "owner_user", "owner",
            "due_date", "status", "notes_en", "notes_fr",
        ]  # fmt: skip
        widgets = {
            "due_date": DATE_INPUT,
            "notes_en": forms.Textarea(attrs={"rows": 3}),
            "notes_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.work_plan if self.instance.work_plan_id else None
        seats = CommitteeMember.objects.select_related("committee").order_by(
            "person_name_en", "person_name_fr", "pk"
        )
        self.fields["owner_member"].queryset = (
            seats.filter(committee__group_id=plan.group_id) if plan else seats.none()
        )
        self.fields["owner_user"].queryset = (
            User.objects.filter(is_active=True).select_related("provider").order_by("first_name", "username")
        )
        # Every account of the portal: searched as staff type, never listed whole (issue 22).
        search_select(self.fields["owner_user"], "accounts")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner_member") and cleaned.get("owner_user"):
            self.add_error(
                "owner_user", _("Choose either a portal account or a committee member as owner, not both.")
            )
        return cleaned


class WorkPlanItemFilterForm(FastSelectsMixin, forms.Form):
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(self, *args, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Everyone")), *owners]


class MeetingForm(_CrispyModelForm):
    minutes = forms.FileField(
        label=_("minutes"),
        required=False,
        help_text=_("A PDF, Word, OpenDocument text or RTF document. Leave empty to keep the current file."),
    )

    class Meta:
        model = Meeting
        # `minutes` is a plain form field: the service stores the file, under a random name.
        fields = ["date", "format", "attendees", "attendee_count", "decisions_en", "decisions_fr"]
        formfield_callback = number_formfield
        field_classes = {"attendees": ModelMultipleChoiceField}
        widgets = {
            "date": DATE_INPUT,
            "attendees": forms.CheckboxSelectMultiple,
            "decisions_en": forms.Textarea(attrs={"rows": 4}),
            "decisions_fr": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = CommitteeMember.objects.filter(
            committee_id=self.instance.committee_id
        ).order_by("person_name_en", "person_name_fr")

    def clean_minutes(self):
        upload = self.cleaned_data.get("minutes")
        if upload:
            validate_minutes_file(upload)
        return upload


class CommunityForm(_CrispyModelForm):
    class Meta:
        model = CommunityOfPractice
        fields = ["name_en", "name_fr", "slug", "description_en", "description_fr", "group", "umbrellas"]
        field_classes = {"umbrellas": ModelMultipleChoiceField}
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "umbrellas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["umbrellas"].queryset = UmbrellaOrganisation.objects.all()
        search_select(self.fields["group"], "groups")


class CommunityLinkForm(_CrispyModelForm):
    submit_label = _("Add the link")
    url = forms.URLField(label=_("address"), assume_scheme="https")

    class Meta:
        model = NationalCommunityLink
        fields = ["name", "url"]
