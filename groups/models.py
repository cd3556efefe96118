"""Working groups (groupes de concertation): three categories, a two-level tree, stages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated


class Category(models.Model):
    """One of the three traits a group's providers share (similar services, vulnerable clientele,
    community or institutional traits)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Translated("name")

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return str(self.name)


class Stage(models.TextChoices):
    PLANNING = "planning", _("In planning")
    EARLY = "early", _("Early stage")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")


class WorkingGroup(models.Model):
    """A working group or one of its sub-groups (the seed's tree is two levels deep)."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="groups"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subgroups",
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.ACTIVE)
    mandate_en = models.TextField(_("mandate (English)"), blank=True)
    mandate_fr = models.TextField(_("mandate (French)"), blank=True)
    jurisdictions = models.ManyToManyField(
        "portal.Jurisdiction", verbose_name=_("jurisdictions covered"), blank=True, related_name="groups"
    )
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on the results of"),
        symmetrical=False,
        blank=True,
        related_name="dependants",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("IRCC lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_groups",
        limit_choices_to={"role__in": ["staff", "admin"]},
    )
    national_scale = models.BooleanField(_("has run national-scale activities"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = Translated("name")
    mandate = Translated("mandate")

    class Meta:
        ordering = ["category__order", "order", "slug"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="group_not_its_own_parent"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("groups:group-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A group cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Sub-groups cannot have sub-groups of their own.")})
            if self.category_id and self.parent.category_id != self.category_id:
                raise ValidationError({"category": _("A sub-group belongs to its parent's category.")})
