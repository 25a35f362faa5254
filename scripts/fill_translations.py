"""Fill a catalogue from a table of translations: `python scripts/fill_translations.py`.

Kept so that the project-level Dutch and Danish strings live in one reviewable table
(`locale/translations.py`); running it after `make messages` fills new msgids and
reports the ones still missing.
"""

import pathlib
import runpy
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main() -> int:
    table = runpy.run_path(str(ROOT / "locale" / "translations.py"))["TRANSLATIONS"]
    missing = 0
    for index, language in enumerate(["nl", "da"]):
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.obsolete:
                continue
            if entry.msgid in table:
                entry.msgstr = table[entry.msgid][index]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            elif not entry.msgstr:
                missing += 1
                print(f"{language}: missing {entry.msgid!r}", file=sys.stderr)
        catalogue.save()
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
