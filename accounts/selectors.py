"""Reads of the accounts pages: the accounts and invitations IRCC staff manage."""

from django.db.models import QuerySet

from portal.models import User

from .filters import UserFilterSet
from .models import Invitation
from .permissions import invitations_visible_to, users_visible_to


def user_list(*, user, filters: dict | None = None) -> QuerySet[User]:
    qs = users_visible_to(user).select_related("provider")
    return UserFilterSet.apply(qs, filters, user=user)


def invitation_list(*, user) -> QuerySet[Invitation]:
    """Invitations still open (waiting or expired) first, then the closed ones; newest first."""
    return invitations_visible_to(user).select_related("provider", "invited_by", "user")
