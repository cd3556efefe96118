"""PD requests: booked against the allocation under a row lock, so overruns are never approved."""

import secrets
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Provider
from portal.fiscal import fiscal_year_label
from portal.i18n import current_language, in_each_language, written_pair
from portal.money import format_money
from portal.permissions import require

from ..models import BOOKED_STATUSES, Category, DesignatedConference, FlagSource, PDRequest, RequestStatus
from ..permissions import require_provider_role
from .allocation import compute_allocation
from .ftes import check_bookings_within_allocation
from .locks import lock_provider as _lock_provider
from .years import require_open_for_decisions, require_open_for_requests

if TYPE_CHECKING:
    from portal.models import User

_TOKEN_SALT = "pd_budget.pdrequest-form"
#: A request form older than this must be reloaded (its token is refused).
TOKEN_MAX_AGE_SECONDS = 24 * 3600


#: The reason of a request approved at once, stored in both languages.
ELIGIBLE_REASON = gettext_lazy("Eligible under the PD policy.")


def issue_request_token(*, user: "User", provider: Provider) -> str:
    """The one-time token a request form carries: signed for this user and provider, consumed by the
    request it books (a unique column), so the same form posted twice books once."""
    return signing.dumps({"u": user.pk, "p": provider.pk, "n": secrets.token_urlsafe(18)}, salt=_TOKEN_SALT)


def _token_nonce(token: str, *, user, provider: Provider) -> str:
    try:
        data = signing.loads(token or "", salt=_TOKEN_SALT, max_age=TOKEN_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This form is too old: reload the page and submit the request again."), code="token_expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This form cannot be sent as it is: reload the page and submit the request again."),
            code="bad_token",
        ) from None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("p") != provider.pk:
        raise ValidationError(
            _("This form cannot be sent as it is: reload the page and submit the request again."),
            code="bad_token",
        )
    return str(data["n"])


def training_auto_approve_max() -> Decimal:
    return Decimal(str(settings.PD_TRAINING_AUTO_APPROVE_MAX))


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
    user: "User",
    fiscal_year: int,
    category: str,
    amount,
    conference_name: str = "",
    designated_conference: DesignatedConference | None = None,
    description: str = "",
    token: str | None = None,
) -> PDRequest:
    """Book a PD request for an open fiscal year if the category's allocation still covers it (policy:
    no overruns).

    A designated conference (P2P, Metropolis, CCR) and a training request up to
    PD_TRAINING_AUTO_APPROVE_MAX are approved at once; any other conference and larger training
    requests wait for staff, their amount held against the balance meanwhile. With the form's
    `token`, the same form sent again returns the request it already booked (`.already_booked`).
    """
    require(user, "pd_budget.add_pdrequest", provider)
    require_provider_role(user, provider.pk)
    nonce = _token_nonce(token, user=user, provider=provider) if token is not None else None
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
    if nonce is not None:
        # Under the provider's lock: a second copy of the form waits here, then finds the first's row.
        booked = PDRequest.objects.filter(submission_token=nonce).first()
        if booked is not None:
            booked.already_booked = True
            return booked
    require_open_for_requests(fiscal_year)
    _check_cap(provider, fiscal_year=fiscal_year, category=category, amount=amount)
    if category == Category.CONFERENCE:
        at_once = designated_conference is not None
    else:
        at_once = amount <= training_auto_approve_max()
    now = timezone.now()
    pd_request = PDRequest(
        provider=provider,
        fiscal_year=fiscal_year,
        category=category,
        amount=amount,
        conference_name=conference_name,
        designated_conference=designated_conference,
        description=description,
        description_language=current_language(),
        status=RequestStatus.APPROVED if at_once else RequestStatus.PENDING,
        requested_by=user,
        requested_at=now,
        decided_at=now if at_once else None,
        **(in_each_language("reason", ELIGIBLE_REASON) if at_once else {}),
        submission_token=nonce,
    )
    pd_request.full_clean(validate_unique=False)
    pd_request._history_user = user
    try:
        with transaction.atomic():
            pd_request.save()
    except IntegrityError:
        # The unique token: only reachable without the row lock (SQLite); the first copy won.
        booked = PDRequest.objects.filter(submission_token=nonce).first() if nonce else None
        if booked is None:
            raise
        booked.already_booked = True
        return booked
    pd_request.already_booked = False
    return pd_request


