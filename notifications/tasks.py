"""Celery entry points of the notifications: each calls one service; the e-mail retries with backoff."""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=False,
    max_retries=10,
)
def send_notification_email(self, notification_id: int) -> bool:
    """Send one notice's e-mail; an SMTP failure is retried (5 s, 10 s, 20 s... up to 10 minutes)."""
    from . import services

    return services.send_notification_email(notification_id)


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError, OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
)
def send_digest(user_id: int) -> int:
    """One person's daily digest (once per day, whatever the retries)."""
    from . import services

    return services.send_digest(user_id)


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """Beat, daily: one digest task per person with notices waiting for it."""
    from portal.queue import publish

    from . import services

    recipients = services.digest_recipients()
    for user_id in recipients:
        publish("notifications.tasks.send_digest", user_id)
    return len(recipients)


@shared_task(acks_late=True)
def resend_pending_emails() -> int:
    """Beat, every few minutes: e-mails still to send (a lost task, retries exhausted) go again."""
    from . import services

    return services.resend_pending()


@shared_task(acks_late=True)
def send_weekly_digests() -> int:
    """Beat, Monday morning: IRCC staff's summary of what waits for them ("My work")."""
    from . import work

    return work.send_weekly_digests()
