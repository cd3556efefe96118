from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportModelAdmin

from .forms import NumberTextInput, WholeNumberTextInput, number_formfield
from .models import User
from .resources import UserResource

admin.site.site_header = _("PNT settlement working groups: administration")
admin.site.site_title = _("PNT portal administration")


class NumbersAsTyped:
    """An admin (or inline) whose number fields read what staff type in the admin's language:
    `2 500,75` in French, `2,500.75` in English; never Django's `<input type=number>`.

    `plain_numbers` names the decimal fields that are not money (FTEs): they take no dollar sign."""

    plain_numbers: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        numeric = isinstance(db_field, models.DecimalField | models.IntegerField)
        if numeric and not db_field.choices and not db_field.is_relation and not db_field.primary_key:
            integer = isinstance(db_field, models.IntegerField)
            kwargs.setdefault("widget", WholeNumberTextInput if integer else NumberTextInput)
            return number_formfield(db_field, plain_numbers=self.plain_numbers, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ExportOnlyAdmin(NumbersAsTyped, ExportMixin, admin.ModelAdmin):
    """Read and export only, for records written through their service (see ExportOnlyResource)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
