"""Providers (service-provider organisations) and their umbrella organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated


class UmbrellaOrganisation(models.Model):
    """A provincial umbrella organisation (organisation-cadre): AAISA, SAISIA, MANSO."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    jurisdiction = models.ForeignKey(
        "portal.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT
    )
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


class Provider(models.Model):
    """A service-provider organisation (SPO) funded through contribution agreements."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    jurisdiction = models.ForeignKey(
        "portal.Jurisdiction",
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

    def __str__(self) -> str:
        return self.name
