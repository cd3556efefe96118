"""Accounts and roles, export jobs and the outbox of unsent tasks."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("IRCC staff")
    PROVIDER = "provider", _("Provider staff")


class User(AbstractUser):
    """A portal account. Provider staff belong to exactly one provider organisation."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PROVIDER)
    provider = models.ForeignKey(
        "organisations.Provider",
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


class ExportJob(models.Model):
    """A report export too large to wait for: run by a Celery job, its file kept for the user."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        "portal.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    report = models.CharField(_("report"), max_length=60)
    file_format = models.CharField(_("format"), max_length=4, default="xlsx")
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows expected"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")

    def __str__(self) -> str:
        return f"{self.report} ({self.get_status_display()})"

    @property
    def deleted_after(self):
        """When the retention sweep deletes this export (PORTAL_EXPORT_RETENTION_DAYS after it ended)."""
        from datetime import timedelta

        from django.conf import settings

        if self.finished_at is None:
            return None
        return self.finished_at + timedelta(days=settings.PORTAL_EXPORT_RETENTION_DAYS)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))


class UnsentTask(models.Model):
    """A Celery task the broker did not take (Redis away): sent again as soon as the broker answers.

    The request that enqueued it answered at once; the job's own row still says "queued".
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    queue = models.CharField(_("queue"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("unsent task")
        verbose_name_plural = _("unsent tasks")

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)!r}"
