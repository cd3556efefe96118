"""Running the annual PD survey: open and close a cycle, remind providers that have not submitted."""

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.permissions import SYSTEM, require

from ..models import CycleStatus, PDTemplate, SurveyCycle, SurveyReminder, TemplateStatus

if TYPE_CHECKING:
    from portal.models import User

log = logging.getLogger(__name__)


def _validate_reminders(cycle: SurveyCycle) -> None:
    for field in ("first_reminder_on", "second_reminder_on"):
        day = getattr(cycle, field)
        if day and not (cycle.opens_on <= day <= cycle.closes_on):
            raise ValidationError({field: _("A reminder date must fall while the survey is open.")})


@transaction.atomic
def save_cycle(*, user: "User", instance: SurveyCycle) -> SurveyCycle:
    """Create or change a cycle's year and dates; reminders fall between opening and closing."""
    require(user, "surveys.manage_cycle")
    cycle = instance
    cycle.full_clean()
    _validate_reminders(cycle)
    cycle.save()
    return cycle


@transaction.atomic
def open_cycle(cycle: SurveyCycle, *, user: "User") -> SurveyCycle:
    """Open the survey: providers may fill in their templates until it closes."""
    require(user, "surveys.manage_cycle", cycle)
    cycle = SurveyCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == CycleStatus.OPEN:
        raise ValidationError(_("This survey is already open."), code="open")
    cycle.status = CycleStatus.OPEN
    cycle.opened_at = timezone.now()
    cycle.save(update_fields=["status", "opened_at"])
    return cycle


@transaction.atomic
def close_cycle(cycle: SurveyCycle, *, user: "User"):
    """Close the survey and start its aggregation (after commit). Returns the queued run."""
    from .aggregation import start_aggregation

    require(user, "surveys.manage_cycle", cycle)
    cycle = SurveyCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != CycleStatus.OPEN:
        raise ValidationError(_("Only an open survey can be closed."), code="not_open")
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    return start_aggregation(cycle, user=SYSTEM)


def close_due_cycles(*, today: datetime.date | None = None) -> list[int]:
    """Beat: close every open cycle whose closing day has passed (which starts its aggregation)."""
    today = today or timezone.localdate()
    closed = []
    for cycle in SurveyCycle.objects.filter(status=CycleStatus.OPEN, closes_on__lt=today):
        close_cycle(cycle, user=SYSTEM)
        closed.append(cycle.fiscal_year)
    return closed


def reminder_recipients(cycle: SurveyCycle):
    """Active provider staff with an e-mail address whose organisation has not submitted."""
    submitted = PDTemplate.objects.filter(cycle=cycle, status=TemplateStatus.SUBMITTED).values("provider_id")
    return (
        get_user_model()
        .objects.filter(role="provider", is_active=True, provider__isnull=False)
        .exclude(email="")
        .exclude(provider_id__in=submitted)
        .select_related("provider")
        .order_by("provider__name", "username")
    )


def _language_of(user) -> str | None:
    """The recipient's language when the account records one; otherwise None (a bilingual e-mail)."""
    for attr in ("language", "preferred_language"):
        value = getattr(user, attr, None)
        if value in dict(settings.LANGUAGES):
            return value
    return None


def _render_reminder(cycle: SurveyCycle, user, language: str) -> tuple[str, str]:
    with translation.override(language):
        context = {"cycle": cycle, "user": user, "provider": user.provider}
        subject = _("Reminder: your PD template for %(year)s is due on %(date)s") % {
            "year": cycle.fiscal_year_label,
            "date": cycle.closes_on.isoformat(),
        }
        body = render_to_string("surveys/email/reminder.txt", context)
    return subject, body


def send_reminders(cycle: SurveyCycle, *, user: "User") -> int:
    """E-mail the staff of every provider that has not submitted, in the recipient's language.

    Accounts do not record a language yet, so such recipients get one e-mail in English and French.
    Returns the number of e-mails sent; one failed address does not stop the others.
    """
    require(user, "surveys.manage_cycle", cycle)
    if not cycle.is_open:
        raise ValidationError(_("Reminders are sent only while the survey is open."), code="not_open")
    sent = 0
    for recipient in reminder_recipients(cycle):
        language = _language_of(recipient)
        if language:
            subject, body = _render_reminder(cycle, recipient, language)
        else:
            subject_en, body_en = _render_reminder(cycle, recipient, "en")
            subject_fr, body_fr = _render_reminder(cycle, recipient, "fr")
            subject = f"{subject_en} / {subject_fr}"
            body = f"{body_en}\n\n------------------------------------------------------------\n\n{body_fr}"
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        except OSError:
            log.warning("could not send the PD survey reminder to %s", recipient.email, exc_info=True)
            continue
        sent += 1
    return sent


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Beat: send each open cycle's reminder on its date, once (a second run sends nothing)."""
    today = today or timezone.localdate()
    total = 0
    for cycle in SurveyCycle.objects.filter(status=CycleStatus.OPEN):
        for due_on in cycle.reminder_dates:
            if due_on > today or SurveyReminder.objects.filter(cycle=cycle, due_on=due_on).exists():
                continue
            try:
                with transaction.atomic():
                    reminder = SurveyReminder.objects.create(cycle=cycle, due_on=due_on)
            except IntegrityError:  # another beat run took it
                continue
            reminder.recipients = send_reminders(cycle, user=SYSTEM)
            reminder.save(update_fields=["recipients"])
            total += reminder.recipients
            break  # a late beat sends one reminder, not every missed one
    return total
