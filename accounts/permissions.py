"""Who may invite, deactivate and reactivate accounts: predicates registered with portal.permissions.

IRCC staff invite provider staff and deactivate provider accounts; administrators manage every
account but their own (nobody locks themselves out). Everyone signed in manages their own account.
"""

import rules
from django.db.models import QuerySet

from portal.models import Role, User
from portal.permissions import is_admin, is_ircc_staff, is_signed_in

from .models import Invitation


@rules.predicate
def can_manage_user(user, target) -> bool:
    """Deactivate or reactivate `target`: never oneself; staff for provider staff; admins for anyone."""
    if target is None or getattr(user, "pk", None) is None or target.pk == user.pk:
        return False
    if getattr(user, "is_admin", False):
        return True
    return (
        bool(getattr(user, "is_ircc_staff", False))
        and target.role == Role.PROVIDER
        and not (target.is_superuser)
    )


rules.add_perm("accounts.change_own_account", is_signed_in)
rules.add_perm("accounts.view_user_list", is_ircc_staff)
rules.add_perm("accounts.manage_user", can_manage_user)
rules.add_perm("accounts.invite_user", is_ircc_staff)
rules.add_perm("accounts.manage_invitation", is_ircc_staff)


def users_visible_to(user) -> QuerySet[User]:
    """The accounts page of IRCC staff: every account (administrators see theirs too)."""
    if is_admin(user) or is_ircc_staff(user):
        return User.objects.all()
    return User.objects.none()


def invitations_visible_to(user) -> QuerySet[Invitation]:
    if is_ircc_staff(user):
        return Invitation.objects.all()
    return Invitation.objects.none()
