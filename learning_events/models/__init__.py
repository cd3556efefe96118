"""Learning events (activités d'apprentissage) with fuzzy dates and series, needs surveys,
registrations and participant evaluations; the regional pilot courses; commissioned evaluations
with their report files and who may read them; the groups' other work products.

One module per seam; everything is re-exported here, so ``from learning_events.models import X``
keeps working and the migrations (which name ``learning_events.models.survey_upload_to``) stay as
they are."""

from .evaluations import (
    Evaluation,
    EvaluationStatus,
    ReportAccessGrant,
    ReportFile,
    ReportKind,
)
from .events import DatePrecision, EventFormat, EventStatus, LearningEvent, Season, TimeZone
from .needs_surveys import NeedsSurvey, SurveyStatus
from .pilots import (
    CourseEvaluation,
    CourseEvaluationKind,
    CourseRoleShare,
    PilotCourse,
    PilotEnrolment,
    PilotProject,
    ResultsStatus,
)
from .questionnaires import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    Respondent,
    Response,
)
from .registrations import ParticipantEvaluation, ParticipantRole, Registration, RegistrationStatus
from .series import Cadence, EventSeries, ExceptionKind, Frequency, Ordinal, SeriesException, Weekday
from .uploads import report_upload_to, survey_upload_to
from .work_products import WorkProduct, WorkProductStatus

__all__ = [
    "Answer",
    "Invitation",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireKind",
    "QuestionnaireStatus",
    "Respondent",
    "Response",
    "Cadence",
    "CourseEvaluation",
    "CourseEvaluationKind",
    "CourseRoleShare",
    "DatePrecision",
    "Evaluation",
    "EvaluationStatus",
    "EventFormat",
    "EventSeries",
    "EventStatus",
    "ExceptionKind",
    "Frequency",
    "Ordinal",
    "SeriesException",
    "Weekday",
    "LearningEvent",
    "NeedsSurvey",
    "ParticipantEvaluation",
    "ParticipantRole",
    "PilotCourse",
    "PilotEnrolment",
    "PilotProject",
    "Registration",
    "RegistrationStatus",
    "ReportAccessGrant",
    "ReportFile",
    "ReportKind",
    "ResultsStatus",
    "Season",
    "SurveyStatus",
    "TimeZone",
    "WorkProduct",
    "WorkProductStatus",
    "report_upload_to",
    "survey_upload_to",
]
