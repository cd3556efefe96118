"""Key pages kept per user until the next write (portal.pagecache): asked again, a page is served
without rebuilding it; a change, a message, another user, another browser or an htmx request
each get the page as it should be."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import WorkingGroup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GROUPS = "/en/groups/"


def _queries(client, path, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response, len(queries)


def test_a_page_asked_again_is_not_rebuilt_and_a_change_shows_at_once(client_for, staff_user, seeded):
    client = client_for(staff_user)
    client.get(GROUPS)  # the first page sets the CSRF cookie
    _built, built_queries = _queries(client, GROUPS)
    kept, kept_queries = _queries(client, GROUPS)
    assert kept.content == _built.content
    assert kept_queries < built_queries  # the session and the user only
    group = WorkingGroup.objects.get(slug="case-management")
    group.name_en = "Case management, renamed"
    group.save()
    changed, _count = _queries(client, GROUPS)
    assert "Case management, renamed" in changed.content.decode()


def test_a_kept_page_is_never_another_users(client, seeded):
    first = UserFactory(username="ann", first_name="Ann", last_name="Able", role="staff")
    second = UserFactory(username="bob", first_name="Bob", last_name="Baker", role="staff")
    for user in (first, second, first):
        client.force_login(user)
        client.get(GROUPS)
        page = client.get(GROUPS).content.decode()
        assert f"Signed in as {user.display_name}" in page
        other = second if user == first else first
        assert f"Signed in as {other.display_name}" not in page


def test_a_message_shows_once_and_is_not_kept(client_for, staff_user, seeded):
    client = client_for(staff_user)
    client.get(GROUPS)
    client.get(GROUPS)  # kept
    client.post(reverse("notifications:read-all"))  # leaves "0 notices marked as read."
    assert "notices marked as read" in client.get(GROUPS).content.decode()
    assert "notices marked as read" not in client.get(GROUPS).content.decode()


def test_the_forms_of_a_kept_page_pass_the_csrf_check_in_each_browser(staff_user, seeded):
    """The same person in two browsers: each kept page carries tokens of its own browser's cookie."""
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:
        browser.force_login(staff_user)
        browser.get(GROUPS)
        browser.get(GROUPS)
    for browser in browsers:
        kept, _count = _queries(browser, GROUPS)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.content.decode()).group(1)
        signed_out = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})
        assert signed_out.status_code == 302  # not 403: the token matches this browser's cookie


def test_a_browser_without_a_csrf_cookie_gets_its_own_page(client_for, staff_user, seeded):
    client = client_for(staff_user)
    client.get(GROUPS)
    client.get(GROUPS)  # kept for that browser
    other_browser = Client()
    other_browser.force_login(staff_user)
    response = other_browser.get(GROUPS)
    assert response.context is not None  # built, not served as kept
    assert "csrftoken" in response.cookies


def test_an_htmx_request_gets_the_list_not_the_kept_page(client_for, staff_user, seeded):
    client = client_for(staff_user)
    client.get(GROUPS)
    full = client.get(GROUPS).content.decode()
    partial = client.get(GROUPS, headers={"HX-Request": "true", "HX-Target": "group-list"}).content.decode()
    assert "<html" in full and "<html" not in partial
    assert 'id="group-list"' in partial
    assert "<html" in client.get(GROUPS).content.decode()  # and the full page is still the full page


def test_pages_that_are_not_plain_pages_are_not_kept(client_for, staff_user, seeded):
    client = client_for(staff_user)
    client.get(GROUPS)
    for _ in range(2):
        assert client.get("/en/groups/no-such-group/").status_code == 404
    for _ in range(2):
        assert client.get("/en/pd/").status_code == 302  # a redirect is asked again each time


def test_the_reports_page_is_kept_and_a_finished_export_shows_at_once(client_for, staff_user, seeded):
    """The reports page lists the reader's exports: a job the worker finishes (an UPDATE, not a
    save through the form) shows on the next page, not two minutes later."""
    from portal.models import ExportJob

    job = ExportJob.objects.create(user=staff_user, report="providers", file_format="xlsx", language="en")
    client = client_for(staff_user)
    path = reverse("report-list")
    client.get(path)
    built, built_queries = _queries(client, path)
    kept, kept_queries = _queries(client, path)
    assert kept.content == built.content and kept_queries < built_queries
    assert "Queued" in kept.content.decode()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, rows_done=3, rows_total=3)
    page = client.get(path).content.decode()
    assert "Queued" not in page and "Ready" in page
