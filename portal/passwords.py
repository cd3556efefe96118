"""Password rules beyond Django's: nothing built from the user's own names or the portal's words.

Django's similarity validator compares the whole password with each attribute, so "Tremblay2024!"
is refused but "JeanTremblay2024!" is not. Here a password is refused when, once its digits,
punctuation and spaces are taken out, what is left is made only of the user's names, e-mail parts
and the words everybody associates with the portal ("ircc", "settlement", "établissement"...).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Words an attacker tries first against this portal, in both languages, accents removed.
PORTAL_WORDS = (
    "portal",
    "portail",
    "ircc",
    "pnt",
    "demo",
    "settlement",
    "etablissement",
    "newcomer",
    "nouveaux",
    "arrivants",
    "immigration",
    "canada",
    "provider",
    "fournisseur",
    "password",
    "motdepasse",
    "welcome",
    "bienvenue",
    "admin",
)
MIN_PART = 3  # shorter name parts ("Li", "Jo") would refuse too much


def _fold(text: str) -> str:
    """Lower case, accents removed, letters only (digits, years and punctuation dropped)."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))


def _user_parts(user) -> set[str]:
    parts: set[str] = set()
    if user is None:
        return parts
    values = [getattr(user, name, "") or "" for name in ("username", "first_name", "last_name")]
    email = getattr(user, "email", "") or ""
    values += re.split(r"[@.]", email)
    for value in values:
        for piece in re.split(r"[\s._\-+']+", str(value)):
            folded = _fold(piece)
            if len(folded) >= MIN_PART:
                parts.add(folded)
        whole = _fold(value)
        if len(whole) >= MIN_PART:
            parts.add(whole)
    return parts


def _made_of(letters: str, words: set[str]) -> bool:
    """True when `letters` is a concatenation of `words` (each used any number of times)."""
    if not letters:
        return False
    reachable = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        reachable[end] = any(
            reachable[end - len(w)] and letters.endswith(w, 0, end) for w in words if len(w) <= end
        )
    return reachable[-1]


class PortalWordsValidator:
    """Refuse a password that is only the user's names, e-mail or the portal's words, plus digits."""

    def validate(self, password: str, user=None) -> None:
        letters = _fold(password)
        user_words = _user_parts(user)
        if (
            user_words
            and _made_of(letters, user_words | set(PORTAL_WORDS))
            and any(w in letters for w in user_words)
        ):
            raise ValidationError(
                _("This password is built from your name or e-mail address. Choose one nobody could guess."),
                code="password_from_user",
            )
        if _made_of(letters, set(PORTAL_WORDS)):
            raise ValidationError(
                _(
                    "This password is built from words everyone links with the portal (such as IRCC,"
                    " settlement or demo). Choose one nobody could guess."
                ),
                code="password_portal_words",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be built from your name, your e-mail address or the portal's name.")
