"""Providers, their sites, FTEs and agreements, the PD policy as data, and PD requests."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.fiscal import fiscal_year_label
from portal.i18n import LangText, Translated
from portal.models import TrackedJob


class CentreType(models.TextChoices):
    """Where a site is; the PD policy treats small centres and the North together."""

    URBAN = "urban", _("Large urban centre")
    SMALL = "small", _("Small centre")
    NORTH = "north", _("North")


class MixedSites(models.TextChoices):
    """How a provider with FTEs in several centre types gets its conference allowance."""

    BLEND = "blend", _("FTE-weighted blend of the centre types' amounts")
    HEAD_OFFICE = "head_office", _("The head office's centre type")
    ANY_SMALL = "any_small", _("The small-centre or North amount if any FTE works there")


class Stream(models.TextChoices):
    LANGUAGE = "language", _("Language")
    SETTLEMENT = "settlement", _("Settlement")


class Site(models.Model):
    """A place where a provider delivers services; its centre type weighs the conference allowance."""

    provider = models.ForeignKey(
        "organisations.Provider", verbose_name=_("provider"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("site"), max_length=200)
    city = models.CharField(_("city"), max_length=120)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    centre_type = models.CharField(_("centre type"), max_length=10, choices=CentreType.choices)
    is_head_office = models.BooleanField(_("head office"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="site_name_unique_per_provider"),
            models.UniqueConstraint(
                fields=["provider"],
                condition=Q(is_head_office=True),
                name="one_head_office_per_provider",
                violation_error_message=_("A provider has only one head office."),
            ),
            models.CheckConstraint(
                condition=Q(centre_type__in=CentreType.values), name="site_centre_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} - {self.name}"


class SiteFTE(models.Model):
    """A site's full-time equivalents in each stream for one fiscal year (2.5 is allowed)."""

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="ftes")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    language_fte = models.DecimalField(_("language FTEs"), max_digits=8, decimal_places=2, default=0)
    settlement_fte = models.DecimalField(_("settlement FTEs"), max_digits=8, decimal_places=2, default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["site__provider__name", "site__name", "-fiscal_year"]
        verbose_name = _("site FTEs")
        verbose_name_plural = _("site FTEs")
        constraints = [
            models.UniqueConstraint(fields=["site", "fiscal_year"], name="one_fte_row_per_site_and_year"),
            models.CheckConstraint(condition=Q(language_fte__gte=0), name="language_fte_not_negative"),
            models.CheckConstraint(condition=Q(settlement_fte__gte=0), name="settlement_fte_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {fiscal_year_label(self.fiscal_year)}"

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


class Agreement(models.Model):
    """A contribution agreement (entente de contribution); several give one conference allowance."""

    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    number = models.CharField(_("agreement number"), max_length=50, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    stream = models.CharField(_("stream"), max_length=12, choices=Stream.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name", "-fiscal_year", "number"]
        verbose_name = _("contribution agreement")
        verbose_name_plural = _("contribution agreements")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="agreement_amount_not_negative"),
            models.CheckConstraint(condition=Q(stream__in=Stream.values), name="agreement_stream_valid"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


class PolicyYear(models.Model):
    """The base PD allocation policy's rates for one fiscal year (2018-19: $2,700 / $3,000, $150, $300)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    conference_urban = models.DecimalField(
        _("conference amount, large urban centre"), max_digits=10, decimal_places=2
    )
    conference_small = models.DecimalField(
        _("conference amount, small centre"), max_digits=10, decimal_places=2
    )
    conference_north = models.DecimalField(_("conference amount, North"), max_digits=10, decimal_places=2)
    language_per_fte = models.DecimalField(
        _("amount per FTE, language stream"), max_digits=10, decimal_places=2
    )
    settlement_per_fte = models.DecimalField(
        _("amount per FTE, settlement stream"), max_digits=10, decimal_places=2
    )
    mixed_sites = models.CharField(
        _("providers with sites of several centre types"),
        max_length=12,
        choices=MixedSites.choices,
        default=MixedSites.BLEND,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("PD policy year")
        verbose_name_plural = _("PD policy years")
        constraints = [
            models.CheckConstraint(
                condition=Q(conference_urban__gte=0)
                & Q(conference_small__gte=0)
                & Q(conference_north__gte=0)
                & Q(language_per_fte__gte=0)
                & Q(settlement_per_fte__gte=0),
                name="policy_rates_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    def conference_rates(self) -> dict[str, Decimal]:
        return {
            CentreType.URBAN: self.conference_urban,
            CentreType.SMALL: self.conference_small,
            CentreType.NORTH: self.conference_north,
        }


class DesignatedConference(models.Model):
    """A conference the policy makes eligible at once (P2P, Metropolis, CCR); others are case by case."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    is_active = models.BooleanField(_("designated"), default=True)

    name = Translated("name")
    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("designated conference")
        verbose_name_plural = _("designated conferences")

    def __str__(self) -> str:
        return f"{self.acronym} - {self.name}"


class Category(models.TextChoices):
    """The three PD budget lines of the base allocation."""

    CONFERENCE = "conference", _("Conferences")
    LANGUAGE = "language", _("Language training")
    SETTLEMENT = "settlement", _("Settlement training")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled by IRCC staff")


# Requests that hold part of the allocation: approved ones and those waiting for a decision.
BOOKED_STATUSES = (RequestStatus.PENDING, RequestStatus.APPROVED)


class PDRequest(models.Model):
    """A provider's request to spend part of its PD allocation; overruns are never approved (policy)."""

    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="pd_requests",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    conference_name = models.CharField(_("conference name"), max_length=200, blank=True)
    designated_conference = models.ForeignKey(
        DesignatedConference,
        verbose_name=_("designated conference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    # When and where the conference is: what staff weigh a case-by-case request by.
    conference_starts_on = models.DateField(_("conference date"), null=True, blank=True)
    conference_place = models.CharField(_("conference place"), max_length=200, blank=True)
    description = models.TextField(_("purpose"), blank=True)
    # The provider writes the purpose in one language: the one it was written in is kept with it.
    description_language = models.CharField(
        _("language of the purpose"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested on"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason_fr = models.TextField(_("reason (French)"), blank=True)
    # The one-time token of the form that booked it: a double click or a retried POST books once.
    submission_token = models.CharField(
        _("form token"), max_length=64, null=True, blank=True, unique=True, editable=False
    )

    reason = Translated("reason")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("PD request")
        verbose_name_plural = _("PD requests")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pd_request_amount_positive"),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="pd_request_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="pd_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(category=Category.CONFERENCE) | Q(designated_conference__isnull=True),
                name="designated_conference_only_for_conferences",
            ),
        ]
        indexes = [models.Index(fields=["provider", "fiscal_year", "status"])]

    def __str__(self) -> str:
        return f"{self.provider} {self.get_category_display()} {self.amount}"

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def conference_label(self) -> LangText:
        """The designated conference's name in the reader's language, or the name the provider
        typed, in the language the request was written in (portal/i18n.py)."""
        if self.designated_conference_id:
            return self.designated_conference.name
        return LangText(self.conference_name, self.description_language)

    def clean(self) -> None:
        if self.category == Category.CONFERENCE and not (
            self.conference_name or self.designated_conference_id
        ):
            raise ValidationError({"conference_name": _("Name the conference.")})
        if self.category != Category.CONFERENCE and self.designated_conference_id:
            raise ValidationError(
                {"designated_conference": _("Only a conference request names a designated conference.")}
            )


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Being checked")
    READY = "ready", _("Ready to confirm")
    INVALID = "invalid", _("Has problems")
    CONFIRMED = "confirmed", _("Waiting to be imported")
    APPLYING = "applying", _("Being imported")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


def _import_file_name(run: "ImportRun", filename: str) -> str:
    # A random name under a private folder: never the uploader's name, never under a served URL.
    return f"private/pd_imports/{run.token}.xlsx"


class ImportRun(TrackedJob):
    """One uploaded providers workbook: checked by a background job (the preview), then imported all
    or nothing by another once an administrator confirms; kept as the import history with its file."""

    # Two phases, each claimed by the job machine: the check, then (once confirmed) the import.
    RUNS_FROM = {ImportStatus.QUEUED: ImportStatus.CHECKING, ImportStatus.CONFIRMED: ImportStatus.APPLYING}
    STALE_SETTING = "PD_IMPORT_STALE_MINUTES"
    ATTEMPTS_SETTING = "PD_IMPORT_MAX_ATTEMPTS"

    token = models.CharField(_("token"), max_length=64, unique=True)
    file = models.FileField(_("file"), upload_to=_import_file_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    problems = models.JSONField(_("problems"), default=list, blank=True)
    diff = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("workbook import")
        verbose_name_plural = _("workbook imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="import_run_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_run_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(status="applied") | Q(applied_at__isnull=False),
                name="import_run_applied_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def counts(self) -> dict:
        return self.diff.get("counts", {})

    @property
    def impact(self) -> list:
        return self.diff.get("impact", [])

    @property
    def created(self) -> int:
        return sum(c.get("created", 0) for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.get("updated", 0) for c in self.counts.values())


class DeclarationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for IRCC staff")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class FTEDeclaration(models.Model):
    """FTEs a provider declares for its sites; the allocation uses them only once IRCC staff accept."""

    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="fte_declarations",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeclarationStatus.choices, default=DeclarationStatus.PENDING
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("declared on"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason_fr = models.TextField(_("reason (French)"), blank=True)

    reason = Translated("reason")

    class Meta:
        ordering = ["declared_at", "pk"]
        verbose_name = _("FTE declaration")
        verbose_name_plural = _("FTE declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "fiscal_year"],
                condition=Q(status="pending"),
                name="one_pending_fte_declaration_per_provider_and_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeclarationStatus.values), name="fte_declaration_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {fiscal_year_label(self.fiscal_year)}"

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


class FTEDeclarationLine(models.Model):
    """One site's declared FTEs in a declaration."""

    declaration = models.ForeignKey(
        FTEDeclaration, verbose_name=_("FTE declaration"), on_delete=models.CASCADE, related_name="lines"
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="+")
    language_fte = models.DecimalField(_("language FTEs"), max_digits=8, decimal_places=2)
    settlement_fte = models.DecimalField(_("settlement FTEs"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["site__name"]
        verbose_name = _("declared site FTEs")
        verbose_name_plural = _("declared site FTEs")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "site"], name="one_line_per_site_and_declaration"),
            models.CheckConstraint(
                condition=Q(language_fte__gte=0) & Q(settlement_fte__gte=0), name="declared_fte_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration} {self.site}"


class FlagSource(models.TextChoices):
    STAFF = "staff", _("FTEs changed by IRCC staff")
    DECLARATION = "declaration", _("FTE declaration accepted")
    ADMIN = "admin", _("Saved in the Django admin")
    IMPORT = "import", _("Workbook import")
    REQUEST = "request", _("Request decision")
    POLICY = "policy", _("Scenario adopted as the policy")


class AllocationFlag(models.Model):
    """Bookings above a provider's allocation after a change someone confirmed: staff must act on it."""

    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="allocation_flags",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    source = models.CharField(_("cause"), max_length=12, choices=FlagSource.choices)
    detail = models.TextField(_("detail"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("flagged on"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("over-allocation flag")
        verbose_name_plural = _("over-allocation flags")
        indexes = [models.Index(fields=["provider", "fiscal_year", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.provider} {fiscal_year_label(self.fiscal_year)}"

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


class Scenario(models.Model):
    """A PD policy what-if: a fiscal year's policy with some rates changed and a mixed-sites rule.

    Nothing in it changes a real allocation: only adopting it (an administrator, see
    `pd_budget.services.scenarios.adopt_scenario`) writes the next fiscal year's PolicyYear."""

    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    base_policy = models.ForeignKey(
        PolicyYear, verbose_name=_("starts from the policy of"), on_delete=models.PROTECT, related_name="+"
    )
    # {policy key: "1500.00"}: only the rates this scenario changes (pd_budget.allocation_rule.POLICY_KEYS).
    overrides = models.JSONField(_("changed rates"), default=dict, blank=True)
    mixed_sites = models.CharField(
        _("providers with sites of several centre types"),
        max_length=12,
        choices=MixedSites.choices,
        default=MixedSites.BLEND,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    adopted_for = models.PositiveSmallIntegerField(_("adopted as the policy of"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted on"), null=True, blank=True)

    name = Translated("name")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("policy scenario")
        verbose_name_plural = _("policy scenarios")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_fr=""),
                name="scenario_named_in_one_language_at_least",
                violation_error_message=_("Name the scenario in English or in French."),
            ),
            models.CheckConstraint(
                condition=Q(mixed_sites__in=MixedSites.values), name="scenario_mixed_sites_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("pd_budget:scenario-detail", kwargs={"pk": self.pk})

    @property
    def fiscal_year(self) -> int:
        return self.base_policy.fiscal_year

    @property
    def fiscal_year_label(self) -> str:
        return self.base_policy.fiscal_year_label

    def clean(self) -> None:
        from portal.text import normalise_name

        self.name_en, self.name_fr = normalise_name(self.name_en), normalise_name(self.name_fr)
        if not (self.name_en or self.name_fr):
            raise ValidationError({"name_en": _("Name the scenario in English or in French.")})
