"""The portal's shared views and the mixin every app's views use to declare their permission."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin

from . import selectors


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Declare `permission_required = "app.verb_noun"`; object views check it against the object.

    Signed-in users without the permission get 403 (never a login loop); list views narrow their
    queryset to what the user may see, so other organisations' objects answer 404.
    """

    raise_exception = True


class HomeView(PermissionRequiredMixin, TemplateView):
    """The dashboard: what matters to the signed-in user's role."""

    permission_required = "portal.view_dashboard"
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dashboard"] = selectors.dashboard_for(self.request.user)
        return context


@method_decorator([login_not_required, never_cache], name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


__all__ = ["PermissionRequiredMixin", "HomeView", "LoginView", "PermissionDenied"]
