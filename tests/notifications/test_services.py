"""notify(): one notice per person and event, in the person's language, e-mailed once; preferences,
the daily digest, retries after an SMTP failure."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils.translation import gettext as _

from notifications import services
from notifications.kinds import Delivery, Kind, kinds_for_role
from notifications.models import Digest, EmailState, Notification, Preference
from notifications.services import Notice, notify
from tests.factories import UserFactory
from tests.notifications.backends import FlakyBackend

pytestmark = pytest.mark.django_db


def render():
    return Notice(title=_("My work"), body="body", url="/somewhere/")


def test_each_recipient_gets_one_notice_in_their_language(staff_user, provider_a_user, on_commit):
    provider_a_user.preferred_language = "fr"
    provider_a_user.save()
    with on_commit():
        made = notify(
            recipients=[staff_user, provider_a_user, staff_user, None],
            kind=Kind.REQUEST_WAITING,
            key="event:1",
            render=render,
        )
    assert sorted(n.title for n in made) == ["Mon travail", "My work"]
    assert {n.language for n in made} == {"en", "fr"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, provider_a_user.email])
    french = next(m for m in mail.outbox if m.to == [provider_a_user.email])
    assert french.subject == "[Portail PTNO] Mon travail"
    assert french.extra_headers["Content-Language"] == "fr"
    assert "http://127.0.0.1:8000/somewhere/" in french.body
    assert "Bonjour" in french.body


def test_the_same_event_twice_notifies_nobody_again(staff_user, on_commit):
    with on_commit():
        assert len(notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="k", render=render)) == 1
        assert notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="k", render=render) == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_inactive_accounts_and_unknown_kinds(staff_user):
    gone = UserFactory(username="gone", role="staff", is_active=False)
    assert notify(recipients=[gone], kind=Kind.REQUEST_WAITING, key="k", render=render) == []
    with pytest.raises(ValueError):
        notify(recipients=[staff_user], kind="nonsense", key="k", render=render)


def test_off_means_no_notice_and_daily_waits_for_the_digest(staff_user, on_commit):
    Preference.objects.create(user=staff_user, kind=Kind.REQUEST_WAITING, delivery=Delivery.OFF)
    assert notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="a", render=render) == []
    Preference.objects.create(user=staff_user, kind=Kind.REPORT_AVAILABLE, delivery=Delivery.DAILY)
    with on_commit():
        (notice,) = notify(recipients=[staff_user], kind=Kind.REPORT_AVAILABLE, key="b", render=render)
    assert notice.email_state == EmailState.DIGEST
    assert mail.outbox == []


def test_no_address_keeps_the_notice_without_email(on_commit):
    user = UserFactory(username="nomail", role="staff", email="")
    with on_commit():
        (notice,) = notify(recipients=[user], kind=Kind.REQUEST_WAITING, key="a", render=render)
    assert notice.email_state == EmailState.NONE and mail.outbox == []


def test_an_email_is_sent_once_whatever_the_retries(staff_user, on_commit):
    with on_commit():
        (notice,) = notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="a", render=render)
    assert services.send_notification_email(notice.pk) is False  # already sent by the task
    assert services.send_notification_email(notice.pk) is False
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.email_state == EmailState.SENT and notice.emailed_at and notice.email_attempts == 1


def test_an_smtp_failure_is_retried_by_the_task_and_delivers_once(settings, staff_user):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.failures_left, FlakyBackend.attempts = 2, 0
    (notice,) = notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="a", render=render)
    from notifications.tasks import send_notification_email
    from portal.celery import app

    app.conf.task_eager_propagates = False  # as on a worker: a Retry is a retry, not an error
    # The task's own autoretry (with backoff on a worker; at once when applied here) until it goes.
    result = send_notification_email.apply(args=[notice.pk], throw=False)
    assert result.result is True
    assert FlakyBackend.attempts == 3
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.email_state == EmailState.SENT and notice.email_attempts == 3 and notice.email_error == ""
    assert send_notification_email.retry_backoff and send_notification_email.max_retries >= 5
    assert smtplib.SMTPException in send_notification_email.autoretry_for


def test_a_failure_is_raised_for_the_task_and_kept_on_the_notice(settings, staff_user, on_commit):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.failures_left, FlakyBackend.attempts = 1, 0
    (notice,) = notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="a", render=render)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.send_notification_email(notice.pk)
    notice.refresh_from_db()
    assert notice.email_state == EmailState.PENDING and notice.email_attempts == 1
    assert "unexpectedly closed" in notice.email_error
    # Nothing lost: the beat's sweep sends it again later.
    Notification.objects.filter(pk=notice.pk).update(
        created_at=notice.created_at - datetime.timedelta(minutes=10)
    )
    with on_commit():
        assert services.resend_pending() == 1
    assert len(mail.outbox) == 1
    assert services.send_notification_email(notice.pk) is False


def test_daily_digest_once_per_day(staff_user, on_commit):
    for kind in (Kind.REPORT_AVAILABLE, Kind.COMMITTEE_BEHIND):
        Preference.objects.create(user=staff_user, kind=kind, delivery=Delivery.DAILY)
    notify(recipients=[staff_user], kind=Kind.REPORT_AVAILABLE, key="r", render=render)
    notify(recipients=[staff_user], kind=Kind.COMMITTEE_BEHIND, key="c", render=render)
    assert services.digest_recipients() == [staff_user.pk]
    day = datetime.date(2026, 5, 4)
    assert services.send_digest(staff_user.pk, day=day) == 2
    assert services.send_digest(staff_user.pk, day=day) == 0
    (message,) = mail.outbox
    assert "daily digest: 2 notices" in message.subject
    assert message.body.count("http://127.0.0.1:8000/somewhere/") == 2
    assert Digest.objects.get(user=staff_user).notice_count == 2
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.DIGESTED}


def test_mark_read_one_and_all(staff_user, provider_a_user):
    (a,) = notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="a", render=render)
    notify(recipients=[staff_user], kind=Kind.REQUEST_WAITING, key="b", render=render)
    (other,) = notify(recipients=[provider_a_user], kind=Kind.REQUEST_DECIDED, key="c", render=render)
    services.mark_read(user=staff_user, notification=a)
    assert Notification.objects.filter(recipient=staff_user, read_at__isnull=True).count() == 1
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.mark_read(user=staff_user, notification=other)
    assert services.mark_all_read(user=staff_user) == 1
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_preferences_only_for_the_roles_kinds(provider_a_user):
    services.save_preferences(
        user=provider_a_user,
        choices={Kind.REQUEST_DECIDED: Delivery.DAILY, Kind.IMPORT_APPLIED: Delivery.OFF},
    )
    assert dict(Preference.objects.values_list("kind", "delivery")) == {Kind.REQUEST_DECIDED: Delivery.DAILY}
    assert Kind.IMPORT_APPLIED not in kinds_for_role("provider")
    assert Kind.IMPORT_APPLIED in kinds_for_role("staff", is_superuser=True)
