"""PD requests: booked against the allocation under a row lock, so overruns are never approved."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.fiscal import fiscal_year_label
from portal.permissions import require

from ..models import BOOKED_STATUSES, Category, DesignatedConference, PDRequest, Provider, RequestStatus
from ..money import format_money
from .allocation import compute_allocation


def _lock_provider(provider_id: int) -> Provider:
    # Every booking for a provider takes this row lock first, so the check and the booking of two
    # simultaneous requests happen one after the other (PostgreSQL; SQLite serialises writes).
    return Provider.objects.select_for_update().get(pk=provider_id)


def _booked(provider_id: int, fiscal_year: int, category: str, *, exclude_pk: int | None = None) -> Decimal:
    qs = PDRequest.objects.filter(
        provider_id=provider_id, fiscal_year=fiscal_year, category=category, status__in=BOOKED_STATUSES
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def _check_cap(
    provider: Provider, *, fiscal_year: int, category: str, amount: Decimal, exclude_pk=None
) -> None:
    allocation = compute_allocation(provider, fiscal_year).for_category(category)
    remaining = allocation - _booked(provider.pk, fiscal_year, category, exclude_pk=exclude_pk)
    if amount > remaining:
        raise ValidationError(
            _(
                "Refused: %(amount)s would take %(category)s past the allocation for %(year)s. "
                "Only %(remaining)s remains; overruns are not approved."
            )
            % {
                "amount": format_money(amount),
                "category": Category(category).label.lower(),
                "year": fiscal_year_label(fiscal_year),
                "remaining": format_money(max(remaining, Decimal("0"))),
            },
            code="over_allocation",
        )


def _clean_amount(amount) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("Enter an amount in dollars.")}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("Enter an amount in dollars and cents.")})
    return value


def match_designated_conference(name: str) -> DesignatedConference | None:
    """The designated conference a typed name means (its acronym or either name), if any."""
    text = (name or "").strip()
    if not text:
        return None
    return DesignatedConference.objects.filter(
        Q(acronym__iexact=text) | Q(name_en__iexact=text) | Q(name_fr__iexact=text), is_active=True
    ).first()


@transaction.atomic
def submit_pd_request(
    provider: Provider,
    *,
    user,
    fiscal_year: int,
    category: str,
    amount,
    conference_name: str = "",
    designated_conference: DesignatedConference | None = None,
    description: str = "",
) -> PDRequest:
    """Book a PD request if the category's allocation still covers it (policy: no overruns).

    A designated conference (P2P, Metropolis, CCR) and training requests are approved at once;
    any other conference waits for staff approval, its amount held against the balance meanwhile.
    """
    require(user, "pd_budget.add_pdrequest", provider)
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    amount = _clean_amount(amount)
    conference_name = (conference_name or "").strip()
    if category == Category.CONFERENCE:
        if designated_conference is None:
            designated_conference = match_designated_conference(conference_name)
        if designated_conference is not None and not designated_conference.is_active:
            raise ValidationError({"designated_conference": _("This conference is no longer designated.")})
        if designated_conference is None and not conference_name:
            raise ValidationError({"conference_name": _("Name the conference.")})
    else:
        designated_conference, conference_name = None, ""
    provider = _lock_provider(provider.pk)
    _check_cap(provider, fiscal_year=fiscal_year, category=category, amount=amount)
    at_once = category != Category.CONFERENCE or designated_conference is not None
    now = timezone.now()
    pd_request = PDRequest(
        provider=provider,
        fiscal_year=fiscal_year,
        category=category,
        amount=amount,
        conference_name=conference_name,
        designated_conference=designated_conference,
        description=description,
        status=RequestStatus.APPROVED if at_once else RequestStatus.PENDING,
        requested_by=user,
        requested_at=now,
        decided_at=now if at_once else None,
        reason=_("Eligible under the PD policy.") if at_once else "",
    )
    pd_request.full_clean()
    pd_request._history_user = user
    pd_request.save()
    return pd_request


def _locked_request(pd_request: PDRequest) -> PDRequest:
    _lock_provider(pd_request.provider_id)
    return PDRequest.objects.select_for_update().select_related("provider").get(pk=pd_request.pk)


@transaction.atomic
def approve_pd_request(pd_request: PDRequest, *, user) -> PDRequest:
    """Approve a case-by-case conference request, re-checking the cap under the provider's lock."""
    require(user, "pd_budget.decide_pdrequest", pd_request)
    pd_request = _locked_request(pd_request)
    if pd_request.status != RequestStatus.PENDING:
        raise ValidationError(_("Only a request waiting for approval can be approved."), code="not_pending")
    _check_cap(
        pd_request.provider,
        fiscal_year=pd_request.fiscal_year,
        category=pd_request.category,
        amount=pd_request.amount,
        exclude_pk=pd_request.pk,
    )
    pd_request.status = RequestStatus.APPROVED
    pd_request.decided_by = user
    pd_request.decided_at = timezone.now()
    pd_request._history_user = user
    pd_request.save(update_fields=["status", "decided_by", "decided_at"])
    return pd_request


@transaction.atomic
def refuse_pd_request(pd_request: PDRequest, *, user, reason: str) -> PDRequest:
    """Refuse a waiting request; the reason is required and shown to the provider."""
    require(user, "pd_budget.decide_pdrequest", pd_request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    pd_request = _locked_request(pd_request)
    if pd_request.status != RequestStatus.PENDING:
        raise ValidationError(_("Only a request waiting for approval can be refused."), code="not_pending")
    pd_request.status = RequestStatus.REFUSED
    pd_request.decided_by = user
    pd_request.decided_at = timezone.now()
    pd_request.reason = reason
    pd_request._history_user = user
    pd_request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return pd_request


@transaction.atomic
def withdraw_pd_request(pd_request: PDRequest, *, user) -> PDRequest:
    """The provider takes back a waiting or approved request; its amount returns to the balance."""
    require(user, "pd_budget.withdraw_pdrequest", pd_request)
    pd_request = _locked_request(pd_request)
    if pd_request.status not in BOOKED_STATUSES:
        raise ValidationError(_("This request can no longer be withdrawn."), code="not_booked")
    pd_request.status = RequestStatus.WITHDRAWN
    pd_request._history_user = user
    pd_request.save(update_fields=["status"])
    return pd_request
