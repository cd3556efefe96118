from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.WorkingGroupListView.as_view(), name="group-list"),
    path("<slug:slug>/", views.WorkingGroupDetailView.as_view(), name="group-detail"),
]
