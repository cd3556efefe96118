"""The survey's pages: the access matrix, the template form's draft/stale/submit flows, the analysis."""

import pytest

from portal.permissions import SYSTEM
from surveys import services
from surveys.models import PDTemplate, TemplateStatus
from tests.surveys.factories import PDTemplateFactory, SurveyCycleFactory, submitted_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(db):
    return SurveyCycleFactory(fiscal_year=2018, status="open")


@pytest.fixture
def template_a(cycle, provider_a):
    return submitted_template(provider_a, cycle)


@pytest.fixture
def aggregated(hand_computed, on_commit):
    with on_commit():
        services.start_aggregation(hand_computed, user=SYSTEM)
    return hand_computed


def users(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


# URL, and who gets 200 (others: anonymous -> login redirect, signed in -> 403)
MATRIX = [
    ("/en/surveys/", {"staff_user", "admin_user", "provider_a_user"}),
    ("/en/surveys/new/", {"staff_user", "admin_user"}),
    ("/en/surveys/2018/", {"staff_user", "admin_user"}),
    ("/en/surveys/2018/edit/", {"staff_user", "admin_user"}),
    ("/en/surveys/2018/analysis/", {"staff_user", "admin_user"}),
    ("/en/surveys/2018/summary/", {"staff_user", "admin_user", "provider_a_user"}),
    ("/en/surveys/2018/my-template/", {"provider_a_user"}),
]


@pytest.mark.parametrize("url,allowed", MATRIX)
@pytest.mark.parametrize("who", ["anonymous", "staff_user", "admin_user", "provider_a_user"])
def test_access_matrix(request, client_for, cycle, url, allowed, who):
    response = client_for(users(request, who)).get(url)
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_unknown_year_is_404(client_for, staff_user, cycle):
    assert client_for(staff_user).get("/en/surveys/1999/").status_code == 404


def test_another_providers_template_is_404(
    client_for, template_a, provider_a_user, provider_b_user, staff_user
):
    url = f"/en/surveys/2018/templates/{template_a.pk}/"
    assert client_for(provider_b_user).get(url).status_code == 404
    assert client_for(provider_a_user).get(url).status_code == 200
    response = client_for(staff_user).get(url)
    assert response.status_code == 200
    assert b"Reopen the template" in response.content


def test_providers_cannot_see_the_analysis_or_other_names(client_for, aggregated, provider_a_user):
    client = client_for(provider_a_user)
    assert client.get("/en/surveys/2018/analysis/").status_code == 403
    summary = client.get("/en/surveys/2018/summary/")
    assert summary.status_code == 200
    body = summary.content.decode()
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"):
        assert name not in body
    assert "750.00" in body  # the regional median over 6 providers
    assert "2000.00" not in body  # MB has one provider: its median would be Delta's figure
    assert "Case management" in body


def test_staff_analysis_shows_figures_tables_and_drill_down(client_for, aggregated, staff_user):
    response = client_for(staff_user).get("/en/surveys/2018/analysis/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "0.3660" in body and "750.00" in body
    assert body.count("<caption>") >= 4  # every chart has its table
    alpha = PDTemplate.objects.get(provider__name="Alpha")
    assert f"/en/surveys/2018/templates/{alpha.pk}/" in body
    assert 'id="survey-charts"' in body
    filtered = client_for(staff_user).get("/en/surveys/2018/analysis/?jurisdiction=SK").content.decode()
    assert "Charlie" in filtered and "Alpha</a>" not in filtered
    urban = client_for(staff_user).get("/en/surveys/2018/analysis/?centre_type=north").content.decode()
    assert "Golf" in urban and "Delta</a>" not in urban


def test_analysis_query_count_is_pinned(client_for, aggregated, staff_user, django_assert_max_num_queries):
    client = client_for(staff_user)
    with django_assert_max_num_queries(12):
        response = client.get("/en/surveys/2018/analysis/")
    assert response.status_code == 200  # the page itself, not a redirect to the sign-in page


def test_staff_start_the_aggregation_and_poll_its_progress(client_for, hand_computed, staff_user, on_commit):
    client = client_for(staff_user)
    with on_commit():
        response = client.post("/en/surveys/2018/aggregate/")
    assert response.status_code == 302
    run = hand_computed.runs.get()
    status = client.get(f"/en/surveys/2018/runs/{run.pk}/")
    assert status.status_code == 200 and b"Done" in status.content
    assert client.get("/en/surveys/2018/aggregate/").status_code == 405


def test_provider_saves_a_draft_then_submits(client_for, cycle, provider_a_user):
    client = client_for(provider_a_user)
    url = "/en/surveys/2018/my-template/"
    data = {
        "version": "0",
        "current_pd_funding": "2500",
        "needs-TOTAL_FORMS": "1",
        "needs-INITIAL_FORMS": "0",
        "needs-0-theme_text": "Trauma-informed practice",
        "needs-0-people": "3",
        "action": "save",
    }
    assert client.post(url, data).status_code == 302
    template = PDTemplate.objects.get(provider=provider_a_user.provider)
    assert (template.version, template.needs.count()) == (1, 1)
    # Submitting with answers missing: the draft is kept, the errors are next to the fields.
    response = client.post(url, {**data, "version": "1", "needs-INITIAL_FORMS": "1", "action": "submit"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "practitioners_language" in form.errors
    assert "delivery" in response.context["formset"].forms[0].errors
    template.refresh_from_db()
    assert template.status == TemplateStatus.DRAFT
    full = {
        **data,
        "version": str(template.version),
        "needs-INITIAL_FORMS": "1",
        "needs-0-delivery": "online",
        "needs-0-scope": "regional",
        "can_identify_needs": "True",
        "can_cost_needs": "False",
        "action": "submit",
    }
    for field in ("practitioners", "coordinators", "managers", "other"):
        full[f"{field}_language"] = "1"
        full[f"{field}_settlement"] = "2"
    # "Review and submit" saves the draft and leads to the review step: nothing is locked yet.
    response = client.post(url, full)
    assert response.status_code == 302 and response["Location"] == "/en/surveys/2018/my-template/review/"
    template.refresh_from_db()
    assert (template.status, template.can_cost_needs) == (TemplateStatus.DRAFT, False)
    review = client.get(response["Location"])
    assert review.status_code == 200
    body = review.content.decode()
    assert "$2,500.00" in body and "Trauma-informed practice" in body  # everything that will be locked
    assert 'href="/en/surveys/2018/my-template/"' in body  # Back to edit
    assert client.post(response["Location"], {"version": str(template.version)}).status_code == 302
    template.refresh_from_db()
    assert template.status == TemplateStatus.SUBMITTED
    page = client.get(url)
    assert b"submitted and is locked" in page.content
    assert f"/en/surveys/2018/templates/{template.pk}/print/".encode() in page.content  # one click


def test_a_stale_form_is_refused_and_keeps_the_users_input(client_for, cycle, provider_a, provider_a_user):
    template = PDTemplateFactory(cycle=cycle, provider=provider_a, version=3)
    response = client_for(provider_a_user).post(
        "/en/surveys/2018/my-template/",
        {
            "version": "2",
            "current_pd_funding": "777",
            "needs-TOTAL_FORMS": "1",
            "needs-INITIAL_FORMS": "0",
            "action": "save",
        },
    )
    assert response.status_code == 409
    assert b"reload to see their changes" in response.content
    assert b'value="777"' in response.content
    template.refresh_from_db()
    assert template.current_pd_funding is None


def test_staff_reopen_from_the_page(client_for, template_a, staff_user, provider_b_user):
    url = f"/en/surveys/2018/templates/{template_a.pk}/reopen/"
    assert client_for(provider_b_user).post(url).status_code == 403
    assert client_for(staff_user).post(url).status_code == 302
    template_a.refresh_from_db()
    assert template_a.status == TemplateStatus.DRAFT


def test_staff_create_and_open_a_cycle(client_for, staff_user):
    client = client_for(staff_user)
    response = client.post(
        "/en/surveys/new/", {"fiscal_year": "2019", "opens_on": "2019-09-01", "closes_on": "2019-10-31"}
    )
    assert response.status_code == 302
    assert client.post("/en/surveys/2019/open/").status_code == 302
    assert client.get("/en/surveys/").status_code == 200


def test_dashboard_cards(cycle, provider_a_user, staff_user, template_a):
    from surveys.dashboard import dashboard_cards

    (card,) = dashboard_cards(provider_a_user)
    assert "Submitted" in card["text"]
    (card,) = dashboard_cards(staff_user)
    assert card["figure"] == 1


def test_the_analysis_shows_an_aggregation_at_once(client_for, hand_computed, staff_user, on_commit):
    """The page's figures are cached (surveys.selectors.analysis_figures) until an aggregation
    stores new ones: staff who just ran it see them on the next page, in either language."""
    client = client_for(staff_user)
    before = client.get("/en/surveys/2018/analysis/").content.decode()
    assert "0.3660" not in before
    with on_commit():
        services.start_aggregation(hand_computed, user=SYSTEM)
    assert "0.3660" in client.get("/en/surveys/2018/analysis/").content.decode()
    assert "0,3660" in client.get("/fr/surveys/2018/analysis/").content.decode()


def test_the_staff_dashboard_counts_the_stored_equity_flags(client_for, aggregated, staff_user):
    from surveys.models import AggregationResult

    flags = AggregationResult.objects.get(cycle=aggregated).data["flags"]
    assert flags  # the hand-computed survey has inequitable providers
    cards = client_for(staff_user).get("/en/").context["dashboard"]["cards"]
    card = next(c for c in cards if c["title"].startswith("PD survey"))
    assert f"{len(flags)} equity flags" in card["text"] and card["level"] == "warning"
