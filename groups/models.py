"""Working groups (groupes de concertation): categories, the two-level tree, stages, governance
(committees, members, communities of practice), work plans and meetings."""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.fiscal import fiscal_year_label, fiscal_year_of
from portal.i18n import Translated, one_language_required
from portal.text import clean_name_fields


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
    """A group's stage in the seed's words: "en sont à leurs débuts", "la planification doit démarrer"."""

    PLANNING = "planning", _("Planning to start")
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
        "organisations.Jurisdiction",
        verbose_name=_("jurisdictions covered"),
        blank=True,
        related_name="groups",
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
        # Stored plain (no invisible characters); sub-groups of different groups may share a name.
        clean_name_fields(self, "name_en", "name_fr", distinct=False)
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A group cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Sub-groups cannot have sub-groups of their own.")})
            if self.category_id and self.parent.category_id != self.category_id:
                raise ValidationError({"category": _("A sub-group belongs to its parent's category.")})


# --- Governance --------------------------------------------------------------------------------
class CommitteeKind(models.TextChoices):
    STEERING = "steering", _("Steering committee")
    ADVISORY = "advisory", _("Advisory body")
    IRCC_INTERNAL = "ircc", _("Internal IRCC working group")
    PROVINCIAL_PD = "provincial_pd", _("Provincial PD advisory committee")
    REGIONAL_PD = "regional_pd", _("Regional PD advisory committee")


#: Committees that belong to an umbrella organisation rather than to a working group.
UMBRELLA_KINDS = (CommitteeKind.PROVINCIAL_PD, CommitteeKind.REGIONAL_PD)


