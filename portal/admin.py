from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from .models import Jurisdiction, User
from .resources import JurisdictionResource, UserResource

admin.site.site_header = _("PNT settlement working groups: administration")
admin.site.site_title = _("PNT portal administration")


@admin.register(User)
class UserAdmin(ImportExportModelAdmin, BaseUserAdmin):
    resource_classes = [UserResource]
    list_display = ["username", "email", "first_name", "last_name", "role", "provider", "is_active"]
    list_filter = ["role", "is_active", "provider__jurisdiction"]
    list_select_related = ["provider"]
    search_fields = ["username", "email", "first_name", "last_name", "provider__name"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Portal role"), {"fields": ["role", "provider"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Portal role"), {"fields": ["role", "provider", "email"]}),
    ]
    autocomplete_fields = ["provider"]


@admin.register(Jurisdiction)
class JurisdictionAdmin(ImportExportModelAdmin):
    resource_classes = [JurisdictionResource]
    list_display = ["code", "name_en", "name_fr", "in_region"]
    list_filter = ["in_region"]
