"""Accounts pages: password reset by e-mail (public), one's own account and password, and IRCC
staff's accounts list (deactivate, reactivate) and invitations (invite, send again, revoke), with
the invitee's page that opens the account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from portal.i18n import remember_language
from portal.security import client_ip
from portal.views import (
    FilteredListView,
    PermissionRequiredMixin,
    ServiceActionView,
    Text,
    apply_service_errors,
)

from . import selectors, services
from .forms import (
    AcceptInvitationForm,
    AccountForm,
    ChangePasswordForm,
    InvitationForm,
    NewPasswordForm,
    ResetRequestForm,
    UserFilterForm,
)
from .permissions import invitations_visible_to, users_visible_to

public = method_decorator([login_not_required, never_cache], name="dispatch")


def base_url(request) -> str:
    """The portal's address as this request reached it: the links in e-mails start with it."""
    return request.build_absolute_uri("/").rstrip("/")


def language_redirect(url: str, language: str) -> HttpResponseRedirect:
    """Go to `url` and keep `language` for the pages without a prefix."""
    return remember_language(HttpResponseRedirect(url), language)


# --- Password reset (public) -------------------------------------------------------------------
@public
class PasswordResetView(FormView):
    """Ask for a reset link. The next page is the same whether the address has an account or not."""

    template_name = "accounts/password_reset_form.html"
    form_class = ResetRequestForm

    def form_valid(self, form):
        try:
            services.request_password_reset(
                email=form.cleaned_data["email"],
                base_url=base_url(self.request),
                address=client_ip(self.request),
            )
        except services.ResetThrottled:
            return render(self.request, "accounts/password_reset_throttled.html", status=429)
        return HttpResponseRedirect(reverse("accounts:password-reset-done"))


