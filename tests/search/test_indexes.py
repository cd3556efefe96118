"""The search's GIN indexes are on exactly the expressions it asks, and PostgreSQL uses them."""

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search.indexes import index_statements
from search.kinds import KINDS
from search.selectors import matching, search_words

MIGRATION = importlib.import_module("search.migrations.0001_search_unaccent")


def _table(kind) -> str:
    return kind.records(AnonymousUser()).model._meta.db_table


def test_the_migration_indexes_every_expression_the_search_asks():
    assert index_statements(_table) == MIGRATION.INDEXES, (
        "search.kinds changed: the search now asks expressions the migration does not index. Add a "
        "search migration with the new CREATE INDEX statements (search.indexes.index_statements)."
    )


@pytest.mark.django_db
def test_postgresql_answers_from_the_indexes(staff_user, seeded):
    if connection.vendor != "postgresql":
        pytest.skip("full-text indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        # Statistics as after a long run (autovacuum analyses the tables the suite filled): on tiny
        # tables the planner then prefers walking a b-tree (a foreign key's) and filtering. Switch off
        # the plain scans, so only a bitmap scan is left, which needs an index on the condition:
        # the question is whether the GIN index CAN serve the search, as it does on large tables.
        for kind in KINDS:
            cursor.execute(f'ANALYZE "{_table(kind)}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
    for kind in KINDS:
        plan = matching(kind, user=staff_user, words=search_words("evaluation")).explain()
        assert f"search_{kind.key.replace('-', '_')}_" in plan, (kind.key, plan)
