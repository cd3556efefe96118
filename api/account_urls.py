"""/<language>/account/tokens/: the signed-in person's personal API tokens."""

from django.urls import path

from . import account_views

app_name = "api-tokens"

urlpatterns = [
    path("", account_views.TokenListView.as_view(), name="list"),
    path("<int:pk>/revoke/", account_views.TokenRevokeView.as_view(), name="revoke"),
]
