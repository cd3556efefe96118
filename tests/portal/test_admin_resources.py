"""Every model of every app has import and export in the admin (or a stated reason), and what it
exports imports back unchanged."""

from pathlib import Path

import pytest
import tablib
from django.apps import apps
from django.contrib import admin
from import_export.admin import ExportMixin, ImportExportMixin, ImportMixin

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Export only, on purpose: importing these would bypass the rule that guards them.
EXPORT_ONLY = {
    "ReportFile": "a report file is only accepted through the upload form, which checks its content",
    "PDRequest": "a PD request is only booked through the service that checks the cap under a row lock",
    "FTEDeclaration": "declared by a provider, accepted or refused by IRCC staff through the services",
    "FTEDeclarationLine": "a line of an FTE declaration, written with it",
    "AllocationFlag": "raised and resolved by the over-allocation check, never typed in",
    "SurveyCycle": "opened, closed (which starts the aggregation) and reminded through the services",
    "PDTemplate": "a provider's survey, saved, submitted and reopened through the services",
    "PDNeed": "part of its provider's template, edited only while the template is a draft",
    "ConfirmedOutlier": "recorded when a provider confirms an unusual figure at submission",
    # Two models of this name: accounts' invitation of provider staff, learning_events' questionnaire link.
    "Invitation": "made, sent again, revoked and accepted through the services; a one-time link",
    # Questionnaires answered online (issue 19): built, sent and answered through their service.
    "Questionnaire": "built, opened and closed through its service, by staff or the advisory body",
    "Question": "added through its service, and only while nobody has answered",
    "Respondent": "who answered, once each: written with the answers",
    "Response": "answers given online by the person entitled, once",
    "Answer": "part of a response",
}
# Neither import nor export in the admin: machinery, not data anyone keeps or moves.
NO_IMPORT_EXPORT = {
    "ExportJob": "a background export's job row; its file belongs to the user who asked for it",
    "UnsentTask": "the outbox of tasks the broker did not take, drained every few seconds",
    "Deletion": "what a delete took with it, kept for the undo window only; undone from the history",
    "ImportRun": "a workbook import's job row, with its private upload; the import history shows it",
    "AggregationRun": "a survey aggregation's job row",
    "AggregationResult": "computed from the templates by the aggregation: an import would forge its figures",
    "SurveyReminder": "the record of reminder e-mails sent, so none is sent twice",
    "BriefingJob": "a review-and-planning briefing's job row; its file belongs to the user who asked for it",
    # issue 16: notices are written by the services to one person each; an import would forge them
    "Notification": "a notice to one person, written by notify() with its e-mail's sending state",
    "Preference": "a person's own choice per kind of notice, set on their preferences page",
    "Digest": "the record of a daily digest sent, so none is sent twice",
    "ResponseNudge": "the record of a survey reminder or escalation sent, so none is sent twice a day",
    "ApiToken": "a person's secret key (only its hash): made and revoked by its owner, never moved",
    "Scenario": "a what-if of IRCC staff, saved, compared, exported (pd-scenarios) and adopted on its pages",
}


def project_models():
    """Every model of every app of this repository (third-party apps and history tables left out)."""
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
        for model in config.get_models()
        if not model.__name__.startswith("Historical")
    ]


def project_admins():
    return [
        (model, admin.site._registry[model]) for model in project_models() if model in admin.site._registry
    ]


def test_every_project_model_has_import_and_export_or_a_stated_reason():
    names = {model.__name__ for model in project_models()}
    assert {"Provider", "Meeting", "PDTemplate", "ExportJob"} <= names  # every app is reached
    assert not (set(EXPORT_ONLY) | set(NO_IMPORT_EXPORT)) - names, "an exclusion names no model"
    missing = []
    for model in project_models():
        name = model.__name__
        model_admin = admin.site._registry.get(model)
        if name in NO_IMPORT_EXPORT:
            assert model_admin is None or not isinstance(model_admin, ExportMixin), name
        elif name in EXPORT_ONLY:
            if not isinstance(model_admin, ExportMixin) or isinstance(model_admin, ImportMixin):
                missing.append(f"{name}: export only")
        elif not isinstance(model_admin, ImportExportMixin):
            missing.append(name)
    assert missing == []


def test_export_only_records_cannot_be_imported_or_edited_in_the_admin(rf, admin_user):
    request = rf.get("/en/admin/")
    request.user = admin_user
    for model, model_admin in project_admins():
        if model.__name__ not in EXPORT_ONLY:
            continue
        assert not model_admin.has_add_permission(request), model.__name__
        for resource_class in model_admin.get_resource_classes(request=request):
            with pytest.raises(NotImplementedError):
                resource_class().import_data(tablib.Dataset(), dry_run=True)


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
