"""The Django admin of the PD budget. Nothing here books money around the services: PD requests are
export-only with their booking fields read-only, and every save that can change an allocation (FTEs,
sites, policy rates) is checked against what is booked (services.ftes.check_bookings_within_allocation).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from organisations.admin import ProviderAdmin as BaseProviderAdmin
from organisations.models import Provider
from portal.admin import ExportOnlyAdmin, NumbersAsTyped
from portal.fiscal import fiscal_year_label

from .models import (
    BOOKED_STATUSES,
    Agreement,
    AllocationFlag,
    DesignatedConference,
    FlagSource,
    FTEDeclaration,
    FTEDeclarationLine,
    PDRequest,
    PolicyYear,
    Site,
    SiteFTE,
)
from .resources import (
    AgreementResource,
    AllocationFlagResource,
    DesignatedConferenceResource,
    FTEDeclarationLineResource,
    FTEDeclarationResource,
    PDRequestResource,
    PolicyYearResource,
    SiteFTEResource,
    SiteResource,
)


class _TrialRollback(Exception):
    pass


def _flag_overbooked(request, *, providers, fiscal_years) -> None:
    """After an admin save: flag (and tell) every provider whose bookings now exceed its allocation."""
    from .services.ftes import check_bookings_within_allocation

    for provider in providers:
        for year in fiscal_years:
            lines = check_bookings_within_allocation(
                provider=provider, fiscal_year=year, source=FlagSource.ADMIN, user=request.user, confirm=True
            )
            if lines:
                messages.warning(
                    request,
                    _("%(provider)s now has more booked than its allocation for %(year)s: flagged for staff.")
                    % {"provider": provider, "year": fiscal_year_label(year)},
                )


def _open_years() -> list[int]:
    from .services.years import open_fiscal_years

    return open_fiscal_years()


class AllocationCheckedForm(forms.ModelForm):
    """A form whose save may change a provider's allocation: the change is tried in a savepoint and
    refused when the bookings would exceed the allocation, unless the administrator confirms."""

    confirm_overbooking = forms.BooleanField(
        label=_("Save even if the bookings then exceed the allocation (flag it for IRCC staff)"),
        required=False,
    )

    def checked_provider(self):
        raise NotImplementedError

    def checked_years(self) -> list[int]:
        return _open_years()

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.cleaned_data.get("confirm_overbooking"):
            return
        from .services.ftes import check_bookings_within_allocation

        instance = self.instance
        pk, adding = instance.pk, instance._state.adding
        try:
            with transaction.atomic():
                instance.save()
                for year in self.checked_years():
                    check_bookings_within_allocation(
                        provider=self.checked_provider(), fiscal_year=year, source=FlagSource.ADMIN
                    )
                raise _TrialRollback
        except _TrialRollback:
            pass
        except ValidationError as exc:
            self.add_error(None, exc)
        finally:
            instance.pk, instance._state.adding = pk, adding


class SiteFTEAdminForm(AllocationCheckedForm):
    class Meta:
        model = SiteFTE
        fields = ["site", "fiscal_year", "language_fte", "settlement_fte"]

    def checked_provider(self):
        return self.instance.site.provider

    def checked_years(self) -> list[int]:
        return [self.instance.fiscal_year]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("fiscal_year")
        closed = [
            y for y in (year, self.initial.get("fiscal_year")) if y is not None and y not in _open_years()
        ]
        if closed:
            raise ValidationError(
                _("%(year)s is closed: its FTEs are kept as they were and can no longer be changed.")
                % {"year": fiscal_year_label(closed[0])}
            )
        return cleaned


class SiteAdminForm(AllocationCheckedForm):
    class Meta:
        model = Site
        fields = ["provider", "name", "city", "jurisdiction", "centre_type", "is_head_office"]

    def checked_provider(self):
        return self.instance.provider


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "city", "jurisdiction", "centre_type", "is_head_office"]


# The organisations app registers providers; the PD budget adds what it owns to that page (the
# provider's sites) and checks the bookings after a save. organisations comes before pd_budget in
# INSTALLED_APPS, so its registration is there to replace.
admin.site.unregister(Provider)


@admin.register(Provider)
class ProviderAdmin(BaseProviderAdmin):
    inlines = [SiteInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _flag_overbooked(request, providers=[form.instance], fiscal_years=_open_years())


class SiteFTEInline(admin.TabularInline):
    """Read here; FTEs are changed on their own admin page, where the bookings are checked."""

    model = SiteFTE
    extra = 0
    can_delete = False
    readonly_fields = ["fiscal_year", "language_fte", "settlement_fte"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [SiteResource]
    list_display = ["name", "provider", "city", "jurisdiction", "centre_type", "is_head_office"]
    list_filter = ["centre_type", "jurisdiction", "is_head_office"]
    list_select_related = ["provider", "jurisdiction"]
    search_fields = ["name", "city", "provider__name"]
    autocomplete_fields = ["provider"]
    inlines = [SiteFTEInline]
    form = SiteAdminForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _flag_overbooked(request, providers=[form.instance.provider], fiscal_years=_open_years())

    def delete_model(self, request, obj):
        provider = obj.provider
        super().delete_model(request, obj)
        _flag_overbooked(request, providers=[provider], fiscal_years=_open_years())


@admin.register(SiteFTE)
class SiteFTEAdmin(NumbersAsTyped, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [SiteFTEResource]
    plain_numbers = ("language_fte", "settlement_fte")
    list_display = ["site", "fiscal_year", "language_fte", "settlement_fte"]
    list_filter = ["fiscal_year", "site__centre_type"]
    list_select_related = ["site__provider"]
    search_fields = ["site__name", "site__provider__name"]
    form = SiteFTEAdminForm

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.fiscal_year not in _open_years():
            return ["site", "fiscal_year", "language_fte", "settlement_fte"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.fiscal_year not in _open_years():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _flag_overbooked(request, providers=[obj.site.provider], fiscal_years=[obj.fiscal_year])

    def delete_model(self, request, obj):
        # Fewer FTEs, a smaller allocation: flag what the bookings now exceed.
        provider, year = obj.site.provider, obj.fiscal_year
        super().delete_model(request, obj)
        _flag_overbooked(request, providers=[provider], fiscal_years=[year])

    def delete_queryset(self, request, queryset):
        pairs = set(queryset.values_list("site__provider", "fiscal_year"))
        super().delete_queryset(request, queryset)
        for provider_id, year in pairs:
            _flag_overbooked(request, providers=Provider.objects.filter(pk=provider_id), fiscal_years=[year])

    def process_result(self, result, request):
        # An imported FTE file may change allocations: flag what it leaves above the bookings.
        response = super().process_result(result, request)
        _flag_overbooked(
            request,
            providers=Provider.objects.filter(sites__ftes__isnull=False).distinct(),
            fiscal_years=_open_years(),
        )
        return response


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
        "mixed_sites",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Lower rates may leave bookings above an allocation: flag each provider concerned.
        booked = Provider.objects.filter(
            pd_requests__fiscal_year=obj.fiscal_year, pd_requests__status__in=BOOKED_STATUSES
        ).distinct()
        _flag_overbooked(request, providers=booked, fiscal_years=[obj.fiscal_year])


@admin.register(DesignatedConference)
class DesignatedConferenceAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [DesignatedConferenceResource]
    list_display = ["acronym", "name_en", "name_fr", "is_active"]


#: The fields that book money: set by the service under the cap check, never edited afterwards.
BOOKING_FIELDS = ["provider", "fiscal_year", "category", "amount", "designated_conference", "conference_name"]


@admin.register(PDRequest)
class PDRequestAdmin(ExportMixin, SimpleHistoryAdmin):
    """Export only: requests are booked through the service (cap check under the provider's lock);
    here only the purpose can be corrected."""

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
    # Status changes go through the services (cap re-check); the admin only reads them.
    readonly_fields = [
        *BOOKING_FIELDS,
        "description_language",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "reason_en",
        "reason_fr",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(FTEDeclaration)
class FTEDeclarationAdmin(ExportOnlyAdmin):
    resource_classes = [FTEDeclarationResource]
    list_display = ["provider", "fiscal_year", "status", "declared_at", "decided_at"]
    list_filter = ["status", "fiscal_year"]
    list_select_related = ["provider"]


@admin.register(FTEDeclarationLine)
class FTEDeclarationLineAdmin(ExportOnlyAdmin):
    resource_classes = [FTEDeclarationLineResource]
    plain_numbers = ("language_fte", "settlement_fte")
    list_display = ["declaration", "site", "language_fte", "settlement_fte"]
    list_select_related = ["declaration__provider", "site__provider"]


@admin.register(AllocationFlag)
class AllocationFlagAdmin(ExportOnlyAdmin):
    resource_classes = [AllocationFlagResource]
    list_display = ["provider", "fiscal_year", "source", "created_at", "resolved_at"]
    list_filter = ["source", "fiscal_year"]
    list_select_related = ["provider"]
