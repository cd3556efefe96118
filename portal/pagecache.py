"""A signed-in user's key pages, kept whole until the next write to the portal's data (issue 22).

A page such as the groups list costs 20-45 ms to build at scale (8-21 queries and a 50-row table)
and is asked for again and again by the same person: paging back, the browser's back button, the
calendar between two edits. `@method_decorator(cached_page, name="get")` keeps the page as this
user saw it under the data cache's `ANY_WRITE` version (portal.datacache): any save, delete or bulk
write anywhere makes every kept page unreachable, so a change shows on the next page, on every
server. The key also holds everything else a page depends on: the user, the language, the full
path with its query, htmx's partial request, the day, and the browser's CSRF secret (the page's
forms carry tokens made from it).

A page is served afresh, and not kept, when:
- it is not a GET by a signed-in user;
- the browser has no CSRF cookie yet (its first page sets one: a kept page's tokens would not match);
- a message waits to be shown once (after a save, an undo);
- the view answered anything but a plain 200 HTML page (a redirect, an error, a file, a header or
  cookie of its own).
Time-based states (a job that stopped beating, "overdue" at midnight) show within `TIMEOUT`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from . import datacache

#: Seconds a page is kept at most, whatever the writes: bounds what depends on the clock only.
TIMEOUT = 120
_VIEW_HEADERS = {"content-type"}


def page_parts(request: HttpRequest) -> list | None:
    """What the page depends on besides the data, or None when this request must be served afresh."""
    if request.method != "GET":
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    if len(get_messages(request)):  # counting does not mark them shown
        return None
    return [
        "page",
        user.pk,
        translation.get_language(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        timezone.localdate().isoformat(),
        hashlib.sha256(secret.encode()).hexdigest(),
    ]


def serve(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page `render()` builds, or the one it built last for the same user, request and data."""
    parts = page_parts(request)
    key = datacache.key([datacache.ANY_WRITE], parts) if parts is not None else None
    if key is None:
        return render()
    kept = datacache.read(key, TIMEOUT)
    if kept is not None:
        content, content_type = kept
        return HttpResponse(content, content_type=content_type)
    response = render()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if _keepable(response):
        datacache.keep(key, (response.content, response["Content-Type"]), TIMEOUT)
    return response


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and {name.lower() for name in response.headers} <= _VIEW_HEADERS
    )


def cached_page(view: Callable) -> Callable:
    """A view function's GET pages kept per user until the next write (see the module)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return serve(request, lambda: view(request, *args, **kwargs))

    return wrapper