@public
class PasswordResetDoneView(TemplateView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hours"] = settings.PASSWORD_RESET_TIMEOUT // 3600
        return context


@public
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's link check (the token in the URL moves to the session), then our service saves."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        try:
            services.set_new_password(form.user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password2", exc)
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@public
class PasswordResetCompleteView(TemplateView):
    template_name = "accounts/password_reset_complete.html"


# --- One's own account -------------------------------------------------------------------------
class AccountView(PermissionRequiredMixin, FormView):
    """My account: name and preferred language; links to the password change. Another app adds a
    section below with an `account.py` module whose `account_sections(request)` returns
    `[{"template": "app/_account_section.html", ...}]` (found by portal.discovery, like the
    dashboard cards); each dict is the section template's `section`, and the section posts to the
    app's own URLs."""

    permission_required = "accounts.change_own_account"
    template_name = "accounts/account.html"
    form_class = AccountForm

    def get_context_data(self, **kwargs):
        from portal.discovery import app_modules

        context = super().get_context_data(**kwargs)
        context["sections"] = [
            section
            for _label, module in app_modules("account")
            for section in module.account_sections(self.request)
        ]
        return context

    def get_initial(self):
        user = self.request.user
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
        }

    def form_valid(self, form):
        try:
            user = services.update_own_account(self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        language = user.preferred_language
        with translation.override(language):
            messages.success(self.request, _("Your account is saved."))
            url = reverse("accounts:account")
        return language_redirect(url, language)


class PasswordChangeView(PermissionRequiredMixin, auth_views.PasswordChangeView):
    """Django's change (the current password first); other sessions of the user end, this one stays."""

    permission_required = "accounts.change_own_account"
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


# --- IRCC staff: accounts ----------------------------------------------------------------------
class UserListView(FilteredListView):
    permission_required = "accounts.view_user_list"
    template_name = "accounts/user_list.html"
    context_object_name = "accounts"
    filter_form_class = UserFilterForm
    sort_keys = {
        "name": (Text("last_name"), Text("first_name"), Text("username")),
        "username": (Text("username"),),
        "provider": (Text("provider__name"), Text("username")),
        "role": ("role", Text("username")),
        "last_login": ("last_login",),
    }
    default_sort = "name"

    def list_rows(self, filters):
        return selectors.user_list(user=self.request.user, filters=filters)


class UserActionView(ServiceActionView):
    permission_required = "accounts.manage_user"

    def get_queryset(self):
        return users_visible_to(self.request.user)

    def get_success_url(self) -> str:
        return reverse("accounts:user-list")


class UserDeactivateView(UserActionView):
    def act(self, target, form) -> str:
        services.deactivate_user(target, user=self.request.user)
        return _("%(name)s can no longer sign in; their open sessions have ended.") % {
            "name": target.display_name
        }


class UserReactivateView(UserActionView):
    def act(self, target, form) -> str:
        services.reactivate_user(target, user=self.request.user)
        return _("%(name)s can sign in again.") % {"name": target.display_name}


# --- IRCC staff: invitations -------------------------------------------------------------------
class InvitationListView(FilteredListView):
    permission_required = "accounts.manage_invitation"
    template_name = "accounts/invitation_list.html"
    context_object_name = "invitations"
    sort_keys = {
        "date": ("sent_at",),
        "email": (Text("email"),),
        "provider": (Text("provider__name"), "sent_at"),
    }
    default_sort = "-date"

    def list_rows(self, filters):
        return selectors.invitation_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation_days"] = settings.ACCOUNTS_INVITATION_DAYS
        return context


class InvitationCreateView(PermissionRequiredMixin, FormView):
    permission_required = "accounts.invite_user"
    template_name = "accounts/invitation_form.html"
    form_class = InvitationForm

    def get_initial(self):
        return {"language": translation.get_language() or "en"}

    def form_valid(self, form):
        try:
            invitation = services.invite_provider_staff(
                user=self.request.user, base_url=base_url(self.request), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The invitation is on its way to %(email)s (%(provider)s); its link works for %(days)s days.")
            % {
                "email": invitation.email,
                "provider": invitation.provider,
                "days": settings.ACCOUNTS_INVITATION_DAYS,
            },
        )
        return HttpResponseRedirect(reverse("accounts:invitation-list"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title=_("Invite provider staff"), cancel_url=reverse("accounts:invitation-list"))
        return context


class InvitationActionView(ServiceActionView):
    permission_required = "accounts.manage_invitation"

    def get_queryset(self):
        return invitations_visible_to(self.request.user)

    def get_success_url(self) -> str:
        return reverse("accounts:invitation-list")


class InvitationResendView(InvitationActionView):
    def act(self, invitation, form) -> str:
        services.resend_invitation(invitation, user=self.request.user, base_url=base_url(self.request))
        return _("A new link is on its way to %(email)s; the previous one no longer works.") % {
            "email": invitation.email
        }


class InvitationRevokeView(InvitationActionView):
    def act(self, invitation, form) -> str:
        services.revoke_invitation(invitation, user=self.request.user)
        return _("The invitation to %(email)s is revoked: its link no longer works.") % {
            "email": invitation.email
        }


@public
class InvitationAcceptView(FormView):
    """The invitee's page (public: the link is the key): name, language and password, then the
    account is open and signed in. A used, expired or revoked link says so, and what to do."""

    template_name = "accounts/invitation_accept.html"
    form_class = AcceptInvitationForm
    page_title = gettext_lazy("Open your account")

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = services.invitation_for_token(kwargs["token"])
        except ValidationError as exc:
            return render(request, "accounts/invitation_invalid.html", {"problem": " ".join(exc.messages)})
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"preferred_language": self.invitation.language}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.invitation
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = services.accept_invitation(
                token=self.kwargs["token"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                preferred_language=data["preferred_language"],
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) in ("invalid", "used", "expired"):
                return render(
                    self.request, "accounts/invitation_invalid.html", {"problem": " ".join(exc.messages)}
                )
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        language = user.preferred_language
        with translation.override(language):
            messages.success(
                self.request,
                _("Welcome! Your account is open. Next time, sign in with %(username)s and your password.")
                % {"username": user.username},
            )
            url = reverse("home")
        return language_redirect(url, language)
