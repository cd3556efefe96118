"""The annual PD survey: cycles, the bilingual theme list, providers' PD templates and their needs,
and the aggregation runs whose one current result per cycle the analysis page reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.fiscal import fiscal_year_label
from portal.i18n import Translated
from portal.models import JobStatus, TrackedJob


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyCycle(models.Model):
    """One annual PD survey (sondage annuel sur le PP) per fiscal year: open, remind, close, aggregate."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    first_reminder_on = models.DateField(_("first reminder on"), null=True, blank=True)
    second_reminder_on = models.DateField(_("second reminder on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("survey cycle")
        verbose_name_plural = _("survey cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_cycle_closes_after_opening",
                violation_error_message=_("The survey must close on or after the day it opens."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CycleStatus.values), name="survey_cycle_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(_("PD survey %(year)s") % {"year": fiscal_year_label(self.fiscal_year)})

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def reminder_dates(self) -> list:
        return [d for d in (self.first_reminder_on, self.second_reminder_on) if d]

    @property
    def is_open(self) -> bool:
        return self.status == CycleStatus.OPEN


class SurveyReminder(models.Model):
    """A reminder sent for one of a cycle's reminder dates: sent once, never twice."""

    cycle = models.ForeignKey(SurveyCycle, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField(_("reminder date"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("survey reminder")
        verbose_name_plural = _("survey reminders")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "due_on"], name="one_reminder_per_cycle_and_date"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.due_on}"


class NudgeKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    ESCALATION = "escalation", _("Escalation")


class ResponseNudge(models.Model):
    """A reminder or an escalation about one provider's missing PD template: a reminder once per
    provider and day (staff may click twice), an escalation once per provider and cycle."""

    cycle = models.ForeignKey(SurveyCycle, on_delete=models.CASCADE, related_name="nudges")
    provider = models.ForeignKey(
        "organisations.Provider", verbose_name=_("provider"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NudgeKind.choices)
    sent_on = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("people told"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder or escalation")
        verbose_name_plural = _("reminders and escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "provider", "kind", "sent_on"], name="one_nudge_per_provider_kind_and_day"
            ),
            models.UniqueConstraint(
                fields=["cycle", "provider"],
                condition=Q(kind="escalation"),
                name="one_escalation_per_provider_and_cycle",
            ),
            models.CheckConstraint(condition=Q(kind__in=NudgeKind.values), name="nudge_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.provider} {self.kind} {self.sent_on}"


class Theme(models.Model):
    """A PD theme of the bilingual list a provider picks its needs from (free text is also allowed)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)
    groups = models.ManyToManyField(
        "groups.WorkingGroup",
        verbose_name=_("working groups on this theme"),
        blank=True,
        related_name="pd_themes",
        help_text=_("Their learning events (and their sub-groups') answer the providers' requests."),
    )

    name = Translated("name")

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("PD theme")
        verbose_name_plural = _("PD themes")

    def __str__(self) -> str:
        return str(self.name)


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


# Staff counts by role and stream: (field name, role label, stream).
STAFF_ROLES = [
    ("practitioners", _("Practitioners")),
    ("coordinators", _("Coordinators")),
    ("managers", _("Managers")),
    ("other", _("Other staff")),
]
STREAMS = [("language", _("Language")), ("settlement", _("Settlement"))]
STAFF_FIELDS = [f"{role}_{stream}" for role, _label in STAFF_ROLES for stream, _s in STREAMS]


def _staff_field(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


class PDTemplate(models.Model):
    """A provider's PD template (modèle de PP) for a cycle: drafts save partial data; submitting locks it."""

    cycle = models.ForeignKey(
        SurveyCycle, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="templates"
    )
    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="pd_templates",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    current_pd_funding = models.DecimalField(
        _("current PD funding"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    practitioners_language = _staff_field(_("Practitioners, language stream"))
    practitioners_settlement = _staff_field(_("Practitioners, settlement stream"))
    coordinators_language = _staff_field(_("Coordinators, language stream"))
    coordinators_settlement = _staff_field(_("Coordinators, settlement stream"))
    managers_language = _staff_field(_("Managers, language stream"))
    managers_settlement = _staff_field(_("Managers, settlement stream"))
    other_language = _staff_field(_("Other staff, language stream"))
    other_settlement = _staff_field(_("Other staff, settlement stream"))
    can_identify_needs = models.BooleanField(_("we could identify our PD needs"), null=True, blank=True)
    can_cost_needs = models.BooleanField(
        _("we could estimate the cost of our PD needs"), null=True, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)

    # Optimistic locking: every save bumps the version; a save based on an older one is refused.
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "provider__name"]
        verbose_name = _("PD template")
        verbose_name_plural = _("PD templates")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "provider"], name="one_pd_template_per_provider_and_cycle"
            ),
            models.CheckConstraint(
                condition=Q(current_pd_funding__isnull=True) | Q(current_pd_funding__gte=0),
                name="pd_template_funding_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=TemplateStatus.values), name="pd_template_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=TemplateStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="pd_template_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.cycle.fiscal_year_label}"

    @property
    def is_submitted(self) -> bool:
        return self.status == TemplateStatus.SUBMITTED

    def staff_grid(self) -> list[dict]:
        """Staff counts as rows by role, with a cell per stream: for display."""
        return [
            {
                "label": label,
                "cells": [getattr(self, f"{role}_{stream}") for stream, _s in STREAMS],
            }
            for role, label in STAFF_ROLES
        ]


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    EITHER = "either", _("Either")


class Scope(models.TextChoices):
    LOCAL = "local", _("Local")
    PROVINCIAL = "provincial", _("Provincial or territorial")
    REGIONAL = "regional", _("Regional")


class PDNeed(models.Model):
    """One PD need of a template: a theme from the list or free text; an empty cost means "unknown"."""

    template = models.ForeignKey(
        PDTemplate, verbose_name=_("PD template"), on_delete=models.CASCADE, related_name="needs"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.PROTECT, related_name="needs"
    )
    theme_text = models.CharField(_("other theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    people = models.PositiveIntegerField(_("people"), null=True, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, blank=True)
    scope = models.CharField(_("preferred scope"), max_length=10, choices=Scope.choices, blank=True)

    class Meta:
        ordering = ["template", "pk"]
        verbose_name = _("PD need")
        verbose_name_plural = _("PD needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="pd_need_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(delivery="") | Q(delivery__in=Delivery.values), name="pd_need_delivery_valid"
            ),
            models.CheckConstraint(
                condition=Q(scope="") | Q(scope__in=Scope.values), name="pd_need_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.theme_label

    @property
    def theme_label(self) -> str:
        return str(self.theme.name) if self.theme_id else self.theme_text

    @property
    def cost_is_unknown(self) -> bool:
        return self.estimated_cost is None


RunStatus = JobStatus  # queued, running, done, failed: the portal's job states


class AggregationRun(TrackedJob):
    """One run of a cycle's aggregation job: start, heartbeat, end or failure, for the page and the sweep."""

    STALE_SETTING = "PD_SURVEY_STALE_MINUTES"
    ATTEMPTS_SETTING = "PD_SURVEY_MAX_ATTEMPTS"

    cycle = models.ForeignKey(
        SurveyCycle, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("aggregation run")
        verbose_name_plural = _("aggregation runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="aggregation_run_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="aggregation_run_progress_max_100"),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.cycle} #{self.pk} ({self.get_status_display()})"


class AggregationResult(models.Model):
    """The one current result of a cycle's aggregation: a rerun replaces it (one row per cycle)."""

    cycle = models.OneToOneField(
        SurveyCycle, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="result"
    )
    run = models.ForeignKey(
        AggregationRun, verbose_name=_("run"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(_("computed"))
    data = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("aggregation result")
        verbose_name_plural = _("aggregation results")

    def __str__(self) -> str:
        return f"{self.cycle} {self.computed_at:%Y-%m-%d %H:%M}"


class ConfirmedOutlier(models.Model):
    """A figure of a submitted template the plausibility check found far outside, confirmed by the
    provider at submission: which figure, its value, the reference and factor, who and when."""

    template = models.ForeignKey(
        PDTemplate, verbose_name=_("PD template"), on_delete=models.CASCADE, related_name="confirmed_outliers"
    )
    key = models.CharField(_("figure"), max_length=100)
    rule = models.CharField(_("check"), max_length=40)
    field = models.CharField(_("field"), max_length=60)
    value = models.DecimalField(_("value entered"), max_digits=14, decimal_places=2)
    reference = models.DecimalField(
        _("compared with"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    factor = models.DecimalField(_("threshold (times)"), max_digits=8, decimal_places=2)
    count = models.DecimalField(_("people or FTEs"), max_digits=12, decimal_places=2, null=True, blank=True)
    label = models.CharField(_("label"), max_length=250, blank=True)
    year_label = models.CharField(_("year compared with"), max_length=20, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"))

    class Meta:
        ordering = ["template", "-confirmed_at", "pk"]
        verbose_name = _("confirmed outlier")
        verbose_name_plural = _("confirmed outliers")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "key", "confirmed_at"], name="one_confirmation_per_figure_and_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} {self.key}"

    def as_outlier(self):
        from .plausibility import Outlier

        return Outlier(
            key=self.key,
            rule=self.rule,
            field=self.field,
            value=self.value,
            reference=self.reference,
            factor=self.factor,
            count=self.count,
            label=self.label,
            year_label=self.year_label,
        )

    @property
    def message(self) -> str:
        """The outlier as the provider saw it, in the reader's language."""
        return self.as_outlier().message
