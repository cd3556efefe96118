"""Who the PD survey tells, and what: thin calls from the services into `notifications.notify`."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.kinds import Kind
from notifications.services import Notice, notify

from .models import PDTemplate, SurveyCycle


def provider_staff(provider_id: int | None = None):
    qs = get_user_model().objects.filter(is_active=True, role="provider", provider__isnull=False)
    if provider_id is not None:
        qs = qs.filter(provider_id=provider_id)
    return qs.order_by("pk")


def _my_template_url(cycle: SurveyCycle) -> str:
    return reverse("surveys:my-template", kwargs={"year": cycle.fiscal_year})


def survey_opened(cycle: SurveyCycle) -> None:
    def render() -> Notice:
        return Notice(
            title=_("The PD survey %(year)s is open") % {"year": cycle.fiscal_year_label},
            body=_("Fill in and submit your organisation's PD template by %(date)s.")
            % {"date": date_format(cycle.closes_on, "DATE_FORMAT")},
            url=_my_template_url(cycle),
        )

    notify(
        recipients=provider_staff(),
        kind=Kind.SURVEY_OPENED,
        key=f"survey:{cycle.fiscal_year}:opened",
        render=render,
    )


def reminder(cycle: SurveyCycle, provider, *, day) -> int:
    """Remind one provider's staff; once per day (the key). Returns how many people were told now."""

    def render() -> Notice:
        return Notice(
            title=_("Reminder: your PD template for %(year)s is due on %(date)s")
            % {"year": cycle.fiscal_year_label, "date": date_format(cycle.closes_on, "DATE_FORMAT")},
            body=_(
                "%(provider)s has not yet submitted its PD template for the annual PD survey %(year)s. "
                "You can save a draft at any point and come back to it."
            )
            % {"provider": provider, "year": cycle.fiscal_year_label},
            url=_my_template_url(cycle),
        )

    return len(
        notify(
            recipients=provider_staff(provider.pk),
            kind=Kind.SURVEY_REMINDER,
            key=f"survey:{cycle.fiscal_year}:reminder:{provider.pk}:{day.isoformat()}",
            render=render,
        )
    )


def escalation(cycle: SurveyCycle, provider, *, contacts) -> int:
    """A provider still missing after the due date: its staff once more, then the IRCC lead and the
    umbrella organisation's contacts. Returns how many people were told."""
    days_late = {"date": date_format(cycle.closes_on, "DATE_FORMAT"), "year": cycle.fiscal_year_label}

    def render_staff() -> Notice:
        return Notice(
            title=_("Your PD template for %(year)s is overdue") % days_late,
            body=_("The survey was due on %(date)s. IRCC and your umbrella organisation have been told.")
            % days_late,
            url=_my_template_url(cycle),
        )

    def render_contacts() -> Notice:
        return Notice(
            title=_("%(provider)s has not submitted its PD template for %(year)s")
            % {**days_late, "provider": provider},
            body=_("The survey was due on %(date)s.") % days_late,
            url=reverse("surveys:cycle-detail", kwargs={"year": cycle.fiscal_year}),
        )

    key = f"survey:{cycle.fiscal_year}:escalation:{provider.pk}"
    told = notify(
        recipients=provider_staff(provider.pk), kind=Kind.SURVEY_ESCALATION, key=key, render=render_staff
    )
    told += notify(recipients=contacts, kind=Kind.SURVEY_ESCALATION, key=key, render=render_contacts)
    return len(told)


def template_reopened(template: PDTemplate) -> None:
    cycle = template.cycle

    def render() -> Notice:
        return Notice(
            title=_("IRCC staff reopened your PD template for %(year)s") % {"year": cycle.fiscal_year_label},
            body=_("You can correct it and submit it again."),
            url=_my_template_url(cycle),
        )

    notify(
        recipients=provider_staff(template.provider_id),
        kind=Kind.TEMPLATE_REOPENED,
        key=f"pdtemplate:{template.pk}:reopened:{template.version}",
        render=render,
    )
