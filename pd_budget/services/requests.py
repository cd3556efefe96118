"""PD requests: booked against the allocation under a row lock, so overruns are never approved."""

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
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

from .. import notices
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


#: Longest Idempotency-Key an API client may send.
IDEMPOTENCY_KEY_MAX = 200


def _idempotency_nonce(key: str, *, user, provider: Provider) -> str:
    """The stored token of an API call's Idempotency-Key: the same key from the same person for the
    same provider books once (hashed: the key is the client's, of any shape within the bounds)."""
    key = (key or "").strip()
    if not key or len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable():
        message = _("The Idempotency-Key must be 1 to %(max)s printable characters.")
        raise ValidationError(message % {"max": IDEMPOTENCY_KEY_MAX}, code="bad_idempotency_key")
    digest = hashlib.sha256(f"{user.pk}:{provider.pk}:{key}".encode()).hexdigest()
    return f"api-{digest[:60]}"


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
    conference_starts_on=None,
    conference_place: str = "",
    description: str = "",
    token: str | None = None,
    idempotency_key: str | None = None,
) -> PDRequest:
    """Book a PD request for an open fiscal year if the category's allocation still covers it (policy:
    no overruns).

    A designated conference (P2P, Metropolis, CCR) and a training request up to
    PD_TRAINING_AUTO_APPROVE_MAX are approved at once; any other conference and larger training
    requests wait for staff, their amount held against the balance meanwhile. With the form's
    `token`, the same form sent again returns the request it already booked (`.already_booked`); an
    API client's `idempotency_key` (its `Idempotency-Key` header) does the same for a retried call.
    """
    require(user, "pd_budget.add_pdrequest", provider)
    require_provider_role(user, provider.pk)
    nonce = _token_nonce(token, user=user, provider=provider) if token is not None else None
    if nonce is None and idempotency_key is not None:
        nonce = _idempotency_nonce(idempotency_key, user=user, provider=provider)
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
        conference_starts_on, conference_place = None, ""
    conference_place = (conference_place or "").strip()
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
        conference_starts_on=conference_starts_on,
        conference_place=conference_place,
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
    notices.request_waiting(pd_request)
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
    notices.request_decided(pd_request)
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
    notices.request_decided(pd_request)
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
    notices.request_decided(pd_request)
    return pd_request


class Decision:
    APPROVE = "approve"
    REFUSE = "refuse"
    CHOICES = (APPROVE, REFUSE)


@transaction.atomic
def decide_pd_requests(pd_requests, *, user: "User", decision: str, reason: str = "") -> list[PDRequest]:
    """Approve or refuse several waiting requests at once, with one reason: all or nothing.

    Each goes through the single decision (approve_pd_request / refuse_pd_request), inside this one
    transaction, in the order the queue shows them (oldest first): each approval re-checks its cap
    with the earlier ones of the batch already counted, so a batch never lets requests overrun an
    allocation that one-by-one decisions would refuse. The first refusal rolls the whole batch back
    and says which request stopped it."""
    if decision not in Decision.CHOICES:
        raise ValidationError(_("Choose to approve or to refuse."), code="no_decision")
    pd_requests = sorted(pd_requests, key=lambda r: (r.requested_at, r.pk))
    if not pd_requests:
        raise ValidationError(_("Choose at least one request."), code="empty")
    if decision == Decision.REFUSE and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    decided = []
    for pd_request in pd_requests:
        try:
            if decision == Decision.APPROVE:
                decided.append(approve_pd_request(pd_request, user=user))
            else:
                decided.append(refuse_pd_request(pd_request, user=user, reason=reason))
        except ValidationError as exc:
            raise ValidationError(
                _("Nothing was decided: %(provider)s, %(amount)s (%(request)s): %(problem)s")
                % {
                    "provider": pd_request.provider,
                    "amount": format_money(pd_request.amount),
                    "request": pd_request.conference_label or pd_request.get_category_display(),
                    "problem": " ".join(exc.messages),
                },
                code=getattr(exc, "code", None) or "refused",
            ) from exc
    return decided


@dataclass(frozen=True)
class DecisionFacts:
    """What staff weigh a waiting request by: the provider's balance in its category without and with
    it, and the provider's other requests of that fiscal year."""

    amount: Decimal
    allocated: Decimal | None
    before: Decimal | None  # remaining in the category were this request not held
    others: list

    @property
    def after(self) -> Decimal | None:
        """Remaining once this request is approved: below zero, the approval is refused."""
        return None if self.before is None else self.before - self.amount

    @property
    def fits(self) -> bool:
        return self.after is not None and self.after >= 0


def decision_facts(pd_requests) -> dict[int, DecisionFacts]:
    """{request id: DecisionFacts} for a page of waiting requests, in a fixed number of queries per
    fiscal year on the page (never per request). A year without a policy has no balance (None)."""
    from .allocation import balances_for

    pd_requests = list(pd_requests)
    by_year: dict[int, set[int]] = defaultdict(set)
    for r in pd_requests:
        by_year[r.fiscal_year].add(r.provider_id)
    balances: dict[tuple[int, int], object] = {}
    for year, provider_ids in by_year.items():
        try:
            found = balances_for(year, providers=Provider.objects.filter(pk__in=provider_ids))
        except ValidationError:
            found = {}
        balances.update({(pk, year): b for pk, b in found.items()})
    others: dict[tuple[int, int], list] = defaultdict(list)
    if pd_requests:
        rows = (
            PDRequest.objects.filter(
                provider_id__in={r.provider_id for r in pd_requests}, fiscal_year__in=set(by_year)
            )
            .select_related("designated_conference")
            .order_by("requested_at", "pk")
        )
        for row in rows:
            others[(row.provider_id, row.fiscal_year)].append(row)
    facts = {}
    for r in pd_requests:
        balance = balances.get((r.provider_id, r.fiscal_year))
        allocated = before = None
        if balance is not None:
            line = balance.line(r.category)
            held = r.amount if r.status in BOOKED_STATUSES else Decimal("0")
            allocated, before = line.allocated, line.remaining + held
        facts[r.pk] = DecisionFacts(
            amount=r.amount,
            allocated=allocated,
            before=before,
            others=[o for o in others[(r.provider_id, r.fiscal_year)] if o.pk != r.pk],
        )
    return facts
