"""Commissioned evaluations, their report files and who may read them (the report library)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.i18n import Translated, one_language_required

from .uploads import report_upload_to


class EvaluationStatus(models.TextChoices):
    COMMISSIONED = "commissioned", _("Commissioned")
    DRAFT_RECEIVED = "draft_received", _("Draft received")
    FINAL_AVAILABLE = "final_available", _("Final report available")


class Evaluation(models.Model):
    """A commissioned evaluation: its subject, evaluator, place, commissioning group and status."""

    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    subject_fr = models.CharField(_("subject (French)"), max_length=200)
    evaluator_organisation_en = models.CharField(_("evaluator organisation (English)"), max_length=200)
    evaluator_organisation_fr = models.CharField(
        _("evaluator organisation (French)"), max_length=200, blank=True
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("commissioning group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.COMMISSIONED
    )
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)
    draft_received_on = models.DateField(_("draft received on"), null=True, blank=True)
    final_received_on = models.DateField(_("final report received on"), null=True, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)

    subject = Translated("subject")
    summary = Translated("summary")
    evaluator_organisation = Translated("evaluator_organisation")

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject_en"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(commissioned_on__isnull=True)
                | Q(draft_received_on__isnull=True)
                | Q(commissioned_on__lte=F("draft_received_on")),
                name="evaluation_draft_after_commission",
            ),
            models.CheckConstraint(
                condition=Q(draft_received_on__isnull=True)
                | Q(final_received_on__isnull=True)
                | Q(draft_received_on__lte=F("final_received_on")),
                name="evaluation_final_after_draft",
            ),
        ]

    def __str__(self) -> str:
        return str(self.subject)

    def get_absolute_url(self) -> str:
        return reverse("learning_events:evaluation-detail", kwargs={"slug": self.slug})


class ReportKind(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final report")


class ReportFile(models.Model):
    """A report file of an evaluation, stored under a random name and served only through a view
    that checks permission; drafts go to IRCC staff and the commissioning group's committee only."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=5, choices=ReportKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_reports",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    title = Translated("title")

    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "-uploaded_at"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [one_language_required("title", name="reportfile_title_in_one_language")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    def get_download_url(self) -> str:
        return reverse("learning_events:reportfile-download", kwargs={"pk": self.pk})


class ReportAccessGrant(models.Model):
    """Staff let one user, or every user of one provider, read an evaluation's final reports."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_grants",
    )
    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_grants",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "-granted_at"]
        verbose_name = _("report access grant")
        verbose_name_plural = _("report access grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, provider__isnull=True)
                | Q(user__isnull=True, provider__isnull=False),
                name="grant_to_a_user_or_a_provider",
                violation_error_message=_("Grant access to one user or to one provider organisation."),
            ),
            models.UniqueConstraint(
                fields=["evaluation", "user"], condition=Q(user__isnull=False), name="one_grant_per_user"
            ),
            models.UniqueConstraint(
                fields=["evaluation", "provider"],
                condition=Q(provider__isnull=False),
                name="one_grant_per_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.user or self.provider}"
