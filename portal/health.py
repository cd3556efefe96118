"""Health for the orchestrator: is this process up, can it reach the database and the broker, and
are the Celery workers alive.

Three addresses, answered by `HealthCheckMiddleware` before anything else runs (no Host check, no
HTTPS redirect, no session, no sign-in: an orchestrator probes the container by its own address):

    /health/live/     200 while the process answers (a web container's liveness).
    /health/ready/    the database and the broker; 503 when either fails (take the replica out).
    /health/workers/  the workers' heartbeats; 503 when no worker beat within the threshold.

Each answers JSON: `{"status": "ok" | "fail", "checks": {name: {"status": ..., ...}}}`, with no
host names, credentials or error texts a stranger could use (the log has those).

Workers beat through `WorkerHeartbeat`, a worker boot step (registered in portal/celery.py) that
writes `portal:worker-heartbeat:<worker name>` into Redis every `WORKER_HEARTBEAT_SECONDS`, with a
time to live of three beats: a worker that dies simply disappears.
"""

from __future__ import annotations

import json
import logging
import time

from celery import bootsteps
from django.conf import settings
from django.db import connections
from django.http import HttpResponse

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "portal:worker-heartbeat:"
PATHS = {"/health/live/", "/health/ready/", "/health/workers/"}


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not ready"; the log says which
        logger.exception("health: the database did not answer")
        return {"status": "fail"}
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}


def check_broker() -> dict:
    if not settings.REDIS_URL:
        return {"status": "ok", "mode": "in-process"}
    started = time.monotonic()
    try:
        _redis().ping()
    except Exception:  # noqa: BLE001
        logger.exception("health: the broker did not answer")
        return {"status": "fail"}
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}


def check_workers() -> dict:
    """How many workers beat within the threshold, and how long ago the latest one did."""
    if not settings.REDIS_URL:
        return {"status": "ok", "mode": "in-process"}
    try:
        client = _redis()
        beats = [float(v) for v in client.mget(list(client.scan_iter(f"{HEARTBEAT_KEY}*"))) if v] or []
    except Exception:  # noqa: BLE001
        logger.exception("health: could not read the workers' heartbeats")
        return {"status": "fail", "alive": 0}
    now = time.time()
    alive = [beat for beat in beats if now - beat <= settings.WORKER_HEARTBEAT_STALE_SECONDS]
    if not alive:
        return {"status": "fail", "alive": 0}
    return {"status": "ok", "alive": len(alive), "last_beat_seconds": round(now - max(alive), 1)}


PROBES = {
    "/health/live/": dict,
    "/health/ready/": lambda: {"database": check_database(), "broker": check_broker()},
    "/health/workers/": lambda: {"workers": check_workers()},
}


def report(path: str) -> tuple[int, dict]:
    checks = PROBES[path]()
    ok = all(check["status"] == "ok" for check in checks.values())
    return (200 if ok else 503), {"status": "ok" if ok else "fail", "checks": checks}


class HealthCheckMiddleware:
    """First in MIDDLEWARE: health probes are answered before the Host check and the HTTPS
    redirect, which an orchestrator's probe of a container's own address would fail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path in PATHS:
            status, body = report(request.path)
            response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


class WorkerHeartbeat(bootsteps.StartStopStep):
    """A worker boot step: a timer writes this worker's heartbeat into Redis."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        if not settings.REDIS_URL:
            return
        self.key = f"{HEARTBEAT_KEY}{worker.hostname}"
        self.beat()
        self.tref = worker.timer.call_repeatedly(settings.WORKER_HEARTBEAT_SECONDS, self.beat, priority=10)

    def beat(self):
        try:
            ttl = int(settings.WORKER_HEARTBEAT_SECONDS * 3)
            _redis().set(self.key, repr(time.time()), ex=ttl)
        except Exception:  # noqa: BLE001 - a missed beat shows on /health/workers/, never kills the worker
            logger.warning("health: could not write the worker heartbeat", exc_info=True)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
        if settings.REDIS_URL:
            try:
                _redis().delete(self.key)
            except Exception:  # noqa: BLE001
                pass
