"""FTEs count in the allocation only once IRCC staff accept them, and no FTE change leaves bookings
above the allocation unseen: it is refused, or kept on a staff confirmation and flagged.

Providers declare (`declare_site_ftes`); IRCC staff accept or refuse a declaration, or correct the
FTEs themselves (`set_site_ftes`). Every path that changes an allocation (these, the Django admin,
the workbook import) ends with `check_bookings_within_allocation` under the provider's row lock.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Provider
from portal.fiscal import fiscal_year_label
from portal.i18n import written_pair
from portal.money import format_money
from portal.permissions import acting_person, require

from .. import selectors
from ..allocation_rule import Allocation, Rates, allocate
from ..models import (
    AllocationFlag,
    DeclarationStatus,
    FlagSource,
    FTEDeclaration,
    FTEDeclarationLine,
    Site,
    SiteFTE,
)
from ..permissions import require_provider_role
from .allocation import BalanceLine, provider_balances
from .locks import lock_provider
from .years import require_open_for_ftes

if TYPE_CHECKING:
    from portal.models import User

ZERO = Decimal("0")
FTEs = Mapping[int, tuple[Decimal, Decimal]]


def _clean_ftes(provider: Provider, ftes: FTEs) -> dict[int, tuple[Decimal, Decimal]]:
    site_ids = set(Site.objects.filter(provider=provider).values_list("pk", flat=True))
    if set(ftes) - site_ids:
        raise ValidationError(_("These sites belong to another provider."), code="foreign_site")
    cleaned = {}
    for site_id, (language, settlement) in ftes.items():
        try:
            language, settlement = Decimal(str(language)), Decimal(str(settlement))
        except ArithmeticError:
            raise ValidationError(_("Enter FTEs as numbers, such as 2.5."), code="bad_fte") from None
        if not (language.is_finite() and settlement.is_finite()) or language < 0 or settlement < 0:
            raise ValidationError(_("FTEs cannot be negative."), code="bad_fte")
        cleaned[site_id] = (language, settlement)
    return cleaned


def allocation_with_ftes(provider: Provider, *, fiscal_year: int, ftes: FTEs) -> Allocation:
    """The allocation the provider would get if `ftes` ({site id: (language, settlement)}) replaced
    those sites' accepted FTEs: what staff see before accepting a declaration."""
    rates = Rates.from_policy(selectors.policy_get(fiscal_year=fiscal_year))
    accepted = selectors.site_ftes(provider=provider, fiscal_year=fiscal_year)
    by_type: dict[str, tuple[Decimal, Decimal]] = {}
    head_office_type = None
    for site in Site.objects.filter(provider=provider).order_by("-is_head_office", "pk"):
        head_office_type = head_office_type or site.centre_type
        if site.pk in ftes:
            language, settlement = ftes[site.pk]
        elif site.pk in accepted:
            language, settlement = accepted[site.pk].language_fte, accepted[site.pk].settlement_fte
        else:
            continue
        lang, settl = by_type.get(site.centre_type, (ZERO, ZERO))
        by_type[site.centre_type] = (lang + language, settl + settlement)
    return allocate(rates, ftes=by_type, head_office_type=head_office_type)


def overbooked_lines(provider: Provider, *, fiscal_year: int) -> list[BalanceLine]:
    """The categories whose approved and waiting requests exceed the allocation (none without policy)."""
    try:
        balances = provider_balances(provider, fiscal_year=fiscal_year)
    except ValidationError:
        return []
    return [line for line in balances.lines if line.booked > line.allocated]


def describe_overbooking(lines: list[BalanceLine]) -> str:
    return "; ".join(
        _("%(category)s: %(booked)s booked for an allocation of %(allocated)s")
        % {
            "category": line.label,
            "booked": format_money(line.booked),
            "allocated": format_money(line.allocated),
        }
        for line in lines
    )