def _locked_request(pd_request: PDRequest) -> PDRequest:
    _lock_provider(pd_request.provider_id)
    return PDRequest.objects.select_for_update().select_related("provider").get(pk=pd_request.pk)


@transaction.atomic
def approve_pd_request(pd_request: PDRequest, *, user: "User") -> PDRequest:
    """Approve a waiting request (a case-by-case conference, a large training request) of an open year,
    re-checking the cap under the provider's lock."""
    require(user, "pd_budget.decide_pdrequest", pd_request)
    pd_request = _locked_request(pd_request)
    if pd_request.status != RequestStatus.PENDING:
        raise ValidationError(_("Only a request waiting for approval can be approved."), code="not_pending")
    require_open_for_decisions(pd_request.fiscal_year)
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
def refuse_pd_request(
    pd_request: PDRequest, *, user: "User", reason: str = "", reason_en: str = "", reason_fr: str = ""
) -> PDRequest:
    """Refuse a waiting request; the reason is required (in English, French or both; `reason` is in
    the writer's language) and shown to the provider."""
    require(user, "pd_budget.decide_pdrequest", pd_request)
    reasons = written_pair("reason", text=reason, en=reason_en, fr=reason_fr)
    if not any(reasons.values()):
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    pd_request = _locked_request(pd_request)
    if pd_request.status != RequestStatus.PENDING:
        raise ValidationError(_("Only a request waiting for approval can be refused."), code="not_pending")
    require_open_for_decisions(pd_request.fiscal_year)
    pd_request.status = RequestStatus.REFUSED
    pd_request.decided_by = user
    pd_request.decided_at = timezone.now()
    pd_request.reason_en, pd_request.reason_fr = reasons["reason_en"], reasons["reason_fr"]
    pd_request._history_user = user
    pd_request.save(update_fields=["status", "decided_by", "decided_at", "reason_en", "reason_fr"])
    _recheck(pd_request, user=user)
    return pd_request


def _recheck(pd_request: PDRequest, *, user) -> None:
    # A booking less: an open over-allocation flag of the provider may be resolved now.
    check_bookings_within_allocation(
        provider=pd_request.provider,
        fiscal_year=pd_request.fiscal_year,
        source=FlagSource.REQUEST,
        user=user,
        confirm=True,
    )


@transaction.atomic
def withdraw_pd_request(pd_request: PDRequest, *, user: "User") -> PDRequest:
    """The provider takes back a request while it waits for staff; its amount returns to the balance.

    An approved request is spent money: only IRCC staff may cancel it, with a reason.
    """
    require(user, "pd_budget.withdraw_pdrequest", pd_request)
    require_provider_role(user, pd_request.provider_id)
    pd_request = _locked_request(pd_request)
    if pd_request.status == RequestStatus.APPROVED:
        raise ValidationError(
            _("This request is approved: only IRCC staff can cancel it now. Contact your program officer."),
            code="approved",
        )
    if pd_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request can no longer be withdrawn."), code="not_booked")
    pd_request.status = RequestStatus.WITHDRAWN
    pd_request._history_user = user
    pd_request.save(update_fields=["status"])
    _recheck(pd_request, user=user)
    return pd_request


@transaction.atomic
def cancel_pd_request(
    pd_request: PDRequest, *, user: "User", reason: str = "", reason_en: str = "", reason_fr: str = ""
) -> PDRequest:
    """IRCC staff cancel an approved request of an open year, with a reason; the amount returns to
    the provider's balance."""
    require(user, "pd_budget.cancel_pdrequest", pd_request)
    reasons = written_pair("reason", text=reason, en=reason_en, fr=reason_fr)
    if not any(reasons.values()):
        raise ValidationError({"reason": _("Give the reason for the cancellation.")})
    pd_request = _locked_request(pd_request)
    if pd_request.status != RequestStatus.APPROVED:
        raise ValidationError(
            _("Only an approved request can be cancelled; refuse a request that waits."), code="not_approved"
        )
    require_open_for_decisions(pd_request.fiscal_year)
    pd_request.status = RequestStatus.CANCELLED
    pd_request.decided_by = user
    pd_request.decided_at = timezone.now()
    pd_request.reason_en, pd_request.reason_fr = reasons["reason_en"], reasons["reason_fr"]
    pd_request._history_user = user
    pd_request.save(update_fields=["status", "decided_by", "decided_at", "reason_en", "reason_fr"])
    _recheck(pd_request, user=user)
    return pd_request
