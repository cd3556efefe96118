"""Who may see or change this app's objects: predicates registered with portal.permissions.

Provider staff reach only their own organisation: the `*_visible_to` querysets hide the others
(404), and the object predicates below refuse them where a view or service asks with an object.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from organisations.models import Provider
from portal.permissions import is_admin, is_ircc_staff, is_provider_staff

from .models import PDRequest


@rules.predicate
def is_own_provider(user, provider) -> bool:
    return (
        provider is not None
        and bool(getattr(user, "is_provider_staff", False))
        and user.provider_id == getattr(provider, "pk", None)
    )


@rules.predicate
def is_own_request(user, pd_request) -> bool:
    return (
        pd_request is not None
        and bool(getattr(user, "is_provider_staff", False))
        and user.provider_id == pd_request.provider_id
    )


def acts_for_provider(user, provider_id: int | None) -> bool:
    """A provider-only action (request, withdraw, declare FTEs) needs provider staff of that provider.

    Checked by role, not with `has_perm`: Django grants a superuser every permission before the
    predicates are asked, and an administrator must not act as the provider through its pages.
    """
    return bool(
        user is not None
        and getattr(user, "is_active", False)
        and getattr(user, "role", None) == "provider"
        and provider_id is not None
        and getattr(user, "provider_id", None) == provider_id
    )


def require_provider_role(user, provider_id: int | None) -> None:
    if not acts_for_provider(user, provider_id):
        raise PermissionDenied(_("Only the provider's own staff can do this."))


can_view_allocation = is_ircc_staff | is_own_provider

rules.add_perm("pd_budget.view_provider_list", is_ircc_staff)
rules.add_perm("pd_budget.view_budget_home", is_ircc_staff | is_provider_staff)
rules.add_perm("pd_budget.view_allocation", can_view_allocation)
# The requests list: its queryset shows provider staff only their own organisation's requests.
rules.add_perm("pd_budget.view_pdrequest_list", is_ircc_staff | is_provider_staff)
rules.add_perm("pd_budget.add_pdrequest", is_own_provider)
rules.add_perm("pd_budget.withdraw_pdrequest", is_own_request)
rules.add_perm("pd_budget.view_overview", is_ircc_staff)
rules.add_perm("pd_budget.decide_pdrequest", is_ircc_staff)
# After approval only IRCC staff may cancel a request (with a reason); providers withdraw while it waits.
rules.add_perm("pd_budget.cancel_pdrequest", is_ircc_staff)
rules.add_perm("pd_budget.view_policy", is_ircc_staff)
rules.add_perm("pd_budget.export_workbook", is_ircc_staff)
rules.add_perm("pd_budget.import_workbook", is_admin)
# The provider declares where its FTEs work (policy); IRCC staff accept the declaration or correct the
# FTEs themselves, and only accepted figures count in the allocation.
rules.add_perm("pd_budget.declare_siteftes", is_own_provider)
rules.add_perm("pd_budget.change_siteftes", is_ircc_staff)
rules.add_perm("pd_budget.open_sitefte_form", is_own_provider | is_ircc_staff)
rules.add_perm("pd_budget.decide_ftedeclaration", is_ircc_staff)


def providers_visible_to(user) -> QuerySet[Provider]:
    if getattr(user, "is_ircc_staff", False):
        return Provider.objects.all()
    if getattr(user, "is_provider_staff", False):
        return Provider.objects.filter(pk=user.provider_id)
    return Provider.objects.none()


def pd_requests_visible_to(user) -> QuerySet[PDRequest]:
    if getattr(user, "is_ircc_staff", False):
        return PDRequest.objects.all()
    if getattr(user, "is_provider_staff", False):
        return PDRequest.objects.filter(provider_id=user.provider_id)
    return PDRequest.objects.none()


# The import history and its original files: administrators, like the import itself.
rules.add_perm("pd_budget.view_import_history", is_admin)

# PD policy what-if scenarios: IRCC staff build, save and compare them (they show every provider's
# allocation); only an administrator adopts one as the next fiscal year's policy.
rules.add_perm("pd_budget.view_scenario", is_ircc_staff)
rules.add_perm("pd_budget.change_scenario", is_ircc_staff)
rules.add_perm("pd_budget.delete_scenario", is_ircc_staff)
rules.add_perm("pd_budget.adopt_scenario", is_admin)
# Cross-jurisdiction consistency of agreements and PD allocations per FTE.
rules.add_perm("pd_budget.view_consistency", is_ircc_staff)
