""" "My work" of the working groups (found by portal.discovery): the person's work-plan items due or
overdue, and the meetings the committees they chair or lead should have recorded by now."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.fiscal import fiscal_year_of

from .permissions import committees_led_by
from .selectors import committee_list, items_owned_by, with_compliance

ROWS = 20


def my_work(user, *, today: datetime.date) -> list[dict]:
    items = items_owned_by(user, today=today)
    item_rows = list(items[:ROWS])
    year = fiscal_year_of(today)
    led = committee_list(user=user, fiscal_year=year).filter(
        Q(pk__in=committees_led_by(user).values("pk")) | Q(group__lead=user), min_meetings_per_year__gt=0
    )
    behind = [c for c in with_compliance(led, fiscal_year=year, today=today) if c.compliance.behind]
    return [
        {
            "key": "work-plan-items",
            "title": _("My work-plan items due or overdue"),
            "count": items.count() if len(item_rows) == ROWS else len(item_rows),
            "items": [
                {
                    "label": f"{item.title} ({item.work_plan.group.name})",
                    "url": item.work_plan.get_absolute_url(),
                    "detail": date_format(item.due_date, "DATE_FORMAT"),
                    "overdue": item.is_overdue(today),
                }
                for item in item_rows
            ],
        },
        {
            "key": "meetings",
            "title": _("Meetings my committees should have recorded"),
            "count": len(behind),
            "items": [
                {
                    "label": str(c.name),
                    "url": reverse("groups:committee-detail", kwargs={"pk": c.pk}),
                    "detail": _("%(held)s of %(expected)s expected so far")
                    % {"held": c.compliance.held, "expected": c.compliance.expected},
                    "overdue": True,
                }
                for c in behind[:ROWS]
            ],
        },
    ]
