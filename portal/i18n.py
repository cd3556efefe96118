"""Content stored in both official languages: `<field>_en` and `<field>_fr` side by side.

The one mechanism, for every app (add a model field pair and you get all of it):

1. **Model**: two columns and a `Translated` attribute::

       title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
       title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
       title = Translated("title")
       # one language required, the other optional: a database constraint
       constraints = [one_language_required("title", name="workplanitem_title_in_one_language")]

   `obj.title` is the active language's column, else the other one's. The value is a `LangText`:
   a plain `str` (concatenation, `|truncatechars`, CSV, JSON and `<option>` labels see ordinary
   text) that also knows which language it is written in (`.lang`).

2. **Template**: `{% load portal_tags %}{% bilingual obj.title %}` (or `{% bilingual obj.notes breaks=True %}`
   for multi-line text, `block=True` for a `<div>`). In the reader's language it prints the escaped
   text. When only the other language exists it prints it inside an element with that `lang` and a
   visible note: `<span lang="fr">…</span> <small class="lang-note">(French only)</small>`
   (WCAG 2.1, 3.1.2 Language of Parts). Free text written in one language by whoever wrote it (a
   provider's description) passes its stored language:
   `{% bilingual req.description lang=req.description_language %}`.
   Why a tag and not automatic `__html__`: the value also lands in `<title>`, attributes
   (`aria-label`, `value`) and `<option>`, where markup would be printed or break the page.
   Python code that builds HTML calls `mark_language(value)`.

3. **Form**: `portal.forms.BilingualFormMixin` (first in the bases) finds every `X_en`/`X_fr` pair of
   the form, makes a pair listed in `one_language_required` need one language (either), marks each
   input with its `lang`; `templates/portal/form.html` shows each pair side by side (stacked on a
   phone). `ServiceCreateView`/`ServiceUpdateView` add a gentle warning (a message, never a refusal)
   when a pair was saved in one language only.

4. **Parity**: `bilingual_pairs()` below lists every `Translated` attribute of every installed model;
   the staff parity page (`/en/translations/`, `portal.views.ParityView`) lists each row that has
   one language and not the other, with a link to its edit page (`get_edit_url()` on the model,
   else the admin), and the staff dashboard counts them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

LANGUAGES = ("en", "fr")


def current_language() -> str:
    return (get_language() or "en")[:2]


def other_language(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


class LangText(str):
    """Text that knows the language it is written in (`lang`, "" when unknown or empty)."""

    lang: str

    def __new__(cls, value: str = "", lang: str = "") -> LangText:
        text = super().__new__(cls, value or "")
        text.lang = lang if text else ""
        return text

    @property
    def is_other_language(self) -> bool:
        """True when the text is not in the language of the page being rendered."""
        return bool(self) and bool(self.lang) and self.lang != current_language()

    def __reduce__(self):
        return (LangText, (str(self), self.lang))


class Translated(property):
    """An attribute that reads `<field>_<lang>` for the active language, with fallback to the other.

    Assigning to it (`item.title = "..."`, `WorkPlanItem(title=...)`, `defaults={"title": ...}`)
    writes the active language's column: text written now is in the writer's language. It is a
    `property` so that Django's model constructor accepts it as a keyword."""

    def __init__(self, field: str) -> None:
        super().__init__()
        self.field = field

    def __set_name__(self, owner, name: str) -> None:
        self.attr = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        lang = current_language()
        other = other_language(lang)
        value = getattr(instance, f"{self.field}_{lang}", "")
        if value:
            return LangText(value, lang)
        return LangText(getattr(instance, f"{self.field}_{other}", "") or "", other)

    def __set__(self, instance, value) -> None:
        setattr(instance, f"{self.field}_{current_language()}", value)


def translated(obj, field: str) -> LangText:
    """What `Translated(field)` reads, for an object without the attribute (a historical record)."""
    return Translated(field).__get__(obj)


def one_language_required(field: str, *, name: str):
    """The database constraint of a pair where one language is required, the other optional."""
    from django.db import models
    from django.utils.translation import gettext_lazy

    return models.CheckConstraint(
        condition=~Q(**{f"{field}_en": ""}) | ~Q(**{f"{field}_fr": ""}),
        name=name,
        violation_error_message=gettext_lazy("Write it in English or in French (or both)."),
    )


def language_note(lang: str) -> str:
    """The visible note beside text shown in the other language, in the reader's language."""
    if lang == "fr":
        return gettext("French only")
    return gettext("English only")


