from django.urls import path

from . import consistency_views, scenario_views, views

app_name = "pd_budget"

urlpatterns = [
    path("", views.BudgetHomeView.as_view(), name="home"),
    path("providers/", views.AllocationOverviewView.as_view(), name="overview"),
    path("providers/<int:pk>/", views.AllocationDetailView.as_view(), name="allocation"),
    path("providers/<int:pk>/ftes/", views.SiteFTEEditView.as_view(), name="sitefte-edit"),
    path("providers/<int:pk>/requests/new/", views.PDRequestCreateView.as_view(), name="pdrequest-create"),
    path("requests/", views.PDRequestListView.as_view(), name="pdrequest-list"),
    path("requests/approvals/", views.ApprovalQueueView.as_view(), name="approval-queue"),
    path("requests/decide/", views.PDRequestDecideView.as_view(), name="pdrequest-decide"),
    path("requests/<int:pk>/approve/", views.PDRequestApproveView.as_view(), name="pdrequest-approve"),
    path("requests/<int:pk>/refuse/", views.PDRequestRefuseView.as_view(), name="pdrequest-refuse"),
    path("requests/<int:pk>/withdraw/", views.PDRequestWithdrawView.as_view(), name="pdrequest-withdraw"),
    path("requests/<int:pk>/cancel/", views.PDRequestCancelView.as_view(), name="pdrequest-cancel"),
    path("ftes/declarations/", views.FTEDeclarationListView.as_view(), name="ftedeclaration-list"),
    path(
        "ftes/declarations/<int:pk>/accept/",
        views.FTEDeclarationAcceptView.as_view(),
        name="ftedeclaration-accept",
    ),
    path(
        "ftes/declarations/<int:pk>/refuse/",
        views.FTEDeclarationRefuseView.as_view(),
        name="ftedeclaration-refuse",
    ),
    path("policy/", views.PolicyListView.as_view(), name="policy-list"),
    path("policy/history/", views.PolicyHistoryView.as_view(), name="policy-history"),
    path("workbook/export/", views.WorkbookExportView.as_view(), name="workbook-export"),
    path("workbook/import/", views.WorkbookImportView.as_view(), name="workbook-import"),
    path("workbook/import/<str:token>/", views.WorkbookPreviewView.as_view(), name="workbook-preview"),
    path(
        "workbook/import/<str:token>/status/",
        views.WorkbookImportStatusView.as_view(),
        name="workbook-status",
    ),
    path("workbook/imports/", views.ImportHistoryView.as_view(), name="importrun-list"),
    path("workbook/imports/<int:pk>/", views.ImportHistoryDetailView.as_view(), name="importrun-detail"),
    path("workbook/imports/<int:pk>/file/", views.ImportFileDownloadView.as_view(), name="importrun-file"),
    path("consistency/", consistency_views.ConsistencyView.as_view(), name="consistency"),
    # PD policy what-if scenarios (issue 18)
    path("scenarios/", scenario_views.ScenarioListView.as_view(), name="scenario-list"),
    path("scenarios/new/", scenario_views.ScenarioCreateView.as_view(), name="scenario-create"),
    path("scenarios/compare/", scenario_views.ScenarioCompareView.as_view(), name="scenario-compare"),
    path("scenarios/<int:pk>/", scenario_views.ScenarioDetailView.as_view(), name="scenario-detail"),
    path("scenarios/<int:pk>/edit/", scenario_views.ScenarioUpdateView.as_view(), name="scenario-update"),
    path("scenarios/<int:pk>/adopt/", scenario_views.ScenarioAdoptView.as_view(), name="scenario-adopt"),
    path("scenarios/<int:pk>/delete/", scenario_views.ScenarioDeleteView.as_view(), name="scenario-delete"),
]
