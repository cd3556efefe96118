from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import NumbersAsTyped

from .models import ActionItem, ManagementResponse, ProgrammeStatement, Recommendation
from .resources import (
    ActionItemResource,
    ManagementResponseResource,
    ProgrammeStatementResource,
    RecommendationResource,
)


class ActionInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner", "work_plan_item"]


@admin.register(Recommendation)
class RecommendationAdmin(NumbersAsTyped, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [RecommendationResource]
    list_display = ["evaluation", "number", "is_demo"]
    list_filter = ["is_demo"]
    raw_id_fields = ["evaluation"]
    inlines = [ActionInline]


@admin.register(ManagementResponse)
class ManagementResponseAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ManagementResponseResource]
    list_display = ["recommendation", "position", "responded_on"]
    raw_id_fields = ["recommendation"]


@admin.register(ActionItem)
class ActionItemAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ActionItemResource]
    list_display = ["__str__", "owner", "due_date", "status", "is_demo"]
    list_filter = ["status", "is_demo"]
    raw_id_fields = ["recommendation", "owner", "work_plan_item"]


@admin.register(ProgrammeStatement)
class ProgrammeStatementAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [ProgrammeStatementResource]
    list_display = ["slug", "kind", "order", "measure", "group"]
    list_filter = ["kind", "measure"]
    raw_id_fields = ["group"]
