"""Names people type, made plain: one place for every model, form and import that stores a name.

`normalise_name` turns what was typed into what is stored: NFKC (full-width letters, ligatures and
other compatibility forms become ordinary letters), invisible characters removed (zero-width
spaces and joiners, bidirectional overrides such as U+202E, NUL and other control or format
characters), runs of spaces made one. `name_key` goes further, for comparison only: case folded and
common Cyrillic and Greek look-alikes of Latin letters replaced, so "Provider A" and "Prоvider A"
(a Cyrillic "о") are the same name. `refuse_lookalike` refuses a name whose key another row has.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Unicode categories that never show as a character of a name: controls (NUL, tabs...), format
#: characters (zero-width, bidi overrides, soft hyphen), surrogates, private use and unassigned.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})

#: Letters from other scripts that look like Latin ones, after case folding (comparison only).
LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ζ": "z",
    }
)


def normalise_name(value) -> str:
    """What a typed name is stored as: NFKC, no invisible characters, single spaces, trimmed."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in "\t\n\r\v\f" or category in ("Zs", "Zl", "Zp"):
            kept.append(" ")
        elif category not in INVISIBLE_CATEGORIES:
            kept.append(ch)
    return " ".join("".join(kept).split())


def name_key(value) -> str:
    """The form two names are compared in: normalised, case folded, look-alike letters made Latin."""
    folded = normalise_name(value).casefold()
    # Accented letters keep their accent (Québec and Quebec are different words), compared composed.
    return unicodedata.normalize("NFC", folded.translate(LOOKALIKES))


def clean_name_fields(instance, *fields: str, distinct: bool = True) -> None:
    """Normalise each named field of a model instance and (`distinct`) refuse look-alikes of the
    model's other rows: called from the model's `clean()`, so forms, the admin, services and imports
    all agree."""
    errors: dict[str, list] = {}
    model = type(instance)
    for field in fields:
        value = normalise_name(getattr(instance, field))
        setattr(instance, field, value)
        if not value:
            errors[field] = [model._meta.get_field(field).error_messages["blank"]]
            continue
        if not distinct:
            continue
        try:
            refuse_lookalike(model._default_manager.all(), field, value, exclude_pk=instance.pk)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def refuse_lookalike(queryset, field: str, value: str, *, exclude_pk=None) -> None:
    """Raise a ValidationError on `field` when another row of `queryset` has a name that only differs
    from `value` by case, invisible characters, compatibility forms or look-alike letters."""
    key = name_key(value)
    if not key:
        return
    others = queryset.exclude(pk=exclude_pk) if exclude_pk is not None else queryset
    for existing in others.values_list(field, flat=True).iterator():
        if name_key(existing) == key:
            raise ValidationError(
                {
                    field: _(
                        "“%(name)s” looks the same as “%(existing)s”, which already exists: it differs only"
                        " by invisible characters, letter case or look-alike letters. Use the existing"
                        " one, or choose a name that reads differently."
                    )
                    % {"name": normalise_name(value), "existing": normalise_name(existing)}
                },
                code="lookalike",
            )
