"""Learning events and their fuzzy dates (a day, a month, a season, a fiscal or calendar year, or not set)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.i18n import Translated, current_language

from .. import fuzzy_dates


class DatePrecision(models.TextChoices):
    DAY = fuzzy_dates.Precision.DAY, _("Day")
    MONTH = fuzzy_dates.Precision.MONTH, _("Month")
    SEASON = fuzzy_dates.Precision.SEASON, _("Season")
    FISCAL_YEAR = fuzzy_dates.Precision.FISCAL_YEAR, _("Fiscal year")
    YEAR = fuzzy_dates.Precision.YEAR, _("Calendar year")
    UNDATED = fuzzy_dates.Precision.UNDATED, _("Not set yet")


class Season(models.TextChoices):
    SPRING = fuzzy_dates.Season.SPRING, _("Spring")
    SUMMER = fuzzy_dates.Season.SUMMER, _("Summer")
    FALL = fuzzy_dates.Season.FALL, _("Fall")
    WINTER = fuzzy_dates.Season.WINTER, _("Winter")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    TELECONFERENCE = "teleconference", _("Teleconference")
    ONLINE = "online", _("Online")


class EventStatus(models.TextChoices):
    IN_PLANNING = "in_planning", _("In planning")
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


def _date_constraints() -> list[models.CheckConstraint]:
    """The fuzzy-date rule as constraints, generated from its table (`fuzzy_dates.RULES`)."""
    has_range = Q(starts_on__isnull=False, ends_on__isnull=False, starts_on__lte=F("ends_on"))
    return [
        models.CheckConstraint(
            condition=fuzzy_dates.anchor_condition(), name="event_date_anchors_match_precision"
        ),
        models.CheckConstraint(
            condition=Q(precision=DatePrecision.UNDATED) | has_range, name="event_dated_has_range"
        ),
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
        "learning_events.EventSeries",
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

    history = HistoricalRecords()

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
        return fuzzy_dates.format_date(
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
            fuzzy_dates.format_date(fuzzy_dates.Precision.DAY, language=lang, on_date=self.starts_on),
            fuzzy_dates.format_date(fuzzy_dates.Precision.DAY, language=lang, on_date=self.ends_on),
        )

    @property
    def place_label(self) -> str:
        if self.format != EventFormat.IN_PERSON and not self.city:
            return str(self.get_format_display())
        parts = [self.city, str(self.jurisdiction.name) if self.jurisdiction_id else ""]
        return ", ".join(p for p in parts if p)
