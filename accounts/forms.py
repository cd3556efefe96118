"""The forms of the accounts pages: one's own account, a password reset, an invitation and its
acceptance, and the accounts list's filter."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from organisations.models import Provider
from portal.models import Role
from portal.widgets import FastSelectsMixin, SearchSelect

LANGUAGE_CHOICES = settings.LANGUAGES


class AccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("The language of the portal's e-mails to you and of the first page after you sign in."),
    )


class ResetRequestForm(PasswordResetForm):
    """Only the address: the e-mail itself is sent by a task (accounts.services.request_password_reset)."""

    email = forms.EmailField(
        label=_("E-mail address of your account"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordForm(SetPasswordForm):
    """The password chosen through a reset link: saved by accounts.services.set_new_password."""


class ChangePasswordForm(PasswordChangeForm):
    """Django's: the current password, then the new one twice."""


class InvitationForm(FastSelectsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    provider = forms.ModelChoiceField(
        label=_("Provider organisation"),
        queryset=Provider.objects.order_by("name"),
        empty_label=None,
        widget=SearchSelect("providers"),  # 20,000 providers at scale 100: searched as staff type
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=LANGUAGE_CHOICES,
        help_text=_(
            "The e-mail and the page it opens are in this language; the invitee can change it later."
        ),
    )


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=LANGUAGE_CHOICES, widget=forms.RadioSelect
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class UserFilterForm(FastSelectsMixin, forms.Form):
    q = forms.CharField(label=_("Name, username or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False)
    provider = forms.ModelChoiceField(
        label=_("Provider organisation"),
        queryset=Provider.objects.order_by("name"),
        required=False,
        empty_label=_("Any"),
        widget=SearchSelect("providers"),
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Active and deactivated")), ("yes", _("Active")), ("no", _("Deactivated"))],
        required=False,
    )
