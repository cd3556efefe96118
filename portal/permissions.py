"""The one place that decides who may see or change what.

Every permission is a `rules` predicate registered under a Django permission name
(`"groups.change_group"`). The `rules` authentication backend answers `user.has_perm(name, obj)`
with these predicates, views declare the name they need (`portal.views.PermissionRequiredMixin`),
templates ask `{% has_perm %}`, and services check again so shell and Celery paths are covered.
Each app registers its own predicates in its `permissions.py`, built from the roles below.
Default deny: a permission nobody registered is refused.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


@rules.predicate
def is_admin(user) -> bool:
    return bool(getattr(user, "is_admin", False))


@rules.predicate
def is_ircc_staff(user) -> bool:
    """IRCC staff, administrators included."""
    return bool(getattr(user, "is_ircc_staff", False))


@rules.predicate
def is_provider_staff(user) -> bool:
    return bool(getattr(user, "is_provider_staff", False))


is_signed_in = rules.is_authenticated & rules.is_active


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless `user` holds `perm` (on `obj`): the services' own check."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


rules.add_perm("portal.view_dashboard", is_signed_in)
# The Reports page: each report then declares its own permission, and its rows are scoped.
rules.add_perm("portal.view_reports", is_signed_in)

# The audit trail of policies, requests, templates, evaluations and committee seats.
rules.add_perm("portal.view_audit", is_ircc_staff)
