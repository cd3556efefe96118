from django.urls import path

from . import views

urlpatterns = [path("", views.MyWorkView.as_view(), name="my-work")]
