from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from portal.admin import NumbersAsTyped

from .models import Jurisdiction, Provider, UmbrellaOrganisation
from .resources import JurisdictionResource, ProviderResource, UmbrellaOrganisationResource


@admin.register(Jurisdiction)
class JurisdictionAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [JurisdictionResource]
    list_display = ["code", "name_en", "name_fr", "in_region"]
    list_filter = ["in_region"]


@admin.register(UmbrellaOrganisation)
class UmbrellaOrganisationAdmin(ImportExportModelAdmin):
    resource_classes = [UmbrellaOrganisationResource]
    list_display = ["acronym", "name_en", "jurisdiction", "runs_regional_pd_committee"]


@admin.register(Provider)
class ProviderAdmin(ImportExportModelAdmin):
    """Providers by name; an app that owns a provider's records (pd_budget: its sites) re-registers a
    subclass with its inlines."""

    resource_classes = [ProviderResource]
    list_display = ["name", "jurisdiction", "umbrella"]
    list_filter = ["jurisdiction", "umbrella"]
    list_select_related = ["jurisdiction", "umbrella"]
    search_fields = ["name"]
