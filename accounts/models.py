"""Invitations: the one-time link by which IRCC staff bring a provider's staff into the portal."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    """Only the SHA-256 of an invitation's token is stored: a copy of the database opens no account."""
    return hashlib.sha256(str(token).encode("utf-8")).hexdigest()


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the invitee")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Invitation(models.Model):
    """An invitation for one e-mail address to become provider staff of one provider.

    Its link works once, until `expires_at` (ACCOUNTS_INVITATION_DAYS after it was last sent); sending
    it again makes a new link and the old one stops working."""

    email = models.EmailField(_("e-mail address"))
    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    language = models.CharField(
        _("language of the invitation"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="en",
    )
    token_hash = models.CharField(_("token (hashed)"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited on"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("link valid until"))
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.provider})"

    def status_at(self, now=None) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return str(InvitationStatus(self.status).label)

    @property
    def is_open(self) -> bool:
        """Not accepted nor revoked: staff may still send it again or revoke it (also once expired)."""
        return self.accepted_at is None and self.revoked_at is None
