from django.contrib import admin
from import_export.admin import ExportMixin, ImportExportModelAdmin

from portal.admin import NumbersAsTyped

from . import resources
from .models import (
    CourseEvaluation,
    CourseRoleShare,
    Evaluation,
    EventSeries,
    LearningEvent,
    NeedsSurvey,
    ParticipantEvaluation,
    PilotCourse,
    PilotEnrolment,
    PilotProject,
    Registration,
    ReportAccessGrant,
    ReportFile,
    SeriesException,
    WorkProduct,
)
from .services import apply_date


@admin.register(EventSeries)
class EventSeriesAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.EventSeriesResource]
    list_display = ["title_en", "group", "cadence", "format", "status"]
    list_filter = ["cadence", "status", "format"]
    search_fields = ["title_en", "title_fr", "slug"]
    list_select_related = ["group"]


@admin.register(SeriesException)
class SeriesExceptionAdmin(ImportExportModelAdmin):
    resource_classes = [resources.SeriesExceptionResource]
    list_display = ["series", "original_date", "kind", "new_date"]
    list_filter = ["kind"]
    list_select_related = ["series"]


@admin.register(LearningEvent)
class LearningEventAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.LearningEventResource]
    list_display = [
        "title_en",
        "group",
        "city",
        "jurisdiction",
        "precision",
        "starts_on",
        "ends_on",
        "status",
    ]
    list_filter = ["status", "format", "precision", "jurisdiction"]
    search_fields = ["title_en", "title_fr", "city", "slug"]
    list_select_related = ["group", "jurisdiction"]
    readonly_fields = ["starts_on", "ends_on"]
    date_hierarchy = "starts_on"

    def save_model(self, request, obj, form, change):
        apply_date(obj)  # the range is always derived from the precision and its anchors
        super().save_model(request, obj, form, change)


@admin.register(NeedsSurvey)
class NeedsSurveyAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.NeedsSurveyResource]
    list_display = ["event", "run_by", "status", "respondents"]
    list_filter = ["status"]
    exclude = ["results_file"]  # files go in through the checked upload form only


@admin.register(Registration)
class RegistrationAdmin(ImportExportModelAdmin):
    resource_classes = [resources.RegistrationResource]
    list_display = ["event", "jurisdiction", "role", "provider", "attended"]
    list_filter = ["jurisdiction", "role", "attended"]
    list_select_related = ["event", "jurisdiction", "provider"]


@admin.register(ParticipantEvaluation)
class ParticipantEvaluationAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.ParticipantEvaluationResource]
    list_display = ["event", "satisfaction", "submitted_at"]
    list_filter = ["satisfaction"]


@admin.register(PilotProject)
class PilotProjectAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.PilotProjectResource]
    list_display = ["title_en", "starts_on", "ends_on", "orientation_sessions"]


@admin.register(PilotEnrolment)
class PilotEnrolmentAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.PilotEnrolmentResource]
    list_display = ["project", "jurisdiction", "participants"]


@admin.register(PilotCourse)
class PilotCourseAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.PilotCourseResource]
    list_display = ["title_en", "host", "results_status", "enrolled", "completed"]


@admin.register(CourseRoleShare)
class CourseRoleShareAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.CourseRoleShareResource]
    list_display = ["course", "role", "percent"]


@admin.register(CourseEvaluation)
class CourseEvaluationAdmin(ImportExportModelAdmin):
    resource_classes = [resources.CourseEvaluationResource]
    list_display = ["course", "evaluator", "kind", "status"]


@admin.register(Evaluation)
class EvaluationAdmin(ImportExportModelAdmin):
    resource_classes = [resources.EvaluationResource]
    list_display = ["subject_en", "evaluator_organisation_en", "city", "group", "status"]
    list_filter = ["status"]
    search_fields = [
        "subject_en",
        "subject_fr",
        "evaluator_organisation_en",
        "evaluator_organisation_fr",
        "city",
    ]


@admin.register(ReportFile)
class ReportFileAdmin(ExportMixin, admin.ModelAdmin):
    """Export only, and read only: report files go in through the checked upload form."""

    resource_classes = [resources.ReportFileResource]
    list_display = [
        "title_en",
        "title_fr",
        "evaluation",
        "kind",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["kind"]
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ReportAccessGrant)
class ReportAccessGrantAdmin(ImportExportModelAdmin):
    resource_classes = [resources.ReportAccessGrantResource]
    list_display = ["evaluation", "user", "provider", "granted_by", "granted_at"]


@admin.register(WorkProduct)
class WorkProductAdmin(NumbersAsTyped, ImportExportModelAdmin):
    resource_classes = [resources.WorkProductResource]
    list_display = ["title_en", "group", "status", "order"]
    list_filter = ["status"]


# --- Questionnaires: read and export only (answers go in through their service) ---------------
def _register_questionnaire_admins() -> None:
    from portal.admin import ExportOnlyAdmin

    from . import models

    for name in ("Questionnaire", "Question", "Invitation", "Respondent", "Response", "Answer"):
        admin_class = type(
            f"{name}Admin",
            (ExportOnlyAdmin,),
            {
                "resource_classes": [getattr(resources, f"{name}Resource")],
                "exclude": ["token_hash"] if name == "Invitation" else [],
            },
        )
        admin.site.register(getattr(models, name), admin_class)


_register_questionnaire_admins()
