"""`{% questionnaires_for subject as panel %}`: an event's or series' questionnaires for its page,
without the page's view having to know about them."""

from django import template
from django.core.exceptions import PermissionDenied, ValidationError

from ..models import QuestionnaireStatus
from ..questionnaire_selectors import questionnaires_of
from ..questionnaires import check_may_answer

register = template.Library()


@register.simple_tag(takes_context=True)
def questionnaires_for(context, subject) -> dict:
    user = context["request"].user
    manage = user.has_perm("learning_events.add_questionnaire", subject)
    rows = list(questionnaires_of(subject)) if manage else []
    answerable = []
    for q in questionnaires_of(subject).filter(status=QuestionnaireStatus.OPEN):
        try:
            check_may_answer(user=user, questionnaire=q)
        except (PermissionDenied, ValidationError):  # not entitled, or answered already: no link
            continue
        answerable.append(q)
    return {"manage": manage, "rows": rows, "answerable": answerable, "subject": subject}
