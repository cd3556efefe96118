"""What a re-run of a loader wrote: every table's row count, and every writing SQL statement."""

from contextlib import contextmanager

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def row_counts() -> dict[str, int]:
    """Every table's row count: history tables and many-to-many tables included."""
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@contextmanager
def writes():
    """Collects the INSERT / UPDATE / DELETE statements run inside the block."""
    found: list[str] = []
    with CaptureQueriesContext(connection) as ctx:
        yield found
    found.extend(q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITES))
