from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    # The language switch works before signing in, like the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The REST API (issue 21): one address whatever the language (Accept-Language picks the content).
    path("api/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("deleted/", views.DeletionListView.as_view(), name="deletion-list"),
    path("deleted/<int:pk>/undo/", views.DeletionUndoView.as_view(), name="deletion-undo"),
    path("history/<str:model>/<int:pk>/", views.HistoryView.as_view(), name="history"),
    path("lookup/<slug:name>/", views.LookupView.as_view(), name="lookup"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("translations/", views.ParityView.as_view(), name="translation-parity"),
    path("reports/jobs/<int:pk>/", views.ExportJobStatusView.as_view(), name="exportjob-status"),
    path("reports/jobs/<int:pk>/download/", views.ExportJobDownloadView.as_view(), name="exportjob-download"),
    path("reports/<slug:key>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<slug:key>/download/", views.ReportDownloadView.as_view(), name="report-download"),
    path("groups/", include("groups.urls")),
    path("events/", include("learning_events.urls")),
    path("pd/", include("pd_budget.urls")),
    path("surveys/", include("surveys.urls")),
    path("results/", include("results.urls")),
    path("notifications/", include("notifications.urls")),
    path("my-work/", include("notifications.work_urls")),
    # Personal API tokens (issue 21), beside the account pages.
    path("account/tokens/", include("api.account_urls")),
    # The header's search box (issue 21).
    path("search/", include("search.urls")),
    prefix_default_language=True,
)

if settings.PORTAL_BENCH:
    urlpatterns += i18n_patterns(path("bench/floor/", views.BenchFloorView.as_view(), name="bench-floor"))
