"""The review step, the printable copy, autosave and the staff's flags of confirmed outliers."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.permissions import SYSTEM
from surveys import services
from surveys.models import ConfirmedOutlier, PDTemplate, TemplateStatus
from tests.factories import UserFactory
from tests.surveys.factories import COMPLETE, SurveyCycleFactory, submitted_template

pytestmark = pytest.mark.django_db

NEED = {"theme_text": "Trauma-informed practice", "people": 3, "delivery": "online", "scope": "regional"}
REVIEW = "/en/surveys/2018/my-template/review/"
AUTOSAVE = "/en/surveys/2018/my-template/autosave/"


@pytest.fixture
def cycle(db):
    return SurveyCycleFactory(fiscal_year=2018, status="open")


def _draft(provider, user, cycle, funding):
    template = services.start_template(cycle=cycle, provider=provider, user=user)
    return services.save_draft(
        template, user=user, data={**COMPLETE, "current_pd_funding": funding}, needs=[NEED], version=0
    )


@pytest.fixture
def outlying(cycle, provider_a, provider_a_user):
    """A's 2018 draft: 250,075 of funding after 2,500.75 in 2017 (a dropped decimal comma)."""
    submitted_template(
        provider_a,
        SurveyCycleFactory(fiscal_year=2017, status="closed"),
        current_pd_funding=Decimal("2500.75"),
    )
    return _draft(provider_a, provider_a_user, cycle, Decimal("250075"))


def test_the_review_asks_to_confirm_the_outlier_and_refuses_without(client_for, outlying, provider_a_user):
    client = client_for(provider_a_user)
    page = client.get(REVIEW)
    assert page.status_code == 200
    body = page.content.decode()
    assert "You entered $250,075.00 of PD funding; for 2017-18 you reported $2,500.75" in body
    assert 'value="current_pd_funding:funding-year"' in body
    assert 'href="/en/surveys/2018/my-template/#id_current_pd_funding">Correct it</a>' in body
    refused = client.post(REVIEW, {"version": str(outlying.version)})
    assert refused.status_code == 400
    refused_body = refused.content.decode()
    assert "Confirm this figure or go back and correct it" in refused_body
    assert 'aria-describedby="confirm-help confirm-errors"' in refused_body  # the error, linked
    outlying.refresh_from_db()
    assert outlying.status == TemplateStatus.DRAFT
    done = client.post(
        REVIEW, {"version": str(outlying.version), "confirm": "current_pd_funding:funding-year"}
    )
    assert done.status_code == 302
    outlying.refresh_from_db()
    assert outlying.status == TemplateStatus.SUBMITTED
    assert ConfirmedOutlier.objects.get().confirmed_by == provider_a_user


def test_the_review_page_is_in_french_with_french_money(client_for, outlying, provider_a_user):
    body = client_for(provider_a_user).get("/fr/surveys/2018/my-template/review/").content.decode()
    assert "Vous avez inscrit 250\u00a0075,00\u00a0$ de financement du PP" in body
    assert "Retour à la modification" in body


def test_a_stale_review_is_refused(client_for, outlying, provider_a, provider_a_user):
    colleague = UserFactory(
        username="sam", role="provider", provider=provider_a, first_name="Sam", last_name="Lee"
    )
    client = client_for(provider_a_user)
    version = outlying.version
    services.save_draft(
        outlying, user=colleague, data={"current_pd_funding": Decimal("2600")}, needs=[NEED], version=version
    )
    response = client.post(REVIEW, {"version": str(version), "confirm": "current_pd_funding:funding-year"})
    assert response.status_code in (400, 409)
    assert "Sam Lee" in response.content.decode()
    assert PDTemplate.objects.get(pk=outlying.pk).status == TemplateStatus.DRAFT


def test_review_with_missing_answers_goes_back_to_the_form(client_for, cycle, provider_a, provider_a_user):
    template = services.start_template(cycle=cycle, provider=provider_a, user=provider_a_user)
    services.save_draft(
        template, user=provider_a_user, data={"current_pd_funding": Decimal("5")}, needs=[], version=0
    )
    response = client_for(provider_a_user).get(REVIEW)
    assert response.status_code == 302 and response["Location"] == "/en/surveys/2018/my-template/"
    response = client_for(provider_a_user).post(REVIEW, {"version": "1"})
    assert response.status_code == 302
    assert PDTemplate.objects.get().status == TemplateStatus.DRAFT


def test_provider_b_never_sees_provider_as_review_or_print(
    client_for, outlying, cycle, provider_b, provider_b_user
):
    own = _draft(provider_b, provider_b_user, cycle, Decimal("1234"))
    client = client_for(provider_b_user)
    review = client.get(REVIEW).content.decode()
    assert "$1,234.00" in review and "250,075" not in review and "Provider A" not in review
    assert client.get(f"/en/surveys/2018/templates/{outlying.pk}/print/").status_code == 404
    assert client.get(f"/en/surveys/2018/templates/{own.pk}/print/").status_code == 200
    # B's confirmation keys cannot submit A's template either: the review is B's own.
    client.post(REVIEW, {"version": str(own.version), "confirm": "current_pd_funding:funding-year"})
    outlying.refresh_from_db()
    assert outlying.status == TemplateStatus.DRAFT


