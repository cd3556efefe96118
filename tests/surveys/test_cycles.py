"""Opening and closing a survey, and the reminder e-mails to providers that have not submitted."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from portal.permissions import SYSTEM
from surveys import services
from surveys.models import AggregationRun, SurveyCycle, SurveyReminder
from tests.factories import ProviderFactory, UserFactory
from tests.surveys.factories import SurveyCycleFactory, submitted_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(db):
    return SurveyCycleFactory(
        fiscal_year=2018,
        status="open",
        first_reminder_on=datetime.date(2018, 10, 1),
        second_reminder_on=datetime.date(2018, 10, 20),
    )


def test_reminders_go_to_providers_that_have_not_submitted(
    cycle, provider_a_user, provider_b_user, on_commit
):
    submitted_template(provider_b_user.provider, cycle)
    UserFactory(username="no-mail", role="provider", provider=provider_a_user.provider, email="")
    UserFactory(username="gone", role="provider", provider=ProviderFactory(name="Gone"), is_active=False)
    with on_commit():
        # Provider A is reminded; B submitted; "Gone" has nobody active to tell (not counted).
        assert services.send_reminders(cycle, user=SYSTEM) == 1
    (message,) = mail.outbox
    assert message.to == [provider_a_user.email]
    assert "2018-19" in message.subject
    assert message.extra_headers["Content-Language"] == "en"
    assert "has not yet submitted its PD template" in message.body
    assert "/en/surveys/2018/my-template/" in message.body
    # The one without an e-mail address still has the notice on the portal.
    assert Notification.objects.filter(recipient__username="no-mail", kind="survey_reminder").count() == 1


def test_reminders_use_the_recipients_language(cycle, provider_a_user, on_commit):
    provider_a_user.preferred_language = "fr"
    provider_a_user.save()
    with on_commit():
        services.send_reminders(cycle, user=SYSTEM)
    (message,) = mail.outbox
    assert "Rappel" in message.subject and "modèle de PP" in message.body and "has not" not in message.body
    assert message.extra_headers["Content-Language"] == "fr"
    assert "/fr/surveys/2018/my-template/" in message.body


def test_reminders_are_once_per_provider_and_day(cycle, provider_a_user, on_commit):
    day = datetime.date(2018, 10, 5)
    with on_commit():
        assert services.send_reminders(cycle, user=SYSTEM, today=day) == 1
        assert services.send_reminders(cycle, user=SYSTEM, today=day) == 0
    assert len(mail.outbox) == 1
    with on_commit():
        assert services.send_reminders(cycle, user=SYSTEM, today=day + datetime.timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_reminders_are_staff_only(cycle, provider_a_user):
    with pytest.raises(PermissionDenied):
        services.send_reminders(cycle, user=provider_a_user)


def test_due_reminders_are_sent_once_per_date(cycle, provider_a_user, on_commit):
    with on_commit():
        assert services.send_due_reminders(today=datetime.date(2018, 9, 30)) == 0
        assert services.send_due_reminders(today=datetime.date(2018, 10, 1)) == 1
        assert services.send_due_reminders(today=datetime.date(2018, 10, 2)) == 0
        assert services.send_due_reminders(today=datetime.date(2018, 10, 25)) == 1
    assert len(mail.outbox) == 2
    assert SurveyReminder.objects.filter(cycle=cycle).count() == 2


def test_open_and_close_and_closing_starts_the_aggregation(staff_user, on_commit):
    cycle = SurveyCycleFactory(fiscal_year=2019, status="draft")
    cycle = services.open_cycle(cycle, user=staff_user)
    assert cycle.is_open and cycle.opened_at
    with pytest.raises(ValidationError):
        services.open_cycle(cycle, user=staff_user)
    with on_commit():
        run = services.close_cycle(cycle, user=staff_user)
    run.refresh_from_db()
    assert run.status == "done"
    cycle.refresh_from_db()
    assert cycle.status == "closed" and cycle.closed_at


def test_beat_closes_cycles_past_their_day(cycle, on_commit):
    assert services.close_due_cycles(today=datetime.date(2018, 10, 31)) == []
    with on_commit():
        assert services.close_due_cycles(today=datetime.date(2018, 11, 1)) == [2018]
    assert AggregationRun.objects.filter(cycle=cycle, status="done").count() == 1


def test_cycle_dates_are_checked(staff_user, provider_a_user):
    data = {
        "fiscal_year": 2020,
        "opens_on": datetime.date(2020, 9, 1),
        "closes_on": datetime.date(2020, 10, 1),
        "first_reminder_on": datetime.date(2020, 12, 1),
    }
    with pytest.raises(ValidationError) as refused:
        services.save_cycle(user=staff_user, instance=SurveyCycle(**data))
    assert "first_reminder_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.save_cycle(
            user=staff_user,
            instance=SurveyCycle(
                **{**data, "first_reminder_on": None, "closes_on": datetime.date(2020, 8, 1)}
            ),
        )
    with pytest.raises(PermissionDenied):
        services.save_cycle(user=provider_a_user, instance=SurveyCycle(**data))
    saved = services.save_cycle(user=staff_user, instance=SurveyCycle(**{**data, "first_reminder_on": None}))
    assert saved.pk