class Committee(models.Model):
    """A governance body: a group's steering committee, advisory body or internal IRCC working group,
    or an umbrella organisation's PD advisory committee (at least four meetings a year, per the seed).

    A committee hangs off exactly one working group or one umbrella organisation (a constraint).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="committees",
    )
    umbrella = models.ForeignKey(
        "organisations.UmbrellaOrganisation",
        verbose_name=_("umbrella organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        null=True,
        blank=True,
        help_text=_("For an advisory body: the fiscal year of the learning event it prepares."),
    )
    host_organisation = models.CharField(
        _("learning-event host"),
        max_length=200,
        blank=True,
        help_text=_("For an advisory body: the organisation hosting the year's learning event."),
    )
    terms_of_reference_en = models.TextField(_("terms of reference (English)"), blank=True)
    terms_of_reference_fr = models.TextField(_("terms of reference (French)"), blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum meetings per fiscal year"), default=0, help_text=_("0: no minimum.")
    )

    name = Translated("name")
    terms_of_reference = Translated("terms_of_reference")

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.CheckConstraint(
                condition=(Q(group__isnull=False) & Q(umbrella__isnull=True))
                | (Q(group__isnull=True) & Q(umbrella__isnull=False)),
                name="committee_attached_to_group_or_umbrella",
                violation_error_message=_(
                    "A committee belongs to either a working group or an umbrella organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UMBRELLA_KINDS, umbrella__isnull=False)
                | (~Q(kind__in=UMBRELLA_KINDS) & Q(group__isnull=False)),
                name="committee_kind_matches_attachment",
                violation_error_message=_(
                    "PD advisory committees belong to an umbrella organisation; the other committees "
                    "belong to a working group."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=CommitteeKind.ADVISORY) | Q(fiscal_year__isnull=False),
                name="advisory_body_has_fiscal_year",
                violation_error_message=_("An advisory body is set up for one fiscal year."),
            ),
            models.UniqueConstraint(
                fields=["group", "kind"],
                condition=Q(kind=CommitteeKind.STEERING),
                name="one_steering_committee_per_group",
                violation_error_message=_("This group already has a steering committee."),
            ),
            models.UniqueConstraint(
                fields=["group", "fiscal_year"],
                condition=Q(kind=CommitteeKind.ADVISORY),
                name="one_advisory_body_per_group_and_year",
                violation_error_message=_("This group already has an advisory body for that fiscal year."),
            ),
            models.UniqueConstraint(
                fields=["umbrella", "kind"],
                condition=Q(kind__in=UMBRELLA_KINDS),
                name="one_pd_committee_of_each_kind_per_umbrella",
                violation_error_message=_("This umbrella organisation already has a committee of this kind."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("groups:committee-detail", kwargs={"pk": self.pk})

    @property
    def owner_label(self) -> str:
        return str(self.group or self.umbrella or "")

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year) if self.fiscal_year else ""

    def clean(self) -> None:
        errors = {}
        if self.kind in UMBRELLA_KINDS:
            if not self.umbrella_id:
                errors["umbrella"] = _("A PD advisory committee belongs to an umbrella organisation.")
            if self.group_id:
                errors["group"] = _("A PD advisory committee is not attached to a working group.")
        elif self.kind:
            if not self.group_id:
                errors["group"] = _("This kind of committee belongs to a working group.")
            if self.umbrella_id:
                errors["umbrella"] = _("Only PD advisory committees belong to an umbrella organisation.")
        if self.kind == CommitteeKind.ADVISORY and not self.fiscal_year:
            errors["fiscal_year"] = _("An advisory body is set up for one fiscal year.")
        if errors:
            raise ValidationError(errors)


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    SECRETARIAT = "secretariat", _("Secretariat")
    IRCC_LEAD = "ircc_lead", _("IRCC lead")
    PROGRAM_OFFICER = "program_officer", _("Program officer")
    UMBRELLA_REP = "umbrella_rep", _("Umbrella organisation representative")
    PROVINCIAL_REP = "provincial_rep", _("Provincial committee representative")


#: Members who lead their committee: they may record its meetings and manage its members.
LEADING_ROLES = (MemberRole.CHAIR, MemberRole.CO_CHAIR)


class CommitteeMember(models.Model):
    """A seat on a committee: a person (role names in seed and demo data), their organisation
    (a provider, or free text for an umbrella organisation, LIP or RIF), jurisdiction and role."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="members"
    )
    person_name_en = models.CharField(_("name or seat (English)"), max_length=200, blank=True)
    person_name_fr = models.CharField(_("name or seat (French)"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    provider = models.ForeignKey(
        "organisations.Provider",
        verbose_name=_("provider organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    organisation_name_en = models.CharField(
        _("other organisation (English)"),
        max_length=200,
        blank=True,
        help_text=_(
            "An umbrella organisation, LIP, RIF or IRCC, when the member does not represent a provider."
        ),
    )
    organisation_name_fr = models.CharField(_("other organisation (French)"), max_length=200, blank=True)
    jurisdiction = models.ForeignKey(
        "organisations.Jurisdiction",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    person_name = Translated("person_name")
    organisation_name = Translated("organisation_name")

    history = HistoricalRecords(verbose_name=_("historical committee member"))

    class Meta:
        ordering = ["committee", "role", "person_name_en", "person_name_fr"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            one_language_required("person_name", name="member_name_in_one_language"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="member_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_role_display()})"

    @property
    def organisation(self) -> str:
        return str(self.provider) if self.provider_id else self.organisation_name

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class CommunityOfPractice(models.Model):
    """A community of practice (LIP coordinators' base camp, small-centre coordinators, Northern Summit),
    optionally tied to a working group and to umbrella organisations, with links to national ones."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    umbrellas = models.ManyToManyField(
        "organisations.UmbrellaOrganisation",
        verbose_name=_("umbrella organisations"),
        blank=True,
        related_name="communities",
    )

    name = Translated("name")
    description = Translated("description")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")

    def __str__(self) -> str:
        return str(self.name)


class NationalCommunityLink(models.Model):
    """A link from a regional community of practice to a national one."""

    community = models.ForeignKey(
        CommunityOfPractice,
        verbose_name=_("community of practice"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    name = models.CharField(_("national community"), max_length=200)
    url = models.URLField(_("address"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["community", "name"]
        verbose_name = _("link to a national community")
        verbose_name_plural = _("links to national communities")
        constraints = [
            models.UniqueConstraint(fields=["community", "url"], name="one_link_per_url_and_community"),
        ]

    def __str__(self) -> str:
        return self.name


# --- Work plans --------------------------------------------------------------------------------
class WorkPlan(models.Model):
    """A group's work plan for one fiscal year, written with its steering committee (one per year)."""

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("working group"), on_delete=models.CASCADE, related_name="work_plans"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)

    summary = Translated("summary")

    class Meta:
        ordering = ["group", "-fiscal_year"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "fiscal_year"],
                name="one_work_plan_per_group_and_year",
                violation_error_message=_("This group already has a work plan for that fiscal year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.fiscal_year_label}"

    def get_absolute_url(self) -> str:
        return reverse("groups:workplan-detail", kwargs={"pk": self.pk})

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class WorkPlanItem(models.Model):
    """One item of a work plan; overdue when its due date has passed and it is not done."""

    work_plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="items"
    )
    title_en = models.CharField(_("item (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("item (French)"), max_length=300, blank=True)
    #: The owner is a person the portal can tell: a portal account or a committee seat (whose account,
    #: if it has one, is told). The free text is only for someone outside the portal.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (portal account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_plan_items",
    )
    owner_member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("owner (committee member)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_plan_items",
    )
    owner = models.CharField(
        _("owner outside the portal"),
        max_length=200,
        blank=True,
        help_text=_("Only for someone without a portal account or a committee seat."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_fr = models.TextField(_("notes (French)"), blank=True)

    title = Translated("title")
    notes = Translated("notes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["work_plan", F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("work plan item")
        verbose_name_plural = _("work plan items")
        constraints = [
            one_language_required("title", name="workplanitem_title_in_one_language"),
            models.CheckConstraint(
                condition=Q(owner_user__isnull=True) | Q(owner_member__isnull=True),
                name="work_plan_item_one_owner",
                violation_error_message=_("Choose either a portal account or a committee member as owner."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def owner_label(self) -> str:
        """Who owns the item, as people read it."""
        if self.owner_user_id:
            return self.owner_user.display_name
        if self.owner_member_id:
            return self.owner_member.person_name
        return self.owner

    @property
    def owner_account(self):
        """The portal account to tell about the item (None for someone outside the portal)."""
        if self.owner_user_id:
            return self.owner_user
        if self.owner_member_id:
            return self.owner_member.user
        return None

    def clean(self) -> None:
        if self.owner_user_id and self.owner_member_id:
            raise ValidationError(
                {"owner_member": _("Choose either a portal account or a committee member as owner.")}
            )
        if self.owner_member_id and self.work_plan_id:
            if self.owner_member.committee.group_id != self.work_plan.group_id:
                raise ValidationError(
                    {"owner_member": _("The owner must sit on one of this group's committees.")}
                )
        if (self.owner_user_id or self.owner_member_id) and self.owner:
            self.owner = ""  # a person of the portal: the free text would only drift from it

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return item_is_overdue(
            due_date=self.due_date, status=self.status, today=today or timezone.localdate()
        )


def item_is_overdue(*, due_date: datetime.date | None, status: str, today: datetime.date) -> bool:
    """Overdue: the due date has passed (strictly before today) and the item is not done."""
    return due_date is not None and due_date < today and status != ItemStatus.DONE


# --- Meetings ----------------------------------------------------------------------------------
class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    TELECONFERENCE = "teleconference", _("Teleconference")
    ONLINE = "online", _("Online")


def minutes_upload_to(instance, filename: str) -> str:
    """A random stored name: the uploader's file name never reaches the disk."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"groups/minutes/{uuid.uuid4().hex}{suffix}"


class Meeting(models.Model):
    """A committee meeting: date, format, attendees, decisions and its minutes (downloaded only through
    a view that checks permission)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    format = models.CharField(_("format"), max_length=20, choices=MeetingFormat.choices)
    attendees = models.ManyToManyField(
        CommitteeMember, verbose_name=_("members present"), blank=True, related_name="meetings"
    )
    attendee_count = models.PositiveSmallIntegerField(
        _("number of people present"),
        null=True,
        blank=True,
        help_text=_("Everyone present, guests included, when the list of members is not enough."),
    )
    decisions_en = models.TextField(_("decisions (English)"), blank=True)
    decisions_fr = models.TextField(_("decisions (French)"), blank=True)
    minutes = models.FileField(_("minutes"), upload_to=minutes_upload_to, blank=True, max_length=200)
    minutes_name = models.CharField(_("minutes file name"), max_length=200, blank=True)
    minutes_content_type = models.CharField(_("minutes file type"), max_length=120, blank=True)

    decisions = Translated("decisions")

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["committee", "date"])]

    def __str__(self) -> str:
        return f"{self.committee} {self.date.isoformat()}"

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.date)
