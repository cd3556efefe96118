""" "My work" of the report library (found by portal.discovery): evaluation reports still awaited,
for IRCC staff (who receive them) and the commissioning groups' leads."""

import datetime

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Evaluation, EvaluationStatus

ROWS = 20


def my_work(user, *, today: datetime.date) -> list[dict]:
    if not getattr(user, "is_ircc_staff", False):
        return []
    awaited = Evaluation.objects.exclude(status=EvaluationStatus.FINAL_AVAILABLE)
    # A lead sees the evaluations their groups commissioned; other staff every one still awaited.
    if Evaluation.objects.filter(group__lead=user).exists():
        awaited = awaited.filter(Q(group__lead=user))
    rows = list(awaited.order_by("commissioned_on", "subject_en")[:ROWS])
    return [
        {
            "key": "evaluation-reports",
            "title": _("Evaluation reports awaited"),
            "count": awaited.count() if len(rows) == ROWS else len(rows),
            "items": [
                {
                    "label": f"{e.subject} ({e.evaluator_organisation})",
                    "url": e.get_absolute_url(),
                    "detail": e.get_status_display()
                    + (
                        f", {_('commissioned on')} {date_format(e.commissioned_on, 'DATE_FORMAT')}"
                        if e.commissioned_on
                        else ""
                    ),
                    "overdue": False,
                }
                for e in rows
            ],
        }
    ]
