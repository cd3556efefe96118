"""Every write of the accounts app: password resets, one's own account, invitations, deactivation.

E-mails go out in the recipient's own language (`User.preferred_language`, or the language staff
chose for an invitation), with links to the pages of that language.
"""

import logging
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from organisations.models import Provider
from portal.models import Role, User
from portal.permissions import require
from portal.queue import enqueue_on_commit
from portal.security import count_in_window
from portal.security import logger as security_log

from .models import Invitation, hash_token

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

log = logging.getLogger(__name__)
LANGUAGES = ("en", "fr")


def _language(value: str | None) -> str:
    return value if value in LANGUAGES else settings.LANGUAGE_CODE


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _send(*, to: str, language: str, subject: str, template: str, context: dict) -> None:
    with translation.override(_language(language)):
        body = render_to_string(template, context)
        send_mail(str(subject), body, settings.DEFAULT_FROM_EMAIL, [to])


# --- Password reset ----------------------------------------------------------------------------
class ResetThrottled(Exception):
    """Too many reset requests from one address this hour: the page says wait (whoever asks)."""


def request_password_reset(*, email: str, base_url: str, address: str | None) -> bool:
    """Queue the reset e-mail for `email`, whether or not an account has it (no account enumeration:
    the page, the time taken and the work done are the same).

    Past ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR requests from one address this hour, ResetThrottled.
    Past ACCOUNTS_RESET_PER_EMAIL_PER_HOUR for one address this hour, nothing more is sent (silently:
    saying so would tell that the account exists). Returns True when the e-mail was queued."""
    email = (email or "").strip()
    if address and count_in_window(f"reset-address:{address}", seconds=3600) > (
        settings.ACCOUNTS_RESET_PER_ADDRESS_PER_HOUR
    ):
        security_log.warning("password reset throttled: address=%s", address)
        raise ResetThrottled
    if count_in_window(f"reset-email:{email.casefold()}", seconds=3600) > (
        settings.ACCOUNTS_RESET_PER_EMAIL_PER_HOUR
    ):
        security_log.warning("password reset e-mails capped: email=%s address=%s", email, address)
        return False
    security_log.info("password reset asked: email=%s address=%s", email, address)
    enqueue_on_commit("accounts.tasks.send_password_reset", email, base_url)
    return True


def reset_candidates(email: str):
    """Active accounts with this e-mail (any case) and a usable password: Django's own rule."""
    return PasswordResetForm().get_users(email)


