"""Questionnaires people answer online: an event's or a series' needs survey (built by IRCC staff or
the group's advisory body, sent to the staff of the organisations concerned) and its post-event
evaluation (answered only by those registered, or through a one-time link sent to them).

Who answered is kept apart from what they answered: a `Respondent` row per person or link (the
"once each" rule, enforced by the database), and a `Response` with the answers, tied to the
respondent only when the questionnaire is not anonymous."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated, current_language


class QuestionnaireKind(models.TextChoices):
    NEEDS = "needs", _("Needs survey")
    EVALUATION = "evaluation", _("Post-event evaluation")


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Questionnaire(models.Model):
    """A short questionnaire about one event or one series."""

    kind = models.CharField(_("kind"), max_length=12, choices=QuestionnaireKind.choices)
    event = models.ForeignKey(
        "learning_events.LearningEvent",
        verbose_name=_("learning event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    series = models.ForeignKey(
        "learning_events.EventSeries",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_(
            "The answers are not tied to the person who gave them (who answered is still kept, once)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    title = Translated("title")
    intro = Translated("intro")

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, series__isnull=True)
                | Q(event__isnull=True, series__isnull=False),
                name="questionnaire_about_event_or_series",
                violation_error_message=_("A questionnaire is about one event or one series."),
            ),
            models.CheckConstraint(
                condition=~Q(title_en="") | ~Q(title_fr=""), name="questionnaire_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning_events:questionnaire-detail", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return self.event or self.series

    @property
    def group(self):
        return self.subject.group

    @property
    def is_open(self) -> bool:
        return self.status == QuestionnaireStatus.OPEN


class QuestionKind(models.TextChoices):
    CHOICE = "choice", _("One choice from a list")
    RATING = "rating", _("Rating from 1 to 5")
    TEXT = "text", _("Text answer")


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=QuestionKind.choices)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    text_fr = models.CharField(_("question (French)"), max_length=300, blank=True)
    choices_en = models.TextField(_("choices (English), one per line"), blank=True)
    choices_fr = models.TextField(_("choices (French), one per line"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)

    text = Translated("text")

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=~Q(text_en="") | ~Q(text_fr=""), name="question_has_a_text"),
        ]

    def __str__(self) -> str:
        return str(self.text)

    def choice_labels(self, language: str | None = None) -> list[str]:
        """The choices in the reader's language (the other language's where a line is missing)."""
        en = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        fr = [line.strip() for line in self.choices_fr.splitlines() if line.strip()]
        first, other = (fr, en) if (language or current_language()) == "fr" else (en, fr)
        return [first[i] if i < len(first) else other[i] for i in range(max(len(en), len(fr)))]


class Invitation(models.Model):
    """A one-time link sent by e-mail: only the token's SHA-256 is stored."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user"],
                condition=Q(user__isnull=False),
                name="one_invitation_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class Respondent(models.Model):
    """Who answered (a person or a one-time link): once each, whatever the questionnaire's anonymity."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="respondent"
    )

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "user"], condition=Q(user__isnull=False), name="one_answer_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.pk}"


class Response(models.Model):
    """One set of answers, in the language it was given; tied to its respondent unless anonymous."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    respondent = models.OneToOneField(
        Respondent, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    language = models.CharField(
        _("language"), max_length=2, choices=[("en", _("English")), ("fr", _("French"))]
    )
    submitted_on = models.DateField(_("submitted"))

    class Meta:
        ordering = ["questionnaire", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)  # index into the question's choices
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="answer_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.choice if self.choice is not None else self.rating or self.text[:40]}"
