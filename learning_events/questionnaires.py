"""Services of the questionnaires people answer online (learning_events/models/questionnaires.py):
build one for an event or a series, open and close it, send one-time links by e-mail, take answers.

Kept beside `services.py` (which holds the events' other writes) so that each stays short.

Who may answer:
- a needs survey: whoever holds a one-time link sent to them (signed in or not), or a signed-in
  person the survey was sent to (their own link);
- a post-event evaluation: a signed-in person registered for the event (for a series: for one of
  its occurrences) and not recorded absent, or whoever holds a one-time link sent to them;
- each once: a second answer is refused (the database refuses it too).
"""

import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.permissions import require

from .models import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    Registration,
    Respondent,
    Response,
)

if TYPE_CHECKING:
    from portal.models import User

log = logging.getLogger(__name__)

MAX_TEXT = 5000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token names; None when there is none (a wrong or forged token)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("questionnaire__event__group", "questionnaire__series__group")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def create_questionnaire(*, user: "User", instance: Questionnaire) -> Questionnaire:
    """A new questionnaire about an event or a series, as a draft: staff or the group's advisory body."""
    require(user, "learning_events.add_questionnaire", instance.event or instance.series)
    instance.status = QuestionnaireStatus.DRAFT
    instance.created_by = user if getattr(user, "pk", None) else None
    if not (instance.title_en or "").strip() and not (instance.title_fr or "").strip():
        raise ValidationError({"title_en": _("Give the questionnaire a title in English or in French.")})
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def save_question(*, user: "User", instance: Question) -> Question:
    """Add or change a question, while nobody has answered yet (answers would no longer match)."""
    questionnaire = instance.questionnaire
    require(user, "learning_events.manage_questionnaire", questionnaire)
    if questionnaire.responses.exists():
        raise ValidationError(_("People have answered already: the questions can no longer change."))
    if not (instance.text_en or "").strip() and not (instance.text_fr or "").strip():
        raise ValidationError({"text_en": _("Write the question in English or in French.")})
    if instance.kind == QuestionKind.CHOICE:
        if len(instance.choice_labels("en")) < 2:
            raise ValidationError({"choices_en": _("A choice question needs at least two choices.")})
    else:
        instance.choices_en = instance.choices_fr = ""
    if instance._state.adding and not instance.order:
        instance.order = questionnaire.questions.count() + 1
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def set_questionnaire_status(*, user: "User", questionnaire: Questionnaire, status: str) -> Questionnaire:
    """Open a questionnaire for answers (it needs a question) or close it."""
    require(user, "learning_events.manage_questionnaire", questionnaire)
    if status not in (QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED):
        raise ValidationError(_("Unknown status."))
    if status == QuestionnaireStatus.OPEN and not questionnaire.questions.exists():
        raise ValidationError(_("Add at least one question before opening the questionnaire."))
    questionnaire.status = status
    questionnaire.save(update_fields=["status"])
    return questionnaire


def registrants_q(questionnaire: Questionnaire) -> Q:
    """Registrations that give a right to evaluate: of the event (or of an occurrence of the series),
    not recorded absent."""
    where = (
        Q(event_id=questionnaire.event_id)
        if questionnaire.event_id
        else Q(event__series_id=questionnaire.series_id)
    )
    return where & ~Q(attended=False)


def recipients(questionnaire: Questionnaire, *, providers=()) -> list:
    """Who the links go to: for a needs survey, the active accounts of the providers chosen; for an
    evaluation, the registered participants who have an account (providers are not asked)."""
    from portal.models import User

    if questionnaire.kind == QuestionnaireKind.EVALUATION:
        users = User.objects.filter(
            pk__in=Registration.objects.filter(registrants_q(questionnaire)).values("user_id")
        )
    else:
        users = User.objects.filter(provider__in=providers)
    return list(users.filter(is_active=True).exclude(email="").order_by("pk"))