def send_password_reset(*, email: str, base_url: str) -> int:
    """E-mail each account of `email` a one-time link (Django's token: it stops working once the
    password changes or after PASSWORD_RESET_TIMEOUT), in the account's language. Returns how many."""
    sent = 0
    for user in reset_candidates(email):
        language = _language(user.preferred_language)
        with translation.override(language):
            path = reverse(
                "accounts:password-reset-confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            subject = _("Reset your password for the PNT settlement working groups portal")
        _send(
            to=user.email,
            language=language,
            subject=subject,
            template="accounts/email/password_reset.txt",
            context={
                "user": user,
                "link": _absolute(base_url, path),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
        )
        sent += 1
    return sent


def clear_sign_in_failures(username: str) -> None:
    """Proof of the mailbox lifts the lockout of repeated failed sign-ins (django-axes)."""
    from axes.utils import reset

    reset(username=username)


@transaction.atomic
def set_new_password(user: "AbstractBaseUser", *, password: str) -> None:
    """The password chosen through a reset link (the link proved the mailbox): validated, saved, and
    the username's failed sign-ins forgotten. Other sessions end (Django's session hash changes)."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    clear_sign_in_failures(user.get_username())
    security_log.info("password reset by e-mail: user=%s", user.get_username())


# --- One's own account -------------------------------------------------------------------------
@transaction.atomic
def update_own_account(user: User, *, first_name: str, last_name: str, preferred_language: str) -> User:
    """A person's name and preferred language (of their e-mails and of the first page after sign-in)."""
    require(user, "accounts.change_own_account")
    if preferred_language not in LANGUAGES:
        raise ValidationError({"preferred_language": _("Choose English or French.")})
    user.first_name = (first_name or "").strip()
    user.last_name = (last_name or "").strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    return user


# --- Invitations -------------------------------------------------------------------------------
def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _expiry(now):
    return now + timedelta(days=settings.ACCOUNTS_INVITATION_DAYS)


def _normalise_email(email: str) -> str:
    email = (email or "").strip()
    local, _sep, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if local else email


def _send_invitation(invitation: Invitation, *, token: str, base_url: str) -> None:
    language = _language(invitation.language)
    with translation.override(language):
        path = reverse("accounts:invitation-accept", kwargs={"token": token})
        subject = _("You are invited to the PNT settlement working groups portal")
    inviter = invitation.invited_by
    _send(
        to=invitation.email,
        language=language,
        subject=subject,
        template="accounts/email/invitation.txt",
        context={
            "invitation": invitation,
            "provider": invitation.provider,
            "inviter": inviter.display_name if inviter else "",
            "link": _absolute(base_url, path),
            "expires_at": invitation.expires_at,
        },
    )


def _check_email_free(email: str, *, exclude_pk: int | None = None) -> None:
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise ValidationError(
            {"email": _("An account already uses this e-mail address: reactivate it from the accounts list.")}
        )
    pending = Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if exclude_pk is not None:
        pending = pending.exclude(pk=exclude_pk)
    if pending.exists():
        raise ValidationError(
            {"email": _("An invitation to this address is already waiting: send it again from the list.")}
        )


@transaction.atomic
def invite_provider_staff(
    *, user: User, email: str, provider: Provider, language: str, base_url: str
) -> Invitation:
    """Invite `email` to become provider staff of `provider`: a one-time link, valid
    ACCOUNTS_INVITATION_DAYS days, e-mailed in `language`."""
    require(user, "accounts.invite_user")
    email = _normalise_email(email)
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose English or French.")})
    _check_email_free(email)
    now = timezone.now()
    invitation = Invitation(
        email=email,
        provider=provider,
        language=language,
        # Never sent: the link is made by `deliver_invitation`, which replaces this hash.
        token_hash=hash_token(_new_token()),
        invited_by=user,
        created_at=now,
        sent_at=now,
        expires_at=_expiry(now),
    )
    invitation.full_clean()
    invitation.save()
    enqueue_on_commit("accounts.tasks.send_invitation", invitation.pk, base_url)
    return invitation


def _locked_open_invitation(invitation: Invitation, refusal: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("provider", "invited_by")
        .get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError(refusal, code="closed")
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation, *, user: User, base_url: str) -> Invitation:
    """Send the invitation again: a new link (the old one stops working) with a new expiry."""
    require(user, "accounts.manage_invitation", invitation)
    invitation = _locked_open_invitation(
        invitation, _("This invitation is already accepted or revoked: it cannot be sent again.")
    )
    _check_email_free(invitation.email, exclude_pk=invitation.pk)
    enqueue_on_commit("accounts.tasks.send_invitation", invitation.pk, base_url)
    return invitation


@transaction.atomic
def deliver_invitation(invitation_id: int, *, base_url: str) -> bool:
    """The task's work: a fresh one-time link for an open invitation (only its hash is stored, so the
    link exists only in the e-mail), valid ACCOUNTS_INVITATION_DAYS days from now, then the e-mail.
    An invitation accepted or revoked meanwhile is not sent. A failed send rolls the new link back."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("provider", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    now = timezone.now()
    token = _new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = now
    invitation.expires_at = _expiry(now)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _send_invitation(invitation, token=token, base_url=base_url)
    return True


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, user: User) -> Invitation:
    require(user, "accounts.manage_invitation", invitation)
    invitation = _locked_open_invitation(
        invitation, _("This invitation is already accepted or revoked: it cannot be revoked.")
    )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link opens, or a ValidationError saying why it does not (unknown, used,
    revoked, expired): the same message for an unknown and a revoked link."""
    invitation = (
        Invitation.objects.select_related("provider").filter(token_hash=hash_token(token or "")).first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(
            _("This invitation link is not valid. Ask IRCC staff for a new one."), code="invalid"
        )
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation link was already used. Sign in, or reset your password if you forgot it."),
            code="used",
        )
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation link has expired. Ask IRCC staff to send it again."), code="expired"
        )
    return invitation


@transaction.atomic
def accept_invitation(
    *, token: str, first_name: str, last_name: str, password: str, preferred_language: str
) -> User:
    """The invitee's account: provider staff of the invitation's provider, username and e-mail the
    invited address. The link works once: the invitation is locked, checked and closed together."""
    found = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    invitation = invitation_for_token(token)  # again, under the lock: a second click waits, then fails
    if preferred_language not in LANGUAGES:
        raise ValidationError({"preferred_language": _("Choose English or French.")})
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise ValidationError(_("Give your first and last name."))
    _check_email_free(invitation.email, exclude_pk=invitation.pk)
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=Role.PROVIDER,
        provider=invitation.provider,
        preferred_language=preferred_language,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    security_log.info("invitation accepted: user=%s provider=%s", user.username, invitation.provider_id)
    return user


# --- Deactivation ------------------------------------------------------------------------------
def end_sessions_of(target: User) -> int:
    """Delete every stored session of `target` (database sessions: each is read to find its user)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(target.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def deactivate_user(target: User, *, user: User) -> User:
    """The account can no longer sign in, and its open sessions end now. Reactivation is the way back."""
    require(user, "accounts.manage_user", target)
    if target.pk == user.pk:  # also for a superuser, whom has_perm lets through
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    target = User.objects.select_for_update().get(pk=target.pk)
    if not target.is_active:
        raise ValidationError(_("This account is already deactivated."), code="inactive")
    target.is_active = False
    target.save(update_fields=["is_active"])
    ended = end_sessions_of(target)
    security_log.warning(
        "account deactivated: user=%s by=%s sessions_ended=%s", target.username, user.username, ended
    )
    return target


@transaction.atomic
def reactivate_user(target: User, *, user: User) -> User:
    require(user, "accounts.manage_user", target)
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.is_active:
        raise ValidationError(_("This account is already active."), code="active")
    target.is_active = True
    target.save(update_fields=["is_active"])
    security_log.warning("account reactivated: user=%s by=%s", target.username, user.username)
    return target
