"""Enqueue Celery tasks after the transaction commits, without failing the request when the
broker is away: the job row stays "queued" and a beat sweep enqueues it again once Redis is back.
"""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    def send() -> None:
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 - any broker error: the sweep retries, the page still answers
            log.warning("could not enqueue %s%r; the sweep will retry", task.name, args, exc_info=True)

    transaction.on_commit(send)
