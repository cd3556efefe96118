"""The "My work" card of the dashboard (portal.discovery finds this module): how many things wait
for the person in each section, with a link to the page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .work import my_work_sections


def dashboard_cards(user) -> list[dict]:
    sections = [s for s in my_work_sections(user) if s["count"]]
    total = sum(s["count"] for s in sections)
    return [
        {
            "title": _("My work"),
            "figure": total,
            "text": ngettext("thing waits for you", "things wait for you", total)
            if total
            else _("Nothing waits for you."),
            "items": [{"label": f"{s['title']}: {s['count']}", "url": reverse("my-work")} for s in sections],
            "url": reverse("my-work"),
            "link_label": _("Open My work"),
            "level": "warning" if total else "",
        }
    ]
