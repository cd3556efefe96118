"""Results that change only when their data does, cached until a write to that data (issue 22).

A *topic* names a set of models (`register("group-health", Committee, Meeting, ...)`). Every
INSERT, UPDATE or DELETE of one of their tables bumps the topic's version: each connection's
statements pass through `_on_statement` (a Django execute wrapper), so a save, a delete, a
many-to-many change, `QuerySet.update`, `bulk_create` and raw SQL through the ORM's cursor all count,
with no call to remember. In a transaction a topic is bumped at its first write (for the writer's own
next read) and once more when the transaction commits (so a reader that computed from the old rows
meanwhile stored them under a version nobody asks any more); a rolled-back transaction bumps nothing
more. A cached value's key holds the versions of its topics, so after a write the next reader
computes afresh: nothing waits for a timeout.

Only PostgreSQL's COPY (portal.bulk) bypasses the cursor: it calls `model_written(model)`; `migrate`
and `restore` bump every topic. Keys name the database, so two databases behind one Redis (the
benchmark's scales) never read each other's values.

The cache is the default one: Redis when REDIS_URL is set (shared by every web replica and worker,
so a write anywhere shows everywhere), in-process memory otherwise (`make run`: one process).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, router
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.db.models.signals import post_migrate

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
#: Table -> the topics a write to it bumps (built from the models at the first write).
_TABLES: dict[str, tuple[str, ...]] = {}


def register(topic: str, *models: type[Model]) -> str:
    """Say that `topic`'s cached values are computed from `models` (many-to-many tables included
    by naming the field's `through`). Called from an AppConfig.ready(), so that every process
    (web, worker, command) bumps the topic when it writes."""
    _TOPICS.setdefault(topic, set()).update(models)
    for model in models:
        _BY_MODEL.setdefault(model, set()).add(topic)
    _TABLES.clear()  # read again at the next write
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
    _read_in_transaction()
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


# --- Writes: every INSERT, UPDATE and DELETE the ORM sends, whatever sent it ----------------------
#: `INSERT INTO "table"`, `UPDATE "table"`, `DELETE FROM "table"`: the statements that change rows,
#: as Django writes them on PostgreSQL and SQLite.
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
#: First characters a write can start with: every other statement skips the pattern.
_WRITE_STARTS = frozenset(" \t\nIUDiud")


def _topics_of_table(table: str) -> tuple[str, ...]:
    """The topics a write to `table` bumps: its model's topics and ANY_WRITE (none for the tables
    that follow requests rather than data: sessions, sign-in records, the admin's log)."""
    if not _TABLES:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.label_lower in _NOT_DATA:
                _TABLES[model._meta.db_table] = ()
            else:
                _TABLES[model._meta.db_table] = (*sorted(_BY_MODEL.get(model, ())), ANY_WRITE)
    return _TABLES.get(table, (ANY_WRITE,))


class _Pending:
    """What a connection's open transaction wrote: `topics`, bumped once more when it commits, and
    `bumped`, the topics bumped at once since this thread last read a cached value."""

    def __init__(self):
        self.topics: set[str] = set()
        self.bumped: set[str] = set()
        self.callback = None
        self.index = 0  # where the callback sits in the connection's on-commit list

    def queued(self, connection) -> bool:
        """Whether this transaction's bump is still queued (a savepoint rollback drops it). Looked
        up where it was put first: an import queuing a task per row must not scan them all per row."""
        if self.callback is None:
            return False
        entries = connection.run_on_commit
        if self.index < len(entries) and entries[self.index][1] is self.callback:
            return True
        return any(entry[1] is self.callback for entry in entries)


def _table_written(connection, table: str) -> None:
    topics = _topics_of_table(table)
    if not topics:
        return
    if not connection.in_atomic_block:
        bump(*topics)  # autocommit: the statement is committed already
        return
    pending = getattr(connection, "_datacache_pending", None)
    if pending is None:
        pending = connection._datacache_pending = _Pending()
    if not pending.queued(connection):  # this transaction's first write (or the last rolled back)
        pending.topics, pending.bumped = set(), set()
        pending.callback = functools.partial(_after_commit, pending)
        pending.index = len(connection.run_on_commit)
        connection.on_commit(pending.callback, robust=True)
    pending.topics.update(topics)
    # At once too, for the writer's own next read in this transaction (other connections do not
    # see these rows before the commit). Writes with no read in between share one bump, so a
    # bulk import's thousands of rows cost one per topic, not thousands.
    new = [topic for topic in topics if topic not in pending.bumped]
    if new:
        bump(*new)
        pending.bumped.update(new)


def _read_in_transaction() -> None:
    """A cached value is about to be read or kept: the next write bumps its topics at once again."""
    pending = getattr(connection, "_datacache_pending", None)  # the proxy reads the thread's connection
    if pending is not None:
        pending.bumped.clear()


def _after_commit(pending: _Pending) -> None:
    topics, pending.topics, pending.bumped, pending.callback = pending.topics, set(), set(), None
    bump(*topics)


def _on_statement(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and sql[:1] in _WRITE_STARTS:
        found = _WRITE.match(sql)
        if found:
            _table_written(context["connection"], found.group(1))
    return result


def _watch(sender, connection, **kwargs) -> None:
    """Every new database connection reports its writes here (web, worker, command alike)."""
    if _on_statement not in connection.execute_wrappers:
        # First, so that `with connection.execute_wrapper(...)` (which pops the last) keeps it.
        connection.execute_wrappers.insert(0, _on_statement)


def model_written(model: type[Model]) -> None:
    """A write the ORM did not send as a statement (PostgreSQL's COPY, portal.bulk) changed
    `model`'s rows."""
    _table_written(connections[router.db_for_write(model)], model._meta.db_table)


def is_own_callback(callback) -> bool:
    """Whether an on-commit callback is this module's bump (tests that count queued tasks skip it)."""
    return getattr(callback, "func", None) is _after_commit


_TOPICS.setdefault(ANY_WRITE, set())

connection_created.connect(_watch, dispatch_uid="datacache-watch")
post_migrate.connect(bump_all, dispatch_uid="datacache-migrate")
