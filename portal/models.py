"""Accounts and roles, export jobs and the outbox of unsent tasks."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
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
    #: The language of the portal's e-mails to this person and of the first page after sign-in.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("en", _("English")), ("fr", _("French"))],
        default="en",
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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TrackedJob(models.Model):
    """A long action run by a Celery job: its state, attempts, heartbeat and progress for the page
    and the sweep. `portal.jobs` claims, beats, fails and sweeps every kind the same way."""

    #: A waiting state -> the running state a claim moves it to (an import has two phases).
    RUNS_FROM: dict[str, str] = {JobStatus.QUEUED: JobStatus.RUNNING}
    #: Settings read by `portal.jobs`: minutes without a heartbeat before a job counts as silent,
    #: and how many times it is started before it is failed for good.
    STALE_SETTING = "PORTAL_JOB_STALE_MINUTES"
    ATTEMPTS_SETTING = "PORTAL_JOB_MAX_ATTEMPTS"

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def active_states(cls) -> list[str]:
        return [*cls.RUNS_FROM, *cls.RUNS_FROM.values()]

    @property
    def is_active(self) -> bool:
        """Waiting or running: the page keeps polling."""
        return self.status in self.active_states()


class ExportJob(TrackedJob):
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


class Deletion(models.Model):
    """A delete someone made through the portal, undoable by that person for PORTAL_UNDO_MINUTES.

    The records themselves come back from their history (django-simple-history keeps a "-" version
    of each, with the same primary key); this row says which versions, in which order, which links
    of many-to-many fields to put back, and which stored files to remove once undo is no longer
    possible (portal.undo)."""

    user = models.ForeignKey(
        "portal.User", verbose_name=_("deleted by"), on_delete=models.CASCADE, related_name="deletions"
    )
    model = models.CharField(_("kind of record"), max_length=100)
    object_pk = models.CharField(_("record"), max_length=40)
    description = models.CharField(_("what was deleted"), max_length=300)
    permission = models.CharField(_("permission"), max_length=100)
    #: What was removed, parents first: {"model", "pk", "history_id"} or {"model", "fields"} for a
    #: many-to-many link (no history of its own), plus the stored "files" of each record.
    records = models.JSONField(_("records"), default=list)
    #: Links set to empty by the delete (on_delete=SET_NULL), put back on undo.
    field_updates = models.JSONField(_("links emptied"), default=list, blank=True)
    return_url = models.CharField(_("address of the record"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("deleted at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    purged_at = models.DateTimeField(_("files removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("deletion")
        verbose_name_plural = _("deletions")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return self.description

    @property
    def undo_until(self):
        from datetime import timedelta

        from django.conf import settings

        return self.created_at + timedelta(minutes=settings.PORTAL_UNDO_MINUTES)

    def can_be_undone(self, now=None) -> bool:
        from django.utils import timezone

        return self.undone_at is None and (now or timezone.now()) < self.undo_until
