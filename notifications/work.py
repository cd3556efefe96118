""" "My work": what waits for this person, as each app says (its `my_work.py`, found by
`portal.discovery`), and the weekly digest of it for IRCC staff.

Each app's module has `my_work(user, *, today) -> list[dict]`, one dict per section:
`{"key", "title", "count", "items": [{"label", "url", "detail", "overdue"}], "url", "link_label"}`
(`items` holds at most the first few; `count` is the whole number).
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from portal.discovery import app_modules

from .kinds import Kind
from .services import Notice, notify

#: How many rows each section shows; its count says how many there are in all.
SECTION_ROWS = 20


def my_work_sections(user, *, today: datetime.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    sections: list[dict] = []
    for _label, module in app_modules("my_work"):
        sections.extend(module.my_work(user, today=today))
    return sections


def my_work_total(user, *, today: datetime.date | None = None) -> int:
    return sum(section["count"] for section in my_work_sections(user, today=today))


def _weekly_notice(user, today: datetime.date) -> Notice:
    sections = [s for s in my_work_sections(user, today=today) if s["count"]]
    total = sum(s["count"] for s in sections)
    lines = [f"- {s['title']}: {s['count']}" for s in sections]
    return Notice(
        title=ngettext(
            "This week, %(count)s thing waits for you", "This week, %(count)s things wait for you", total
        )
        % {"count": total},
        body="\n".join(lines),
        url=reverse("my-work"),
    )


def send_weekly_digests(*, today: datetime.date | None = None) -> int:
    """Each active IRCC staff member with something waiting gets one summary per ISO week."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    sent = 0
    staff = get_user_model().objects.filter(is_active=True, role__in=["staff", "admin"]).order_by("pk")
    for user in staff:
        if not my_work_total(user, today=today):
            continue
        sent += len(
            notify(
                recipients=[user],
                kind=Kind.WEEKLY_DIGEST,
                key=f"weekly:{year}-W{week:02d}",
                render=lambda user=user: _weekly_notice(user, today),
            )
        )
    return sent
