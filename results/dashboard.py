"""The results cards for IRCC staff: recommendations nobody acts on yet, and actions overdue."""

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .briefing.content import labelled

# After the learning events' cards (the reports awaited), which they follow on the page.
AFTER = ("learning_events",)


def dashboard_cards(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False) or not user.has_perm("results.view_results_dashboard"):
        return []
    counts = selectors.dashboard_counts()
    return [
        {
            "title": _("Recommendations with no action"),
            "figure": counts["without_action_count"],
            "items": [
                {"label": labelled(rec.evaluation.subject, rec), "url": rec.get_absolute_url()}
                for rec in counts["without_action"]
            ],
            "text": "" if counts["without_action_count"] else _("Every recommendation has an action."),
            "url": reverse("results:programme") + "#statement-challenge-results",
            "link_label": _("See the results of evaluations"),
            "level": "warning" if counts["without_action_count"] else "",
        },
        {
            "title": _("Actions overdue"),
            "figure": counts["overdue_count"],
            "items": [
                {
                    "label": _("%(action)s (%(owner)s, due %(date)s)")
                    % {
                        "action": action.text,
                        "owner": action.owner.display_name,
                        "date": action.due_date.isoformat(),
                    },
                    "url": action.get_absolute_url(),
                }
                for action in counts["overdue"]
            ],
            "text": "" if counts["overdue_count"] else _("No action is overdue."),
            "level": "warning" if counts["overdue_count"] else "",
        },
    ]
