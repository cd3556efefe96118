"""What the API shows of each record. Bilingual text comes three ways: `name` in the language asked
for (Accept-Language, with the other as fallback, portal.i18n.Translated) and `name_en`, `name_fr`."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from groups.models import Committee, CommitteeMember, Meeting, WorkingGroup, WorkPlan, WorkPlanItem
from learning_events.models import Evaluation, EventSeries, LearningEvent, ReportFile
from organisations.models import Provider
from pd_budget.models import Agreement, Category, PDRequest, Site, SiteFTE
from surveys.models import Delivery, PDNeed, PDTemplate, Scope, SurveyCycle, Theme


class _Bilingual(serializers.ModelSerializer):
    """Adds a read-only field per `Meta.translated` name, read through the model's Translated."""

    def get_fields(self):
        fields = super().get_fields()
        for name in getattr(self.Meta, "translated", ()):
            fields[name] = serializers.CharField(read_only=True)
        return fields


# --- groups -------------------------------------------------------------------------------------
class WorkingGroupSerializer(_Bilingual):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    jurisdictions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    lead = serializers.CharField(source="lead.display_name", read_only=True, default=None)

    class Meta:
        model = WorkingGroup
        fields = [
            "id", "slug", "name_en", "name_fr", "category", "parent", "stage",
            "mandate_en", "mandate_fr", "jurisdictions", "lead", "national_scale",
        ]  # fmt: skip
        translated = ("name", "mandate")


class CommitteeSerializer(_Bilingual):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    umbrella = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id", "kind", "name_en", "name_fr", "group", "umbrella", "fiscal_year", "host_organisation",
            "terms_of_reference_en", "terms_of_reference_fr", "min_meetings_per_year",
        ]  # fmt: skip
        translated = ("name", "terms_of_reference")


class CommitteeMemberSerializer(_Bilingual):
    provider = serializers.PrimaryKeyRelatedField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)
    jurisdiction = serializers.PrimaryKeyRelatedField(read_only=True)
    current = serializers.SerializerMethodField()

    class Meta:
        model = CommitteeMember
        fields = [
            "id", "committee", "person_name_en", "person_name_fr", "provider", "provider_name",
            "organisation_name_en", "organisation_name_fr", "jurisdiction", "role", "start_date",
            "end_date", "current",
        ]  # fmt: skip
        translated = ("person_name", "organisation_name")

    def get_current(self, member) -> bool:
        return member.is_current()


class MeetingSerializer(_Bilingual):
    has_minutes = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "committee", "date", "format", "attendee_count", "decisions_en", "decisions_fr",
                  "has_minutes"]  # fmt: skip
        translated = ("decisions",)

    def get_has_minutes(self, meeting) -> bool:
        return bool(meeting.minutes)


class WorkPlanItemSerializer(_Bilingual):
    class Meta:
        model = WorkPlanItem
        fields = ["id", "title_en", "title_fr", "owner", "due_date", "status", "notes_en", "notes_fr"]
        translated = ("title", "notes")


class WorkPlanSerializer(_Bilingual):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    items = WorkPlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = WorkPlan
        fields = ["id", "group", "fiscal_year", "summary_en", "summary_fr", "items"]
        translated = ("summary",)


# --- learning events ----------------------------------------------------------------------------
class LearningEventSerializer(_Bilingual):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    series = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    jurisdiction = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = LearningEvent
        fields = [
            "id", "slug", "group", "series", "title_en", "title_fr", "format", "city", "jurisdiction",
            "host_organisation", "status", "precision", "on_date", "year", "month", "season",
            "starts_on", "ends_on", "content_en", "content_fr", "notes_en", "notes_fr",
        ]  # fmt: skip
        translated = ("title", "content", "notes")


class EventSeriesSerializer(_Bilingual):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = EventSeries
        fields = ["id", "slug", "group", "title_en", "title_fr", "cadence", "format", "status", "notes_en",
                  "notes_fr"]  # fmt: skip
        translated = ("title", "notes")


class ReportFileSerializer(_Bilingual):
    evaluation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    download = serializers.HyperlinkedIdentityField(view_name="api:reportfile-download")

    class Meta:
        model = ReportFile
        fields = ["id", "evaluation", "kind", "title_en", "title_fr", "original_name", "content_type", "size",
                  "uploaded_at", "download"]  # fmt: skip
        translated = ("title",)


class EvaluationSerializer(_Bilingual):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    jurisdiction = serializers.PrimaryKeyRelatedField(read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id", "slug", "subject_en", "subject_fr", "evaluator_organisation_en",
            "evaluator_organisation_fr", "city", "jurisdiction", "group", "status", "commissioned_on",
            "draft_received_on", "final_received_on", "summary_en", "summary_fr", "files",
        ]  # fmt: skip
        translated = ("subject", "summary", "evaluator_organisation")

    def get_files(self, evaluation) -> list[int]:
        """Only the files the user may download (evaluation_list's `visible_files`)."""
        return [f.pk for f in getattr(evaluation, "visible_files", [])]


