from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from organisations.models import Jurisdiction, Provider, UmbrellaOrganisation
from portal.models import User

from .models import (
    Category,
    Committee,
    CommitteeMember,
    CommunityOfPractice,
    Meeting,
    NationalCommunityLink,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
)


class CategoryResource(resources.ModelResource):
    class Meta:
        model = Category
        fields = ["code", "name_en", "name_fr", "order"]
        import_id_fields = ["code"]
        skip_unchanged = True
        use_transactions = True


class WorkingGroupResource(resources.ModelResource):
    category = fields.Field(
        attribute="category", column_name="category", widget=ForeignKeyWidget(Category, "code")
    )
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=ForeignKeyWidget(WorkingGroup, "slug")
    )
    jurisdictions = fields.Field(
        attribute="jurisdictions",
        column_name="jurisdictions",
        widget=ManyToManyWidget(Jurisdiction, field="code", separator=","),
    )
    lead = fields.Field(attribute="lead", column_name="lead", widget=ForeignKeyWidget(User, "username"))

    class Meta:
        model = WorkingGroup
        fields = [
            "slug",
            "name_en",
            "name_fr",
            "category",
            "parent",
            "stage",
            "mandate_en",
            "mandate_fr",
            "jurisdictions",
            "lead",
            "national_scale",
            "order",
        ]
        import_id_fields = ["slug"]
        skip_unchanged = True
        use_transactions = True


class CommitteeResource(resources.ModelResource):
    group = fields.Field(
        attribute="group", column_name="group", widget=ForeignKeyWidget(WorkingGroup, "slug")
    )
    umbrella = fields.Field(
        attribute="umbrella",
        column_name="umbrella",
        widget=ForeignKeyWidget(UmbrellaOrganisation, "acronym"),
    )

    class Meta:
        model = Committee
        fields = [
            "id",
            "kind",
            "name_en",
            "name_fr",
            "group",
            "umbrella",
            "fiscal_year",
            "host_organisation",
            "terms_of_reference_en",
            "terms_of_reference_fr",
            "min_meetings_per_year",
        ]
        skip_unchanged = True
        use_transactions = True


class CommitteeMemberResource(resources.ModelResource):
    provider = fields.Field(
        attribute="provider", column_name="provider", widget=ForeignKeyWidget(Provider, "name")
    )
    user = fields.Field(attribute="user", column_name="user", widget=ForeignKeyWidget(User, "username"))

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "committee",
            "person_name_en",
            "person_name_fr",
            "user",
            "provider",
            "organisation_name_en",
            "organisation_name_fr",
            "jurisdiction",
            "role",
            "start_date",
            "end_date",
        ]
        skip_unchanged = True
        use_transactions = True


class CommunityOfPracticeResource(resources.ModelResource):
    group = fields.Field(
        attribute="group", column_name="group", widget=ForeignKeyWidget(WorkingGroup, "slug")
    )
    umbrellas = fields.Field(
        attribute="umbrellas",
        column_name="umbrellas",
        widget=ManyToManyWidget(UmbrellaOrganisation, field="acronym", separator=","),
    )

    class Meta:
        model = CommunityOfPractice
        fields = ["slug", "name_en", "name_fr", "description_en", "description_fr", "group", "umbrellas"]
        import_id_fields = ["slug"]
        skip_unchanged = True
        use_transactions = True


class NationalCommunityLinkResource(resources.ModelResource):
    community = fields.Field(
        attribute="community", column_name="community", widget=ForeignKeyWidget(CommunityOfPractice, "slug")
    )

    class Meta:
        model = NationalCommunityLink
        fields = ["id", "community", "name", "url"]
        skip_unchanged = True
        use_transactions = True


class WorkPlanResource(resources.ModelResource):
    group = fields.Field(
        attribute="group", column_name="group", widget=ForeignKeyWidget(WorkingGroup, "slug")
    )

    class Meta:
        model = WorkPlan
        fields = ["id", "group", "fiscal_year", "summary_en", "summary_fr"]
        skip_unchanged = True
        use_transactions = True


class WorkPlanItemResource(resources.ModelResource):
    class Meta:
        model = WorkPlanItem
        fields = [
            "id",
            "work_plan",
            "title_en",
            "title_fr",
            "owner_user",
            "owner_member",
            "owner",
            "due_date",
            "status",
            "notes_en",
            "notes_fr",
        ]
        skip_unchanged = True
        use_transactions = True


class MeetingResource(resources.ModelResource):
    # The minutes file itself never travels through a spreadsheet.
    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "date",
            "format",
            "attendee_count",
            "decisions_en",
            "decisions_fr",
            "minutes_name",
        ]
        skip_unchanged = True
        use_transactions = True