def send_invitations(
    *, user: "User", questionnaire: Questionnaire, link_for: Callable[[str, str], str], providers=()
) -> int:
    """E-mail a one-time link to each recipient not invited yet, in their preferred language.

    `link_for(token, language)` makes the absolute address. Returns the number of e-mails sent."""
    require(user, "learning_events.manage_questionnaire", questionnaire)
    if not questionnaire.is_open:
        raise ValidationError(_("Open the questionnaire before sending it."))
    if questionnaire.kind == QuestionnaireKind.NEEDS and not providers:
        raise ValidationError({"providers": _("Choose the organisations to send the survey to.")})
    already = set(questionnaire.invitations.exclude(user=None).values_list("user_id", flat=True))
    sent = 0
    for recipient in recipients(questionnaire, providers=providers):
        if recipient.pk in already:
            continue
        token = secrets.token_urlsafe(24)
        with transaction.atomic():
            Invitation.objects.create(
                questionnaire=questionnaire,
                user=recipient,
                email=recipient.email,
                token_hash=hash_token(token),
            )
        language = recipient.preferred_language if recipient.preferred_language in ("en", "fr") else "en"
        with translation.override(language):
            subject = _("Your answers are wanted: %(title)s") % {"title": questionnaire.title}
            body = render_to_string(
                "learning_events/email/questionnaire_invitation.txt",
                {"questionnaire": questionnaire, "recipient": recipient, "link": link_for(token, language)},
            )
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        except OSError:
            log.warning("could not send the questionnaire link to %s", recipient.email, exc_info=True)
            continue
        sent += 1
    return sent


def check_may_answer(
    *, user, questionnaire: Questionnaire, invitation: Invitation | None = None
) -> Invitation | None:
    """Refuse (PermissionDenied or ValidationError) anyone who may not answer now; returns the
    invitation the answer will use up, if any."""
    if not questionnaire.is_open:
        raise ValidationError(_("This questionnaire is not open for answers."))
    signed_in = getattr(user, "is_authenticated", False)
    if invitation is None and signed_in:
        invitation = questionnaire.invitations.filter(user=user).first()
    if invitation is not None:
        if invitation.questionnaire_id != questionnaire.pk:
            raise PermissionDenied
        if invitation.used_at is not None:
            raise ValidationError(_("This link has been used already: each person answers once."))
    if signed_in and Respondent.objects.filter(questionnaire=questionnaire, user=user).exists():
        raise ValidationError(_("You have already answered this questionnaire."))
    if invitation is not None:
        return invitation
    if (
        questionnaire.kind == QuestionnaireKind.EVALUATION
        and signed_in
        and Registration.objects.filter(registrants_q(questionnaire), user=user).exists()
    ):
        return None
    if questionnaire.kind == QuestionnaireKind.EVALUATION:
        raise PermissionDenied(_("Only the event's registered participants can answer its evaluation."))
    raise PermissionDenied(_("This survey was not sent to you."))


def _clean_answer(question: Question, value, language: str) -> dict | None:
    """The stored fields of one answer, or None when left empty; ValidationError when not valid."""
    value = "" if value is None else str(value).strip()
    if value == "":
        if question.required:
            raise ValidationError({f"q{question.pk}": _("This question needs an answer.")})
        return None
    if question.kind == QuestionKind.TEXT:
        if len(value) > MAX_TEXT or "\x00" in value:
            raise ValidationError({f"q{question.pk}": _("The answer is too long.")})
        return {"text": value}
    try:
        number = int(value)
    except ValueError:
        number = -1
    if question.kind == QuestionKind.RATING:
        if not 1 <= number <= 5:
            raise ValidationError({f"q{question.pk}": _("Choose a rating from 1 to 5.")})
        return {"rating": number}
    if not 0 <= number < len(question.choice_labels(language)):
        raise ValidationError({f"q{question.pk}": _("Choose one of the answers offered.")})
    return {"choice": number}


@transaction.atomic
def submit_response(
    *, user, questionnaire: Questionnaire, answers: dict, language: str, invitation: Invitation | None = None
) -> Response:
    """Record one person's answers, once: a link is used up; a signed-in person answers once."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation = check_may_answer(user=user, questionnaire=questionnaire, invitation=invitation)
    language = language if language in ("en", "fr") else "en"
    cleaned = []
    errors = {}
    for question in questionnaire.questions.all():
        try:
            fields = _clean_answer(question, answers.get(f"q{question.pk}"), language)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if fields is not None:
            cleaned.append(Answer(question=question, **fields))
    if errors:
        raise ValidationError(errors)
    signed_in = getattr(user, "is_authenticated", False)
    who = user if signed_in else (invitation.user if invitation else None)
    try:
        with transaction.atomic():
            respondent = Respondent.objects.create(
                questionnaire=questionnaire, user=who, invitation=invitation
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered this questionnaire.")) from None
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    response = Response.objects.create(
        questionnaire=questionnaire,
        respondent=None if questionnaire.anonymous else respondent,
        language=language,
        submitted_on=timezone.localdate(),
    )
    for answer in cleaned:
        answer.response = response
    Answer.objects.bulk_create(cleaned)
    return response
