from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import Provider, UmbrellaOrganisation
from .resources import ProviderResource, UmbrellaOrganisationResource


@admin.register(UmbrellaOrganisation)
class UmbrellaOrganisationAdmin(ImportExportModelAdmin):
    resource_classes = [UmbrellaOrganisationResource]
    list_display = ["acronym", "name_en", "jurisdiction", "runs_regional_pd_committee"]


@admin.register(Provider)
class ProviderAdmin(ImportExportModelAdmin):
    resource_classes = [ProviderResource]
    list_display = ["name", "jurisdiction", "umbrella"]
    list_filter = ["jurisdiction", "umbrella"]
    list_select_related = ["jurisdiction", "umbrella"]
    search_fields = ["name"]
