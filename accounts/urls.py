from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("people/", views.UserListView.as_view(), name="user-list"),
    path("people/<int:pk>/deactivate/", views.UserDeactivateView.as_view(), name="user-deactivate"),
    path("people/<int:pk>/reactivate/", views.UserReactivateView.as_view(), name="user-reactivate"),
    path("invitations/", views.InvitationListView.as_view(), name="invitation-list"),
    path("invitations/new/", views.InvitationCreateView.as_view(), name="invitation-create"),
    path("invitations/<int:pk>/resend/", views.InvitationResendView.as_view(), name="invitation-resend"),
    path("invitations/<int:pk>/revoke/", views.InvitationRevokeView.as_view(), name="invitation-revoke"),
    path("invitation/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation-accept"),
]
