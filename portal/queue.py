"""Enqueue Celery tasks after the transaction commits, without holding the request when the broker
is away.

Publishing gives up quickly (`PORTAL_PUBLISH_RETRY_POLICY`, short connect timeouts in settings):
with Redis stopped a request that enqueues answers in well under a second instead of ~19 s. A task
the broker did not take is kept as an `UnsentTask` row and sent again as soon as the broker answers:
by the next successful publish, or by the beat's `drain_unsent_tasks` every few seconds.
"""

from __future__ import annotations

import logging

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F

log = logging.getLogger(__name__)


def _send(name: str, args: list | tuple, queue: str = "") -> None:
    # No result subscription (the job rows hold the outcome): with Redis as result backend a
    # subscription alone retries for ~19 s when Redis is away.
    current_app.send_task(
        name,
        args=list(args),
        queue=queue or None,  # None: the task's route in CELERY_TASK_ROUTES
        ignore_result=True,
        retry=True,
        retry_policy=settings.PORTAL_PUBLISH_RETRY_POLICY,
    )


def publish(task, *args, queue: str = "") -> bool:
    """Send the task now (to `queue`, or its route); when the broker is away keep it for later.

    True when the broker took it."""
    name = task if isinstance(task, str) else task.name
    if current_app.conf.task_always_eager:  # no broker (local work, unit tests): run it here
        if name not in current_app.tasks:
            # A task sent by name: load every app's tasks.py, as a worker does when it starts.
            current_app.loader.import_default_modules()
        try:
            current_app.tasks[name].apply_async(args=list(args), queue=queue or None)
        except Exception:  # noqa: BLE001 - as with a worker, a failing job does not fail the page
            log.warning("task %s%r failed", name, tuple(args), exc_info=True)
        return True
    try:
        _send(name, args, queue)
    except Exception as exc:  # noqa: BLE001 - any broker error: keep the task, the page still answers
        log.warning("broker unreachable: %s%r kept to send again (%s)", name, tuple(args), exc)
        try:
            from .models import UnsentTask

            UnsentTask.objects.create(task=name, args=list(args), queue=queue, last_error=str(exc)[:1000])
        except DatabaseError:
            log.error("could not keep %s%r: the job's own sweep will find it", name, tuple(args))
        return False
    drain_unsent_tasks()  # the broker answers: send what waited for it
    return True


def enqueue_on_commit(task, *args, queue: str = "") -> None:
    transaction.on_commit(lambda: publish(task, *args, queue=queue))


def drain_unsent_tasks(*, limit: int = 500) -> int:
    """Send the kept tasks, oldest first; stop at the first refusal. Returns how many went out."""
    from .models import UnsentTask

    sent = 0
    try:
        with transaction.atomic():
            rows = list(UnsentTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit])
            for row in rows:
                try:
                    _send(row.task, row.args, row.queue)
                except Exception as exc:  # noqa: BLE001 - still away: try again on the next drain
                    UnsentTask.objects.filter(pk=row.pk).update(
                        attempts=F("attempts") + 1, last_error=str(exc)[:1000]
                    )
                    break
                row.delete()
                sent += 1
    except DatabaseError:
        log.warning("could not read the unsent tasks", exc_info=True)
    if sent:
        log.info("sent %s task(s) kept while the broker was away", sent)
    return sent
