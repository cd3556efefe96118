"""Filling in a PD template: drafts save partial data, submission checks everything and locks it."""

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from portal.permissions import deny, require

from .. import notices, plausibility, selectors
from ..models import STAFF_FIELDS, ConfirmedOutlier, PDNeed, PDTemplate, SurveyCycle, TemplateStatus

if TYPE_CHECKING:
    from portal.models import User

# The template's own fields a draft may set; anything else in `data` is ignored.
TEMPLATE_FIELDS = ["current_pd_funding", *STAFF_FIELDS, "can_identify_needs", "can_cost_needs", "comments"]
NEED_FIELDS = ["theme", "theme_text", "description", "people", "estimated_cost", "delivery", "scope"]


def _lock(template: PDTemplate, *, version: int) -> PDTemplate:
    """Lock the template's row and refuse when someone saved it since `version` was read."""
    current = (
        PDTemplate.objects.select_for_update(of=("self",))
        .select_related("updated_by", "cycle")
        .get(pk=template.pk)
    )
    if current.version != version:
        who = current.updated_by.display_name if current.updated_by else _("someone else")
        when = time_format(timezone.localtime(current.updated_at), "H:i")
        raise ValidationError(
            _("This template was changed by %(name)s at %(time)s; reload to see their changes.")
            % {"name": who, "time": when},
            code="stale",
        )
    return current


def _check_editable(template: PDTemplate) -> None:
    if template.status == TemplateStatus.SUBMITTED:
        raise ValidationError(
            _("This template has been submitted and is locked. Ask IRCC staff to reopen it."), code="locked"
        )
    if not template.cycle.is_open:
        raise ValidationError(
            _("This survey is not open, so its templates cannot be changed."), code="closed"
        )


@transaction.atomic
def start_template(*, cycle: SurveyCycle, provider, user: "User") -> PDTemplate:
    """The provider's template for the cycle, created empty (version 0) the first time it is saved."""
    require(user, "surveys.fill_template")
    if user.is_provider_staff and user.provider_id != provider.pk:
        deny()  # another provider's template: nobody may start it for them
    if not cycle.is_open:
        raise ValidationError(
            _("This survey is not open, so its templates cannot be changed."), code="closed"
        )
    template, _created = PDTemplate.objects.get_or_create(cycle=cycle, provider=provider)
    return template


@transaction.atomic
def save_draft(
    template: PDTemplate, *, user: "User", data: dict, needs: list[dict], version: int
) -> PDTemplate:
    """Save what the provider has so far (partial answers allowed); a stale `version` is refused."""
    require(user, "surveys.change_template", template)
    template = _lock(template, version=version)
    _check_editable(template)
    for field in TEMPLATE_FIELDS:
        if field in data:
            value = data[field]
            setattr(template, field, (value or "") if field == "comments" else value)
    template.version += 1
    template.updated_by = user
    template.full_clean()
    template.save()
    # The needs are replaced as a whole: the form always sends every need it shows.
    template.needs.all().delete()
    rows = []
    for need in needs:
        row = PDNeed(template=template, **{k: need.get(k) for k in NEED_FIELDS if k in need})
        row.theme_text = (row.theme_text or "").strip()
        row.description = row.description or ""
        row.delivery = row.delivery or ""
        row.scope = row.scope or ""
        row.full_clean(exclude=["template"])
        rows.append(row)
    PDNeed.objects.bulk_create(rows)
    return template


def submission_errors(template: PDTemplate) -> dict[str, list[str]]:
    """Every answer a submitted template must have. Keys: field names, and "need-<i>-<field>" for
    the i-th need (in saved order) so a form can show each message next to its field."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if template.current_pd_funding is None:
        add("current_pd_funding", _("Enter your current PD funding (0 if you have none)."))
    for field in STAFF_FIELDS:
        if getattr(template, field) is None:
            add(field, _("Enter a number of staff (0 if none)."))
    if template.can_identify_needs is None:
        add("can_identify_needs", _("Say whether you could identify your PD needs."))
    if template.can_cost_needs is None:
        add("can_cost_needs", _("Say whether you could estimate the cost of your PD needs."))
    needs = list(template.needs.order_by("pk"))
    if template.can_identify_needs and not needs:
        add("__all__", _("Add at least one PD need, or answer that you could not identify your needs."))
    for i, need in enumerate(needs):
        if not need.theme_id and not need.theme_text:
            add(f"need-{i}-theme", _("Choose a theme from the list or describe another theme."))
        if need.people is None:
            add(f"need-{i}-people", _("Enter how many people need this."))
        if not need.delivery:
            add(f"need-{i}-delivery", _("Choose how it could be delivered."))
        if not need.scope:
            add(f"need-{i}-scope", _("Choose the preferred scope."))
    return errors


def plausibility_thresholds() -> plausibility.Thresholds:
    """The factors from settings: a figure beyond them must be confirmed before it is locked."""
    return plausibility.Thresholds(
        median=Decimal(str(getattr(settings, "PD_PLAUSIBILITY_MEDIAN_FACTOR", 10))),
        year=Decimal(str(getattr(settings, "PD_PLAUSIBILITY_YEAR_FACTOR", 3))),
        staff=Decimal(str(getattr(settings, "PD_PLAUSIBILITY_STAFF_FACTOR", 3))),
    )


def template_outliers(template: PDTemplate) -> list[plausibility.Outlier]:
    """The template's figures far outside its comparisons, as saved now."""
    return plausibility.find_outliers(selectors.plausibility_facts(template), plausibility_thresholds())


@transaction.atomic
def submit_template(
    template: PDTemplate, *, user: "User", version: int, confirmed: Iterable[str] = ()
) -> PDTemplate:
    """Check every answer and lock the template; the provider can no longer change it (staff reopen).

    A figure far outside (see surveys.plausibility) is refused unless its key is in `confirmed`;
    the confirmed ones are stored with who confirmed them and when, for staff to see."""
    require(user, "surveys.submit_template", template)
    template = _lock(template, version=version)
    _check_editable(template)
    errors = submission_errors(template)
    if errors:
        raise ValidationError(errors)
    outliers = template_outliers(template)
    confirmed = set(confirmed)
    missing = [o for o in outliers if o.key not in confirmed]
    if missing:
        raise ValidationError(
            {
                "confirm": [
                    ValidationError(
                        _("Confirm this figure or go back and correct it: %(message)s")
                        % {"message": o.message},
                        code="unconfirmed",
                    )
                    for o in missing
                ]
            }
        )
    template.status = TemplateStatus.SUBMITTED
    template.submitted_at = timezone.now()
    template.submitted_by = user
    template.version += 1
    template.full_clean()
    template.save()
    ConfirmedOutlier.objects.bulk_create(
        ConfirmedOutlier(
            template=template,
            key=o.key,
            rule=o.rule,
            field=o.field,
            value=o.value,
            reference=o.reference,
            factor=o.factor,
            count=o.count,
            label=o.label[:250],
            year_label=o.year_label,
            confirmed_by=user,
            confirmed_at=template.submitted_at,
        )
        for o in outliers
    )
    return template


@transaction.atomic
def reopen_template(template: PDTemplate, *, user: "User") -> PDTemplate:
    """IRCC staff unlock a submitted template so its provider can correct it."""
    require(user, "surveys.reopen_template", template)
    template = PDTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != TemplateStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted template can be reopened."), code="not_submitted")
    template.status = TemplateStatus.DRAFT
    template.reopened_at = timezone.now()
    template.reopened_by = user
    template.version += 1
    template.save()
    notices.template_reopened(template)
    return template
