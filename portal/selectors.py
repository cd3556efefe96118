"""The dashboard: for each role, what matters to it, gathered from each app's `dashboard.py`.

Each app may have `<app>/dashboard.py` with `dashboard_cards(user) -> list[dict]` (found by
portal.discovery, shown in INSTALLED_APPS order, or after the apps its `AFTER` names); a card has a
`title` and any of `figure`, `text`, `items` (`[{"label", "url"}]`), `url` with `link_label`, and
`level` ("warning" for something that needs attention).
"""

from .discovery import app_modules


def dashboard_for(user) -> dict:
    """The user's cards, computed once and kept until anything is written anywhere (the cards read
    every app: portal.datacache.ANY_WRITE), per user, language and day. Twenty queries and 60 ms at
    scale 10 on a miss; one cache read otherwise."""
    from django.utils import timezone

    from .datacache import ANY_WRITE, cached
    from .i18n import current_language

    return cached(
        [ANY_WRITE],
        ["dashboard", user.pk, current_language(), timezone.localdate()],
        lambda: _dashboard(user),
    )


def _dashboard(user) -> dict:
    cards: list[dict] = []
    for _app, module in app_modules("dashboard"):
        cards.extend(module.dashboard_cards(user))
    if user.has_perm("portal.view_translation_parity"):
        cards.append(parity_card())
    return {"cards": cards}


def parity_card() -> dict:
    """Staff's dashboard card: how much content lacks each language, by kind, linking the parity page."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .i18n import language_note

    counts = parity_counts()
    total = sum(c["count"] for c in counts)
    url = reverse("translation-parity")
    return {
        "title": _("Content in one language only"),
        "figure": total,
        "level": "warning" if total else "",
        "text": _("Everything people write is in both languages.") if not total else "",
        "items": [
            {
                "label": _("%(kind)s, %(field)s: %(count)s %(note)s")
                % {
                    "kind": c["pair"].model._meta.verbose_name_plural,
                    "field": c["pair"].label,
                    "count": c["count"],
                    "note": language_note("fr" if c["lang"] == "en" else "en").lower(),
                },
                "url": url,
            }
            for c in counts
        ],
        "url": url,
        "link_label": _("Fill in the missing languages"),
    }


def export_jobs_for(user):
    """The user's own export jobs, newest first: nobody sees another user's exports."""
    from .models import ExportJob

    return ExportJob.objects.filter(user=user).order_by("-created_at")


def report_job_sections(user) -> list[dict]:
    """Other kinds of background files shown on the Reports page beside the exports: each app's
    `report_jobs.py` (portal.discovery) gives `report_job_sections(user)` -> [{"template", "section"}],
    the user's own jobs only."""
    sections: list[dict] = []
    for _app, module in app_modules("report_jobs"):
        sections.extend(module.report_job_sections(user))
    return sections


# --- Content that lacks one of its languages (the parity page, portal/i18n.py) ------------------
def _parity_keys() -> list[tuple]:
    """(pair, lang) for every pair and language: the order of the UNION's counts."""
    from .i18n import LANGUAGES, bilingual_pairs

    return [(pair, lang) for pair in bilingual_pairs() for lang in LANGUAGES]


def _missing_querysets():
    """(pair, lang, queryset of rows that lack `lang` and have the other) for every pair."""
    from .i18n import missing_language_q

    for pair, lang in _parity_keys():
        yield pair, lang, pair.model._default_manager.filter(missing_language_q(pair.field, lang))


#: portal.datacache topic of the parity counts (its models: every model with bilingual fields).
PARITY_TOPIC = "translation-parity"


def _parity_numbers() -> list[tuple[int, int]]:
    """[(index in _missing_querysets(), rows)] in ONE query (a UNION of counts)."""
    from django.db.models import Count, IntegerField, Value

    parts = [
        rows.order_by()
        .annotate(key=Value(n, output_field=IntegerField()))
        .values("key")
        .annotate(n=Count("pk"))
        for n, (_pair, _lang, rows) in enumerate(_missing_querysets())
    ]
    if not parts:
        return []
    return [(row["key"], row["n"]) for row in parts[0].union(*parts[1:], all=True) if row["n"]]


def parity_counts() -> list[dict]:
    """How many rows lack each language, per app and kind: one query, or none while no bilingual
    record changed (portal.datacache; building the UNION of 60 counts took 70 ms a dashboard)."""
    from .datacache import cached

    keys = _parity_keys()
    counts = []
    for n, count in cached([PARITY_TOPIC], ["parity_counts"], _parity_numbers):
        pair, lang = keys[n]
        counts.append({"pair": pair, "lang": lang, "count": count})
    counts.sort(key=lambda c: (c["pair"].model._meta.app_label, str(c["pair"].model._meta.verbose_name)))
    return counts


def parity_rows(*, user, limit: int = 500) -> list[dict]:
    """Each row that has one language and not the other: app, kind, field, the record, what it has,
    the language it lacks and where to fill it in."""
    from .i18n import missing_language_q

    rows = []
    for pair, lang in ((c["pair"], c["lang"]) for c in parity_counts()):
        model = pair.model
        for obj in model._default_manager.filter(missing_language_q(pair.field, lang)).order_by("pk")[:limit]:
            rows.append(
                {
                    "app": model._meta.app_config.verbose_name,
                    "kind": model._meta.verbose_name,
                    "field": pair.label,
                    "object": obj,
                    "present": getattr(obj, pair.field),
                    "missing": lang,
                    "edit_url": edit_url_for(obj, user=user),
                }
            )
    return rows


def edit_url_for(obj, *, user) -> str:
    """The page where a record is edited: its `get_edit_url()`, the app's `<model>-update` page (or the
    name in the model's `edit_url_name`), else the admin for administrators; "" when none."""
    from django.urls import NoReverseMatch, reverse

    if hasattr(obj, "get_edit_url"):
        return obj.get_edit_url()
    meta = obj._meta
    name = getattr(obj, "edit_url_name", f"{meta.app_label}:{meta.model_name}-update")
    for kwarg in ("pk", "slug"):
        if kwarg == "slug" and not hasattr(obj, "slug"):
            continue
        try:
            return reverse(name, kwargs={kwarg: getattr(obj, kwarg)})
        except NoReverseMatch:
            continue
    if getattr(user, "is_admin", False):
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        except NoReverseMatch:
            return ""
    return ""
