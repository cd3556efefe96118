"""Recurring series of a group's events, such as its quarterly calls."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated

from .events import EventFormat, EventStatus, TimeZone


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


class Frequency(models.TextChoices):
    NONE = "", _("No fixed rule (occurrences recorded one by one)")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


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
    # The recurrence rule, built from plain choices (computed with dateutil.rrule, sent as RRULE).
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(
        _("every how many weeks, months or years"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("Every 3 months is quarterly."),
    )
    ordinal = models.SmallIntegerField(_("on the"), choices=Ordinal.choices, null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    first_date = models.DateField(_("first occurrence"), null=True, blank=True)
    until = models.DateField(_("last possible day"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TimeZone.choices, default=TimeZone.EDMONTON, blank=True
    )

    title = Translated("title")
    notes = Translated("notes")

    class Meta:
        ordering = ["group__order", "slug"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency="") | Q(first_date__isnull=False), name="series_rule_has_first_date"
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(weekday__isnull=False),
                name="series_ordinal_needs_weekday",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=models.F("start_time")),
                name="series_times_both_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning_events:series-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.frequency and self.first_date is None:
            raise ValidationError({"first_date": _("A series that repeats needs its first occurrence.")})
        if self.ordinal is not None and self.weekday is None:
            raise ValidationError({"weekday": _("Choose the weekday (for example the third Wednesday).")})
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError({"end_time": _("Give both the start and the end time, or neither.")})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The event ends after it starts.")})
        if self.until and self.first_date and self.until < self.first_date:
            raise ValidationError({"until": _("The last possible day comes after the first occurrence.")})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone or TimeZone.EDMONTON)

    def at(self, day: datetime.date, clock: datetime.time | None) -> datetime.datetime | datetime.date:
        return day if clock is None else datetime.datetime.combine(day, clock, tzinfo=self.zone)


class ExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("Cancelled")
    MOVED = "moved", _("Moved")


class SeriesException(models.Model):
    """One occurrence of a series cancelled, or moved to another day."""

    series = models.ForeignKey(
        EventSeries, verbose_name=_("series"), on_delete=models.CASCADE, related_name="exceptions"
    )
    original_date = models.DateField(_("occurrence"))
    kind = models.CharField(_("change"), max_length=10, choices=ExceptionKind.choices)
    new_date = models.DateField(_("moved to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["series", "original_date"]
        verbose_name = _("series exception")
        verbose_name_plural = _("series exceptions")
        constraints = [
            models.UniqueConstraint(fields=["series", "original_date"], name="one_exception_per_occurrence"),
            models.CheckConstraint(
                condition=Q(kind="cancelled", new_date__isnull=True)
                | Q(kind="moved", new_date__isnull=False),
                name="moved_has_new_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series}: {self.original_date} {self.get_kind_display()}"
