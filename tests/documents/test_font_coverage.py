"""No box can reach paper: every character of every letter catalog (template and all
translations) has a glyph in the bundled fonts, read from the fonts' own character maps, in both
weights. Invisible format characters (ZWNJ, bidi isolates) are handled by the shaper, not drawn."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from inburgering_desktop.documents.fonts import font_set
from inburgering_desktop.resources import translations_dir

CATALOGS = sorted((translations_dir() / "letters").glob("*/LC_MESSAGES/letters.po"))


def _characters(path: Path) -> set[str]:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    chars: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        for text in (message.id, message.string):
            for part in text if isinstance(text, tuple) else (text,):
                chars.update(part or "")
    return chars


def test_there_is_a_catalog_per_letter_language():
    languages = {p.parents[1].name for p in CATALOGS}
    assert languages == {
        "nl", "en", "ar", "ti", "fa", "prs", "tr", "so", "uk", "ps", "ckb", "ru", "fr",
    }  # fmt: skip


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: p.parents[1].name)
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_every_character_of_the_catalog_is_in_a_bundled_font(catalog: Path, bold: bool):
    fonts = font_set(bold)
    missing = sorted(
        f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"
        for ch in _characters(catalog)
        if unicodedata.category(ch) not in ("Cf", "Cc") and not fonts.covering(ch)
    )
    assert not missing, missing
