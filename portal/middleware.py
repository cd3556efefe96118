"""Security headers Django does not set itself, and the session's time limits."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control
from django.utils.functional import empty

from .permissions import keep_db_permissions

SIGNED_IN_AT_KEY = "_portal_signed_in_at"
LAST_SEEN_KEY = "_portal_last_seen"

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PermissionsPolicyMiddleware:
    """Tell browsers this portal never uses the camera, microphone, location or payments."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NoStoreForSignedInMiddleware:
    """Pages and files of a signed-in user are never stored: offices share computers.

    `no-store` keeps them out of the browser's cache and any shared cache, so the back button after
    signing out shows nothing of the last user's work.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        """Decided without a query: a request carrying a session cookie, or whose user the view
        already loaded and found signed in. Loading the user here would query the database again
        on the way out of a page that failed because the database is away (the 500 page)."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return True
        user = getattr(request, "user", None)
        loaded = getattr(user, "_wrapped", user)
        return loaded is not empty and getattr(loaded, "is_authenticated", False)


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_COOKIE_AGE seconds
    after signing in however busy the session (the cookie alone would slide with each save)."""

    #: Seconds between two writes of the last-seen time, so not every request saves the session.
    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            now = int(time.time())
            session = request.session
            started = session.get(SIGNED_IN_AT_KEY)
            seen = session.get(LAST_SEEN_KEY)
            idle = seen is not None and now - seen > settings.SESSION_IDLE_TIMEOUT
            expired = started is not None and now - started > settings.SESSION_COOKIE_AGE
            if idle or expired:
                logout(request)  # flushes the session; LoginRequiredMiddleware then asks to sign in
            else:
                if started is None:
                    session[SIGNED_IN_AT_KEY] = now
                if seen is None or now - seen >= self.TOUCH_EVERY:
                    session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class KeptPermissionsMiddleware:
    """The signed-in account's database permissions from the data cache (portal.permissions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keep_db_permissions(request.user)
        return self.get_response(request)