# --- providers and the PD budget ----------------------------------------------------------------
class ProviderSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.PrimaryKeyRelatedField(read_only=True)
    umbrella = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Provider
        fields = ["id", "name", "jurisdiction", "umbrella"]


class SiteFTESerializer(serializers.ModelSerializer):
    class Meta:
        model = SiteFTE
        fields = ["fiscal_year", "language_fte", "settlement_fte"]


class SiteSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.PrimaryKeyRelatedField(read_only=True)
    ftes = SiteFTESerializer(many=True, read_only=True)

    class Meta:
        model = Site
        fields = ["id", "provider", "name", "city", "jurisdiction", "centre_type", "is_head_office", "ftes"]


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "provider", "number", "fiscal_year", "stream", "amount"]


class BalanceLineSerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    allocated = serializers.DecimalField(max_digits=12, decimal_places=2)
    approved = serializers.DecimalField(max_digits=12, decimal_places=2)
    pending = serializers.DecimalField(max_digits=12, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=12, decimal_places=2)


class AllocationSerializer(serializers.Serializer):
    provider = serializers.IntegerField()
    fiscal_year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=12, decimal_places=2)
    lines = BalanceLineSerializer(many=True)


class PDRequestSerializer(_Bilingual):
    designated_conference = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = PDRequest
        fields = [
            "id", "provider", "fiscal_year", "category", "amount", "conference_name",
            "designated_conference", "description", "status", "requested_at", "decided_at", "reason_en",
            "reason_fr",
        ]  # fmt: skip
        translated = ("reason",)


class PDRequestCreateSerializer(serializers.Serializer):
    """What a provider sends to file a PD request; the service checks the rest (open year, the cap)."""

    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)
    category = serializers.ChoiceField(choices=Category.choices)
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("99999999.99")
    )
    designated_conference = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("The acronym: P2P, Metropolis, CCR.")
    )
    conference_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)


# --- surveys ------------------------------------------------------------------------------------
class SurveyCycleSerializer(serializers.ModelSerializer):
    fiscal_year_label = serializers.CharField(read_only=True)

    class Meta:
        model = SurveyCycle
        fields = ["fiscal_year", "fiscal_year_label", "opens_on", "closes_on", "status"]


class PDNeedSerializer(serializers.ModelSerializer):
    theme = serializers.SlugRelatedField(
        slug_field="code", queryset=Theme.objects.filter(is_active=True), required=False, allow_null=True
    )
    theme_text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    people = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1_000_000)
    estimated_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=Decimal("0")
    )
    delivery = serializers.ChoiceField(choices=Delivery.choices, required=False, allow_blank=True)
    scope = serializers.ChoiceField(choices=Scope.choices, required=False, allow_blank=True)

    class Meta:
        model = PDNeed
        fields = ["theme", "theme_text", "description", "people", "estimated_cost", "delivery", "scope"]


_STAFF = {"required": False, "allow_null": True, "min_value": 0, "max_value": 100_000}


class PDTemplateSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.fiscal_year", read_only=True)
    needs = PDNeedSerializer(many=True, read_only=True)

    class Meta:
        model = PDTemplate
        fields = [
            "id", "cycle", "provider", "status", "version", "current_pd_funding",
            "practitioners_language", "practitioners_settlement", "coordinators_language",
            "coordinators_settlement", "managers_language", "managers_settlement", "other_language",
            "other_settlement", "can_identify_needs", "can_cost_needs", "comments", "updated_at",
            "submitted_at", "needs",
        ]  # fmt: skip
        read_only_fields = fields


class PDTemplateDraftSerializer(serializers.Serializer):
    """A draft as the template page saves it: partial answers allowed, `version` as last read (0 for
    a template not started), `needs` replacing the saved ones as a whole."""

    version = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    current_pd_funding = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=Decimal("0")
    )
    practitioners_language = serializers.IntegerField(**_STAFF)
    practitioners_settlement = serializers.IntegerField(**_STAFF)
    coordinators_language = serializers.IntegerField(**_STAFF)
    coordinators_settlement = serializers.IntegerField(**_STAFF)
    managers_language = serializers.IntegerField(**_STAFF)
    managers_settlement = serializers.IntegerField(**_STAFF)
    other_language = serializers.IntegerField(**_STAFF)
    other_settlement = serializers.IntegerField(**_STAFF)
    can_identify_needs = serializers.BooleanField(required=False, allow_null=True)
    can_cost_needs = serializers.BooleanField(required=False, allow_null=True)
    comments = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    needs = PDNeedSerializer(many=True, required=False)

    def validate_needs(self, needs):
        if len(needs) > 100:
            raise serializers.ValidationError(_("At most 100 PD needs."))
        return needs


class PDTemplateSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2_147_483_647)
    confirmed = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100, default=list
    )
