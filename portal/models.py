"""Accounts, roles and the reference data every app shares (jurisdictions)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .i18n import Translated


class Jurisdiction(models.Model):
    """A province or territory, by its two-letter code; `in_region` marks the five PNT ones."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    name_fr = models.CharField(_("name (French)"), max_length=60)
    in_region = models.BooleanField(_("in the PNT region"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    name = Translated("name")

    class Meta:
        ordering = ["-in_region", "order", "code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return str(self.name)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("IRCC staff")
    PROVIDER = "provider", _("Provider staff")


class User(AbstractUser):
    """A portal account. Provider staff belong to exactly one provider organisation."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PROVIDER)
    provider = models.ForeignKey(
        "pd_budget.Provider",
        verbose_name=_("provider organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="provider") | Q(provider__isnull=False),
                name="provider_staff_have_provider",
                violation_error_message=_("Provider staff must belong to a provider organisation."),
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    @property
    def is_ircc_staff(self) -> bool:
        """IRCC staff and administrators: the department's side of the portal."""
        return self.is_active and (self.role in (Role.STAFF, Role.ADMIN) or self.is_superuser)

    @property
    def is_provider_staff(self) -> bool:
        return self.is_active and self.role == Role.PROVIDER and self.provider_id is not None

    def save(self, *args, **kwargs):
        # The Django admin is for administrators only: its flag follows the role.
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)
