"""Celery entry points of the working groups: the beat's deadline and meeting checks."""

from celery import shared_task


@shared_task(acks_late=True)
def notify_work_plan_deadlines() -> int:
    """Beat, daily: items due within 7 days or overdue reach their owner and the group's IRCC lead."""
    from . import notices

    return notices.notify_work_plan_deadlines()


@shared_task(acks_late=True)
def notify_committees_behind() -> int:
    """Beat, weekly: committees behind on their meetings tell their chair and their group's lead."""
    from . import notices

    return notices.notify_committees_behind()
