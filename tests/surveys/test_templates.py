"""Filling in a template: drafts, the stale-version refusal, submission checks, lock and reopen."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from surveys import services
from surveys.models import PDNeed, TemplateStatus
from tests.factories import UserFactory
from tests.surveys.factories import COMPLETE, SurveyCycleFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NEED = {"theme_text": "Trauma-informed practice", "people": 3, "delivery": "online", "scope": "regional"}


@pytest.fixture
def cycle(db):
    return SurveyCycleFactory(fiscal_year=2018, status="open")


@pytest.fixture
def template(cycle, provider_a, provider_a_user):
    return services.start_template(cycle=cycle, provider=provider_a, user=provider_a_user)


def test_a_draft_saves_partial_answers(template, provider_a_user):
    saved = services.save_draft(
        template, user=provider_a_user, data={"current_pd_funding": Decimal("1200")}, needs=[], version=0
    )
    assert (saved.version, saved.current_pd_funding, saved.status) == (
        1,
        Decimal("1200"),
        TemplateStatus.DRAFT,
    )
    assert saved.can_identify_needs is None
    assert saved.updated_by == provider_a_user


def test_a_stale_save_is_refused_and_names_who_saved(template, provider_a, provider_a_user):
    colleague = UserFactory(
        username="colleague", role="provider", provider=provider_a, first_name="Sam", last_name="Lee"
    )
    services.save_draft(
        template, user=colleague, data={"current_pd_funding": Decimal("5")}, needs=[], version=0
    )
    with pytest.raises(ValidationError) as refused:
        services.save_draft(
            template, user=provider_a_user, data={"current_pd_funding": Decimal("9")}, needs=[], version=0
        )
    assert refused.value.code == "stale"
    assert "Sam Lee" in refused.value.messages[0]
    assert "reload" in refused.value.messages[0]
    template.refresh_from_db()
    assert template.current_pd_funding == Decimal("5")  # the colleague's save stands


def test_the_stale_message_is_in_the_users_language(template, provider_a_user):
    from django.utils import translation

    services.save_draft(template, user=provider_a_user, data={}, needs=[], version=0)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.save_draft(template, user=provider_a_user, data={}, needs=[], version=0)
    assert "modifié" in refused.value.messages[0]


def test_needs_are_replaced_as_a_whole(template, provider_a_user):
    theme = ThemeFactory(code="case-management")
    t = services.save_draft(template, user=provider_a_user, data={}, needs=[NEED, NEED], version=0)
    assert t.needs.count() == 2
    t = services.save_draft(
        t,
        user=provider_a_user,
        data={},
        needs=[{"theme": theme, "people": 2, "estimated_cost": None}],
        version=1,
    )
    assert list(t.needs.values_list("theme__code", "estimated_cost")) == [("case-management", None)]


def test_submission_checks_every_answer(template, provider_a_user):
    t = services.save_draft(
        template, user=provider_a_user, data={"can_identify_needs": True}, needs=[{"people": None}], version=0
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_template(t, user=provider_a_user, version=t.version)
    errors = refused.value.message_dict
    assert "current_pd_funding" in errors
    assert "practitioners_language" in errors
    assert "can_cost_needs" in errors
    assert {"need-0-theme", "need-0-people", "need-0-delivery", "need-0-scope"} <= set(errors)
    t.refresh_from_db()
    assert t.status == TemplateStatus.DRAFT


def test_a_provider_that_could_not_identify_needs_may_submit_none(template, provider_a_user):
    t = services.save_draft(
        template, user=provider_a_user, data={**COMPLETE, "can_identify_needs": False}, needs=[], version=0
    )
    assert services.submit_template(t, user=provider_a_user, version=1).status == TemplateStatus.SUBMITTED


def test_one_who_could_must_list_a_need(template, provider_a_user):
    t = services.save_draft(template, user=provider_a_user, data=COMPLETE, needs=[], version=0)
    with pytest.raises(ValidationError) as refused:
        services.submit_template(t, user=provider_a_user, version=1)
    assert "__all__" in refused.value.message_dict


def test_submit_locks_and_staff_reopen(template, provider_a_user, staff_user):
    t = services.save_draft(template, user=provider_a_user, data=COMPLETE, needs=[NEED], version=0)
    t = services.submit_template(t, user=provider_a_user, version=t.version)
    assert t.is_submitted and t.submitted_by == provider_a_user and t.submitted_at
    with pytest.raises(ValidationError) as locked:
        services.save_draft(t, user=provider_a_user, data={}, needs=[], version=t.version)
    assert locked.value.code == "locked"
    with pytest.raises(PermissionDenied):
        services.reopen_template(t, user=provider_a_user)
    t = services.reopen_template(t, user=staff_user)
    assert (t.status, t.reopened_by) == (TemplateStatus.DRAFT, staff_user)
    t = services.save_draft(
        t, user=provider_a_user, data={"comments": "Corrected"}, needs=[NEED], version=t.version
    )
    assert t.comments == "Corrected"
    with pytest.raises(ValidationError):
        services.reopen_template(t, user=staff_user)  # a draft is not reopened


def test_another_provider_cannot_write(template, provider_b_user, staff_user):
    with pytest.raises(PermissionDenied):
        services.save_draft(template, user=provider_b_user, data={}, needs=[], version=0)
    with pytest.raises(PermissionDenied):
        services.save_draft(template, user=staff_user, data={}, needs=[], version=0)
    with pytest.raises(PermissionDenied):
        services.submit_template(template, user=provider_b_user, version=0)


def test_a_closed_survey_takes_no_changes(template, cycle, provider_a_user):
    cycle.status = "closed"
    cycle.save()
    template.cycle.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.save_draft(template, user=provider_a_user, data={}, needs=[], version=0)
    assert refused.value.code == "closed"


def test_invalid_need_values_are_refused(template, provider_a_user):
    with pytest.raises(ValidationError):
        services.save_draft(
            template,
            user=provider_a_user,
            data={},
            needs=[{**NEED, "estimated_cost": Decimal("-1")}],
            version=0,
        )
    assert not PDNeed.objects.exists()
