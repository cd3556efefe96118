"""The PD survey's dashboard cards: a provider's template, the latest survey for IRCC staff."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .selectors import cycle_list, flag_list, open_cycle, own_template


def dashboard_cards(user) -> list[dict]:
    """Provider staff: their template's state; IRCC staff: submissions and flags of the latest survey."""
    if not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, "is_provider_staff", False):
        cycle = open_cycle()
        if cycle is None:
            return []
        template = own_template(user=user, cycle=cycle)
        url = reverse("surveys:my-template", kwargs={"year": cycle.fiscal_year})
        if template is not None and template.is_submitted:
            return [
                {
                    "title": _("Your PD template %(year)s") % {"year": cycle.fiscal_year_label},
                    "text": _("Submitted on %(date)s. Thank you.")
                    % {"date": date_format(template.submitted_at, "DATE_FORMAT")},
                    "url": url,
                    "link_label": _("View your PD template"),
                }
            ]
        state = _("draft") if template is not None else _("not started")
        return [
            {
                "title": _("Your PD template %(year)s") % {"year": cycle.fiscal_year_label},
                "text": _("Status: %(state)s. Due on %(date)s.")
                % {"state": state, "date": date_format(cycle.closes_on, "DATE_FORMAT")},
                "url": url,
                "link_label": _("Fill in your PD template"),
                "level": "warning",
            }
        ]
    if not getattr(user, "is_ircc_staff", False):
        return []
    cycle = cycle_list().first()
    if cycle is None:
        return []
    # Only the flags leave the database (the stored result holds every provider's figures).
    flags = len(flag_list(cycle=cycle))
    card = {
        "title": _("PD survey %(year)s") % {"year": cycle.fiscal_year_label},
        "figure": cycle.submitted,
        "text": _("templates submitted (%(drafts)s in draft); %(flags)s equity flags.")
        % {"drafts": cycle.drafts, "flags": flags},
        "url": reverse("surveys:cycle-detail", kwargs={"year": cycle.fiscal_year}),
        "link_label": _("Open the survey"),
    }
    if flags:
        card["level"] = "warning"
    return [card]
