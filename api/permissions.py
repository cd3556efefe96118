"""Who may manage API tokens: everyone signed in, their own tokens only."""

import rules
from django.db.models import QuerySet

from portal.permissions import is_signed_in

from .models import ApiToken


@rules.predicate
def owns_token(user, token) -> bool:
    return isinstance(token, ApiToken) and token.user_id == getattr(user, "pk", None)


def tokens_visible_to(user) -> QuerySet[ApiToken]:
    """A person's own tokens; nobody sees another's (an administrator neither: 404)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


rules.add_perm("api.manage_own_tokens", is_signed_in)
rules.add_perm("api.revoke_token", is_signed_in & owns_token)
