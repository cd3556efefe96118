"""The kinds of notice the portal sends, and how each is delivered unless the person chose otherwise.

Pure: no database. The preferences page lists the kinds a role can receive; `services.notify` reads
the recipient's choice (or the default here) for each notice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REQUEST_DECIDED = "request_decided", _("A PD request of my organisation was decided")
    REQUEST_WAITING = "request_waiting", _("A case-by-case PD request waits for a decision")
    ITEM_DUE = "item_due", _("A work-plan item is due within 7 days")
    ITEM_OVERDUE = "item_overdue", _("A work-plan item is overdue")
    COMMITTEE_BEHIND = "committee_behind", _("A committee is behind on its meetings")
    REPORT_AVAILABLE = "report_available", _("A new report file is available")
    SURVEY_OPENED = "survey_opened", _("The PD survey is open")
    SURVEY_REMINDER = "survey_reminder", _("Reminder: the PD template is not submitted")
    SURVEY_ESCALATION = "survey_escalation", _("A provider still has not submitted its PD template")
    TEMPLATE_REOPENED = "template_reopened", _("IRCC staff reopened a PD template")
    IMPORT_APPLIED = "import_applied", _("A workbook import was applied")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly summary of what waits for me")
    ACTION_OVERDUE = "action_overdue", _("An action on an evaluation's recommendation is overdue")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately (notice and e-mail)")
    DAILY = "daily", _("In a daily digest e-mail (notice at once)")
    OFF = "off", _("Not at all")


#: What each kind does when the person has not chosen: decisions and deadlines at once, the
#: routine information in the daily digest.
DEFAULTS: dict[str, str] = {
    Kind.REQUEST_DECIDED: Delivery.IMMEDIATELY,
    Kind.REQUEST_WAITING: Delivery.IMMEDIATELY,
    Kind.ITEM_DUE: Delivery.DAILY,
    Kind.ITEM_OVERDUE: Delivery.IMMEDIATELY,
    Kind.COMMITTEE_BEHIND: Delivery.DAILY,
    Kind.REPORT_AVAILABLE: Delivery.DAILY,
    Kind.SURVEY_OPENED: Delivery.IMMEDIATELY,
    Kind.SURVEY_REMINDER: Delivery.IMMEDIATELY,
    Kind.SURVEY_ESCALATION: Delivery.IMMEDIATELY,
    Kind.TEMPLATE_REOPENED: Delivery.IMMEDIATELY,
    Kind.IMPORT_APPLIED: Delivery.DAILY,
    Kind.WEEKLY_DIGEST: Delivery.IMMEDIATELY,
    Kind.ACTION_OVERDUE: Delivery.IMMEDIATELY,
}

_STAFF = ("staff", "admin")
_EVERYONE = ("provider", "staff", "admin")
#: The roles that can receive each kind: the preferences page offers only these.
ROLES: dict[str, tuple[str, ...]] = {
    Kind.REQUEST_DECIDED: ("provider",),
    Kind.REQUEST_WAITING: _STAFF,
    Kind.ITEM_DUE: _EVERYONE,
    Kind.ITEM_OVERDUE: _EVERYONE,
    Kind.COMMITTEE_BEHIND: _EVERYONE,
    Kind.REPORT_AVAILABLE: _EVERYONE,
    Kind.SURVEY_OPENED: ("provider",),
    Kind.SURVEY_REMINDER: ("provider",),
    Kind.SURVEY_ESCALATION: _EVERYONE,
    Kind.TEMPLATE_REOPENED: ("provider",),
    Kind.IMPORT_APPLIED: ("admin",),
    Kind.WEEKLY_DIGEST: _STAFF,
    Kind.ACTION_OVERDUE: _EVERYONE,
}


def default_delivery(kind: str) -> str:
    return DEFAULTS.get(kind, Delivery.IMMEDIATELY)


def kinds_for_role(role: str, *, is_superuser: bool = False) -> list[str]:
    """The kinds a person of `role` can receive (a superuser counts as an administrator)."""
    role = "admin" if is_superuser else role
    return [kind for kind in Kind.values if role in ROLES[kind]]
