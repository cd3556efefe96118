"""Sign-in defences: the client's real address, demo accounts, rate limits, lockouts, security log.

- The client address comes from `X-Forwarded-For` only when the deployment says how many reverse
  proxies it trusts (`PORTAL_TRUSTED_PROXY_COUNT`); otherwise from the socket. Behind the proxy every
  client would otherwise share the proxy's address.
- Demo accounts (published password) never sign in with DEBUG off.
- Every sign-in attempt counts against its address: past `PORTAL_SIGNIN_RATE_PER_MINUTE` in the
  last minute (a sliding window, not the clock's minute), the address waits (password spraying
  across accounts is limited).
- django-axes locks a USERNAME (not an address) after `AXES_FAILURE_LIMIT` failures, for a cool-off
  that doubles with each lockout of that username (`cool_off`), up to `PORTAL_LOCKOUT_MAX_MINUTES`.
- Lockouts, throttled and refused sign-ins and refused permissions go to the `portal.security`
  logger with the username and address in clear.
"""

import datetime
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from .demo import ACCOUNTS as DEMO_ACCOUNTS

logger = logging.getLogger("portal.security")

DEMO_USERNAMES = frozenset(username for username, *_rest in DEMO_ACCOUNTS)
#: How long the record of a username's lockouts lasts: the next lockout within it lasts longer.
LOCKOUT_MEMORY_SECONDS = 24 * 60 * 60


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: from the trusted proxies' `X-Forwarded-For` entry, else the socket.

    Each trusted proxy appends the address it received the request from, so with N trusted proxies
    the client is the N-th entry from the right; anything further left was written by the client.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            found = _valid_ip(forwarded[-count])
            if found:
                return found
    return _valid_ip(remote) or remote or None


def _cache():
    return caches[getattr(settings, "PORTAL_SECURITY_CACHE", "default")]


def is_demo_username(username) -> bool:
    return str(username or "").strip().lower() in DEMO_USERNAMES


def _lockout_key(username: str) -> str:
    return f"portal:lockouts:{str(username).strip().lower()}"


def lockouts_of(username) -> int:
    try:
        return int(_cache().get(_lockout_key(username)) or 0)
    except Exception:  # the cache being down must not stop anyone signing in
        return 0


def cool_off(request=None) -> datetime.timedelta:
    """How long a locked username waits: the base cool-off, doubled for each earlier lockout.

    Without a username (axes cleaning old attempts of everyone) the answer is the longest wait, so
    the cleaning never cuts a longer lockout short.
    """
    base, longest = settings.PORTAL_LOCKOUT_BASE_MINUTES, settings.PORTAL_LOCKOUT_MAX_MINUTES
    username = ""
    if request is not None:
        credentials = getattr(request, "axes_credentials", None) or {}
        username = credentials.get("username") or request.POST.get("username", "")
    if not username:
        return datetime.timedelta(minutes=longest)
    earlier = max(lockouts_of(username) - 1, 0)
    return datetime.timedelta(minutes=min(base * (2 ** min(earlier, 16)), longest))


def count_in_window(name: str, *, seconds: int) -> int:
    """Count one event under `name` and return how many fell in the last `seconds` (shared by every
    web process through the security cache). The cache being down counts nothing.

    A sliding window: events are kept per fixed window, and the count is this window's plus the
    previous window's share that still lies within the last `seconds`, rounded up. A fixed window
    alone forgets everything at its boundary, so ten attempts at 11:44:59 and ten more at 11:45:00
    would each pass a limit of ten a minute.
    """
    now = time.time()
    window = int(now // seconds)
    current = _add_one(f"portal:{name}:{window}", seconds)
    if not current:
        return 0
    try:
        previous = _cache().get(f"portal:{name}:{window - 1}") or 0
    except Exception:
        previous = 0
    still_in = 1 - (now - window * seconds) / seconds
    return current + math.ceil(previous * still_in)


def _add_one(key: str, seconds: int) -> int:
    cache = _cache()
    try:
        if cache.add(key, 1, timeout=2 * seconds):
            return 1
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * seconds)
        return 1
    except Exception:
        return 0


def _count_attempt(address: str) -> int:
    """Count one sign-in attempt from `address` in the current minute; returns the count."""
    return count_in_window(f"signin:{address}", seconds=60)


class SignInGuardBackend:
    """First in AUTHENTICATION_BACKENDS after axes: refuses before any password is checked.

    It authenticates nobody itself and has no `get_user` (so `force_login` never picks it); raising
    PermissionDenied stops Django trying the other backends
    (and Django then signals a failed sign-in, which axes counts against the username).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        address = client_ip(request) if request is not None else None
        if not settings.DEBUG and is_demo_username(username):
            logger.warning("demo account refused at sign-in: user=%s address=%s", username, address)
            raise PermissionDenied("demo account")
        if request is not None and address:
            attempts = _count_attempt(address)
            if attempts > settings.PORTAL_SIGNIN_RATE_PER_MINUTE:
                request.portal_signin_throttled = True
                logger.warning(
                    "sign-in throttled: user=%s address=%s attempts_this_minute=%s",
                    username,
                    address,
                    attempts,
                )
                raise PermissionDenied("throttled")
        return None


def log_permission_denied(request, exception=None) -> None:
    user = getattr(request, "user", None)
    logger.warning(
        "permission refused: user=%s address=%s method=%s path=%s",
        getattr(user, "username", "") or "anonymous",
        client_ip(request),
        request.method,
        request.get_full_path(),
    )


def _connect_signals() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    @receiver(user_locked_out, dispatch_uid="portal-security-locked-out")
    def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
        # Axes signals again for each attempt while locked; only the moment of locking counts.
        failures = getattr(request, "axes_failures_since_start", None)
        if failures is None or failures == settings.AXES_FAILURE_LIMIT:
            key = _lockout_key(username or "")
            try:
                cache = _cache()
                if not cache.add(key, 1, timeout=LOCKOUT_MEMORY_SECONDS):
                    cache.incr(key)
                    cache.touch(key, LOCKOUT_MEMORY_SECONDS)
            except Exception:
                pass
            logger.warning(
                "account locked: user=%s address=%s lockout=%s cool_off=%s",
                username,
                ip_address,
                lockouts_of(username or ""),
                cool_off(request),
            )

    @receiver(user_logged_in, dispatch_uid="portal-security-logged-in")
    def on_logged_in(sender, request=None, user=None, **kwargs):
        from .middleware import LAST_SEEN_KEY, SIGNED_IN_AT_KEY

        if request is not None and hasattr(request, "session"):
            now = int(time.time())
            request.session[SIGNED_IN_AT_KEY] = now
            request.session[LAST_SEEN_KEY] = now

    @receiver(user_login_failed, dispatch_uid="portal-security-login-failed")
    def on_login_failed(sender, credentials=None, request=None, **kwargs):
        logger.info(
            "sign-in failed: user=%s address=%s",
            (credentials or {}).get("username", ""),
            client_ip(request),
        )


_connect_signals()
