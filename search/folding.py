"""Text folded for matching: lower case, accents removed ("Évaluation" -> "evaluation").

PostgreSQL folds with its `unaccent` extension (wrapped as the immutable `portal_search_fold`,
search/migrations/0001); SQLite gets the same-named function from Python below, so the fallback
search ignores accents too."""

import unicodedata

#: Letters that do not decompose into a base letter and an accent (unaccent maps them the same way).
LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}


def fold_char(ch: str) -> str:
    if ch in LIGATURES:
        return LIGATURES[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str | None) -> str:
    return "".join(fold_char(ch) for ch in (text or ""))


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_search_fold", 1, fold, deterministic=True)
