"""The organisations every app points at: provinces and territories, umbrella organisations, providers."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated
from portal.text import clean_name_fields


class Jurisdiction(models.Model):
    """A province or territory, by its two-letter code; `in_region` marks the five PNT ones."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=60)
    name_fr = models.CharField(_("name (French)"), max_length=60)
    in_region = models.BooleanField(_("in the PNT region"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    name = Translated("name")

    class Meta:
        ordering = ["-in_region", "order", "code"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return str(self.name)


class UmbrellaOrganisation(models.Model):
    """A provincial umbrella organisation (organisation-cadre): AAISA, SAISIA, MANSO."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT)
    runs_regional_pd_committee = models.BooleanField(
        _("runs the regional PD advisory committee"), default=False
    )

    name = Translated("name")

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("umbrella organisation")
        verbose_name_plural = _("umbrella organisations")

    def __str__(self) -> str:
        return self.acronym

    def clean(self) -> None:
        # Invisible characters and look-alike letters never make a second organisation that reads the same.
        clean_name_fields(self, "acronym", "name_en", "name_fr")


class Provider(models.Model):
    """A service-provider organisation (SPO) funded through contribution agreements."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="providers",
    )
    umbrella = models.ForeignKey(
        UmbrellaOrganisation,
        verbose_name=_("umbrella organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="providers",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        indexes = [
            # Lists sort providers as people read names (portal.views.Text: lower(name), then pk):
            # at scale 100 sorting 20,000 rows for each page of 50 took 26 ms without it.
            models.Index(Lower("name"), "id", name="provider_name_sort"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Invisible characters and look-alike letters never make a second provider that reads the same.
        clean_name_fields(self, "name")
