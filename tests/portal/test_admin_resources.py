"""Every model in the admin has import and export, and what it exports imports back unchanged."""

import pytest
from django.contrib import admin
from import_export.admin import ExportMixin, ImportExportMixin

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"portal", "groups", "learning_events", "pd_budget", "surveys"}
# Export only, on purpose: importing these would bypass the rule that guards them.
EXPORT_ONLY = {
    "ReportFile": "a report file is only accepted through the upload form, which checks its content",
    "PDRequest": "a PD request is only booked through the service that checks the cap under a row lock",
}


def project_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    ]


def test_every_project_model_in_the_admin_has_import_and_export():
    missing = [
        model.__name__
        for model, model_admin in project_admins()
        if not isinstance(model_admin, ImportExportMixin)
        and not (model.__name__ in EXPORT_ONLY and isinstance(model_admin, ExportMixin))
    ]
    assert missing == []


def test_every_export_imports_back_without_errors_or_changes(seeded, settings, staff_user, provider_a_user):
    settings.DEBUG = True
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    problems = {}
    for model, model_admin in project_admins():
        if model.__name__ in EXPORT_ONLY:
            continue
        for resource_class in model_admin.get_resource_classes(request=None):
            resource = resource_class()
            dataset = resource.export()
            result = resource_class().import_data(dataset, dry_run=True, raise_errors=False)
            errors = [str(e.error) for e in result.base_errors] + [
                f"row {n}: {err.error}" for n, errs in result.row_errors() for err in errs
            ]
            errors += [f"row {r.number}: {r.validation_error}" for r in result.invalid_rows]
            changed = sum(result.totals.get(kind, 0) for kind in ("new", "update", "delete"))
            if errors or changed:
                problems[model.__name__] = {"errors": errors[:3], "changed": changed, "rows": len(dataset)}
    assert problems == {}
