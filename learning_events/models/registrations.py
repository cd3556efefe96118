"""Participants registered for an event, and their evaluations after it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .events import LearningEvent


class ParticipantRole(models.TextChoices):
    PRACTITIONER = "practitioner", _("Settlement practitioner")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Manager")
    OTHER = "other", _("Other role")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")


class Registration(models.Model):
    """One participant registered for an event, counted by jurisdiction and role; attendance after."""

    event = models.ForeignKey(
        LearningEvent,
        verbose_name=_("learning event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=15, choices=ParticipantRole.choices)
    status = models.CharField(
        _("registration status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "jurisdiction", "role", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(user__isnull=False), name="one_registration_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event.title}: {self.jurisdiction_id} {self.get_role_display()}"


class ParticipantEvaluation(models.Model):
    """A participant's short evaluation after an event: satisfaction from 1 to 5 and comments."""

    event = models.ForeignKey(
        LearningEvent, verbose_name=_("learning event"), on_delete=models.CASCADE, related_name="evaluations"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_evaluations",
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1 to 5)"))
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "-submitted_at"]
        verbose_name = _("participant evaluation")
        verbose_name_plural = _("participant evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_from_1_to_5",
                violation_error_message=_("Satisfaction is a number from 1 to 5."),
            ),
            models.UniqueConstraint(
                fields=["event", "submitted_by"],
                condition=Q(submitted_by__isnull=False),
                name="one_evaluation_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.title}: {self.satisfaction}/5"
