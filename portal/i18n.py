"""Content stored in both official languages: `name_en` and `name_fr` side by side.

`Translated("name")` on a model reads the active language's column and falls back to the other
one, so templates write `{{ group.name }}` and get the user's language.
"""

from django.utils.translation import get_language


def current_language() -> str:
    return (get_language() or "en")[:2]


class Translated:
    """A read-only attribute that picks `<field>_<lang>` for the active language, with fallback."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __set_name__(self, owner, name: str) -> None:
        self.attr = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        lang = current_language()
        other = "en" if lang == "fr" else "fr"
        return getattr(instance, f"{self.field}_{lang}", "") or getattr(instance, f"{self.field}_{other}", "")


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
