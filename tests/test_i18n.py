"""The Welsh catalogue is complete: every string of the public pages has a Welsh entry with the same
placeholders, and the catalogue holds nothing the pages no longer say."""

import re
from datetime import date

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app import i18n
from app.config import ROOT

METHODS = [
    ("app/services/public/**.py", "python"),
    ("app/templates/public/**.html", "jinja2"),
]
OPTIONS = {"app/templates/public/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")


def _extracted() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _catalogue():  # type: ignore[no-untyped-def]
    with open(i18n.po_path(i18n.WELSH), "rb") as source:
        return read_po(source, locale=i18n.WELSH)


def test_the_extraction_finds_the_public_pages_strings() -> None:
    found = _extracted()
    assert "You said, we did" in found and "On track" in found, "the extraction is not reading the pages"
    assert len(found) > 50


def test_every_public_string_has_a_welsh_entry() -> None:
    catalogue = _catalogue()
    missing = []
    for message in _extracted():
        key = message if isinstance(message, str) else message[0]
        entry = catalogue.get(key)
        if entry is None or entry.fuzzy:
            missing.append(key)
            continue
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        if not all(strings):
            missing.append(key)
            continue
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(key)), (key, text)
    assert not missing, f"no Welsh for: {sorted(missing)}"


def test_the_catalogue_holds_nothing_the_pages_no_longer_say() -> None:
    found = {m if isinstance(m, str) else m[0] for m in _extracted()}
    stale = [
        entry.id
        for entry in _catalogue()
        if entry.id and (entry.id if isinstance(entry.id, str) else entry.id[0]) not in found
    ]
    assert not stale, f"remove from the catalogue: {stale}"


def test_the_catalogue_compiles_and_translates() -> None:
    catalogue = i18n.translations(i18n.WELSH)
    assert catalogue.gettext("You said, we did") == "Dywedoch chi, gwnaethon ni"
    assert i18n.long_date(date(2026, 6, 30), i18n.WELSH) == "30 Mehefin 2026"
