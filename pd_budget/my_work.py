""" "My work" of the PD budget (found by portal.discovery): the requests waiting for my decision."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.money import format_money

from .models import PDRequest, RequestStatus

ROWS = 20


def my_work(user, *, today: datetime.date) -> list[dict]:
    if not user.has_perm("pd_budget.decide_pdrequest"):
        return []
    pending = PDRequest.objects.filter(status=RequestStatus.PENDING).select_related(
        "provider", "designated_conference"
    )
    rows = list(pending.order_by("requested_at", "pk")[:ROWS])
    return [
        {
            "key": "pd-requests",
            "title": _("PD requests waiting for my decision"),
            "count": pending.count() if len(rows) == ROWS else len(rows),
            "items": [
                {
                    "label": f"{r.provider}: {r.conference_label or r.get_category_display()}, "
                    + format_money(r.amount),
                    "url": reverse("pd_budget:approval-queue"),
                    "detail": date_format(r.requested_at, "DATE_FORMAT"),
                    "overdue": False,
                }
                for r in rows
            ],
            "url": reverse("pd_budget:approval-queue"),
            "link_label": _("Open the approval queue"),
        }
    ]
