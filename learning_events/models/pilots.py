"""The regional pilot of online courses: enrolment, courses, role shares and course evaluations."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated, current_language

from .. import fuzzy_dates
from .events import EventFormat
from .registrations import ParticipantRole


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
        return fuzzy_dates.format_period(self.starts_on, self.ends_on, language=current_language())


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
