"""Hand the untranslated messages of a catalogue to translators as JSON, and take them back.

    python scripts/po_todo.py export cy 2 /tmp/tr      # writes /tmp/tr/cy-1.json, /tmp/tr/cy-2.json
    python scripts/po_todo.py import cy /tmp/tr/cy-1.out.json /tmp/tr/cy-2.out.json

Export lists every message that is untranslated or fuzzy, with where it is used and, for a
fuzzy one, the earlier translation. A translator returns the same list with ``msgstr`` (or
``msgstr_plural``, a list in the order of the catalogue's plural forms) filled in. Import
writes them into the catalogue, clears the fuzzy flag and refuses an entry whose
placeholders differ from the English, so a broken format string never reaches the .mo.
Run ``manage.py compilemessages`` afterwards.
"""

import json
import re
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"), wrapwidth=0)


def needs_translation(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not all(entry.msgstr_plural.values())
    return not entry.msgstr


def export(language: str, parts: int, out_dir: str) -> None:
    todo = []
    for entry in catalogue(language):
        if not needs_translation(entry):
            continue
        item = {"msgid": entry.msgid, "where": [f for f, _ in entry.occurrences[:2]]}
        if entry.msgctxt:
            item["msgctxt"] = entry.msgctxt
        if entry.msgid_plural:
            item["msgid_plural"] = entry.msgid_plural
            item["msgstr_plural"] = []
        else:
            item["msgstr"] = ""
        if "fuzzy" in entry.flags and entry.previous_msgid:
            item["earlier_english"] = entry.previous_msgid
        todo.append(item)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(todo) // parts) if todo else 0
    for number in range(parts):
        chunk = todo[number * size : (number + 1) * size]
        path = out / f"{language}-{number + 1}.json"
        path.write_text(json.dumps(chunk, ensure_ascii=False, indent=1))
        print(f"{path}: {len(chunk)} messages")


def _same_placeholders(english: str, translated: str) -> bool:
    return sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(translated))


def import_(language: str, files: list[str]) -> None:
    po = catalogue(language)
    by_key = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    done = refused = 0
    for name in files:
        for item in json.loads(Path(name).read_text()):
            entry = by_key.get((item.get("msgctxt"), item["msgid"]))
            if entry is None:
                continue
            if entry.msgid_plural:
                forms = item.get("msgstr_plural") or []
                if (
                    not forms
                    or not all(forms)
                    or not all(_same_placeholders(entry.msgid_plural, form) for form in forms)
                ):
                    print(f"refused (plural): {entry.msgid!r}", file=sys.stderr)
                    refused += 1
                    continue
                count = len(entry.msgstr_plural) or len(forms)
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
            else:
                text = item.get("msgstr") or ""
                if not text or not _same_placeholders(entry.msgid, text):
                    print(f"refused: {entry.msgid!r} -> {text!r}", file=sys.stderr)
                    refused += 1
                    continue
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
            done += 1
    po.save()
    left = sum(1 for e in po if needs_translation(e))
    print(f"{language}: {done} translated, {refused} refused, {left} still to translate")


def main(argv: list[str]) -> int:
    if len(argv) >= 4 and argv[0] == "export":
        export(argv[1], int(argv[2]), argv[3])
        return 0
    if len(argv) >= 3 and argv[0] == "import":
        import_(argv[1], argv[2:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
