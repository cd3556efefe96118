"""Portal-wide Celery tasks."""

from celery import shared_task
from django.db import connection


@shared_task(acks_late=True)
def describe_worker() -> dict:
    """What the worker that ran this sees: its database and how many groups it holds.

    Lets the suite (and an operator) check that workers reach the same database as the site.
    """
    from groups.models import WorkingGroup

    return {
        "database": connection.vendor,
        "name": connection.settings_dict["NAME"],
        "groups": WorkingGroup.objects.count(),
    }
