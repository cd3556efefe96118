from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from portal.admin import ExportOnlyAdmin, NumbersAsTyped

from . import resources
from .models import ConfirmedOutlier, PDNeed, PDTemplate, SurveyCycle, Theme


@admin.register(Theme)
class ThemeAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.ThemeResource]
    list_display = ["code", "name_en", "name_fr", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_en", "name_fr"]


@admin.register(SurveyCycle)
class SurveyCycleAdmin(ExportOnlyAdmin):
    resource_classes = [resources.SurveyCycleResource]
    list_display = ["fiscal_year", "status"]


@admin.register(PDTemplate)
class PDTemplateAdmin(ExportOnlyAdmin):
    resource_classes = [resources.PDTemplateResource]
    list_display = ["cycle", "provider", "status"]
    list_filter = ["status"]
    list_select_related = ["cycle", "provider"]


@admin.register(PDNeed)
class PDNeedAdmin(ExportOnlyAdmin):
    resource_classes = [resources.PDNeedResource]
    list_display = ["template", "theme"]
    list_select_related = ["template__cycle", "template__provider", "theme"]


@admin.register(ConfirmedOutlier)
class ConfirmedOutlierAdmin(ExportOnlyAdmin):
    resource_classes = [resources.ConfirmedOutlierResource]
    list_display = ["template", "key", "value", "confirmed_at"]
    list_select_related = ["template__cycle", "template__provider"]