@transaction.atomic
def check_bookings_within_allocation(
    *, provider: Provider, fiscal_year: int, source: str, user=None, confirm: bool = False
) -> list[BalanceLine]:
    """After a change to a provider's allocation: are its approved and waiting requests still covered?

    Call it inside the transaction that made the change. Overbooked and not `confirm`: raises a
    ValidationError (code "overbooked"), so the caller's transaction rolls the change back.
    Overbooked and `confirm`: records (or refreshes) an open AllocationFlag that staff see on the
    overview and the provider's page, and returns the overbooked lines. Covered: resolves the
    provider's open flags for the year and returns [].
    """
    lock_provider(provider.pk)
    lines = overbooked_lines(provider, fiscal_year=fiscal_year)
    open_flags = AllocationFlag.objects.filter(
        provider=provider, fiscal_year=fiscal_year, resolved_at__isnull=True
    )
    if not lines:
        open_flags.update(resolved_at=timezone.now())
        return []
    detail = describe_overbooking(lines)
    if not confirm:
        raise ValidationError(
            _(
                "This change would leave %(provider)s with more booked than its allocation for %(year)s "
                "(%(detail)s). Refuse or cancel requests first, or confirm the change: it is then "
                "flagged for IRCC staff."
            )
            % {"provider": provider.name, "year": fiscal_year_label(fiscal_year), "detail": detail},
            code="overbooked",
        )
    flag = open_flags.first()
    if flag is None:
        flag = AllocationFlag(provider=provider, fiscal_year=fiscal_year)
    flag.source, flag.detail = source, detail
    flag.created_by, flag.created_at = acting_person(user), timezone.now()
    flag.full_clean()
    flag.save()
    return lines


def open_flags_for(*, provider_ids, fiscal_year: int) -> dict[int, AllocationFlag]:
    """{provider id: its open over-allocation flag for the year}, one query."""
    flags = AllocationFlag.objects.filter(
        provider_id__in=list(provider_ids), fiscal_year=fiscal_year, resolved_at__isnull=True
    ).select_related("created_by")
    return {flag.provider_id: flag for flag in flags}


def _write_ftes(provider: Provider, *, user, fiscal_year: int, ftes: FTEs) -> int:
    sites = {site.pk: site for site in Site.objects.filter(provider=provider)}
    existing = {
        fte.site_id: fte for fte in SiteFTE.objects.filter(site__in=sites.values(), fiscal_year=fiscal_year)
    }
    changed = 0
    for site_id, (language, settlement) in ftes.items():
        row = existing.get(site_id) or SiteFTE(site=sites[site_id], fiscal_year=fiscal_year)
        if row.pk and (row.language_fte, row.settlement_fte) == (language, settlement):
            continue
        row.language_fte, row.settlement_fte = language, settlement
        row.full_clean(validate_unique=False)
        row._history_user = acting_person(user)
        row.save()
        changed += 1
    return changed


@transaction.atomic
def set_site_ftes(
    provider: Provider, *, user: "User", fiscal_year: int, ftes: FTEs, confirm_overbooking: bool = False
) -> int:
    """IRCC staff correct a provider's accepted FTEs per site for an open fiscal year.

    Refused when the bookings would then exceed the allocation, unless staff confirm (then flagged).
    Returns the number of sites changed.
    """
    require(user, "pd_budget.change_siteftes", provider)
    require_open_for_ftes(fiscal_year)
    provider = lock_provider(provider.pk)
    ftes = _clean_ftes(provider, ftes)
    changed = _write_ftes(provider, user=user, fiscal_year=fiscal_year, ftes=ftes)
    if changed:
        check_bookings_within_allocation(
            provider=provider,
            fiscal_year=fiscal_year,
            source=FlagSource.STAFF,
            user=user,
            confirm=confirm_overbooking,
        )
    return changed


