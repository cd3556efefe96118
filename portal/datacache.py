"""Results that change only when their data does, cached until a write to that data (issue 22).

A *topic* names a set of models (`register("group-health", Committee, Meeting, ...)`). Every save,
delete or many-to-many change of one of them bumps the topic's version (at once, for the writer's
own next page, and again when the transaction commits, so a reader that computed from the old rows
meanwhile stored them under a version nobody asks any more). A cached value's key holds the versions
of its topics, so after a write the next reader computes afresh: nothing waits for a timeout.

Writes that send no signal (`QuerySet.update`, `bulk_create`, raw SQL) call `model_written(model)`
(portal.bulk, portal.undo, the scale generators do); `migrate` and `restore` bump every topic. The
timeout (an hour) bounds what a forgotten one could cost. Keys name the database, so two databases
behind one Redis (the benchmark's scales) never read each other's values.

The cache is the default one: Redis when REDIS_URL is set (shared by every web replica and worker,
so a write anywhere shows everywhere), in-process memory otherwise (`make run`: one process).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

logger = logging.getLogger(__name__)
TIMEOUT = 3600
#: The topic every write bumps (the dashboards read from every app), except the writes that follow
#: requests themselves rather than the data people work on (sessions, sign-in records).
ANY_WRITE = "any-write"
_NOT_DATA = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "admin.logentry",
}
#: The values this process read last, by key: a key names its versions, so a value found here is
#: as fresh as the shared cache's, without unpickling it again (the group-health map: 15 ms).
_LOCAL: dict[str, tuple[float, Any]] = {}
_LOCAL_SIZE = 256
_TOPICS: dict[str, set[type[Model]]] = {}
_BY_MODEL: dict[type[Model], set[str]] = {}


def register(topic: str, *models: type[Model]) -> str:
    """Say that `topic`'s cached values are computed from `models` (many-to-many tables included
    by naming the field's `through`). Called from an AppConfig.ready(), so that every process
    (web, worker, command) bumps the topic when it writes."""
    _TOPICS.setdefault(topic, set()).update(models)
    for model in models:
        _BY_MODEL.setdefault(model, set()).add(topic)
    return topic


def _database() -> str:
    db = settings.DATABASES["default"]
    return f"{db.get('HOST', '')}:{db.get('PORT', '')}/{db['NAME']}"


def _version_key(topic: str) -> str:
    return f"datacache:v:{_database()}:{topic}"


def versions(topics: Iterable[str]) -> list[int]:
    keys = [_version_key(t) for t in topics]
    found = cache.get_many(keys)
    # A version never read (or evicted) starts from the clock, never from a number an older value
    # may still be cached under.
    missing = {k: int(time.time() * 1000) for k in keys if k not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return [found[k] for k in keys]


def bump(*topics: str) -> None:
    for topic in topics:
        key = _version_key(topic)
        try:
            try:
                cache.incr(key)
            except ValueError:  # never read yet, or evicted: any new number makes old keys unreachable
                cache.set(key, int(time.time() * 1000), timeout=None)
        except Exception:  # the cache is down: nothing is read from it either (cached() computes)
            logger.warning("datacache: could not bump %s", topic, exc_info=True)


def bump_all(**_signal) -> None:
    """Every topic anew (after migrate or restore; tests roll the database back under the cache)."""
    bump(*_TOPICS)


def model_written(model: type[Model]) -> None:
    """A write that sent no signal (QuerySet.update, bulk_create, COPY) changed `model`'s rows."""
    _written(model)


def cached(topics: Iterable[str], parts: Iterable[Any], compute: Callable[[], Any], timeout: int = TIMEOUT):
    """`compute()`, or what it returned last for the same parts while none of `topics` changed.
    `parts` must hold everything else the value depends on (the day, the language, what the
    user may see)."""
    found_key = key(topics, parts)
    if found_key is None:  # the cache is down: pages still answer, from the database
        return compute()
    value = read(found_key, timeout)
    if value is None:
        value = compute()
        keep(found_key, value, timeout)
    return value


def key(topics: Iterable[str], parts: Iterable[Any]) -> str | None:
    """The key of a value computed from `topics` and `parts` as they are now (None: the cache did
    not answer, so nothing may be read or kept)."""
    topics = list(topics)
    for topic in topics:
        if topic not in _TOPICS:
            raise KeyError(f"datacache topic {topic!r} is not registered")
    try:
        current = versions(topics)
    except Exception:
        logger.warning("datacache: the cache did not answer; computing %s", topics, exc_info=True)
        return None
    raw = repr((_database(), topics, current, list(parts)))
    return "datacache:" + hashlib.sha256(raw.encode()).hexdigest()


def read(found_key: str, timeout: int = TIMEOUT) -> Any:
    """The value kept under `found_key` (from `key()`), or None; this process keeps what it read
    for `timeout` seconds at most (the value's own timeout)."""
    found = _LOCAL.get(found_key)
    if found is not None and found[0] > time.monotonic():
        return found[1]
    try:
        value = cache.get(found_key)
    except Exception:
        return None
    if value is not None:
        _remember(found_key, value, timeout)
    return value


def keep(found_key: str, value: Any, timeout: int = TIMEOUT) -> None:
    """Keep `value` under `found_key` (from `key()`) for every process, for `timeout` seconds."""
    try:
        cache.set(found_key, value, timeout=timeout)
    except Exception:
        logger.warning("datacache: could not store %s", found_key, exc_info=True)
    _remember(found_key, value, timeout)


def _remember(found_key: str, value: Any, timeout: int) -> None:
    if len(_LOCAL) >= _LOCAL_SIZE:
        _LOCAL.pop(next(iter(_LOCAL)))
    _LOCAL[found_key] = (time.monotonic() + timeout, value)


def _written(sender, **kwargs) -> None:
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: only after the change
    if sender._meta.label_lower in _NOT_DATA:
        return
    topics = (*_BY_MODEL.get(sender, ()), ANY_WRITE)
    bump(*topics)
    transaction.on_commit(functools.partial(_after_commit, topics), robust=True)


def _after_commit(topics: tuple[str, ...]) -> None:
    bump(*topics)


def is_own_callback(callback) -> bool:
    """Whether an on-commit callback is this module's bump (tests that count queued tasks skip it)."""
    return getattr(callback, "func", None) is _after_commit


_TOPICS.setdefault(ANY_WRITE, set())

post_save.connect(_written, dispatch_uid="datacache-save")
post_delete.connect(_written, dispatch_uid="datacache-delete")
m2m_changed.connect(_written, dispatch_uid="datacache-m2m")
post_migrate.connect(bump_all, dispatch_uid="datacache-migrate")
