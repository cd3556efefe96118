"""In-app notices, their e-mail delivery, each person's choices per kind and the digests sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import Delivery, Kind


class EmailState(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    DIGEST = "digest", _("Waits for the daily digest")
    DIGESTED = "digested", _("Sent in a digest")
    NONE = "none", _("No e-mail (no address)")


class Notification(models.Model):
    """A notice to one person, written in that person's language when it was created.

    `key` names the event ("pdrequest:12:refused"): one notice per person and key, so a task that
    runs twice never notifies twice (a unique constraint). The e-mail goes out once: its state moves
    from "to send" to "sent" under a row lock, in the transaction that sends it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(_("event"), max_length=200)
    language = models.CharField(_("language"), max_length=2, default="en")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("page"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    email_error = models.TextField(_("last sending error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="one_notification_per_person_and_event"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind_valid"),
            models.CheckConstraint(
                condition=Q(email_state__in=EmailState.values), name="notification_email_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_state", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """How one person wants one kind of notice: immediately, in the daily digest, or not at all.

    No row: the kind's default (`notifications.kinds.DEFAULTS`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    delivery = models.CharField(_("how to receive"), max_length=12, choices=Delivery.choices)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_person_and_kind"),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="notification_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"


class Digest(models.Model):
    """A daily digest e-mail sent to one person for one day: once, never twice (a constraint)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    notice_count = models.PositiveIntegerField(_("notices"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_person_and_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day.isoformat()}"
