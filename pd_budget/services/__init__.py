"""Every write and business rule of the PD budget; see the modules for each workflow."""

from .allocation import (
    Allocation,
    Balances,
    Rates,
    allocate,
    allocation_report,
    balances_for,
    compute_allocation,
    compute_allocations,
    provider_balances,
)
from .ftes import (
    accept_fte_declaration,
    check_bookings_within_allocation,
    declare_site_ftes,
    refuse_fte_declaration,
    set_site_ftes,
)
from .requests import (
    approve_pd_request,
    cancel_pd_request,
    decide_pd_requests,
    refuse_pd_request,
    submit_pd_request,
    withdraw_pd_request,
)

__all__ = [
    "Allocation",
    "Balances",
    "Rates",
    "allocate",
    "allocation_report",
    "balances_for",
    "compute_allocation",
    "compute_allocations",
    "provider_balances",
    "set_site_ftes",
    "submit_pd_request",
    "approve_pd_request",
    "refuse_pd_request",
    "withdraw_pd_request",
    "cancel_pd_request",
    "decide_pd_requests",
    "accept_fte_declaration",
    "check_bookings_within_allocation",
    "declare_site_ftes",
    "refuse_fte_declaration",
]
