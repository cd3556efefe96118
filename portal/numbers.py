"""Numbers as people type them in each official language, read exactly or refused.

English: `2500.75`, `2,500.75`, `$2,500.75`, `2 500.75`. French: `2500,75`, `2 500,75` (with a
space, a no-break space or a narrow no-break space), `2 500,75 $`, `2500,75$`.

Anything that could mean two different values is refused rather than guessed, so the portal never
stores a value other than the one meant:
- English takes the comma only as a thousands separator between groups of three digits: `1,5`,
  `2500,75`, `1,2,3` and `2,5.0` are refused (is `1,5` one and a half, or fifteen?).
- French takes the period as a decimal point too (a numeric keypad types one), but only where it
  cannot be a thousands separator: `1.5` and `2500.75` are read, `1.500` and `1.500.000` are
  refused (one and a half, or fifteen hundred?). A period and a comma together are refused.
- Spaces group thousands in both languages, by threes; they are never a decimal separator.
- A dollar sign, before or after, only where the value is money.
"""

import re
from decimal import Decimal, InvalidOperation

#: What people put between groups of thousands: a space, a no-break space, a narrow no-break
#: space (what French typography prescribes), a thin space.
SPACES = " \u00a0\u202f\u2009"
MINUS = "-\u2212"
_MAX_LENGTH = 60  # more characters than any amount: unreadable, without reading it

_SPACE_GROUPS = re.compile(rf"^[0-9]{{1,3}}(?:[{SPACES}][0-9]{{3}})+$")
_COMMA_GROUPS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_DIGITS = re.compile(r"^[0-9]*$")
_ALLOWED = frozenset("0123456789.," + SPACES)


class UnreadableNumber(ValueError):
    """The text is not a number, or could be read as more than one."""


def parse_number(text: str, *, language: str, money: bool = False) -> Decimal:
    """The value `text` means in `language` ("en" or "fr"), exactly; `UnreadableNumber` otherwise."""
    body = str(text).strip()
    if not body or len(body) > _MAX_LENGTH:
        raise UnreadableNumber(text)
    negative = False
    if body[0] in MINUS:
        negative, body = True, body[1:].lstrip(SPACES)
    if money:
        if body.startswith("$"):
            body = body[1:].lstrip(SPACES)
        elif body.endswith("$"):
            body = body[:-1].rstrip(SPACES)
        if not negative and body[:1] in tuple(MINUS):  # $-5
            negative, body = True, body[1:].lstrip(SPACES)
    if not body or any(c not in _ALLOWED for c in body):
        raise UnreadableNumber(text)

    whole, fraction = _split(body, language=language, original=text)
    if not _DIGITS.fullmatch(fraction) or not (whole or fraction):
        raise UnreadableNumber(text)
    if not _DIGITS.fullmatch(whole):
        if _SPACE_GROUPS.fullmatch(whole):
            whole = "".join(c for c in whole if c not in SPACES)
        elif language != "fr" and _COMMA_GROUPS.fullmatch(whole):
            whole = whole.replace(",", "")
        else:
            raise UnreadableNumber(text)
    try:
        value = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole)
    except InvalidOperation as exc:  # the checks above leave only digits: never, but never a 500
        raise UnreadableNumber(text) from exc
    if negative and value:
        value = -value
    return value


def _split(body: str, *, language: str, original: str) -> tuple[str, str]:
    """The whole part (separators still in) and the decimals, by the language's decimal mark."""
    if language == "fr":
        if "," in body and "." in body:
            raise UnreadableNumber(original)
        if "." in body:
            whole, _, fraction = body.partition(".")
            # `1.500` may be fifteen hundred written the European way: refuse rather than guess.
            if "." in fraction or len(fraction) == 3:
                raise UnreadableNumber(original)
            return whole, fraction
        whole, _, fraction = body.partition(",")
        if "," in fraction:
            raise UnreadableNumber(original)
        return whole, fraction
    whole, _, fraction = body.partition(".")
    if "." in fraction or "," in fraction:
        raise UnreadableNumber(original)
    return whole, fraction


def format_number(value, *, language: str, grouping: bool = True) -> str:
    """`value` as a person of that language writes it: 2,500.75 and 2 500,75 (no-break space).

    The decimals are the value's own (a stored 3200.00 shows as 3,200.00), so what is shown reads
    back as the same value."""
    number = Decimal(value)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    if grouping:
        separator = "\u00a0" if language == "fr" else ","
        whole = f"{int(whole):,}".replace(",", separator)
    mark = "," if language == "fr" else "."
    return f"{sign}{whole}{mark}{fraction}" if fraction else f"{sign}{whole}"
