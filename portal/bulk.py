"""Inserting millions of generated rows quickly (`generate_scale_data`, issue 22: scale 100 is about
2,000,000 PD needs, made in minutes, not a quarter of an hour).

`copy_rows` streams plain tuples into a table: PostgreSQL's COPY (no model instances, no per-row
INSERT), and `executemany` elsewhere (SQLite in `make run`). Only for generated data whose values
are already valid: it bypasses `save()`, `full_clean()` and signals, like `bulk_create` does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import connection

from . import datacache

#: Rows buffered before each COPY: a few MB of text.
CHUNK = 50_000


def _copy_chunk(cursor, table: str, columns: str, rows: list[Sequence]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(("\\N" if value is None else value for value in row) for row in rows)
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)


def copy_rows(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in the order of `fields`, model field names) into `model`'s table."""
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    count = 0
    with connection.cursor() as cursor:
        chunk: list[Sequence] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                count += _flush(cursor, table, columns, chunk)
                chunk = []
        if chunk:
            count += _flush(cursor, table, columns, chunk)
    datacache.model_written(model)
    return count


def _flush(cursor, table: str, columns: str, chunk: list[Sequence]) -> int:
    if connection.vendor == "postgresql":
        _copy_chunk(cursor.cursor, table, columns, chunk)  # the psycopg2 cursor under Django's
    else:
        marks = ", ".join(["%s"] * len(chunk[0]))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", chunk)
    return len(chunk)
