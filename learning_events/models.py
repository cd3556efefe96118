"""Learning events (activités d'apprentissage) with fuzzy dates and series, needs surveys,
registrations and participant evaluations; the regional pilot courses; commissioned evaluations
with their report files and who may read them; the groups' other work products."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.i18n import Translated, current_language

from . import dates


class DatePrecision(models.TextChoices):
    DAY = dates.Precision.DAY, _("Day")
    MONTH = dates.Precision.MONTH, _("Month")
    SEASON = dates.Precision.SEASON, _("Season")
    FISCAL_YEAR = dates.Precision.FISCAL_YEAR, _("Fiscal year")
    YEAR = dates.Precision.YEAR, _("Calendar year")
    UNDATED = dates.Precision.UNDATED, _("Not set yet")


class Season(models.TextChoices):
    SPRING = dates.Season.SPRING, _("Spring")
    SUMMER = dates.Season.SUMMER, _("Summer")
    FALL = dates.Season.FALL, _("Fall")
    WINTER = dates.Season.WINTER, _("Winter")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    TELECONFERENCE = "teleconference", _("Teleconference")
    ONLINE = "online", _("Online")


class EventStatus(models.TextChoices):
    IN_PLANNING = "in_planning", _("In planning")
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


class EventSeries(models.Model):
    """A recurring series of a group's events, such as its quarterly calls (appels trimestriels)."""

    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="series",
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    cadence = models.CharField(
        _("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    format = models.CharField(
        _("format"), max_length=15, choices=EventFormat.choices, default=EventFormat.TELECONFERENCE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_fr = models.TextField(_("notes (French)"), blank=True)

    title = Translated("title")
    notes = Translated("notes")

    class Meta:
        ordering = ["group__order", "slug"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning_events:series-detail", kwargs={"slug": self.slug})


def _date_constraints() -> list[models.CheckConstraint]:
    """Each precision has exactly the anchors it needs, and a dated event has its derived range."""
    P = DatePrecision
    has_range = Q(starts_on__isnull=False, ends_on__isnull=False, starts_on__lte=F("ends_on"))
    return [
        models.CheckConstraint(
            condition=(
                Q(precision=P.DAY, on_date__isnull=False)
                | Q(precision=P.MONTH, year__isnull=False, month__gte=1, month__lte=12)
                | Q(precision=P.SEASON, year__isnull=False, season__in=Season.values)
                | Q(precision__in=[P.YEAR, P.FISCAL_YEAR], year__isnull=False)
                | Q(precision=P.UNDATED, starts_on__isnull=True, ends_on__isnull=True)
            ),
            name="event_date_anchors_match_precision",
        ),
        models.CheckConstraint(condition=Q(precision=P.UNDATED) | has_range, name="event_dated_has_range"),
    ]


class LearningEvent(models.Model):
    """A group's learning event: a place or a call, a date of any precision, a status."""

    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    format = models.CharField(
        _("format"), max_length=15, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learning_events",
    )
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    precision = models.CharField(
        _("date precision"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    on_date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    season = models.CharField(_("season"), max_length=6, choices=Season.choices, blank=True)
    starts_on = models.DateField(_("earliest day"), null=True, blank=True, editable=False, db_index=True)
    ends_on = models.DateField(_("latest day"), null=True, blank=True, editable=False)
    content_en = models.TextField(_("content and agenda (English)"), blank=True)
    content_fr = models.TextField(_("content and agenda (French)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = Translated("title")
    content = Translated("content")
    notes = Translated("notes")

    class Meta:
        ordering = [F("starts_on").asc(nulls_last=True), "ends_on", "slug"]
        verbose_name = _("learning event")
        verbose_name_plural = _("learning events")
        constraints = _date_constraints()

    def __str__(self) -> str:
        label = self.date_label
        return f"{self.title} ({label})" if label else str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning_events:event-detail", kwargs={"slug": self.slug})

    def date_label_in(self, language: str) -> str:
        return dates.format_date(
            self.precision,
            language=language,
            on_date=self.on_date,
            year=self.year,
            month=self.month,
            season=self.season or None,
        )

    @property
    def date_label(self) -> str:
        """The date as the seed writes it, in the active language."""
        return self.date_label_in(current_language())

    @property
    def range_labels(self) -> tuple[str, str]:
        """The earliest and latest day, written like the seed's days ("1er octobre 2018")."""
        lang = current_language()
        return (
            dates.format_date(dates.Precision.DAY, language=lang, on_date=self.starts_on),
            dates.format_date(dates.Precision.DAY, language=lang, on_date=self.ends_on),
        )

    @property
    def place_label(self) -> str:
        if self.format != EventFormat.IN_PERSON and not self.city:
            return str(self.get_format_display())
        parts = [self.city, str(self.jurisdiction.name) if self.jurisdiction_id else ""]
        return ", ".join(p for p in parts if p)


class SurveyStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("a survey or work product (masculine in French)", "Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed, results available")


def _upload_name(folder: str, filename: str) -> str:
    """A random stored name: nothing the uploader chose reaches the file system but the extension."""
    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def survey_upload_to(instance, filename: str) -> str:
    return _upload_name("needs-surveys", filename)


def report_upload_to(instance, filename: str) -> str:
    return _upload_name("reports", filename)


class NeedsSurvey(models.Model):
    """A needs survey the group's advisory body runs before an event; its results shape the content."""

    event = models.ForeignKey(
        LearningEvent,
        verbose_name=_("learning event"),
        on_delete=models.CASCADE,
        related_name="needs_surveys",
    )
    run_by = models.CharField(_("run by (advisory body)"), max_length=200)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.PLANNED
    )
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    results_en = models.TextField(_("results (English)"), blank=True)
    results_fr = models.TextField(_("results (French)"), blank=True)
    results_file = models.FileField(_("results file"), upload_to=survey_upload_to, blank=True)
    results_file_name = models.CharField(_("results file name"), max_length=200, blank=True)

    results = Translated("results")

    class Meta:
        ordering = ["event", "opens_on", "pk"]
        verbose_name = _("needs survey")
        verbose_name_plural = _("needs surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(opens_on__lte=F("closes_on")),
                name="needs_survey_opens_before_it_closes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_by}: {self.event.title}"


class ParticipantRole(models.TextChoices):
    PRACTITIONER = "practitioner", _("Settlement practitioner")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Manager")
    OTHER = "other", _("Other role")


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
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)

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


# --- Pilot courses ------------------------------------------------------------------------------
class PilotProject(models.Model):
    """The regional pilot of online courses (Nov 2017 - Mar 2018): enrolment and orientation."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    orientation_sessions = models.PositiveSmallIntegerField(_("orientation sessions"), default=0)
    orientation_note_en = models.TextField(_("orientation sessions (English)"), blank=True)
    orientation_note_fr = models.TextField(_("orientation sessions (French)"), blank=True)

    title = Translated("title")
    orientation_note = Translated("orientation_note")

    class Meta:
        ordering = ["starts_on", "slug"]
        verbose_name = _("pilot project")
        verbose_name_plural = _("pilot projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="pilot_starts_before_it_ends"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def period_label(self) -> str:
        return dates.format_period(self.starts_on, self.ends_on, language=current_language())


class PilotEnrolment(models.Model):
    """How many settlement workers of one jurisdiction took part in a pilot."""

    project = models.ForeignKey(
        PilotProject, verbose_name=_("pilot project"), on_delete=models.CASCADE, related_name="enrolments"
    )
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["project", "jurisdiction__order"]
        verbose_name = _("pilot enrolment")
        verbose_name_plural = _("pilot enrolments")
        constraints = [
            models.UniqueConstraint(fields=["project", "jurisdiction"], name="one_enrolment_per_jurisdiction")
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.jurisdiction_id} {self.participants}"


class ResultsStatus(models.TextChoices):
    PENDING = "pending", _("Results pending")
    AVAILABLE = "available", _("Results available")


class PilotCourse(models.Model):
    """One of the pilot's courses, with its host and the results of its evaluation."""

    project = models.ForeignKey(
        PilotProject, verbose_name=_("pilot project"), on_delete=models.CASCADE, related_name="courses"
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    part_of_en = models.CharField(_("part of (English)"), max_length=200, blank=True)
    part_of_fr = models.CharField(_("part of (French)"), max_length=200, blank=True)
    host = models.ForeignKey(
        "organisations.UmbrellaOrganisation",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="hosted_courses",
    )
    format = models.CharField(
        _("format"), max_length=15, choices=EventFormat.choices, default=EventFormat.ONLINE
    )
    results_status = models.CharField(
        _("results"), max_length=10, choices=ResultsStatus.choices, default=ResultsStatus.PENDING
    )
    enrolled = models.PositiveIntegerField(_("participants enrolled"), null=True, blank=True)
    completed = models.PositiveIntegerField(_("participants who completed"), null=True, blank=True)
    findings_en = models.TextField(_("findings (English)"), blank=True)
    findings_fr = models.TextField(_("findings (French)"), blank=True)
    main_complaint_en = models.TextField(_("main complaint (English)"), blank=True)
    main_complaint_fr = models.TextField(_("main complaint (French)"), blank=True)

    title = Translated("title")
    description = Translated("description")
    part_of = Translated("part_of")
    findings = Translated("findings")
    main_complaint = Translated("main_complaint")

    class Meta:
        ordering = ["project", "order", "slug"]
        verbose_name = _("pilot course")
        verbose_name_plural = _("pilot courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(completed__isnull=True) | Q(enrolled__isnull=False, completed__lte=F("enrolled")),
                name="course_completed_at_most_enrolled",
                violation_error_message=_("More participants completed the course than enrolled."),
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class CourseRoleShare(models.Model):
    """The share of a course's participants in one role, in percent (60 % practitioners...)."""

    course = models.ForeignKey(
        PilotCourse, verbose_name=_("pilot course"), on_delete=models.CASCADE, related_name="role_shares"
    )
    role = models.CharField(_("role"), max_length=15, choices=ParticipantRole.choices)
    percent = models.PositiveSmallIntegerField(_("percent"))

    class Meta:
        ordering = ["course", "-percent"]
        verbose_name = _("role share")
        verbose_name_plural = _("role shares")
        constraints = [
            models.UniqueConstraint(fields=["course", "role"], name="one_share_per_role"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="role_share_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.get_role_display()} {self.percent} %"


class CourseEvaluationKind(models.TextChoices):
    HOST = "host", _("By the host, after the course")
    INDEPENDENT = "independent", _("Independent, with the province's participants")


class CourseEvaluation(models.Model):
    """An evaluation of a pilot course by its host or, independently, by another umbrella organisation."""

    course = models.ForeignKey(
        PilotCourse, verbose_name=_("pilot course"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        "organisations.UmbrellaOrganisation", verbose_name=_("evaluator"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CourseEvaluationKind.choices)
    status = models.CharField(
        _("results"), max_length=10, choices=ResultsStatus.choices, default=ResultsStatus.PENDING
    )

    class Meta:
        ordering = ["course", "kind", "evaluator__acronym"]
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")
        constraints = [
            models.UniqueConstraint(fields=["course", "evaluator"], name="one_evaluation_per_evaluator")
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.evaluator}"


# --- Commissioned evaluations and the report library --------------------------------------------
class EvaluationStatus(models.TextChoices):
    COMMISSIONED = "commissioned", _("Commissioned")
    DRAFT_RECEIVED = "draft_received", _("Draft received")
    FINAL_AVAILABLE = "final_available", _("Final report available")


class Evaluation(models.Model):
    """A commissioned evaluation: its subject, evaluator, place, commissioning group and status."""

    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    subject_fr = models.CharField(_("subject (French)"), max_length=200)
    evaluator_organisation = models.CharField(_("evaluator organisation"), max_length=200)
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
    title = models.CharField(_("title"), max_length=200)
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

    class Meta:
        ordering = ["evaluation", "-uploaded_at"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

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


# --- Other work products ------------------------------------------------------------------------
class WorkProductStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("a survey or work product (masculine in French)", "Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    NEARLY_COMPLETE = "nearly_complete", _("Nearly complete")
    COMPLETE = "complete", _("Complete")


class WorkProduct(models.Model):
    """Another result of the groups' work: a needs assessment, a typology, a pilot, a mapping."""

    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_products",
    )
    title_en = models.CharField(_("title (English)"), max_length=250)
    title_fr = models.CharField(_("title (French)"), max_length=250)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WorkProductStatus.choices, default=WorkProductStatus.IN_PROGRESS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    title = Translated("title")
    description = Translated("description")

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("work product")
        verbose_name_plural = _("work products")

    def __str__(self) -> str:
        return str(self.title)
