"""Load (bounded, loopback only): 50 provider users at once, over HTTP against the live server.

Ten providers with five staff each. Every user books two $400 conference requests through the
request form at the same moment, and the five staff of each provider submit their provider's PD
template at once. Afterwards every provider has exactly one submitted template, no allocation is
overrun, and every request answered is stored exactly once.
"""

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client

from pd_budget.models import PDRequest
from surveys.models import PDTemplate, TemplateStatus
from surveys.services.templates import save_draft, start_template, submit_template
from tests.factories import ProviderFactory, UserFactory
from tests.pd_budget.factories import (
    DesignatedConferenceFactory,
    PolicyYearFactory,
    add_site,
    this_fiscal_year,
)
from tests.surveys.factories import COMPLETE, SurveyCycleFactory, ThemeFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PROVIDERS, STAFF_EACH, REQUESTS_EACH = 10, 5, 2
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The request form's one-time token: each request is its own form (the same form books once).
FORM_TOKEN = re.compile(r'name="submit_token" value="([^"]+)"')
# The test server's listen queue holds 10 connections: more at once are reset before being read.
IN_FLIGHT = threading.BoundedSemaphore(8)


def fetch(opener, url, data=None):
    with IN_FLIGHT:
        answer = opener.open(url, data=data, timeout=60)
        return answer.geturl(), answer.read().decode()


def test_fifty_providers_users_at_once(live_server):
    if connection.vendor != "postgresql":
        pytest.skip("needs the PostgreSQL that `make test` starts")
    year = this_fiscal_year()  # requests are taken for the open fiscal year only
    PolicyYearFactory(fiscal_year=year)
    p2p = DesignatedConferenceFactory(acronym="P2P")
    cycle = SurveyCycleFactory(fiscal_year=2018, status="open")
    theme = ThemeFactory(code="case-management")
    users = []
    for n in range(PROVIDERS):
        provider = ProviderFactory(name=f"Load provider {n}")
        add_site(
            provider, "urban", language="1", settlement="1", head_office=True, year=year
        )  # conference: $2,700
        users += [
            UserFactory(username=f"load-{n}-{k}", role="provider", provider=provider)
            for k in range(STAFF_EACH)
        ]
    sessions = {}
    for user in users:
        client = Client()
        client.force_login(user)
        sessions[user.pk] = client.cookies["sessionid"].value
    barrier = threading.Barrier(len(users))
    outcomes: list[tuple[str, str]] = []
    guard = threading.Lock()

    def act(user):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("Cookie", f"sessionid={sessions[user.pk]}")]
        url = f"{live_server.url}/en/pd/providers/{user.provider_id}/requests/new/?year={year}"
        try:
            form_tokens = []
            for _ in range(REQUESTS_EACH):
                _url, page = fetch(opener, url)
                form_tokens.append(FORM_TOKEN.search(page).group(1))
            token = TOKEN.search(page).group(1)  # the CSRF cookie the last page set
            csrf = next(c.value for c in jar if c.name == "csrftoken")
            opener.addheaders = [
                ("Cookie", f"sessionid={sessions[user.pk]}; csrftoken={csrf}"),
                ("Referer", url),
            ]
            template = start_template(cycle=cycle, provider=user.provider, user=user)
            connections.close_all()
            barrier.wait(timeout=60)
            for form_token in form_tokens:
                data = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": token,
                        "submit_token": form_token,
                        "fiscal_year": str(year),
                        "category": "conference",
                        "amount": "400.00",
                        "designated_conference": str(p2p.pk),
                    }
                ).encode()
                landed, body = fetch(opener, url, data)
                kind = "booked" if landed != url else ("refused" if "remain" in body else "other")
                with guard:
                    outcomes.append(("request", kind))
            try:
                saved = save_draft(
                    template,
                    user=user,
                    data=COMPLETE,
                    version=template.version,
                    needs=[
                        {
                            "theme": theme,
                            "people": 3,
                            "estimated_cost": Decimal("500"),
                            "delivery": "online",
                            "scope": "regional",
                        }
                    ],
                )
                submit_template(saved, user=user, version=saved.version)
                result = "submitted"
            except ValidationError:
                result = "refused"
            with guard:
                outcomes.append(("template", result))
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            with guard:
                outcomes.append(("error", repr(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert [o for o in outcomes if o[0] == "error"] == []
    requests = [kind for what, kind in outcomes if what == "request"]
    assert len(requests) == len(users) * REQUESTS_EACH and "other" not in requests
    # Exactly once: every booked answer is one stored request, and no allocation is passed.
    assert PDRequest.objects.count() == requests.count("booked")
    for total in (
        PDRequest.objects.values("provider").annotate(total=Sum("amount")).values_list("total", flat=True)
    ):
        assert total <= Decimal("2700.00")
    assert requests.count("booked") == PROVIDERS * 6  # 6 x $400 fit in $2,700, per provider
    templates = [kind for what, kind in outcomes if what == "template"]
    assert templates.count("submitted") == PROVIDERS
    assert PDTemplate.objects.filter(status=TemplateStatus.SUBMITTED).count() == PROVIDERS
    assert PDTemplate.objects.count() == PROVIDERS
