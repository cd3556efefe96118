from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Category, WorkingGroup
from .resources import CategoryResource, WorkingGroupResource


@admin.register(Category)
class CategoryAdmin(ImportExportModelAdmin):
    resource_classes = [CategoryResource]
    list_display = ["code", "name_en", "name_fr", "order"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ImportExportModelAdmin):
    resource_classes = [WorkingGroupResource]
    list_display = ["name_en", "name_fr", "category", "parent", "stage", "lead"]
    list_filter = ["category", "stage", "jurisdictions"]
    list_select_related = ["category", "parent", "lead"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["jurisdictions", "depends_on"]
    autocomplete_fields = ["parent", "lead"]
