"""Running the annual PD survey: open and close a cycle, remind providers that have not submitted."""

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import SYSTEM, acting_person, require

from .. import notices
from ..models import (
    CycleStatus,
    NudgeKind,
    PDTemplate,
    ResponseNudge,
    SurveyCycle,
    SurveyReminder,
    TemplateStatus,
)

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
    notices.survey_opened(cycle)
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


def non_respondents(cycle: SurveyCycle):
    """The providers expected to answer (every provider organisation) that have not submitted."""
    from organisations.models import Provider

    submitted = PDTemplate.objects.filter(cycle=cycle, status=TemplateStatus.SUBMITTED).values("provider_id")
    return Provider.objects.exclude(pk__in=submitted).order_by("name")


def send_reminders(cycle: SurveyCycle, *, user: "User", today: datetime.date | None = None) -> int:
    """Remind the staff of every provider that has not submitted, each in their own language (a
    notice and an e-mail, `notifications`). Once per provider and day: a second click the same day
    reminds nobody again. Returns how many providers were reminded now."""
    require(user, "surveys.manage_cycle", cycle)
    if not cycle.is_open:
        raise ValidationError(_("Reminders are sent only while the survey is open."), code="not_open")
    today = today or timezone.localdate()
    reminded = 0
    for provider in non_respondents(cycle):
        try:
            with transaction.atomic():
                nudge = ResponseNudge.objects.create(
                    cycle=cycle,
                    provider=provider,
                    kind=NudgeKind.REMINDER,
                    sent_on=today,
                    sent_by=acting_person(user),
                )
                nudge.recipients = notices.reminder(cycle, provider, day=today)
                if not nudge.recipients:
                    raise _NobodyTold  # no active staff: no reminder is recorded as sent
                nudge.save(update_fields=["recipients"])
        except (IntegrityError, _NobodyTold):  # already reminded today, or nobody to remind
            continue
        reminded += 1
    return reminded


class _NobodyTold(Exception):
    """Rolls back a reminder row when the provider has nobody to tell."""


def escalate_missing_templates(*, today: datetime.date | None = None) -> int:
    """Beat, daily: a provider still missing PORTAL_SURVEY_ESCALATION_DAYS after its survey's closing
    day is escalated once: its staff, then the IRCC lead and its umbrella organisation's contacts
    (`groups.selectors.umbrella_contacts`). Cycles closed more than a month before that are left
    alone. Returns how many providers were escalated now."""
    from groups.selectors import umbrella_contacts

    today = today or timezone.localdate()
    late = today - datetime.timedelta(days=settings.PORTAL_SURVEY_ESCALATION_DAYS)
    escalated = 0
    cycles = SurveyCycle.objects.filter(
        closes_on__lte=late, closes_on__gte=late - datetime.timedelta(days=31)
    ).exclude(status=CycleStatus.DRAFT)
    for cycle in cycles:
        for provider in non_respondents(cycle).select_related("umbrella"):
            nudges = ResponseNudge.objects.filter(cycle=cycle, provider=provider)
            if nudges.filter(kind=NudgeKind.ESCALATION).exists():
                continue
            try:
                with transaction.atomic():
                    nudge = ResponseNudge.objects.create(
                        cycle=cycle, provider=provider, kind=NudgeKind.ESCALATION, sent_on=today
                    )
                    nudge.recipients = notices.escalation(
                        cycle, provider, contacts=umbrella_contacts(umbrella_id=provider.umbrella_id)
                    )
                    if not nudge.recipients:
                        raise _NobodyTold
                    nudge.save(update_fields=["recipients"])
            except (IntegrityError, _NobodyTold):  # another run escalated it, or nobody to tell
                continue
            escalated += 1
    return escalated


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
            reminder.recipients = send_reminders(cycle, user=SYSTEM, today=today)
            reminder.save(update_fields=["recipients"])
            total += reminder.recipients
            break  # a late beat sends one reminder, not every missed one
    return total
