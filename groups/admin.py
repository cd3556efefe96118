from django.contrib import admin
from import_export.admin import ImportExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import NumbersAsTyped

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
from .resources import (
    CategoryResource,
    CommitteeMemberResource,
    CommitteeResource,
    CommunityOfPracticeResource,
    MeetingResource,
    NationalCommunityLinkResource,
    WorkingGroupResource,
    WorkPlanItemResource,
    WorkPlanResource,
)


@admin.register(Category)
class CategoryAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [CategoryResource]
    list_display = ["code", "name_en", "name_fr", "order"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [WorkingGroupResource]
    list_display = ["name_en", "name_fr", "category", "parent", "stage", "lead"]
    list_filter = ["category", "stage", "jurisdictions"]
    list_select_related = ["category", "parent", "lead"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["jurisdictions", "depends_on"]
    autocomplete_fields = ["parent", "lead"]


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ["user", "provider"]


@admin.register(Committee)
class CommitteeAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [CommitteeResource]
    list_display = ["name_en", "kind", "group", "umbrella", "fiscal_year", "min_meetings_per_year"]
    list_filter = ["kind", "umbrella"]
    list_select_related = ["group", "umbrella"]
    search_fields = ["name_en", "name_fr"]
    autocomplete_fields = ["group"]
    inlines = [CommitteeMemberInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [CommitteeMemberResource]
    list_display = [
        "person_name_en",
        "person_name_fr",
        "committee",
        "role",
        "provider",
        "organisation_name_en",
        "start_date",
        "end_date",
    ]
    list_filter = ["role", "committee__kind"]
    list_select_related = ["committee", "provider"]
    search_fields = ["person_name_en", "person_name_fr", "organisation_name_en", "committee__name_en"]
    autocomplete_fields = ["user", "provider"]


class NationalCommunityLinkInline(admin.TabularInline):
    model = NationalCommunityLink
    extra = 0


@admin.register(CommunityOfPractice)
class CommunityOfPracticeAdmin(ImportExportModelAdmin):
    resource_classes = [CommunityOfPracticeResource]
    list_display = ["name_en", "name_fr", "group"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["umbrellas"]
    inlines = [NationalCommunityLinkInline]


@admin.register(NationalCommunityLink)
class NationalCommunityLinkAdmin(ImportExportModelAdmin):
    resource_classes = [NationalCommunityLinkResource]
    list_display = ["name", "url", "community"]


class WorkPlanItemInline(admin.TabularInline):
    model = WorkPlanItem
    extra = 0


@admin.register(WorkPlan)
class WorkPlanAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [WorkPlanResource]
    list_display = ["group", "fiscal_year"]
    list_filter = ["fiscal_year"]
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    inlines = [WorkPlanItemInline]


@admin.register(WorkPlanItem)
class WorkPlanItemAdmin(ImportExportModelAdmin):
    resource_classes = [WorkPlanItemResource]
    list_display = ["title_en", "title_fr", "work_plan", "owner_label", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["work_plan__group"]


@admin.register(Meeting)
class MeetingAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [MeetingResource]
    list_display = ["committee", "date", "format", "attendee_count"]
    list_filter = ["format", "committee__kind"]
    list_select_related = ["committee"]
    date_hierarchy = "date"
    # Minutes go through the portal's upload checks (type by content, size, random name).
    readonly_fields = ["minutes", "minutes_name", "minutes_content_type"]
    filter_horizontal = ["attendees"]
