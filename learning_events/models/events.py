"""Learning events and their fuzzy dates (a day, a month, a season, a fiscal or calendar year, or not set)."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
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


class TimeZone(models.TextChoices):
    """The region's time zones (and Ottawa's, where some events happen); an event's times are in one."""

    WINNIPEG = "America/Winnipeg", _("Central time (Winnipeg)")
    REGINA = "America/Regina", _("Saskatchewan time (Regina, no daylight saving)")
    EDMONTON = "America/Edmonton", _("Mountain time (Edmonton, Calgary)")
    YELLOWKNIFE = "America/Yellowknife", _("Mountain time (Yellowknife)")
    CAMBRIDGE_BAY = "America/Cambridge_Bay", _("Mountain time (Cambridge Bay)")
    RANKIN_INLET = "America/Rankin_Inlet", _("Central time (Rankin Inlet)")
    IQALUIT = "America/Iqaluit", _("Eastern time (Iqaluit)")
    WHITEHORSE = "America/Whitehorse", _("Yukon time (Whitehorse)")
    OTTAWA = "America/Toronto", _("Eastern time (Ottawa, Toronto)")


def _date_constraints() -> list[models.CheckConstraint]:
    """The fuzzy-date rule as constraints, generated from its table (`fuzzy_dates.RULES`)."""
    has_range = Q(starts_on__isnull=False, ends_on__isnull=False, starts_on__lte=F("ends_on"))
    day = Q(precision=DatePrecision.DAY, on_date__isnull=False)
    return [
        models.CheckConstraint(
            condition=fuzzy_dates.anchor_condition(), name="event_date_anchors_match_precision"
        ),
        # Several days, and times of day, only for an event dated to the day.
        models.CheckConstraint(
            condition=Q(last_day__isnull=True) | (day & Q(last_day__gte=F("on_date"))),
            name="event_last_day_after_first",
        ),
        models.CheckConstraint(
            condition=Q(start_time__isnull=True, end_time__isnull=True)
            | (day & Q(start_time__isnull=False, end_time__isnull=False)),
            name="event_times_both_and_dated_to_the_day",
        ),
        models.CheckConstraint(
            condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="event_capacity_positive"
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
    last_day = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("For an event over several days: its last day.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZone.choices, default=TimeZone.EDMONTON, blank=True
    )
    join_url = models.URLField(
        _("online or teleconference link"),
        blank=True,
        help_text=_("The address participants open to join online or by teleconference."),
    )
    join_details = models.CharField(_("dial-in number and access code"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("An event has at least one place (or no limit)."))],
        help_text=_("Leave empty for no limit. Registrations beyond it go to the waiting list."),
    )
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

    def clean(self):
        super().clean()
        one_day = self.last_day is None or self.last_day == self.on_date
        if self.start_time and self.end_time and one_day and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The event ends after it starts.")}, code="end_before_start")

    @property
    def several_days(self) -> bool:
        return (
            self.precision == DatePrecision.DAY
            and self.last_day is not None
            and self.ends_on != self.starts_on
        )

    @property
    def time_label(self) -> str:
        """ "9:30–11:00 (Winnipeg time)" in the active language; "" without times."""
        from ..calendar import time_label

        return time_label(self.start_time, self.end_time, self.time_zone, current_language())

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone or "America/Edmonton")

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The first moment, in the event's time zone, when it has times."""
        if self.start_time is None or self.on_date is None:
            return None
        return datetime.datetime.combine(self.on_date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.end_time is None or self.ends_on is None:
            return None
        return datetime.datetime.combine(self.ends_on, self.end_time, tzinfo=self.zone)

    @property
    def place_label(self) -> str:
        if self.format != EventFormat.IN_PERSON and not self.city:
            return str(self.get_format_display())
        parts = [self.city, str(self.jurisdiction.name) if self.jurisdiction_id else ""]
        return ", ".join(p for p in parts if p)
