"""Needs surveys an advisory body runs before an event."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.i18n import Translated

from .events import LearningEvent
from .uploads import survey_upload_to


class SurveyStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("a survey or work product (masculine in French)", "Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed, results available")


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

    history = HistoricalRecords()

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
