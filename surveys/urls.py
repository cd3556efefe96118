from django.urls import path, re_path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.SurveyHomeView.as_view(), name="home"),
    path("new/", views.CycleCreateView.as_view(), name="cycle-create"),
    path("<int:year>/", views.CycleDetailView.as_view(), name="cycle-detail"),
    path("<int:year>/edit/", views.CycleUpdateView.as_view(), name="cycle-update"),
    path("<int:year>/remind/confirm/", views.CycleRemindConfirmView.as_view(), name="cycle-remind-confirm"),
    path("<int:year>/runs/<int:pk>/", views.RunStatusView.as_view(), name="run-status"),
    path("<int:year>/analysis/", views.AnalysisView.as_view(), name="cycle-analysis"),
    path("<int:year>/needs-match/", views.NeedsMatchView.as_view(), name="needs-match"),
    path("<int:year>/summary/", views.RegionalSummaryView.as_view(), name="cycle-summary"),
    path("<int:year>/my-template/", views.MyTemplateView.as_view(), name="my-template"),
    path("<int:year>/my-template/review/", views.MyTemplateReviewView.as_view(), name="my-template-review"),
    path(
        "<int:year>/my-template/autosave/",
        views.MyTemplateAutosaveView.as_view(),
        name="my-template-autosave",
    ),
    path("<int:year>/templates/<int:pk>/", views.TemplateDetailView.as_view(), name="template-detail"),
    path("<int:year>/templates/<int:pk>/print/", views.TemplatePrintView.as_view(), name="template-print"),
    path("<int:year>/templates/<int:pk>/reopen/", views.TemplateReopenView.as_view(), name="template-reopen"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<action>open|close|remind|aggregate)/$",
        views.CycleActionView.as_view(),
        name="cycle-action",
    ),
]
