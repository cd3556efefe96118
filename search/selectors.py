"""The header search: one query per kind of record, scoped to the user, accents and case ignored.

On PostgreSQL, full-text search: each kind's English columns with the `english` configuration, its
French ones with `french`, and its one-language-or-the-other columns (names, titles) with `simple`,
all folded through `unaccent` (search/migrations/0001), every word matched as a prefix ("evalu"
finds « Évaluations »). Elsewhere (SQLite, `make run`), each word must appear, folded the same way
(a Python function), in one of the kind's columns.
"""

import functools
import operator
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains
from django.utils.safestring import SafeString

from portal.i18n import current_language

from .folding import fold
from .highlight import excerpt, highlight
from .indexes import kind_vectors, vector_sql
from .kinds import KINDS, Kind

#: Results listed per kind; one more is read to know there are more.
PER_KIND = 10
MAX_WORDS = 8


def search_words(query: str) -> list[str]:
    """The words of a query, folded: letters and digits only (nothing a query language could read)."""
    return re.findall(r"[^\W_]+", fold(query))[:MAX_WORDS]


@dataclass
class Hit:
    title: SafeString
    summary: SafeString
    url: str
    #: The other language's title, when the match is there and not in the title shown.
    other_title: SafeString | None = None
    #: The language of the title and of the summary when it is not the page's ("fr" on an English
    #: page whose record has only a French title), for their `lang` attribute.
    title_lang: str | None = None
    summary_lang: str | None = None


@dataclass
class KindResults:
    key: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


def _postgres_match(qs: QuerySet, kind: Kind, words: list[str]) -> QuerySet:
    """The kind's vectors (the expressions of its GIN indexes, search.indexes) against the words,
    each a prefix: `to_tsquery(config, 'evaluation:* & linguistique:*')`. Best matches first: the
    rank also keeps the planner on the GIN indexes (ordering by a column's b-tree instead would scan
    the whole table when few rows match)."""
    table = qs.model._meta.db_table
    tsquery = " & ".join(f"{word}:*" for word in words)
    pairs = [
        (vector_sql(config, table, columns, quote=connection.ops.quote_name), f"to_tsquery('{config}', %s)")
        for config, columns in kind_vectors(kind)
    ]
    match = "(" + " OR ".join(f"{vector} @@ {query}" for vector, query in pairs) + ")"
    rank = " + ".join(f"ts_rank({vector}, {query})" for vector, query in pairs)
    params = [tsquery] * len(pairs)
    return (
        qs.filter(RawSQL(match, params, output_field=BooleanField()))
        .annotate(search_rank=RawSQL(rank, params, output_field=FloatField()))
        .order_by("-search_rank", *kind.order)
    )


def _fallback_match(qs: QuerySet, kind: Kind, words: list[str]) -> QuerySet:
    for word in words:
        lookups = [
            Contains(Func(F(column), function="portal_search_fold", output_field=TextField()), word)
            for column in kind.columns
        ]
        qs = qs.filter(functools.reduce(operator.or_, lookups))
    return qs


def matching(kind: Kind, *, user, words: list[str]) -> QuerySet:
    qs = kind.records(user)
    if connection.vendor == "postgresql":
        return _postgres_match(qs, kind, words)
    return _fallback_match(qs, kind, words).order_by(*kind.order)


def _value(row, path: str) -> str:
    for name in path.split("."):
        row = getattr(row, name, "")
    return str(row or "")


def _in_reading_order(fields: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(English, French) fields with the page's language first, each with the language it is in
    when that is not the page's; one field as it is (a name, in no language in particular)."""
    if len(fields) != 2:
        return [(f, None) for f in fields]
    page = current_language()
    by_language = [(fields[0], "en"), (fields[1], "fr")]
    if page == "fr":
        by_language.reverse()
    return [(f, None if lang == page else lang) for f, lang in by_language]


def _matches(text: str, words: list[str]) -> bool:
    folded = fold(text)
    return any(re.search(r"(?<!\w)" + re.escape(word), folded) for word in words)


def _hit(kind: Kind, row, words: list[str]) -> Hit:
    titles = [(_value(row, f), lang) for f, lang in _in_reading_order(kind.title)]
    shown, shown_lang = next(((t, lang) for t, lang in titles if t), ("", None))
    other = next((t for t, _ in titles[1:] if t and t != shown and _matches(t, words)), None)
    if other is not None and (_matches(shown, words) or shown_lang is not None):
        other = None
    summaries = [(_value(row, f), lang) for f, lang in _in_reading_order(kind.summary)]
    summary, summary_lang = next(
        ((t, lang) for t, lang in summaries if t and _matches(t, words)),
        next(((t, lang) for t, lang in summaries if t), ("", None)),
    )
    return Hit(
        title=highlight(shown, words),
        summary=excerpt(summary, words),
        url=kind.url(row),
        other_title=highlight(other, words) if other else None,
        title_lang=shown_lang,
        summary_lang=summary_lang,
    )


def search(*, user, query: str) -> list[KindResults]:
    """Every kind with at least one match, in the order of KINDS, each with at most PER_KIND hits."""
    words = search_words(query)
    if not words:
        return []
    results = []
    for kind in KINDS:
        rows = list(matching(kind, user=user, words=words)[: PER_KIND + 1])
        if not rows:
            continue
        results.append(
            KindResults(
                key=kind.key,
                label=str(kind.label),
                hits=[_hit(kind, row, words) for row in rows[:PER_KIND]],
                more=len(rows) > PER_KIND,
            )
        )
    return results
