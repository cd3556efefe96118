"""What the programme does with its results, and the programme's own reasons as data.

- An evaluation's recommendations (bilingual), each with IRCC management's response (agree,
  partially agree, disagree) and the actions that carry it out (an owner, a due date, a status, and
  optionally the group work-plan item the action is part of).
- The seed's statements about the programme: why it started, its challenges and opportunities, the
  2018 PD template's findings as they were stated, commitments and planned collaborations, each
  tied to what the portal measures about it where it can (`measure`).
- The review-and-planning briefing, generated as a background job for the person who asked.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.i18n import Translated
from portal.models import TrackedJob


def _require_one_language(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(**{f"{prefix}_en": ""}) | ~Q(**{f"{prefix}_fr": ""}),
        name=f"%(class)s_{prefix}_in_one_language",
        violation_error_message=_("Write the text in English or in French (or both)."),
    )


class Recommendation(models.Model):
    """A recommendation of a commissioned evaluation, in English and/or French."""

    evaluation = models.ForeignKey(
        "learning_events.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Its number in the report."))
    text_en = models.TextField(_("recommendation (English)"), blank=True, max_length=4000)
    text_fr = models.TextField(_("recommendation (French)"), blank=True, max_length=4000)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    text = Translated("text")
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "number", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            _require_one_language("text"),
            models.UniqueConstraint(
                fields=["evaluation", "number"],
                name="one_recommendation_per_number",
                violation_error_message=_("This evaluation already has a recommendation with this number."),
            ),
        ]

    def __str__(self) -> str:
        return _("Recommendation %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("learning_events:evaluation-detail", kwargs={"slug": self.evaluation.slug}) + (
            f"#recommendation-{self.pk}"
        )


class Position(models.TextChoices):
    AGREE = "agree", _("Agree")
    PARTIALLY = "partially", _("Partially agree")
    DISAGREE = "disagree", _("Disagree")


class ManagementResponse(models.Model):
    """IRCC management's response to one recommendation: its position and why (one per recommendation)."""

    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    text_en = models.TextField(_("response (English)"), blank=True, max_length=4000)
    text_fr = models.TextField(_("response (French)"), blank=True, max_length=4000)
    responded_on = models.DateField(_("responded on"), default=timezone.localdate)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    text = Translated("text")
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation"]
        verbose_name = _("management response")
        verbose_name_plural = _("management responses")
        constraints = [_require_one_language("text")]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_position_display()}"

    def get_absolute_url(self) -> str:
        return self.recommendation.get_absolute_url()


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


#: An action in one of these states is finished: it is never overdue.
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


class ActionItem(models.Model):
    """One action that carries out a recommendation: who owns it, by when, where it stands, and the
    group work-plan item it is part of (optional). Overdue: due before today and not closed."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="actions"
    )
    text_en = models.CharField(_("action (English)"), max_length=500, blank=True)
    text_fr = models.CharField(_("action (French)"), max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="result_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    work_plan_item = models.ForeignKey(
        "groups.WorkPlanItem",
        verbose_name=_("work-plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="result_actions",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    text = Translated("text")
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [_require_one_language("text")]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return str(self.text)[:80]

    def get_absolute_url(self) -> str:
        return self.recommendation.get_absolute_url()

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return action_is_overdue(
            due_date=self.due_date, status=self.status, today=today or timezone.localdate()
        )


def action_is_overdue(*, due_date: datetime.date | None, status: str, today: datetime.date) -> bool:
    """Overdue: the due date has passed (strictly before today) and the action is neither done nor
    cancelled (the same rule as a work-plan item's, with cancelling as a way to close)."""
    return due_date is not None and due_date < today and status not in CLOSED_STATUSES


# --- The programme's statements -----------------------------------------------------------------
class StatementKind(models.TextChoices):
    REASON = "reason", _("Why the project started")
    CHALLENGE = "challenge", _("Challenge")
    OPPORTUNITY = "opportunity", _("Opportunity")
    FINDING = "finding", _("PD template finding (as stated)")
    COMMITMENT = "commitment", _("Commitment")
    COLLABORATION = "collaboration", _("Planned collaboration")
    OTHER_WORK = "other_work", _("Other work")
    GOVERNANCE = "governance", _("Governance")
    NATIONAL = "national", _("National-scale activity")


class Measure(models.TextChoices):
    """What the portal measures about a statement (results.measures computes each)."""

    NONE = "", _("Not measured")
    EQUITY = "equity", _("PD funding per FTE: Gini and gap, by year")
    PARTICIPATION = "participation", _("Registrations by jurisdiction and centre type")
    REPORTS = "reports", _("Report files available and awaited")
    RESULTS = "results", _("Recommendations with actions")
    PLANNING = "planning", _("Unmet needs in the calendar")
    EVALUATIONS = "evaluations", _("Evaluations by status")
    SURVEY = "survey", _("PD templates submitted")


class ProgrammeStatement(models.Model):
    """A statement the programme made about itself (the seed's reasons, challenges, opportunities,
    stated findings and commitments), in both languages, kept apart from any computed figure."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=StatementKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.TextField(_("statement (English)"), max_length=2000)
    text_fr = models.TextField(_("statement (French)"), max_length=2000)
    measure = models.CharField(_("measure"), max_length=14, choices=Measure.choices, blank=True)
    group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="programme_statements",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year stated"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    text = Translated("text")

    class Meta:
        ordering = ["kind", "order", "slug"]
        verbose_name = _("programme statement")
        verbose_name_plural = _("programme statements")

    def __str__(self) -> str:
        return str(self.text)[:80]


# --- The briefing ---------------------------------------------------------------------------------
class BriefingFormat(models.TextChoices):
    PPTX = "pptx", _("PowerPoint (pptx)")
    PDF = "pdf", _("PDF")


class BriefingJob(TrackedJob):
    """One review-and-planning briefing asked for by a user: a fiscal year, a language and a format;
    built by a Celery job, its file kept for that user on the Reports page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="briefings"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    language = models.CharField(
        _("language"), max_length=2, choices=[("en", _("English")), ("fr", _("French"))]
    )
    file_format = models.CharField(_("format"), max_length=4, choices=BriefingFormat.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to="briefings/", blank=True, max_length=200)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.language} {self.file_format} ({self.get_status_display()})"

    @property
    def fiscal_year_label(self) -> str:
        from portal.fiscal import fiscal_year_label

        return fiscal_year_label(self.fiscal_year)

    @property
    def deleted_after(self):
        """When the retention sweep deletes this briefing: as exports, PORTAL_EXPORT_RETENTION_DAYS
        after it ended."""
        import datetime

        if self.finished_at is None:
            return None
        return self.finished_at + datetime.timedelta(days=settings.PORTAL_EXPORT_RETENTION_DAYS)
