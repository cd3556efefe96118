"""Every French catalogue is complete, and its entries are French, not copies of the English."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/fr/LC_MESSAGES/django.po"))


def test_every_app_has_a_french_catalogue():
    apps = {path.parts[len(ROOT.parts)] for path in CATALOGUES}
    expected = {"portal", "organisations", "groups", "learning_events", "pd_budget", "surveys", "accounts"}
    assert expected <= apps


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete_and_french(path):
    po = polib.pofile(str(path))
    entries = [e for e in po if not e.obsolete]
    untranslated = [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    # A sentence left identical to the English is a copy, not a translation.
    copies = [
        e.msgid for e in entries if not e.msgid_plural and len(e.msgid.split()) >= 4 and e.msgstr == e.msgid
    ]
    assert not copies, f"English copied as French in {path}: {copies}"


@pytest.mark.django_db
def test_the_portals_french_wins_over_third_party_catalogues(client_for, staff_user, seeded):
    """django-filter translates "Filter" as a noun; the portal's buttons say the verb."""
    body = client_for(staff_user).get("/fr/events/").content.decode()
    assert ">Filtrer</button>" in body
    assert ">Filtre</button>" not in body
