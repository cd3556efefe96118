"""Import-export resources for every model of the app, keyed on natural keys where there is one."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from groups.models import WorkingGroup
from organisations.models import Jurisdiction, Provider, UmbrellaOrganisation
from portal.models import User

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


def fk(attribute: str, model, field: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=ForeignKeyWidget(model, field))


class BaseResource(resources.ModelResource):
    class Meta:
        skip_unchanged = True
        use_transactions = True


class EventSeriesResource(BaseResource):
    group = fk("group", WorkingGroup, "slug")

    class Meta(BaseResource.Meta):
        model = EventSeries
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "group",
            "title_en",
            "title_fr",
            "cadence",
            "format",
            "status",
            "frequency",
            "interval",
            "ordinal",
            "weekday",
            "first_date",
            "until",
            "start_time",
            "end_time",
            "time_zone",
            "notes_en",
            "notes_fr",
        ]


class LearningEventResource(BaseResource):
    group = fk("group", WorkingGroup, "slug")
    series = fk("series", EventSeries, "slug")
    jurisdiction = fk("jurisdiction", Jurisdiction, "code")

    class Meta(BaseResource.Meta):
        model = LearningEvent
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "group",
            "series",
            "title_en",
            "title_fr",
            "format",
            "city",
            "jurisdiction",
            "host_organisation",
            "status",
            "precision",
            "on_date",
            "year",
            "month",
            "season",
            "last_day",
            "start_time",
            "end_time",
            "time_zone",
            "join_url",
            "join_details",
            "capacity",
            "starts_on",
            "ends_on",
            "content_en",
            "content_fr",
            "notes_en",
            "notes_fr",
        ]

    def before_save_instance(self, instance, row, **kwargs):
        # Imports bypass the service: derive the date range the same way it does.
        from .services import apply_date

        apply_date(instance)


class NeedsSurveyResource(BaseResource):
    event = fk("event", LearningEvent, "slug")

    class Meta(BaseResource.Meta):
        model = NeedsSurvey
        fields = [
            "id",
            "event",
            "run_by",
            "audience",
            "opens_on",
            "closes_on",
            "status",
            "respondents",
            "results_en",
            "results_fr",
        ]


class RegistrationResource(BaseResource):
    event = fk("event", LearningEvent, "slug")
    user = fk("user", User, "username")
    provider = fk("provider", Provider, "name")
    jurisdiction = fk("jurisdiction", Jurisdiction, "code")

    class Meta(BaseResource.Meta):
        model = Registration
        fields = ["id", "event", "user", "provider", "jurisdiction", "role", "status", "attended"]


class SeriesExceptionResource(BaseResource):
    series = fk("series", EventSeries, "slug")

    class Meta(BaseResource.Meta):
        model = SeriesException
        fields = ["id", "series", "original_date", "kind", "new_date", "note"]


class ParticipantEvaluationResource(BaseResource):
    event = fk("event", LearningEvent, "slug")
    submitted_by = fk("submitted_by", User, "username")

    class Meta(BaseResource.Meta):
        model = ParticipantEvaluation
        fields = ["id", "event", "submitted_by", "satisfaction", "comments"]


class PilotProjectResource(BaseResource):
    class Meta(BaseResource.Meta):
        model = PilotProject
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title_en",
            "title_fr",
            "starts_on",
            "ends_on",
            "orientation_sessions",
            "orientation_note_en",
            "orientation_note_fr",
        ]


class PilotEnrolmentResource(BaseResource):
    project = fk("project", PilotProject, "slug")
    jurisdiction = fk("jurisdiction", Jurisdiction, "code")

    class Meta(BaseResource.Meta):
        model = PilotEnrolment
        import_id_fields = ["project", "jurisdiction"]
        fields = ["project", "jurisdiction", "participants"]


class PilotCourseResource(BaseResource):
    project = fk("project", PilotProject, "slug")
    host = fk("host", UmbrellaOrganisation, "acronym")

    class Meta(BaseResource.Meta):
        model = PilotCourse
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "project",
            "order",
            "title_en",
            "title_fr",
            "description_en",
            "description_fr",
            "part_of_en",
            "part_of_fr",
            "host",
            "format",
            "results_status",
            "enrolled",
            "completed",
            "findings_en",
            "findings_fr",
            "main_complaint_en",
            "main_complaint_fr",
        ]


class CourseRoleShareResource(BaseResource):
    course = fk("course", PilotCourse, "slug")

    class Meta(BaseResource.Meta):
        model = CourseRoleShare
        import_id_fields = ["course", "role"]
        fields = ["course", "role", "percent"]


class CourseEvaluationResource(BaseResource):
    course = fk("course", PilotCourse, "slug")
    evaluator = fk("evaluator", UmbrellaOrganisation, "acronym")

    class Meta(BaseResource.Meta):
        model = CourseEvaluation
        import_id_fields = ["course", "evaluator"]
        fields = ["course", "evaluator", "kind", "status"]


class EvaluationResource(BaseResource):
    jurisdiction = fk("jurisdiction", Jurisdiction, "code")
    group = fk("group", WorkingGroup, "slug")

    class Meta(BaseResource.Meta):
        model = Evaluation
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "subject_en",
            "subject_fr",
            "evaluator_organisation_en",
            "evaluator_organisation_fr",
            "city",
            "jurisdiction",
            "group",
            "status",
            "commissioned_on",
            "draft_received_on",
            "final_received_on",
            "summary_en",
            "summary_fr",
        ]


class ReportFileResource(BaseResource):
    """File metadata only: the bytes go in through the checked upload, never through an import."""

    evaluation = fk("evaluation", Evaluation, "slug")
    uploaded_by = fk("uploaded_by", User, "username")

    class Meta(BaseResource.Meta):
        model = ReportFile
        fields = [
            "id",
            "evaluation",
            "kind",
            "title_en",
            "title_fr",
            "original_name",
            "content_type",
            "size",
            "uploaded_by",
        ]
        # Export only: a row without its checked file must not be imported.
        import_id_fields = ["id"]

    def import_data(self, *args, **kwargs):
        raise NotImplementedError("Report files are not imported: they go in through the checked upload.")


class ReportAccessGrantResource(BaseResource):
    evaluation = fk("evaluation", Evaluation, "slug")
    user = fk("user", User, "username")
    provider = fk("provider", Provider, "name")

    class Meta(BaseResource.Meta):
        model = ReportAccessGrant
        fields = ["id", "evaluation", "user", "provider"]


class WorkProductResource(BaseResource):
    group = fk("group", WorkingGroup, "slug")

    class Meta(BaseResource.Meta):
        model = WorkProduct
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "group",
            "title_en",
            "title_fr",
            "description_en",
            "description_fr",
            "status",
            "order",
        ]


# --- Questionnaires (written only through learning_events/questionnaires.py) -------------------
def _export_only(model_name: str, field_names: list[str]):
    from portal.resources import ExportOnlyResource

    from . import models

    meta = type("Meta", (), {"model": getattr(models, model_name), "fields": field_names})
    return type(f"{model_name}Resource", (ExportOnlyResource,), {"Meta": meta})


QuestionnaireResource = _export_only(
    "Questionnaire",
    ["id", "kind", "event", "series", "title_en", "title_fr", "anonymous", "status", "created_at"],
)
QuestionResource = _export_only(
    "Question",
    ["id", "questionnaire", "order", "kind", "text_en", "text_fr", "choices_en", "choices_fr", "required"],
)
# Never the token's hash: a link is not rebuilt from an export.
InvitationResource = _export_only("Invitation", ["id", "questionnaire", "email", "sent_at", "used_at"])
RespondentResource = _export_only("Respondent", ["id", "questionnaire", "user"])
ResponseResource = _export_only("Response", ["id", "questionnaire", "respondent", "language", "submitted_on"])
AnswerResource = _export_only("Answer", ["id", "response", "question", "choice", "rating", "text"])
