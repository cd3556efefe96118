"""The notification pages: the person's notices (mark one or all read), their preferences, My work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from portal.views import PermissionRequiredMixin, ScopedObjectMixin, apply_service_errors

from . import selectors, services, work
from .forms import PreferencesForm
from .models import Preference


class NotificationListView(PermissionRequiredMixin, ListView):
    permission_required = "notifications.view_notifications"
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread"] = selectors.unread_count(user=self.request.user)
        return context


class NotificationReadView(ScopedObjectMixin, PermissionRequiredMixin, View):
    """POST: mark one of the person's own notices read, then open its page (`?next=open`) or go back."""

    http_method_names = ["post"]
    permission_required = "notifications.view_notifications"

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    def get_permission_object(self):
        return None

    def post(self, request, *args, **kwargs):
        notification = services.mark_read(user=request.user, notification=self.get_object())
        if request.POST.get("open") and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}
        ):
            return redirect(notification.url or reverse("notifications:list"))
        messages.success(request, _("The notice is marked as read."))
        return redirect("notifications:list")


class NotificationReadAllView(PermissionRequiredMixin, View):
    http_method_names = ["post"]
    permission_required = "notifications.view_notifications"

    def post(self, request, *args, **kwargs):
        count = services.mark_all_read(user=request.user)
        messages.success(request, _("%(count)s notices marked as read.") % {"count": count})
        return redirect("notifications:list")


class PreferencesView(PermissionRequiredMixin, FormView):
    permission_required = "notifications.change_preferences"
    template_name = "notifications/preferences.html"

    def get_form(self, form_class=None):
        current = dict(Preference.objects.filter(user=self.request.user).values_list("kind", "delivery"))
        return PreferencesForm(
            self.request.POST if self.request.method == "POST" else None,
            user=self.request.user,
            current=current,
        )

    def form_valid(self, form):
        try:
            services.save_preferences(user=self.request.user, choices=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")


class MyWorkView(PermissionRequiredMixin, TemplateView):
    """What waits for the signed-in person, section by section, from every app."""

    permission_required = "notifications.view_my_work"
    template_name = "notifications/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = work.my_work_sections(self.request.user)
        context["sections"] = sections
        context["total"] = sum(s["count"] for s in sections)
        return context
