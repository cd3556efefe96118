"""Creating and revoking personal API tokens."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import require

from .models import ApiToken

#: Every key starts with this, so a leaked one is easy to recognise (and to search for in code).
KEY_PREFIX = "pnt_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once, never stored


def max_tokens() -> int:
    return settings.PORTAL_API_MAX_TOKENS


@transaction.atomic
def create_token(*, user, name: str) -> NewToken:
    """A new personal token for `user`; the key is returned once and only its SHA-256 is kept."""
    require(user, "api.manage_own_tokens")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the token (what will use it).")})
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if active.count() >= max_tokens():
        raise ValidationError(
            _("You already have %(count)s active tokens: revoke one you no longer use first.")
            % {"count": max_tokens()},
            code="too_many",
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=key[: len(KEY_PREFIX) + 6], key_hash=hash_key(key))
    token.full_clean()
    token.save()
    return NewToken(token=token, key=key)


@transaction.atomic
def revoke_token(*, user, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens: every later request with it is refused (401)."""
    require(user, "api.revoke_token", token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The active token a presented key is, or None (unknown, revoked, or the owner deactivated)."""
    if not key or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__provider")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    """Record the token's use, at most once a minute (a busy script does not write on every call)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
