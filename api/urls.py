"""/api/: not language-prefixed (content follows Accept-Language); the schema and its docs."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("groups", views.WorkingGroupViewSet, basename="group")
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("committee-members", views.CommitteeMemberViewSet, basename="committeemember")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("work-plans", views.WorkPlanViewSet, basename="workplan")
router.register("events", views.LearningEventViewSet, basename="event")
router.register("event-series", views.EventSeriesViewSet, basename="series")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("report-files", views.ReportFileViewSet, basename="reportfile")
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("sites", views.SiteViewSet, basename="site")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("allocations", views.AllocationViewSet, basename="allocation")
router.register("pd-requests", views.PDRequestViewSet, basename="pdrequest")
router.register("survey-cycles", views.SurveyCycleViewSet, basename="surveycycle")
router.register("pd-templates", views.PDTemplateViewSet, basename="pdtemplate")

urlpatterns = [
    # The schema answers token clients too (no session: exempt from the login redirect).
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # The docs page is for people: signed out, the portal's login page comes first (DRF's views are
    # exempt from LoginRequiredMiddleware, so it is asked here).
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("", include(router.urls)),
]
