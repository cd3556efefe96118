"""The groups' other work products: needs assessments, typologies, pilots, mappings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.i18n import Translated


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
