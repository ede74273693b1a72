"""Every English source string has an Indonesian translation, and the committed .mo matches."""

from __future__ import annotations

import ast
import gettext
from importlib.resources import files

LOCALE = files("tumbuh").joinpath("locale/id/LC_MESSAGES")


def po_entries() -> dict[str, str]:
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""
    for line in LOCALE.joinpath("django.po").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            current[key] = ast.literal_eval(rest)
            if key == "msgstr":
                entries[current["msgid"]] = current["msgstr"]
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
            if key == "msgstr":
                entries[current["msgid"]] = current["msgstr"]
    entries.pop("", None)
    return entries


def test_every_string_is_translated() -> None:
    entries = po_entries()
    assert len(entries) > 100
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in LOCALE.joinpath("django.po").read_text(encoding="utf-8")


def test_the_committed_mo_matches_the_po() -> None:
    with LOCALE.joinpath("django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in po_entries().items():
        assert compiled.gettext(msgid) == msgstr, msgid