def mark_language(value, lang: str | None = None, *, breaks: bool = False, block: bool = False) -> SafeString:
    """The escaped text; inside an element with its `lang` and a visible note when it is not in the
    page's language. `lang` overrides what the value knows (text stored with its own language)."""
    if value is None or value == "":
        return mark_safe("")
    written_in = lang or getattr(value, "lang", "") or ""
    if breaks or block:
        text = linebreaks(str(value), autoescape=True) if block else _linebreaksbr(str(value))
    else:
        text = conditional_escape(str(value))
    if not written_in or written_in == current_language() or written_in not in LANGUAGES:
        return mark_safe(text)
    note = language_note(written_in)
    if block:
        return format_html(
            '<div lang="{}" class="lang-other">{}</div><p class="lang-note">({})</p>', written_in, text, note
        )
    return format_html(
        '<span lang="{}">{}</span> <small class="lang-note">({})</small>', written_in, text, note
    )


def _linebreaksbr(text: str) -> SafeString:
    from django.template.defaultfilters import linebreaksbr

    return linebreaksbr(text, autoescape=True)


def guess_language(text: str) -> str:
    """ "fr" when a text is clearly French, else "en": how migrations file existing one-column text
    into `_en` or `_fr`. Clearly French = accented letters or several common French words."""
    if not text:
        return "en"
    lowered = f" {text.lower()} "
    accents = sum(lowered.count(c) for c in "éèêàçùâîôûœ«»")
    words = sum(
        lowered.count(f" {w} ")
        for w in ("le", "la", "les", "des", "du", "et", "pour", "une", "un", "est", "dans", "sur", "aux")
    )
    english = sum(lowered.count(f" {w} ") for w in ("the", "and", "of", "to", "for", "with", "is", "in"))
    return "fr" if (accents >= 1 and english == 0) or words > english + 1 else "en"


# --- Parity: content that lacks one of its languages ------------------------------------------------
@dataclass(frozen=True)
class BilingualPair:
    model: type
    field: str  # the stem: "title" for title_en / title_fr

    @property
    def label(self) -> str:
        verbose = self.model._meta.get_field(f"{self.field}_en").verbose_name
        return str(verbose).replace(" (English)", "").replace(" (anglais)", "")


def bilingual_pairs() -> list[BilingualPair]:
    """Every `Translated` attribute of every installed model whose `_en` and `_fr` columns exist
    (found once: the installed models do not change while the process runs)."""
    return list(_bilingual_pairs())


@functools.cache
def _bilingual_pairs() -> tuple[BilingualPair, ...]:
    from django.apps import apps

    pairs = []
    for model in apps.get_models():
        if model._meta.app_label == "simple_history" or model.__name__.startswith("Historical"):
            continue
        names = {f.name for f in model._meta.get_fields()}
        for attr in vars(model).values():
            if isinstance(attr, Translated) and {f"{attr.field}_en", f"{attr.field}_fr"} <= names:
                pairs.append(BilingualPair(model, attr.field))
    return tuple(pairs)


def missing_language_q(field: str, lang: str) -> Q:
    """Rows that have the other language and not `lang`."""
    return Q(**{f"{field}_{lang}": ""}) & ~Q(**{f"{field}_{other_language(lang)}": ""})


def file_by_language(app_label: str, specs):
    """A migration step for a one-column text that became `_en` + `_fr`: the existing text went to
    `_en` (RenameField); this moves what is clearly French to `_fr` (`guess_language`).
    `specs` lists `(model_name, (field, ...))`."""

    def run(apps, schema_editor):
        for model_name, fields in specs:
            model = apps.get_model(app_label, model_name)
            for row in model.objects.all().only("pk", *(f"{f}_en" for f in fields)).iterator():
                changed = {}
                for field in fields:
                    value = getattr(row, f"{field}_en")
                    if value and guess_language(value) == "fr":
                        changed.update({f"{field}_fr": value, f"{field}_en": ""})
                if changed:
                    model.objects.filter(pk=row.pk).update(**changed)

    return run


def in_each_language(field: str, text) -> dict[str, str]:
    """A translatable message (gettext_lazy) stored as content: `{field_en: ..., field_fr: ...}`, each
    in its language, so a reason the portal writes itself reads right in both."""
    from django.utils.translation import override

    values = {}
    for lang in LANGUAGES:
        with override(lang):
            values[f"{field}_{lang}"] = str(text)
    return values


def written_pair(field: str, *, text: str = "", en: str = "", fr: str = "") -> dict[str, str]:
    """The two columns of a pair from what a form or a caller gives: `text` is in the writer's
    (active) language, `en`/`fr` name their language; stripped."""
    values = {f"{field}_en": (en or "").strip(), f"{field}_fr": (fr or "").strip()}
    if (text or "").strip():
        values[f"{field}_{current_language()}"] = text.strip()
    return values


def remember_language(response, language: str):
    """Keep `language` for the pages without a language prefix (Django's language cookie)."""
    from django.conf import settings

    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response