@transaction.atomic
def declare_site_ftes(
    provider: Provider, *, user: "User", fiscal_year: int, ftes: FTEs
) -> FTEDeclaration | None:
    """The provider declares its FTEs per site (policy: which work in small centres or the North).

    The declaration waits for IRCC staff; the allocation keeps the accepted figures meanwhile. A new
    declaration replaces the provider's waiting one for that year; declaring the accepted figures
    again drops the waiting one (returns None).
    """
    require(user, "pd_budget.declare_siteftes", provider)
    require_provider_role(user, provider.pk)
    require_open_for_ftes(fiscal_year)
    provider = lock_provider(provider.pk)
    ftes = _clean_ftes(provider, ftes)
    accepted = selectors.site_ftes(provider=provider, fiscal_year=fiscal_year)
    changes = {
        site_id: values
        for site_id, values in ftes.items()
        if site_id not in accepted
        or (accepted[site_id].language_fte, accepted[site_id].settlement_fte) != values
    }
    pending = FTEDeclaration.objects.filter(
        provider=provider, fiscal_year=fiscal_year, status=DeclarationStatus.PENDING
    ).first()
    if not changes:
        if pending is not None:
            pending.delete()  # back to the accepted figures: nothing left for staff to decide
            return None
        raise ValidationError(
            _("These are the FTEs IRCC staff already accepted: nothing to declare."), code="no_change"
        )
    if pending is None:
        pending = FTEDeclaration(provider=provider, fiscal_year=fiscal_year)
    pending.declared_by, pending.declared_at = user, timezone.now()
    pending.full_clean(validate_constraints=False)
    pending.save()
    pending.lines.all().delete()
    FTEDeclarationLine.objects.bulk_create(
        FTEDeclarationLine(declaration=pending, site_id=site_id, language_fte=lang, settlement_fte=settl)
        for site_id, (lang, settl) in changes.items()
    )
    return pending


def _locked_declaration(declaration: FTEDeclaration) -> FTEDeclaration:
    lock_provider(declaration.provider_id)
    return FTEDeclaration.objects.select_for_update().select_related("provider").get(pk=declaration.pk)


@transaction.atomic
def accept_fte_declaration(declaration: FTEDeclaration, *, user: "User", confirm_overbooking: bool = False):
    """IRCC staff accept a waiting declaration: its FTEs become the ones the allocation uses.

    Refused when the bookings would then exceed the allocation, unless staff confirm (then flagged).
    """
    require(user, "pd_budget.decide_ftedeclaration", declaration)
    declaration = _locked_declaration(declaration)
    if declaration.status != DeclarationStatus.PENDING:
        raise ValidationError(_("This declaration was already decided."), code="not_pending")
    require_open_for_ftes(declaration.fiscal_year)
    ftes = {line.site_id: (line.language_fte, line.settlement_fte) for line in declaration.lines.all()}
    _write_ftes(declaration.provider, user=user, fiscal_year=declaration.fiscal_year, ftes=ftes)
    check_bookings_within_allocation(
        provider=declaration.provider,
        fiscal_year=declaration.fiscal_year,
        source=FlagSource.DECLARATION,
        user=user,
        confirm=confirm_overbooking,
    )
    declaration.status = DeclarationStatus.ACCEPTED
    declaration.decided_by, declaration.decided_at = user, timezone.now()
    declaration.save(update_fields=["status", "decided_by", "decided_at"])
    return declaration


@transaction.atomic
def refuse_fte_declaration(
    declaration: FTEDeclaration, *, user: "User", reason: str = "", reason_en: str = "", reason_fr: str = ""
) -> FTEDeclaration:
    """IRCC staff refuse a waiting declaration, with the reason the provider reads (in English, French
    or both; `reason` is in the writer's language)."""
    require(user, "pd_budget.decide_ftedeclaration", declaration)
    reasons = written_pair("reason", text=reason, en=reason_en, fr=reason_fr)
    if not any(reasons.values()):
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    declaration = _locked_declaration(declaration)
    if declaration.status != DeclarationStatus.PENDING:
        raise ValidationError(_("This declaration was already decided."), code="not_pending")
    declaration.status = DeclarationStatus.REFUSED
    declaration.decided_by, declaration.decided_at = user, timezone.now()
    declaration.reason_en, declaration.reason_fr = reasons["reason_en"], reasons["reason_fr"]
    declaration.save(update_fields=["status", "decided_by", "decided_at", "reason_en", "reason_fr"])
    return declaration
