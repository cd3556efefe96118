"""French typography in every French string of the catalogues (issue 17): a no-break space before
« : », « ; », « ? », « ! » and inside « », and one word for "status" (« État »)."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/fr/LC_MESSAGES/django.po"))
NO_BREAK = "\u00a0\u202f"


def typography_problems(text: str) -> list[str]:
    """What a French string gets wrong: the mark and a few characters around it."""
    problems = []
    for match in re.finditer(r"[:;?!]", text):
        i, mark = match.start(), match.group()
        before, after = text[i - 1 : i], text[i + 1 : i + 3]
        if i == 0 or before in NO_BREAK:
            continue
        if mark == ":" and (after.startswith("//") or (before.isdigit() and after[:1].isdigit())):
            continue  # an address, a ratio or a time (3:1, 10:30)
        if mark == ":" and text[:i].endswith("Authorization"):
            continue  # an HTTP header, written as a program sends it
        if mark == "?" and re.match(r"[a-z_]+=", text[i + 1 :]):
            continue  # a query string
        if before == " " or re.match(r"[\w)»%]", before):
            problems.append(text[max(0, i - 12) : i + 3])
    problems += [m.group() for m in re.finditer(r"«[^\u00a0\u202f]|[^\u00a0\u202f]»", text)]
    return problems


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Portée\u00a0: locale", True),
        ("Portée : locale", False),
        ("Portée: locale", False),
        ("réservé; choisissez", False),
        ("«\u00a0oui\u00a0»", True),
        ("« oui »", False),
        ("https://example.org/?year=2018", True),
        ("Un contraste de 3:1", True),
    ],
)
def test_the_rule(text, ok):
    assert (typography_problems(text) == []) is ok


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_french_string_follows_french_typography(path):
    problems = {}
    for entry in polib.pofile(str(path)):
        if not entry.msgid or entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            found = typography_problems(text)
            if found:
                problems[entry.msgid[:60]] = found
    assert problems == {}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_status_is_one_word(path):
    statut = [
        e.msgid for e in polib.pofile(str(path)) if not e.obsolete and re.search(r"\b[Ss]tatuts?\b", e.msgstr)
    ]
    assert statut == []
