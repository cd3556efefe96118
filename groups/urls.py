from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.WorkingGroupListView.as_view(), name="group-list"),
    path("new/", views.WorkingGroupCreateView.as_view(), name="group-create"),
    path("committees/", views.CommitteeListView.as_view(), name="committee-list"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee-detail"),
    path("committees/<int:pk>/edit/", views.CommitteeUpdateView.as_view(), name="committee-update"),
    path("committees/<int:pk>/history/", views.CommitteeHistoryView.as_view(), name="committee-history"),
    path("committees/<int:pk>/members/new/", views.MemberCreateView.as_view(), name="member-create"),
    path("committees/<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member-update"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("members/<int:pk>/delete/", views.MemberDeleteView.as_view(), name="member-delete"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting-delete"),
    path("meetings/<int:pk>/minutes/", views.MeetingMinutesView.as_view(), name="meeting-minutes"),
    path("work-plans/<int:pk>/", views.WorkPlanDetailView.as_view(), name="workplan-detail"),
    path("work-plans/<int:pk>/edit/", views.WorkPlanUpdateView.as_view(), name="workplan-update"),
    path(
        "work-plans/<int:pk>/items/new/", views.WorkPlanItemCreateView.as_view(), name="workplanitem-create"
    ),
    path(
        "work-plan-items/<int:pk>/edit/", views.WorkPlanItemUpdateView.as_view(), name="workplanitem-update"
    ),
    path(
        "work-plan-items/<int:pk>/delete/", views.WorkPlanItemDeleteView.as_view(), name="workplanitem-delete"
    ),
    path("communities/new/", views.CommunityCreateView.as_view(), name="community-create"),
    path("communities/<int:pk>/edit/", views.CommunityUpdateView.as_view(), name="community-update"),
    path("communities/<int:pk>/delete/", views.CommunityDeleteView.as_view(), name="community-delete"),
    path(
        "communities/<int:pk>/links/new/",
        views.CommunityLinkCreateView.as_view(),
        name="communitylink-create",
    ),
    path("<slug:slug>/", views.WorkingGroupDetailView.as_view(), name="group-detail"),
    path("<slug:slug>/edit/", views.WorkingGroupUpdateView.as_view(), name="group-update"),
    path("<slug:slug>/committees/new/", views.CommitteeCreateView.as_view(), name="committee-create"),
    path("<slug:slug>/work-plans/new/", views.WorkPlanCreateView.as_view(), name="workplan-create"),
]
