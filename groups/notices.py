"""Who the working groups tell, and what: work-plan deadlines and committees behind on meetings.

Called by the beat (`groups.tasks`), each event once per person (its key names the item and its due
date, or the committee, its fiscal year and the number of meetings expected so far)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.kinds import Kind
from notifications.services import Notice, notify
from portal.fiscal import fiscal_year_label, fiscal_year_of

from .models import Committee, ItemStatus, MemberRole, WorkPlanItem
from .selectors import with_compliance

#: Days before its due date when an item's owner is told it is coming.
DUE_SOON_DAYS = 7


def _item_recipients(item: WorkPlanItem) -> list:
    return [item.owner_account, item.work_plan.group.lead]


def _item_notice(item: WorkPlanItem, *, overdue: bool) -> Notice:
    context = {
        "item": item.title,
        "group": item.work_plan.group.name,
        "date": date_format(item.due_date, "DATE_FORMAT"),
    }
    if overdue:
        title = _("Overdue work-plan item: %(item)s") % context
        body = _("%(group)s: this item was due on %(date)s and is not done.") % context
    else:
        title = _("Work-plan item due on %(date)s: %(item)s") % context
        body = _("%(group)s: this item is due on %(date)s.") % context
    owner = item.owner_label
    if owner:
        body += "\n" + _("Owner: %(owner)s") % {"owner": owner}
    return Notice(title=title, body=body, url=item.work_plan.get_absolute_url())


def notify_work_plan_deadlines(*, today: datetime.date | None = None) -> int:
    """Open items due within DUE_SOON_DAYS, and items overdue, reach their owner and the group's IRCC
    lead: each once per item and due date (a new due date is a new deadline). Returns notices made."""
    today = today or timezone.localdate()
    items = (
        WorkPlanItem.objects.exclude(status=ItemStatus.DONE)
        .filter(due_date__isnull=False, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner_user", "owner_member__user", "work_plan__group__lead")
        .order_by("due_date", "pk")
    )
    made = 0
    for item in items:
        overdue = item.is_overdue(today)
        made += len(
            notify(
                recipients=_item_recipients(item),
                kind=Kind.ITEM_OVERDUE if overdue else Kind.ITEM_DUE,
                key=f"workplanitem:{item.pk}:{'overdue' if overdue else 'due'}:{item.due_date.isoformat()}",
                render=lambda item=item, overdue=overdue: _item_notice(item, overdue=overdue),
            )
        )
    return made


def _committee_recipients(committee: Committee, today: datetime.date) -> list:
    chairs = [
        seat.user
        for seat in committee.members.all()
        if seat.role in (MemberRole.CHAIR, MemberRole.CO_CHAIR) and seat.user_id and seat.is_current(today)
    ]
    lead = committee.group.lead if committee.group_id else None
    return [*chairs, lead]


def notify_committees_behind(*, today: datetime.date | None = None) -> int:
    """Committees behind their meeting minimum this fiscal year tell their chair and their group's
    IRCC lead, once for each further meeting expected. Returns notices made."""
    from django.db.models import Count, Q

    from portal.fiscal import fiscal_year_bounds

    today = today or timezone.localdate()
    year = fiscal_year_of(today)
    start, end = fiscal_year_bounds(year)
    committees = (
        Committee.objects.filter(min_meetings_per_year__gt=0)
        .select_related("group__lead", "umbrella")
        .prefetch_related("members__user")
        .annotate(held=Count("meetings", filter=Q(meetings__date__range=(start, end)), distinct=True))
    )
    made = 0
    for committee in with_compliance(committees, fiscal_year=year, today=today):
        compliance = committee.compliance
        if not compliance.behind:
            continue

        def render(committee=committee, compliance=compliance) -> Notice:
            return Notice(
                title=_("%(committee)s is behind on its meetings") % {"committee": committee.name},
                body=_("%(held)s of %(expected)s meetings expected so far in %(year)s have been recorded.")
                % {"held": compliance.held, "expected": compliance.expected, "year": fiscal_year_label(year)},
                url=reverse("groups:committee-detail", kwargs={"pk": committee.pk}),
            )

        made += len(
            notify(
                recipients=_committee_recipients(committee, today),
                kind=Kind.COMMITTEE_BEHIND,
                key=f"committee:{committee.pk}:behind:{year}:{compliance.expected}",
                render=render,
            )
        )
    return made
