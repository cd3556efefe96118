"""The full-text expressions the search asks PostgreSQL, one per kind and configuration, and the
GIN index each needs (search/migrations/0001 creates them; a test checks the two never drift)."""

from .kinds import KINDS, Kind

CONFIGS = (("english", "english"), ("french", "french"), ("simple", "either"))


def document_sql(table: str | None, columns: tuple[str, ...], quote=lambda name: f'"{name}"') -> str:
    """portal_search_fold(coalesce(a, '') || ' ' || coalesce(b, '')): the folded text of the columns."""
    prefix = f"{quote(table)}." if table else ""
    joined = " || ' ' || ".join(f"coalesce({prefix}{quote(c)}, '')" for c in columns)
    return f"portal_search_fold({joined})"


def vector_sql(
    config: str, table: str | None, columns: tuple[str, ...], quote=lambda name: f'"{name}"'
) -> str:
    return f"to_tsvector('{config}'::regconfig, {document_sql(table, columns, quote)})"


def kind_vectors(kind: Kind) -> list[tuple[str, tuple[str, ...]]]:
    """[(configuration, columns)] of a kind, for the configurations it has columns for."""
    return [(config, getattr(kind, attr)) for config, attr in CONFIGS if getattr(kind, attr)]


def index_statements(table_of) -> list[str]:
    """CREATE INDEX for every kind's vectors; `table_of(kind)` names the kind's table."""
    statements = []
    for kind in KINDS:
        table = table_of(kind)
        for config, columns in kind_vectors(kind):
            name = f"search_{kind.key.replace('-', '_')}_{config}"
            vector = vector_sql(config, None, columns)
            statements.append(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ({vector});')
    return statements
