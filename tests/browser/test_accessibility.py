"""axe-core in Chromium on every key page, in English and in French: no serious or critical issue,
and nothing wider than a 390 px phone screen (tables scroll inside their own box).

axe is injected with page.evaluate, so the Content-Security-Policy (no inline scripts) stays on.
"""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "build" / "vendor" / "axe" / "axe.min.js"

# (path without the language prefix, user): every key page of every app.
PAGES = [
    ("accounts/login/", None),
    ("accounts/password-reset/", None),
    ("", "staff"),
    ("accounts/", "staff"),
    ("accounts/people/", "staff"),
    ("accounts/invitations/", "staff"),
    ("accounts/invitations/new/", "staff"),
    ("groups/", "staff"),
    ("groups/?sort=-name&stage=early", "staff"),
    ("groups/case-management/", "staff"),
    ("groups/committees/", "staff"),
    ("events/", "staff"),
    ("events/?year=2018", "staff"),
    ("events/month/?month=2017-08", "staff"),
    ("events/list/", "staff"),
    ("events/new/", "staff"),
    ("events/courses/", "staff"),
    ("events/reports/", "staff"),
    ("pd/providers/", "staff"),
    ("pd/requests/approvals/", "staff"),
    ("pd/requests/?sort=-amount", "staff"),
    ("pd/ftes/declarations/", "staff"),
    ("surveys/", "staff"),
    ("surveys/2018/analysis/", "staff"),
    ("pd/scenarios/", "staff"),
    ("pd/scenarios/new/?year=2018", "staff"),
    ("pd/consistency/", "staff"),
    ("reports/", "staff"),
    ("reports/groups-roster/", "staff"),
    ("events/reports/settlement-worker-training-accreditation/", "staff"),  # its demo chain (results)
    ("results/programme/", "staff"),
    ("results/briefings/new/", "staff"),
    ("account/tokens/", "staff"),
    ("search/?q=evaluation", "staff"),
    ("", "provider-a"),
    ("pd/", "provider-a"),
    ("surveys/", "provider-a"),
    # issue 16: notices, their preferences, My work
    ("my-work/", "provider-a"),
    ("notifications/", "provider-a"),
    ("notifications/preferences/", "provider-a"),
    # Issue 17: the pages the languages, phone and focus checks found short, and the new ones.
    ("groups/committees/{regional_committee}/", "staff"),
    ("groups/work-plans/{work_plan}/", "staff"),
    ("events/reports/language-assessment-calgary/", "staff"),
    ("translations/", "staff"),
    ("pd/providers/{provider_a}/", "provider-a"),
    ("groups/committees/{steering_committee}/", "provider-a"),
]


def page_path(path: str) -> str:
    """A PAGES path with its objects' ids (the demo's) filled in."""
    from groups.models import Committee, CommitteeKind, WorkPlan
    from organisations.models import Provider

    if "{" not in path:
        return path
    return path.format(
        regional_committee=Committee.objects.get(kind=CommitteeKind.REGIONAL_PD).pk,
        steering_committee=Committee.objects.filter(
            kind=CommitteeKind.STEERING, group__slug="case-management"
        )
        .first()
        .pk,
        work_plan=WorkPlan.objects.filter(items__isnull=False).first().pk,
        provider_a=Provider.objects.get(name__startswith="Prairie Newcomer").pk,
    )


def sign_in_as(page, live_server, user) -> None:
    page.context.clear_cookies()
    if user is not None:
        page.goto(f"{live_server.url}/en/accounts/login/")
        page.get_by_label("Username").fill(user)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/en/")


def load_demo_world(provider_a_user, settings) -> None:
    """The demo's records to look at, provider A's account on the demo's provider A."""
    from django.core.management import call_command

    from organisations.models import Provider

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)  # the PD survey, requests and budgets to look at
    provider_a_user.provider = Provider.objects.get(name__startswith="Prairie Newcomer")
    provider_a_user.save()


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_key_pages_have_no_serious_accessibility_issue(
    page, live_server, staff_user, provider_a_user, seeded, language, settings
):
    load_demo_world(provider_a_user, settings)
    current_user = "anonymous"
    failures = {}
    too_wide = {}
    tall_header = {}
    for path, user in PAGES:
        if user != current_user:
            sign_in_as(page, live_server, user)
            current_user = user
        path = page_path(path)
        page.goto(f"{live_server.url}/{language}/{path}")
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            failures[f"/{language}/{path} as {user}"] = violations
        desktop = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()  # as a phone loads it: charts size themselves at load, not on a later resize
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[f"/{language}/{path} as {user}"] = width
        # The header (the Canada.ca bar, the app bar and the menu) under a quarter of the first screen.
        header = page.evaluate("document.querySelector('.portal-header').getBoundingClientRect().height")
        if header > 844 / 4:
            tall_header[f"/{language}/{path} as {user}"] = header
        page.set_viewport_size(desktop)
    assert failures == {}
    assert too_wide == {}
    assert tall_header == {}
