"""Reads of the questionnaires: what a manager may list, and the results, counted by the database."""

from django.db.models import Avg, Count, Q, QuerySet

from .models import Answer, EventSeries, QuestionKind, Questionnaire, QuestionnaireKind


def questionnaires_of(subject) -> QuerySet[Questionnaire]:
    """An event's or a series' questionnaires, with their number of responses."""
    field = "series" if isinstance(subject, EventSeries) else "event"
    return (
        Questionnaire.objects.filter(**{field: subject})
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("kind", "-created_at")
    )


def topics_of(questionnaire: Questionnaire) -> list:
    """The event's topics: the PD themes of its working group (and of the group it is part of)."""
    group = questionnaire.group
    ids = [group.pk] + ([group.parent_id] if group.parent_id else [])
    return list(
        type(group).pd_themes.rel.related_model.objects.filter(groups__in=ids).distinct().order_by("order")
    )


def questionnaire_results(questionnaire: Questionnaire) -> dict:
    """Per question: counts per choice or rating and the average rating (one GROUP BY each), or the
    text answers; and the number of responses, by language."""
    answers = Answer.objects.filter(response__questionnaire=questionnaire).order_by()
    choice_counts: dict[int, dict[int, int]] = {}
    for row in answers.filter(choice__isnull=False).values("question", "choice").annotate(n=Count("pk")):
        choice_counts.setdefault(row["question"], {})[row["choice"]] = row["n"]
    rating_counts: dict[int, dict[int, int]] = {}
    for row in answers.filter(rating__isnull=False).values("question", "rating").annotate(n=Count("pk")):
        rating_counts.setdefault(row["question"], {})[row["rating"]] = row["n"]
    averages = dict(
        answers.filter(rating__isnull=False)
        .values("question")
        .annotate(a=Avg("rating"))
        .values_list("question", "a")
    )
    texts: dict[int, list[str]] = {}
    for question_id, text in answers.exclude(text="").values_list("question", "text").order_by("pk"):
        texts.setdefault(question_id, []).append(text)
    by_language = dict(
        questionnaire.responses.order_by()
        .values("language")
        .annotate(n=Count("pk"))
        .values_list("language", "n")
    )
    questions = []
    for question in questionnaire.questions.all():
        row = {"question": question, "kind": question.kind}
        if question.kind == QuestionKind.CHOICE:
            counts = choice_counts.get(question.pk, {})
            row["rows"] = [(label, counts.get(i, 0)) for i, label in enumerate(question.choice_labels())]
        elif question.kind == QuestionKind.RATING:
            counts = rating_counts.get(question.pk, {})
            row["rows"] = [(str(r), counts.get(r, 0)) for r in range(1, 6)]
            row["average"] = averages.get(question.pk)
        else:
            row["texts"] = texts.get(question.pk, [])
        row["answered"] = sum(n for _label, n in row.get("rows", [])) if "rows" in row else len(row["texts"])
        questions.append(row)
    return {
        "responses": sum(by_language.values()),
        "by_language": by_language,
        "questions": questions,
        "chart": [
            {"id": f"chart-q{row['question'].pk}", "label": str(row["question"].text), "rows": row["rows"]}
            for row in questions
            if "rows" in row
        ],
    }


def series_evaluation_results(series: EventSeries) -> list[dict]:
    """Per occurrence of the series (and the series itself): its evaluations' responses and their
    average rating over every rating question, counted by the database."""
    qs = (
        Questionnaire.objects.filter(
            Q(series=series) | Q(event__series=series), kind=QuestionnaireKind.EVALUATION
        )
        .select_related("event")
        .annotate(
            response_count=Count("responses", distinct=True),
            average=Avg("responses__answers__rating"),
        )
        .order_by("event__starts_on", "pk")
    )
    return list(qs)
