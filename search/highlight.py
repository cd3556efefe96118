"""The match shown in its text: every occurrence of a searched word (accents and case ignored)
wrapped in <mark>, everything else escaped, so a record's text can never inject markup."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .folding import fold_char


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    folded, positions = [], []
    for index, ch in enumerate(text):
        for out in fold_char(ch):
            folded.append(out)
            positions.append(index)
    return "".join(folded), positions


def _ranges(text: str, words: list[str]) -> list[tuple[int, int]]:
    folded, positions = _folded_with_positions(text)
    found = []
    for word in words:
        # A word's beginning ("evalu" marks "Évaluations"), as the search matches prefixes.
        for match in re.finditer(r"(?<!\w)" + re.escape(word), folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            found.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, words: list[str]) -> SafeString:
    text = str(text or "")
    out, last = [], 0
    for start, end in _ranges(text, words):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def excerpt(text: str, words: list[str], *, width: int = 180) -> SafeString:
    """Up to `width` characters of `text` around its first match (the start when none), highlighted."""
    text = " ".join(str(text or "").split())
    if len(text) <= width:
        return highlight(text, words)
    ranges = _ranges(text, words)
    start = max(0, ranges[0][0] - width // 3) if ranges else 0
    end = min(len(text), start + width)
    piece = text[start:end]
    return mark_safe(("… " if start else "") + highlight(piece, words) + (" …" if end < len(text) else ""))  # noqa: S308
