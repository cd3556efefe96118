"""The API docs page in Chromium: Swagger UI renders the schema from the portal's own files, with
no request to any other host (every request is intercepted and recorded), and the session works."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_load_with_no_outside_request(page, live_server, sign_in_page, provider_a_user, seeded):
    own = urlsplit(live_server.url).netloc
    outside, failed = [], []

    def guard(route):
        if urlsplit(route.request.url).netloc != own and not route.request.url.startswith("data:"):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in_page(provider_a_user.username)
    # The home page's design-system components load their chunks lazily; leaving before they
    # arrive would abort them (a failure of the test's own making, not of the docs page).
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_load_state("networkidle")
    assert "PNT settlement working groups portal API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-summary-path", has_text="/api/pd-requests/").count() >= 1
    # The session reaches the API from the docs page (what "Try it out" sends).
    status = page.evaluate("async () => (await fetch('/api/groups/', {credentials: 'same-origin'})).status")
    assert status == 200
    assert outside == [], f"requests to other hosts: {outside}"
    assert failed == [], f"requests that failed: {failed}"
    assert not [e for e in errors if "Content Security Policy" in e], errors
