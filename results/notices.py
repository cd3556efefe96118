"""Who the results tell: an action past its due date reaches its owner (issue 20, through the
notifications of issue 16), once per action and due date: a new due date is a new deadline."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.kinds import Kind
from notifications.services import Notice, notify

from .selectors import overdue_actions


def _action_notice(action) -> Notice:
    evaluation = action.recommendation.evaluation
    context = {
        "action": action.text,
        "evaluation": evaluation.subject,
        "number": action.recommendation.number,
        "date": date_format(action.due_date, "DATE_FORMAT"),
    }
    return Notice(
        title=_("Overdue action: %(action)s") % context,
        body=_("%(evaluation)s, recommendation %(number)s: this action was due on %(date)s and is not done.")
        % context,
        url=evaluation.get_absolute_url(),
    )


def notify_overdue_actions(*, today: datetime.date | None = None) -> int:
    """Every open action past its due date tells its owner once. Returns the notices made."""
    made = 0
    for action in overdue_actions(today=today):
        made += len(
            notify(
                recipients=[action.owner],
                kind=Kind.ACTION_OVERDUE,
                key=f"actionitem:{action.pk}:overdue:{action.due_date.isoformat()}",
                render=lambda action=action: _action_notice(action),
            )
        )
    return made
