from django.urls import path, re_path

from . import questionnaire_views as qviews
from . import views

app_name = "learning_events"

urlpatterns = [
    path("", views.EventAgendaView.as_view(), name="event-list"),
    path("month/", views.EventMonthView.as_view(), name="event-month"),
    path("list/", views.EventListView.as_view(), name="event-table"),
    path("new/", views.EventCreateView.as_view(), name="event-create"),
    path("calendar.ics", views.EventFeedView.as_view(), name="event-feed"),
    path("groups/<slug:slug>/calendar.ics", views.EventFeedView.as_view(), name="group-feed"),
    path("subscribe/<str:token>/calendar.ics", views.PrivateFeedView.as_view(), name="private-feed"),
    path(
        "subscribe/<str:token>/groups/<slug:slug>/calendar.ics",
        views.PrivateFeedView.as_view(),
        name="private-group-feed",
    ),
    path("series/new/", views.SeriesCreateView.as_view(), name="series-create"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("series/<slug:slug>/edit/", views.SeriesUpdateView.as_view(), name="series-update"),
    path(
        "series/<slug:slug>/exceptions/new/",
        views.SeriesExceptionCreateView.as_view(),
        name="seriesexception-create",
    ),
    path(
        "series/exceptions/<int:pk>/delete/",
        views.SeriesExceptionDeleteView.as_view(),
        name="seriesexception-delete",
    ),
    # Questionnaires answered online: needs surveys and evaluations (issue 19).
    path("questionnaires/<int:pk>/", qviews.QuestionnaireDetailView.as_view(), name="questionnaire-detail"),
    path(
        "questionnaires/<int:pk>/questions/new/", qviews.QuestionCreateView.as_view(), name="question-create"
    ),
    re_path(
        r"^questionnaires/(?P<pk>[0-9]+)/(?P<action>open|close)/$",
        qviews.QuestionnaireStatusView.as_view(),
        name="questionnaire-status",
    ),
    path("questionnaires/<int:pk>/send/", qviews.QuestionnaireSendView.as_view(), name="questionnaire-send"),
    path(
        "questionnaires/<int:pk>/answer/",
        qviews.QuestionnaireAnswerView.as_view(),
        name="questionnaire-answer",
    ),
    path(
        "questionnaires/<int:pk>/results/",
        qviews.QuestionnaireResultsView.as_view(),
        name="questionnaire-results",
    ),
    path(
        "questionnaires/<int:pk>/results.xlsx",
        qviews.QuestionnaireExportView.as_view(),
        name="questionnaire-export",
    ),
    path("answer/thanks/", qviews.ThanksView.as_view(), name="questionnaire-thanks"),
    path("answer/<str:token>/", qviews.TokenAnswerView.as_view(), name="questionnaire-token"),
    path(
        "series/<slug:slug>/questionnaires/new/",
        qviews.SeriesQuestionnaireCreateView.as_view(),
        name="series-questionnaire-create",
    ),
    path(
        "series/<slug:slug>/evaluations/", qviews.SeriesEvaluationsView.as_view(), name="series-evaluations"
    ),
    path("courses/", views.PilotCourseListView.as_view(), name="course-list"),
    path("work-products/", views.WorkProductListView.as_view(), name="workproduct-list"),
    path("surveys/<int:pk>/results/", views.NeedsSurveyResultsView.as_view(), name="needssurvey-results"),
    path(
        "registrations/<int:pk>/attendance/",
        views.RegistrationAttendanceView.as_view(),
        name="registration-attendance",
    ),
    path(
        "registrations/<int:pk>/cancel/", views.RegistrationCancelView.as_view(), name="registration-cancel"
    ),
    path("reports/", views.EvaluationListView.as_view(), name="evaluation-list"),
    path("reports/new/", views.EvaluationCreateView.as_view(), name="evaluation-create"),
    path("reports/files/<int:pk>/", views.ReportDownloadView.as_view(), name="reportfile-download"),
    path("reports/files/<int:pk>/delete/", views.ReportFileDeleteView.as_view(), name="reportfile-delete"),
    path("reports/grants/<int:pk>/revoke/", views.ReportGrantRevokeView.as_view(), name="grant-revoke"),
    path("reports/<slug:slug>/", views.EvaluationDetailView.as_view(), name="evaluation-detail"),
    path("reports/<slug:slug>/edit/", views.EvaluationUpdateView.as_view(), name="evaluation-update"),
    path("reports/<slug:slug>/delete/", views.EvaluationDeleteView.as_view(), name="evaluation-delete"),
    path("reports/<slug:slug>/upload/", views.ReportUploadView.as_view(), name="reportfile-create"),
    path("reports/<slug:slug>/grants/", views.ReportGrantView.as_view(), name="grant-create"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<slug:slug>/edit/", views.EventUpdateView.as_view(), name="event-update"),
    path("<slug:slug>/delete/", views.EventDeleteView.as_view(), name="event-delete"),
    path("<slug:slug>/register/", views.EventRegisterView.as_view(), name="event-register"),
    path("<slug:slug>/event.ics", views.EventIcsView.as_view(), name="event-ics"),
    path("<slug:slug>/evaluate/", views.EventEvaluateView.as_view(), name="event-evaluate"),
    path("<slug:slug>/surveys/new/", views.NeedsSurveyCreateView.as_view(), name="needssurvey-create"),
    path(
        "<slug:slug>/questionnaires/new/",
        qviews.EventQuestionnaireCreateView.as_view(),
        name="event-questionnaire-create",
    ),
]