def test_the_printable_copy_has_everything_and_the_print_stylesheet(client_for, outlying, provider_a_user):
    client = client_for(provider_a_user)
    client.post(REVIEW, {"version": str(outlying.version), "confirm": "current_pd_funding:funding-year"})
    page = client.get(f"/en/surveys/2018/templates/{outlying.pk}/print/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "$250,075.00" in body and "Trauma-informed practice" in body and "Submitted" in body
    assert "/static/css/portal.css" in body and "cdn" not in body.lower()
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/portal.css").read_text()
    assert "@media print" in css and ".portal-no-print" in css


def test_staff_see_confirmed_outliers_on_the_cycle_page_and_the_template(
    client_for, outlying, provider_a_user, staff_user
):
    client_for(provider_a_user).post(
        REVIEW, {"version": str(outlying.version), "confirm": "current_pd_funding:funding-year"}
    )
    staff = client_for(staff_user)
    cycle_page = staff.get("/en/surveys/2018/").content.decode()
    assert "1 confirmed outlier" in cycle_page  # words, not only a colour
    assert "Confirmed outlier:" in cycle_page and "$250,075.00" in cycle_page
    detail = staff.get(f"/en/surveys/2018/templates/{outlying.pk}/").content.decode()
    assert "confirmed by" in detail and "$2,500.75" in detail
    with translation.override("fr"):
        fr = staff.get("/fr/surveys/2018/").content.decode()
    assert "250\u00a0075,00\u00a0$" in fr


def test_staff_see_confirmed_outliers_in_the_analysis(
    client_for, outlying, provider_a_user, staff_user, on_commit
):
    client_for(provider_a_user).post(
        REVIEW, {"version": str(outlying.version), "confirm": "current_pd_funding:funding-year"}
    )
    with on_commit():
        services.start_aggregation(outlying.cycle, user=SYSTEM)
    body = client_for(staff_user).get("/en/surveys/2018/analysis/").content.decode()
    assert "1 confirmed outlier" in body
    assert "You entered $250,075.00 of PD funding" in body


# --- Autosave -------------------------------------------------------------------------------------
def _form(version, funding="3200", **extra):
    return {
        "version": str(version),
        "current_pd_funding": funding,
        "needs-TOTAL_FORMS": "1",
        "needs-INITIAL_FORMS": "0",
        "action": "autosave",
        **extra,
    }


def test_autosave_stores_the_draft_and_returns_the_new_version(client_for, cycle, provider_a_user):
    client = client_for(provider_a_user)
    first = client.post(AUTOSAVE, _form(0, **{"needs-0-theme_text": "Mentoring", "needs-0-people": "2"}))
    assert first.status_code == 200
    data = first.json()
    assert data["saved"] and data["version"] == 1 and data["initial_forms"] == 1
    assert data["message"].startswith("Draft saved at ")
    template = PDTemplate.objects.get()
    assert template.current_pd_funding == Decimal("3200") and template.needs.get().theme_text == "Mentoring"
    # The next save, with the new version and the need now counted as saved, keeps the need.
    second = client.post(
        AUTOSAVE,
        _form(
            1,
            "3300",
            **{"needs-INITIAL_FORMS": "1", "needs-0-theme_text": "Mentoring", "needs-0-people": "2"},
        ),
    )
    assert second.json()["version"] == 2
    template.refresh_from_db()
    assert (template.current_pd_funding, template.needs.count()) == (Decimal("3300"), 1)


def test_a_stale_autosave_is_refused_and_names_who_saved(client_for, cycle, provider_a, provider_a_user):
    colleague = UserFactory(
        username="sam", role="provider", provider=provider_a, first_name="Sam", last_name="Lee"
    )
    client_for(colleague).post(AUTOSAVE, _form(0, "1000"))
    response = client_for(provider_a_user).post(AUTOSAVE, _form(0, "9999"))
    assert response.status_code == 409
    data = response.json()
    assert data == {"saved": False, "stale": True, "message": data["message"]}
    assert "Sam Lee" in data["message"]
    assert PDTemplate.objects.get().current_pd_funding == Decimal("1000")


def test_autosave_of_an_unreadable_value_saves_nothing(client_for, cycle, provider_a_user):
    response = client_for(provider_a_user).post(AUTOSAVE, _form(0, "not a number"))
    assert response.status_code == 400 and not response.json()["saved"]
    assert not PDTemplate.objects.exists()


def test_autosave_status_in_french(client_for, cycle, provider_a_user):
    data = client_for(provider_a_user).post("/fr/surveys/2018/my-template/autosave/", _form(0)).json()
    assert data["message"].startswith("Brouillon enregistré à ") and " h " in data["message"]


def test_autosave_refuses_a_submitted_template(client_for, cycle, provider_a, provider_a_user):
    submitted_template(provider_a, cycle)
    template = PDTemplate.objects.get()
    response = client_for(provider_a_user).post(AUTOSAVE, _form(template.version, "1"))
    assert response.status_code == 409
    template.refresh_from_db()
    assert template.current_pd_funding == COMPLETE["current_pd_funding"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"version": "abc", "confirm": "current_pd_funding:funding-year"},
        {"version": "-1", "confirm": "current_pd_funding:funding-year"},
        {"version": "99999999999999999999999", "confirm": "current_pd_funding:funding-year"},
        {"version": "0", "confirm": "current_pd_funding:funding-year"},  # an older version: stale
        {"version": "VERSION", "confirm": ["x" * 500]},
        {"version": "VERSION", "confirm": ["", "'; DROP TABLE surveys_pdtemplate; --"]},
        {"version": "VERSION", "confirm": ["staff:staff-year", "current_pd_funding:funding-per-fte-median"]},
        {"version": "VERSION", "confirm": "current_pd_funding:funding-year\x00"},
    ],
    ids=range(9),
)
def test_hostile_review_posts_lock_nothing(client_for, outlying, provider_a_user, payload):
    data = {k: (str(outlying.version) if v == "VERSION" else v) for k, v in payload.items()}
    response = client_for(provider_a_user).post(REVIEW, data)
    assert response.status_code in (400, 409)
    outlying.refresh_from_db()
    assert outlying.status == TemplateStatus.DRAFT
    assert not ConfirmedOutlier.objects.exists()
