"""Notify people, send the e-mails, keep each person's choices.

The one entry point for the other apps is `notify`: it writes one in-app notice per recipient, in the
recipient's own language (`User.preferred_language`), inside the caller's transaction, and enqueues
the e-mail by task name after commit (`portal.queue`). A notice exists once per person and event key,
so a service or beat task that runs again notifies nobody twice; the e-mail is sent under a row lock
and marked sent in the same transaction, so a retried task never sends it twice.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.queue import enqueue_on_commit

from .kinds import Delivery, Kind, default_delivery, kinds_for_role
from .models import Digest, EmailState, Notification, Preference

if TYPE_CHECKING:
    from portal.models import User

log = logging.getLogger(__name__)

SEND_TASK = "notifications.tasks.send_notification_email"


@dataclass(frozen=True)
class Notice:
    """What one recipient reads: built by the caller's `render()` in the recipient's language."""

    title: str
    body: str = ""
    url: str = ""


def language_of(user) -> str:
    language = getattr(user, "preferred_language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE[:2]


def delivery_for(user, kind: str) -> str:
    """The person's choice for `kind`, or the kind's default."""
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return chosen or default_delivery(kind)


def _unique_active(recipients: Iterable) -> list:
    seen: dict[int, object] = {}
    for user in recipients:
        if user is None or not getattr(user, "pk", None) or not user.is_active:
            continue
        seen.setdefault(user.pk, user)
    return list(seen.values())


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    key: str,
    render: Callable[[], Notice],
) -> list[Notification]:
    """Tell each recipient (active accounts, each once) about the event `key` of kind `kind`.

    `render()` is called once per recipient with that person's language active: its strings (gettext,
    dates, amounts) come out in that language. Recipients who turned the kind off get nothing;
    "daily" ones get the notice now and the e-mail in the next daily digest. Returns the notices
    created now (none for someone already told about this key)."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    created = []
    for user in _unique_active(recipients):
        delivery = delivery_for(user, kind)
        if delivery == Delivery.OFF or Notification.objects.filter(recipient=user, key=key).exists():
            continue
        language = language_of(user)
        with translation.override(language):
            notice = render()
        if not user.email:
            state = EmailState.NONE
        elif delivery == Delivery.DAILY:
            state = EmailState.DIGEST
        else:
            state = EmailState.PENDING
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    kind=kind,
                    key=key[:200],
                    language=language,
                    title=str(notice.title)[:300],
                    body=str(notice.body),
                    url=notice.url[:500],
                    email_state=state,
                )
        except IntegrityError:  # the same event told at the same moment by another run
            continue
        if state == EmailState.PENDING:
            enqueue_on_commit(SEND_TASK, notification.pk)
        created.append(notification)
    return created


# --- E-mail ------------------------------------------------------------------------------------
def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _preferences_url(language: str) -> str:
    from django.urls import reverse

    with translation.override(language):
        return absolute_url(reverse("notifications:preferences"))


def _message(user, *, subject: str, body: str, language: str) -> EmailMessage:
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )


def notification_email(notification: Notification) -> EmailMessage:
    """The e-mail of one notice, in the language the notice was written in, with its link."""
    language = notification.language
    with translation.override(language):
        body = render_to_string(
            "notifications/email/notice.txt",
            {
                "notification": notification,
                "user": notification.recipient,
                "link": absolute_url(notification.url),
                "preferences_url": _preferences_url(language),
            },
        )
        subject = _("[PNT portal] %(title)s") % {"title": notification.title}
    return _message(notification.recipient, subject=subject, body=body, language=language)


def send_notification_email(notification_id: int) -> bool:
    """Send one notice's e-mail if it is still to send; True when it went out now.

    The row is locked and marked sent in the transaction that sends: a second run (a retry, the
    sweep) waits for the lock, then finds it sent and does nothing. An SMTP error rolls the mark back,
    is counted on the notice and raised, for the task to retry later with backoff: never lost."""
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update()
                .select_related("recipient")
                .filter(pk=notification_id)
                .first()
            )
            if notification is None or notification.email_state != EmailState.PENDING:
                return False
            if not notification.recipient.email or not notification.recipient.is_active:
                notification.email_state = EmailState.NONE
                notification.save(update_fields=["email_state"])
                return False
            notification_email(notification).send()
            notification.email_state = EmailState.SENT
            notification.emailed_at = timezone.now()
            notification.email_attempts += 1
            notification.email_error = ""
            notification.save(update_fields=["email_state", "emailed_at", "email_attempts", "email_error"])
    except (OSError, smtplib.SMTPException) as exc:
        Notification.objects.filter(pk=notification_id).update(
            email_attempts=F("email_attempts") + 1, email_error=str(exc)[:1000]
        )
        raise
    return True


def resend_pending(*, older_than_minutes: int = 5, limit: int = 500) -> int:
    """Beat: enqueue again the e-mails still to send a while after their notice (a task lost with its
    worker, or retried past its limit). Returns how many were enqueued."""
    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    ids = list(
        Notification.objects.filter(email_state=EmailState.PENDING, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        enqueue_on_commit(SEND_TASK, pk)
    return len(ids)


# --- Daily digest --------------------------------------------------------------------------------
def digest_recipients() -> list[int]:
    return list(
        Notification.objects.filter(email_state=EmailState.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def send_digest(user_id: int, *, day: datetime.date | None = None) -> int:
    """Send one person the day's digest of the notices that wait for it; once per day.

    Returns how many notices it carried (0: nothing waited, or today's digest was already sent)."""
    from django.contrib.auth import get_user_model

    day = day or timezone.localdate()
    with transaction.atomic():
        user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
        if user is None:
            return 0
        waiting = list(
            Notification.objects.select_for_update()
            .filter(recipient=user, email_state=EmailState.DIGEST)
            .order_by("created_at", "pk")
        )
        if not waiting or Digest.objects.filter(user=user, day=day).exists():
            return 0
        Digest.objects.create(user=user, day=day, sent_at=timezone.now(), notice_count=len(waiting))
        language = language_of(user)
        with translation.override(language):
            body = render_to_string(
                "notifications/email/digest.txt",
                {
                    "user": user,
                    "notices": [(n, absolute_url(n.url)) for n in waiting],
                    "preferences_url": _preferences_url(language),
                },
            )
            subject = _("[PNT portal] Your daily digest: %(count)s notices") % {"count": len(waiting)}
        _message(user, subject=subject, body=body, language=language).send()  # an error rolls back
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
            email_state=EmailState.DIGESTED, emailed_at=timezone.now()
        )
    return len(waiting)


# --- Reading ------------------------------------------------------------------------------------
def mark_read(*, user: User, notification: Notification) -> Notification:
    """Mark one of the person's own notices read (the view finds it among theirs only)."""
    if notification.recipient_id != user.pk:
        raise ValidationError(_("This notice is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    return marked


@transaction.atomic
def save_preferences(*, user: User, choices: dict[str, str]) -> None:
    """Store the person's delivery for each kind their role can receive (others are ignored)."""
    allowed = set(kinds_for_role(user.role, is_superuser=user.is_superuser))
    for kind, delivery in choices.items():
        if kind not in allowed:
            continue
        if delivery not in Delivery.values:
            raise ValidationError({kind: _("Choose how to receive this notice.")})
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
