"""The API's access matrix: every endpoint of /api/, for the five roles, answers what one table says.

Requests carry each role's personal token (anonymous: none), so the token authentication is what is
tested; the docs page is a person's page and is asked with the session. A new endpoint without a row
fails `test_every_api_endpoint_is_in_the_matrix`. Then: refused writes change nothing, and nothing of
provider A appears in anything provider B may read through the API, in either language.

    UNAUTH  401 (no credentials)      OK      200
    DENY    403 or 404                METHOD  405 (a POST-only action asked with GET)
    LOGIN   302 to the login page (the docs page, signed out)
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.test_access_matrix import _a_markers, _with_survey_result

pytestmark = pytest.mark.django_db

UNAUTH, OK, DENY, METHOD, LOGIN = "UNAUTH", "OK", "DENY", "METHOD", "LOGIN"
ROLES = ("anonymous", "provider_a", "provider_b", "staff", "admin")


def expect(anonymous, provider_a, provider_b, staff, admin) -> dict[str, str]:
    return dict(zip(ROLES, (anonymous, provider_a, provider_b, staff, admin), strict=True))


SIGNED_IN = expect(UNAUTH, OK, OK, OK, OK)
A_AND_STAFF = expect(UNAUTH, OK, DENY, OK, OK)
STAFF_ONLY = expect(UNAUTH, DENY, DENY, OK, OK)
POST_ONLY = expect(UNAUTH, METHOD, METHOD, METHOD, METHOD)


@dataclass
class Case:
    kwargs: Callable = lambda w: {}
    expected: dict = field(default_factory=lambda: dict(SIGNED_IN))
    session: bool = False  # a page for people: asked with the session, not a token
    post_refused: tuple[str, ...] = ()
    post_data: Callable = lambda w: {}
    snapshot: Callable | None = None
    label: str = ""


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _slug(attr):
    return lambda w: {"slug": getattr(w, attr).slug}


def _year(w):
    return {"fiscal_year": w.cycle.fiscal_year}


def _requests(w):
    from pd_budget.models import PDRequest

    return sorted(PDRequest.objects.values_list("pk", "status", "amount"))


def _templates(w):
    from surveys.models import PDNeed, PDTemplate

    return sorted(
        PDTemplate.objects.values_list("pk", "version", "status", "current_pd_funding")
    ), PDNeed.objects.count()


def _new_request(w):
    return {"fiscal_year": w.pdrequest.fiscal_year, "category": "language", "amount": "10.00"}


MATRIX: dict[str, list[Case]] = {
    "api:schema": [Case()],
    "api:docs": [Case(session=True, expected=expect(LOGIN, OK, OK, OK, OK))],
    # --- groups
    "api:group-list": [Case()],
    "api:group-detail": [Case(_slug("group"))],
    "api:committee-list": [Case()],
    "api:committee-detail": [Case(_pk("committee"), A_AND_STAFF)],
    "api:committeemember-list": [Case()],
    "api:committeemember-detail": [Case(_pk("chair_seat"), A_AND_STAFF)],
    "api:meeting-list": [Case()],
    "api:meeting-detail": [Case(_pk("meeting"), A_AND_STAFF)],
    "api:workplan-list": [Case()],
    "api:workplan-detail": [Case(_pk("workplan"), A_AND_STAFF)],
    # --- learning events
    "api:event-list": [Case()],
    "api:event-detail": [Case(_slug("event_planned"))],
    "api:series-list": [Case()],
    "api:series-detail": [Case(_slug("series"))],
    "api:evaluation-list": [Case()],
    "api:evaluation-detail": [Case(_slug("evaluation"))],
    # A draft report of a group neither provider sits on (B's grant covers final reports only).
    "api:reportfile-list": [Case()],
    "api:reportfile-detail": [Case(_pk("reportfile"), STAFF_ONLY)],
    "api:reportfile-download": [Case(_pk("reportfile"), STAFF_ONLY)],
    # --- providers and the PD budget
    "api:provider-list": [Case()],
    "api:provider-detail": [Case(lambda w: {"pk": w.provider_a.pk}, A_AND_STAFF)],
    "api:site-list": [Case()],
    "api:site-detail": [Case(lambda w: {"pk": w.sitefte.site_id}, A_AND_STAFF)],
    "api:agreement-list": [Case()],
    "api:agreement-detail": [Case(_pk("agreement"), A_AND_STAFF)],
    "api:allocation-list": [Case()],
    # Providers file requests; IRCC staff and a superuser administrator are not the provider.
    "api:pdrequest-list": [
        Case(post_refused=("staff", "admin"), post_data=_new_request, snapshot=_requests),
    ],
    "api:pdrequest-detail": [Case(_pk("pdrequest"), A_AND_STAFF)],
    "api:pdrequest-withdraw": [
        Case(_pk("pdrequest"), POST_ONLY, post_refused=("provider_b", "staff", "admin"), snapshot=_requests)
    ],
    # --- surveys
    "api:surveycycle-list": [Case()],
    "api:surveycycle-detail": [Case(_year)],
    "api:surveycycle-figures": [Case(_year)],
    # Only a provider's staff have a template: A has one (submitted), B none yet (404).
    "api:surveycycle-my-template": [
        Case(
            _year,
            expect(UNAUTH, OK, DENY, DENY, DENY),
            post_refused=("staff", "admin"),
            post_data=lambda w: {"version": 0, "current_pd_funding": "1.00"},
            snapshot=_templates,
        )
    ],
    "api:surveycycle-submit-my-template": [
        Case(
            _year,
            POST_ONLY,
            post_refused=("provider_b", "staff", "admin"),
            post_data=lambda w: {"version": 0},
            snapshot=_templates,
        )
    ],
    "api:pdtemplate-list": [Case()],
    "api:pdtemplate-detail": [Case(_pk("template"), A_AND_STAFF)],
}

#: The writes of each POST/PUT endpoint (for the refused-writes check): my-template saves with PUT.
WRITE_METHOD = {"api:surveycycle-my-template": "put"}


def api_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and namespace == "api":
                assert pattern.name, f"API pattern {pattern.pattern} has no name"
                names.add(f"api:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_api_endpoint_is_in_the_matrix():
    names = api_url_names()
    missing = names - set(MATRIX)
    assert not missing, (
        f"API endpoints missing from tests/api/test_api_matrix.py MATRIX: {sorted(missing)}: say what "
        "anonymous, provider A, provider B, IRCC staff and administrators get."
    )
    assert not set(MATRIX) - names, f"rows for endpoints that no longer exist: {sorted(set(MATRIX) - names)}"


def classify(response) -> str:
    if response.status_code == 302:
        return LOGIN if "/accounts/login/" in response["Location"] else "REDIRECT"
    return {200: OK, 401: UNAUTH, 403: DENY, 404: DENY, 405: METHOD}.get(
        response.status_code, str(response.status_code)
    )


def _ask(client, api_for, world, case, role, url):
    if case.session:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        return client.get(url)
    return api_for(role).get(url)


def test_api_access_matrix(client, world, api_for):
    mismatches, checks = [], 0
    for name, cases in sorted(MATRIX.items()):
        for case in cases:
            url = reverse(name, kwargs=case.kwargs(world))
            for role in ROLES:
                answer = classify(_ask(client, api_for, world, case, role, url))
                checks += 1
                if answer != case.expected[role]:
                    mismatches.append(
                        f"{name} {case.label} as {role}: got {answer}, expected {case.expected[role]}"
                    )
    print(f"\nAPI access matrix: {checks} endpoint x role checks")
    assert not mismatches, "\n".join(mismatches)


def test_refused_api_writes_change_nothing(world, api_for):
    failures, checks = [], 0
    for name, cases in sorted(MATRIX.items()):
        for case in cases:
            for role in case.post_refused:
                before = case.snapshot(world)
                url = reverse(name, kwargs=case.kwargs(world))
                send = getattr(api_for(role), WRITE_METHOD.get(name, "post"))
                response = send(url, case.post_data(world))
                checks += 1
                if response.status_code not in (403, 404):
                    failures.append(f"{name} as {role}: {response.status_code} {response.content[:200]!r}")
                if case.snapshot(world) != before:
                    failures.append(f"{name} as {role} changed the data")
    assert checks >= 10
    assert not failures, "\n".join(failures)


def test_refusals_say_why_in_the_language_asked(world, api_for):
    url = reverse("api:pdrequest-list")
    english = api_for("staff").post(url, _new_request(world))
    french = api_for("staff").post(url, _new_request(world), headers={"Accept-Language": "fr"})
    assert english.status_code == french.status_code == 403
    assert english.json()["detail"] == "Only the provider's own staff can do this."
    assert french.json()["detail"] != english.json()["detail"]


def test_a_bad_or_revoked_token_is_refused(world, tokens, client):
    from api.models import ApiToken
    from api.services import revoke_token

    url = reverse("api:group-list")
    assert client.get(url, headers={"Authorization": "Bearer pnt_made-up"}).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer"}).status_code == 401
    good = {"Authorization": f"Bearer {tokens['provider_a']}"}
    assert client.get(url, headers=good).status_code == 200
    token = ApiToken.objects.get(user=world.users["provider_a"])
    assert token.last_used_at is not None
    revoke_token(user=world.users["provider_a"], token=token)
    assert client.get(url, headers=good).status_code == 401
    # A deactivated owner's token goes with them.
    staff = world.users["staff"]
    staff.is_active = False
    staff.save()
    assert client.get(url, headers={"Authorization": f"Bearer {tokens['staff']}"}).status_code == 401


def test_tokens_are_stored_hashed(world, tokens):
    from api.models import ApiToken

    stored = ApiToken.objects.get(user=world.users["provider_a"])
    assert tokens["provider_a"] not in (stored.key_hash, stored.prefix)
    assert len(stored.key_hash) == 64 and tokens["provider_a"].startswith(stored.prefix)


# --- Nothing of provider A in what provider B reads ---------------------------------------------
def _texts(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8")


def test_staff_read_a_through_the_api_so_the_leak_check_can_fail(world, api_for):
    _with_survey_result(world)
    staff = api_for("staff")
    seen = "".join(
        _texts(staff.get(reverse(name)))
        for name in (
            "api:pdrequest-list",
            "api:committeemember-list",
            "api:meeting-list",
            "api:provider-list",
        )
    )
    seen += _texts(staff.get(reverse("api:surveycycle-figures", kwargs=_year(world))))
    for marker in _a_markers(world):
        assert marker in seen, marker


def test_nothing_of_a_in_any_endpoint_b_may_read(world, api_for):
    """Every GET the matrix lets B read, in English and French, every page of the lists: no A text,
    and no record of A's by id (the detail of each of A's records is 404 for B, in the matrix)."""
    _with_survey_result(world)
    b = api_for("provider_b")
    leaks, reads = [], 0
    for name, cases in sorted(MATRIX.items()):
        for case in cases:
            if case.expected["provider_b"] != OK or case.session:
                continue
            for language in ("en", "fr"):
                url = reverse(name, kwargs=case.kwargs(world))
                while url:
                    response = b.get(url, headers={"Accept-Language": language})
                    assert response.status_code == 200, url
                    text = _texts(response)
                    reads += 1
                    leaks += [f"{url}: {m!r}" for m in _a_markers(world) if m in text]
                    if "json" in response.get("Content-Type", "") and text.startswith("{"):
                        body = json.loads(text)
                        url = body.get("next") if isinstance(body, dict) and "results" in body else None
                    else:
                        url = None
    assert reads > 40
    assert not leaks, "provider A's data in provider B's API answers:\n" + "\n".join(leaks)


def test_b_lists_only_its_own_organisation(world, api_for):
    b = api_for("provider_b")
    providers = b.get(reverse("api:provider-list")).json()["results"]
    assert [p["id"] for p in providers] == [world.provider_b.pk]
    for name in ("api:site-list", "api:agreement-list", "api:pdrequest-list", "api:pdtemplate-list"):
        rows = b.get(reverse(name)).json()["results"]
        assert all(row["provider"] == world.provider_b.pk for row in rows), name
    allocations = b.get(reverse("api:allocation-list")).json()["results"]
    assert [row["provider"] for row in allocations] == [world.provider_b.pk]


def test_content_follows_accept_language(world, api_for):
    url = reverse("api:group-detail", kwargs={"slug": world.group.slug})
    english = api_for("provider_a").get(url, headers={"Accept-Language": "en"}).json()
    french = api_for("provider_a").get(url, headers={"Accept-Language": "fr"}).json()
    assert english["name"] == world.group.name_en and french["name"] == world.group.name_fr
    assert english["name_fr"] == french["name_fr"] == world.group.name_fr
