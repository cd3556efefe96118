from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("programme/", views.ProgrammeView.as_view(), name="programme"),
    path(
        "evaluations/<slug:slug>/recommendations/new/",
        views.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    path(
        "recommendations/<int:pk>/edit/",
        views.RecommendationUpdateView.as_view(),
        name="recommendation-update",
    ),
    path(
        "recommendations/<int:pk>/delete/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation-delete",
    ),
    path("recommendations/<int:pk>/response/", views.ResponseCreateView.as_view(), name="response-create"),
    path("recommendations/<int:pk>/actions/new/", views.ActionCreateView.as_view(), name="action-create"),
    path("responses/<int:pk>/edit/", views.ResponseUpdateView.as_view(), name="response-update"),
    path("responses/<int:pk>/delete/", views.ResponseDeleteView.as_view(), name="response-delete"),
    path("actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action-update"),
    path("actions/<int:pk>/delete/", views.ActionDeleteView.as_view(), name="action-delete"),
    path("briefings/new/", views.BriefingCreateView.as_view(), name="briefing-create"),
    path("briefings/<int:pk>/", views.BriefingStatusView.as_view(), name="briefing-status"),
    path("briefings/<int:pk>/download/", views.BriefingDownloadView.as_view(), name="briefing-download"),
]
