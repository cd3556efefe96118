"""A walk in French over every key page finds no English text outside an element marked
`lang="en"`, and the same in English for French text (WCAG 2.1, 3.1.2 Language of Parts; the
Official Languages Act's equal quality). Also: the focus outline on the dark menu keeps 3:1.

What counts as text in the other language, exactly (so the test fails on a real slip and not on
chance): a visible or screen-reader text node (or an aria-label) that is
- the English (French) of an interface string: a catalogue msgid whose French differs from it
  (a string someone forgot to mark, or whose translation is missing, is printed as its msgid), or
- the English (French) column of bilingual content whose two columns differ (content shown in
  the other language without the mark `{% bilingual %}` adds), or
- a sentence with two or more of the other language's everyday words ("the", "and" / "le", "et").
Proper names of providers (one name, in the language the organisation chose) are exempt, as WCAG
exempts proper names.
"""

import re
from pathlib import Path

import polib
import pytest

from tests.browser.test_accessibility import PAGES, load_demo_world, page_path, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
WORDS = {
    "en": {"the", "and", "of", "with", "for", "to", "is", "are", "this", "your", "you", "from", "by", "not"},
    "fr": {"le", "la", "les", "des", "du", "et", "pour", "une", "est", "dans", "sur", "aux", "avec", "vous"},
}
TEXT_NODES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const langOf = (el) => {
    const marked = el.closest("[lang]");
    return marked ? marked.getAttribute("lang").slice(0, 2) : "";
  };
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, noscript, template")) continue;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text) out.push([text, langOf(el)]);
  }
  for (const el of document.body.querySelectorAll("[aria-label]")) {
    out.push([el.getAttribute("aria-label").replace(/\\s+/g, " ").trim(), langOf(el)]);
  }
  return out;
}"""


def _catalogue_strings() -> dict[str, set[str]]:
    """Interface strings in each language, where the two differ (placeholders left out)."""
    strings = {"en": set(), "fr": set()}
    for po_path in ROOT.glob("*/locale/fr/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [
                    (entry.msgid, entry.msgstr_plural.get(0, "")),
                    (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
                ]
            for english, french in pairs:
                if not french or english.strip() == french.strip() or re.search(r"%|\{", english):
                    continue
                strings["en"].add(english.strip())
                strings["fr"].add(french.strip())
    return strings


def _content_strings() -> dict[str, set[str]]:
    """Bilingual content in each language, where the two columns differ."""
    from portal.i18n import bilingual_pairs

    strings = {"en": set(), "fr": set()}
    for pair in bilingual_pairs():
        en, fr = f"{pair.field}_en", f"{pair.field}_fr"
        for value_en, value_fr in (
            pair.model._default_manager.exclude(**{en: ""}).exclude(**{fr: ""}).values_list(en, fr)
        ):
            if value_en.strip() != value_fr.strip():
                strings["en"].add(" ".join(value_en.split()))
                strings["fr"].add(" ".join(value_fr.split()))
    return strings


def other_language_text(
    nodes, *, page_language: str, known: dict[str, set[str]], exempt: set[str]
) -> list[str]:
    """The texts of `nodes` ([text, lang of its element]) in the other language, not marked as such."""
    other = "en" if page_language == "fr" else "fr"
    found = []
    for text, lang in nodes:
        if lang == other or text in exempt:
            continue
        words = set(re.findall(r"[a-zà-ÿ]+", text.lower()))
        if text in known[other] and text not in known[page_language]:
            found.append(text)
        elif len(words & WORDS[other]) >= 2 and not words & WORDS[page_language]:
            found.append(text)
    return found


def test_the_detector_finds_english_in_a_french_page_unless_it_is_marked():
    known = {"en": {"Work plan items"}, "fr": {"Éléments du plan de travail"}}
    nodes = [
        ["Éléments du plan de travail", "fr"],
        ["Work plan items", "fr"],  # an untranslated string
        ["Share the results with the group", "fr"],  # content with no mark
        ["Share the results with the group", "en"],  # the same, marked: fine
        ["Prairie Newcomer Services (demo)", "fr"],  # a proper name
    ]
    found = other_language_text(
        nodes, page_language="fr", known=known, exempt={"Prairie Newcomer Services (demo)"}
    )
    assert found == ["Work plan items", "Share the results with the group"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_key_pages_show_no_text_in_the_other_language_outside_its_lang(
    page, live_server, staff_user, provider_a_user, seeded, language, settings
):
    from organisations.models import Provider

    page.set_default_timeout(60_000)  # a loaded machine: every page of the walk, twice
    load_demo_world(provider_a_user, settings)
    known = _catalogue_strings()
    for lang, values in _content_strings().items():
        known[lang] |= values
    exempt = set(Provider.objects.values_list("name", flat=True))
    current_user = "anonymous"
    problems = {}
    for path, user in PAGES:
        if user != current_user:
            sign_in_as(page, live_server, user)
            current_user = user
        path = page_path(path)
        page.goto(f"{live_server.url}/{language}/{path}")
        page.wait_for_load_state("networkidle")
        found = other_language_text(
            page.evaluate(TEXT_NODES), page_language=language, known=known, exempt=exempt
        )
        if found:
            problems[f"/{language}/{path} as {user}"] = sorted(set(found))[:15]
    assert problems == {}


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])


def test_the_focus_outline_on_the_dark_menu_keeps_3_to_1(page, live_server, staff_user, seeded):
    sign_in_as(page, live_server, "staff")
    page.goto(f"{live_server.url}/fr/")
    link = page.locator(".portal-nav .nav-link").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus: :focus-visible applies
    outline = _rgb(link.evaluate("el => getComputedStyle(el).outlineColor"))
    menu = _rgb(page.locator(".portal-nav").evaluate("el => getComputedStyle(el).backgroundColor"))
    link.hover()
    hover = _rgb(link.evaluate("el => getComputedStyle(el).backgroundColor"))
    assert contrast(outline, menu) >= 3
    if hover != (0, 0, 0):  # a transparent background reads as rgba(0, 0, 0, 0)
        assert contrast(outline, hover) >= 3


def test_after_a_form_is_sent_the_focus_is_on_its_result(page, live_server, staff_user, seeded):
    from groups.models import WorkingGroup, WorkPlan

    plan = WorkPlan.objects.create(group=WorkingGroup.objects.first(), fiscal_year=2030)
    sign_in_as(page, live_server, "staff")
    page.goto(f"{live_server.url}/fr/groups/work-plans/{plan.pk}/items/new/")
    page.locator("[name=title_fr]").fill("Planifier l'activité d'automne")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.classList.contains('portal-messages')")
    # Saved in French only: the gentle warning says so, and nothing was refused.
    assert "une seule langue" in page.locator(".portal-messages").inner_text()
