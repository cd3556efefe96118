"""The Celery app: configured from Django settings (CELERY_ namespace), tasks autodiscovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _register_heartbeat() -> None:
    """Every worker beats into Redis for /health/workers/ (portal/health.py)."""
    from portal.health import WorkerHeartbeat

    app.steps["worker"].add(WorkerHeartbeat)


_register_heartbeat()
