"""Security headers on every page, cookies that scripts cannot read, no inline scripts."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_security_headers_on_pages(client_for, staff_user, seeded):
    response = client_for(staff_user).get("/en/groups/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_scripts(client_for, staff_user, seeded):
    body = client_for(staff_user).get("/en/").content.decode()
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_session_and_csrf_cookies_are_http_only(client, staff_user):
    response = client.get("/en/accounts/login/")
    assert response.cookies["csrftoken"]["httponly"]
    response = client.post(
        "/en/accounts/login/",
        {"username": "staff", "password": "correct-horse-battery"},
        REMOTE_ADDR="127.0.0.1",
    )
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
