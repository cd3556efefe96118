"""Recurring series of a group's events, such as its quarterly calls."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated

from .events import EventFormat, EventStatus


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
