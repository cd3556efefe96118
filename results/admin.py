from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionItem, BriefingJob, ManagementResponse, ProgrammeStatement, Recommendation


class ActionInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner", "work_plan_item"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["evaluation", "number", "is_demo"]
    list_filter = ["is_demo"]
    raw_id_fields = ["evaluation"]
    inlines = [ActionInline]


@admin.register(ManagementResponse)
class ManagementResponseAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "position", "responded_on"]
    raw_id_fields = ["recommendation"]


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "owner", "due_date", "status", "is_demo"]
    list_filter = ["status", "is_demo"]
    raw_id_fields = ["recommendation", "owner", "work_plan_item"]


@admin.register(ProgrammeStatement)
class ProgrammeStatementAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "order", "measure", "group"]
    list_filter = ["kind", "measure"]
    raw_id_fields = ["group"]


@admin.register(BriefingJob)
class BriefingJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "fiscal_year", "language", "file_format", "status", "created_at"]
    list_filter = ["status", "file_format", "language"]
    readonly_fields = [f.name for f in BriefingJob._meta.concrete_fields]
