from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import NumbersAsTyped

from .models import (
    Agreement,
    DesignatedConference,
    PDRequest,
    PolicyYear,
    Provider,
    Site,
    SiteFTE,
    UmbrellaOrganisation,
)
from .resources import (
    AgreementResource,
    DesignatedConferenceResource,
    PDRequestResource,
    PolicyYearResource,
    ProviderResource,
    SiteFTEResource,
    SiteResource,
    UmbrellaOrganisationResource,
)


@admin.register(UmbrellaOrganisation)
class UmbrellaOrganisationAdmin(ImportExportModelAdmin):
    resource_classes = [UmbrellaOrganisationResource]
    list_display = ["acronym", "name_en", "jurisdiction", "runs_regional_pd_committee"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "city", "jurisdiction", "centre_type", "is_head_office"]


@admin.register(Provider)
class ProviderAdmin(ImportExportModelAdmin):
    resource_classes = [ProviderResource]
    list_display = ["name", "jurisdiction", "umbrella"]
    list_filter = ["jurisdiction", "umbrella"]
    list_select_related = ["jurisdiction", "umbrella"]
    search_fields = ["name"]
    inlines = [SiteInline]


class SiteFTEInline(NumbersAsTyped, admin.TabularInline):
    model = SiteFTE
    extra = 0
    plain_numbers = ("language_fte", "settlement_fte")


@admin.register(Site)
class SiteAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [SiteResource]
    list_display = ["name", "provider", "city", "jurisdiction", "centre_type", "is_head_office"]
    list_filter = ["centre_type", "jurisdiction", "is_head_office"]
    list_select_related = ["provider", "jurisdiction"]
    search_fields = ["name", "city", "provider__name"]
    autocomplete_fields = ["provider"]
    inlines = [SiteFTEInline]


@admin.register(SiteFTE)
class SiteFTEAdmin(NumbersAsTyped, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [SiteFTEResource]
    plain_numbers = ("language_fte", "settlement_fte")
    list_display = ["site", "fiscal_year", "language_fte", "settlement_fte"]
    list_filter = ["fiscal_year", "site__centre_type"]
    list_select_related = ["site__provider"]
    search_fields = ["site__name", "site__provider__name"]


@admin.register(Agreement)
class AgreementAdmin(NumbersAsTyped, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [AgreementResource]
    list_display = ["number", "provider", "fiscal_year", "stream", "amount"]
    list_filter = ["fiscal_year", "stream"]
    list_select_related = ["provider"]
    search_fields = ["number", "provider__name"]
    autocomplete_fields = ["provider"]


@admin.register(PolicyYear)
class PolicyYearAdmin(NumbersAsTyped, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PolicyYearResource]
    list_display = [
        "fiscal_year",
        "conference_urban",
        "conference_small",
        "conference_north",
        "language_per_fte",
        "settlement_per_fte",
    ]


@admin.register(DesignatedConference)
class DesignatedConferenceAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [DesignatedConferenceResource]
    list_display = ["acronym", "name_en", "name_fr", "is_active"]


@admin.register(PDRequest)
class PDRequestAdmin(NumbersAsTyped, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PDRequestResource]
    list_display = [
        "provider",
        "fiscal_year",
        "category",
        "amount",
        "conference_name",
        "status",
        "requested_at",
    ]
    list_filter = ["status", "category", "fiscal_year"]
    list_select_related = ["provider", "designated_conference"]
    search_fields = ["provider__name", "conference_name"]
    autocomplete_fields = ["provider"]
    # Status changes go through the services (cap re-check); the admin only reads them.
    readonly_fields = ["status", "requested_by", "requested_at", "decided_by", "decided_at"]
