""" "My work" of the PD survey (found by portal.discovery): the templates my organisation must submit."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import CycleStatus, PDTemplate, SurveyCycle, TemplateStatus


def my_work(user, *, today: datetime.date) -> list[dict]:
    if not getattr(user, "is_provider_staff", False):
        return []
    cycles = list(SurveyCycle.objects.filter(status=CycleStatus.OPEN).order_by("closes_on"))
    templates = {
        t.cycle_id: t for t in PDTemplate.objects.filter(provider_id=user.provider_id, cycle__in=cycles)
    }
    missing = [c for c in cycles if getattr(templates.get(c.pk), "status", None) != TemplateStatus.SUBMITTED]
    rows = []
    for cycle in missing:
        template = templates.get(cycle.pk)
        state = _("not started") if template is None else _("draft, not submitted")
        rows.append(
            {
                "label": _("PD template %(year)s (%(state)s)")
                % {"year": cycle.fiscal_year_label, "state": state},
                "url": reverse("surveys:my-template", kwargs={"year": cycle.fiscal_year}),
                "detail": _("due on %(date)s") % {"date": date_format(cycle.closes_on, "DATE_FORMAT")},
                "overdue": cycle.closes_on < today,
            }
        )
    return [
        {
            "key": "pd-templates",
            "title": _("PD templates my organisation must submit"),
            "count": len(rows),
            "items": rows,
        }
    ]
