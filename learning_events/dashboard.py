"""The learning events' dashboard cards: upcoming events, and the reports still awaited."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Evaluation, EvaluationStatus, EventStatus, LearningEvent


def dashboard_cards(user) -> list[dict]:
    """Upcoming events for everyone signed in; the reports still awaited, for IRCC staff."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    upcoming = list(
        LearningEvent.objects.filter(ends_on__gte=today)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("jurisdiction")
        .order_by("starts_on", "slug")[:5]
    )
    cards = [
        {
            "title": _("Upcoming learning events"),
            "items": [{"label": f"{e.title}, {e.date_label}", "url": e.get_absolute_url()} for e in upcoming],
            "text": "" if upcoming else _("No learning event is scheduled from today on."),
            "url": reverse("learning_events:event-list"),
            "link_label": _("See the calendar"),
        }
    ]
    if user.is_ircc_staff:
        awaiting = list(
            Evaluation.objects.exclude(status=EvaluationStatus.FINAL_AVAILABLE).order_by("subject_en")[:10]
        )
        cards.append(
            {
                "title": _("Evaluation reports awaited"),
                "figure": len(awaiting),
                "items": [
                    {"label": f"{e.subject} ({e.get_status_display()})", "url": e.get_absolute_url()}
                    for e in awaiting
                ],
                "url": reverse("learning_events:evaluation-list"),
                "link_label": _("Open the report library"),
                "level": "warning" if awaiting else "",
            }
        )
    return cards
