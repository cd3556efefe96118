#!/usr/bin/env python3
"""Fill a French catalogue from a JSON file of translations, and list what is still missing.

    scripts/po_fill.py groups/locale/fr/LC_MESSAGES/django.po translations.json
    scripts/po_fill.py groups/locale/fr/LC_MESSAGES/django.po            # only list the missing

The JSON maps each English msgid to its French text, or to [singular, plural] for plural entries.
Entries the file names are set and lose their "fuzzy" flag; nothing else in the catalogue changes.
"""

import json
import sys

import polib


def main() -> int:
    po = polib.pofile(sys.argv[1])
    translations = json.load(open(sys.argv[2], encoding="utf-8")) if len(sys.argv) > 2 else {}
    for entry in po:
        if entry.obsolete or entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in missing:
        print(f"missing: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
