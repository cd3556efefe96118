"""An overdue action reaches its owner once, in the owner's language, with the evaluation's page."""

import datetime

import pytest
from django.core import mail

from learning_events.models import Evaluation
from notifications.models import Notification
from results import notices, services
from results.models import ActionItem, ActionStatus, Recommendation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2019, 6, 1)


@pytest.fixture
def action(seeded, staff_user):
    evaluation = Evaluation.objects.get(slug="youth-summer-programs-saskatoon")
    recommendation = services.save_recommendation(
        user=staff_user, instance=Recommendation(evaluation=evaluation, number=1, text_en="Plan earlier")
    )
    owner = UserFactory(username="owner-fr", role="staff", preferred_language="fr", email="owner@example.org")
    return ActionItem.objects.create(
        recommendation=recommendation,
        text_en="Book the rooms in March",
        text_fr="Réserver les salles en mars",
        owner=owner,
        due_date=datetime.date(2019, 5, 15),
    )


def test_an_overdue_action_tells_its_owner_once_in_their_language(action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.notify_overdue_actions(today=TODAY) == 1
        assert notices.notify_overdue_actions(today=TODAY) == 0  # a second run tells nobody twice
    notice = Notification.objects.get(recipient=action.owner, kind="action_overdue")
    assert notice.title == "Mesure en retard\u00a0: Réserver les salles en mars"
    english = action.recommendation.evaluation.get_absolute_url()
    assert notice.url == "/fr/" + english.removeprefix("/en/")  # the page, in the owner's language
    (message,) = mail.outbox
    assert message.to == ["owner@example.org"] and "Réserver les salles en mars" in message.subject


def test_done_or_not_yet_due_actions_tell_nobody(action):
    ActionItem.objects.filter(pk=action.pk).update(status=ActionStatus.DONE)
    assert notices.notify_overdue_actions(today=TODAY) == 0
    ActionItem.objects.filter(pk=action.pk).update(status=ActionStatus.IN_PROGRESS, due_date=TODAY)
    assert notices.notify_overdue_actions(today=TODAY) == 0


def test_a_new_due_date_is_a_new_deadline(action):
    assert notices.notify_overdue_actions(today=TODAY) == 1
    ActionItem.objects.filter(pk=action.pk).update(due_date=datetime.date(2019, 5, 25))
    assert notices.notify_overdue_actions(today=TODAY) == 1
