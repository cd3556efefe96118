"""The aggregate_pd_survey command's JSON, the reports, the seed and the demo."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from surveys.models import AggregationResult
from tests.surveys.factories import EXPECTED_JSON

pytestmark = pytest.mark.django_db


def test_command_prints_the_issues_json_shape(hand_computed):
    out = io.StringIO()
    call_command("aggregate_pd_survey", "2018", "--json", stdout=out)
    text = out.getvalue().strip()
    assert json.loads(text) == EXPECTED_JSON
    assert text == json.dumps(EXPECTED_JSON, sort_keys=True, ensure_ascii=False)  # stable keys
    assert '"gini": 0.366' in text and '"Alpha": "1000.00"' in text
    call_command("aggregate_pd_survey", "2018", stdout=io.StringIO())
    assert AggregationResult.objects.count() == 1  # a second run replaces the result


def test_command_refuses_an_unknown_year(db):
    with pytest.raises(CommandError):
        call_command("aggregate_pd_survey", "1999", stdout=io.StringIO())


def test_reports_are_registered_for_staff_only(hand_computed, staff_user, provider_a_user, client_for):
    call_command("aggregate_pd_survey", "2018", stdout=io.StringIO())
    from portal.reports import REPORTS, reports_for

    assert {"pd-survey-results", "pd-equity-analysis"} <= set(REPORTS)
    assert "pd-equity-analysis" not in {r.key for r in reports_for(provider_a_user)}
    results = REPORTS["pd-survey-results"]
    templates, needs = results.build(user=staff_user, filters={"fiscal_year": 2018})
    assert len(list(templates.rows)) == 8  # seven submitted and one draft
    assert len(list(needs.rows)) == 9
    per_fte, summary = REPORTS["pd-equity-analysis"].build(user=staff_user, filters={})
    rows = {r[0]: r for r in per_fte.rows}
    assert str(rows["Echo"][5]) == "200.00"
    assert "Under-funded" in rows["Echo"][6]
    response = client_for(staff_user).get("/en/reports/pd-equity-analysis/download/?export=csv")
    assert response.status_code == 200
    assert "Delta" in b"".join(response.streaming_content).decode()


def test_seed_loads_the_bilingual_themes_once(db):
    from surveys import seed
    from surveys.models import Theme

    first = seed.load_seed()
    seed.load_seed()
    assert Theme.objects.count() == first["PD themes"]
    assert Theme.objects.get(code="case-management").name_fr == "Gestion des cas"


def test_demo_is_idempotent_and_aggregated(seeded, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    from pd_budget import demo as budget_demo
    from surveys import demo
    from surveys.models import PDTemplate

    budget_demo.load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo()
    assert PDTemplate.objects.filter(cycle__fiscal_year=2018, status="submitted").count() == 5
    data = AggregationResult.objects.get(cycle__fiscal_year=2018).data
    assert data["templates"] == 5
    assert "Case management" in data["regional_themes"]
    assert any(f["kind"] == "needs-support" for f in data["flags"])
