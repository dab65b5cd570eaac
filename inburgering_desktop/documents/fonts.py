"""The letter fonts: bundled Noto faces, and which face shows which character.

Only the files in ``resources/fonts/`` are used, never fonts installed on the laptop, so a
letter looks the same on every machine. Three faces per weight, in fallback order:

1. Noto Sans: Latin, Cyrillic, digits, brackets, €, general punctuation, and U+FFFD;
2. Noto Naskh Arabic: Arabic, Farsi, Dari, Pashto, Sorani (it lacks A–Z, "( )" and "€");
3. Noto Sans Ethiopic: Ge'ez syllables for Tigrinya (it lacks digits).

ReportLab has no font fallback, so the text is cut into runs per face (`assign_faces`): a
letter takes the first face that has it; digits, punctuation, spaces and combining marks follow
their neighbours when that face has them, so "١٤" and "14" inside Arabic come from the Arabic
face and a fatha stays with its consonant. A character none of the faces has is printed as
U+FFFD from Noto Sans (see shaping.py): the letter still prints, and the consultant sees that
something could not be shown instead of an invisible gap.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics

from inburgering_desktop.documents.tounicode import GlyphFont
from inburgering_desktop.resources import fonts_dir

# File stems in fallback order (see the module docstring).
FACE_STEMS: tuple[str, ...] = ("NotoSans", "NotoNaskhArabic", "NotoSansEthiopic")
SANS, NASKH, ETHIOPIC = range(3)
# Per character: no bundled face has it; printed as REPLACEMENT from Noto Sans.
MISSING = -1
REPLACEMENT = "\ufffd"


@dataclass(eq=False)
class Face:
    """One font file: the ReportLab font that embeds it and the HarfBuzz font that shapes it."""

    index: int
    bold: bool
    font: GlyphFont
    hb_font: hb.Font
    unicodes: frozenset[int]
    units_per_em: int
    # Shaping cache lives in shaping.py; this lock serialises HarfBuzz calls on this font
    # (an hb_font_t may be shared across threads, but uharfbuzz's wrapper is not documented
    # as thread-safe).
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def name(self) -> str:
        return self.font.fontName

    def covers(self, char: str) -> bool:
        return ord(char) in self.unicodes


@dataclass(eq=False)
class FontSet:
    """The three faces of one weight, in fallback order."""

    bold: bool
    faces: tuple[Face, ...]
    _coverage: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def covering(self, char: str) -> tuple[int, ...]:
        """Indices of the faces that have a glyph for `char`, in fallback order."""
        found = self._coverage.get(char)
        if found is None:
            code = ord(char)
            found = tuple(face.index for face in self.faces if code in face.unicodes)
            self._coverage[char] = found
        return found

    def first_covering(self, char: str) -> int:
        found = self.covering(char)
        return found[0] if found else MISSING


_lock = threading.Lock()


def _load_face(index: int, bold: bool) -> Face:
    stem = FACE_STEMS[index]
    path = fonts_dir() / f"{stem}-{'Bold' if bold else 'Regular'}.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"bundled letter font missing: {path}")
    name = f"Inburgering-{stem}-{'Bold' if bold else 'Regular'}"
    font = GlyphFont(name, path)
    # The same bytes for both: what HarfBuzz measures is exactly what gets embedded.
    hb_face = hb.Face(font.face._ttf_data)
    hb_font = hb.Font(hb_face)  # scale = units per em: positions come in font units
    unicodes = frozenset(hb_face.unicodes)
    return Face(index, bold, font, hb_font, unicodes, hb_face.upem)


@cache
def _font_set(bold: bool) -> FontSet:
    faces = tuple(_load_face(index, bold) for index in range(len(FACE_STEMS)))
    for face in faces:
        pdfmetrics.registerFont(face.font)
    return FontSet(bold, faces)


def font_set(bold: bool = False) -> FontSet:
    """The faces of one weight, loaded and registered with ReportLab on first use (≈15 ms)."""
    with _lock:
        return _font_set(bold)


def initial_font_name() -> str:
    """The canvas's initial font: one of ours, so no unembedded Helvetica enters the PDF."""
    return font_set(False).faces[SANS].name


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] == "L"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def assign_faces(text: str, fonts: FontSet) -> list[int]:
    """Per character of `text`, the index of the face that shows it, or MISSING.

    Letters take the first face that has them. Every other character (digit, space,
    punctuation, mark, joiner) takes the face of the character before it if that face has it,
    else the face of the next letter if that one has it, else the first face that has it.
    """
    count = len(text)
    faces = [MISSING] * count
    # The face of the next letter after each position, for neutrals at the start of a run.
    next_letter_face = [MISSING] * (count + 1)
    upcoming = MISSING
    for i in range(count - 1, -1, -1):
        next_letter_face[i] = upcoming
        if _is_letter(text[i]):
            faces[i] = fonts.first_covering(text[i])
            if faces[i] != MISSING:
                upcoming = faces[i]
    previous = MISSING
    for i, char in enumerate(text):
        if _is_letter(char):
            if faces[i] != MISSING:
                previous = faces[i]
            continue
        covering = fonts.covering(char)
        if not covering:
            faces[i] = MISSING
        elif previous in covering:
            faces[i] = previous
        elif not _is_mark(char) and next_letter_face[i] in covering:
            faces[i] = next_letter_face[i]
        else:
            faces[i] = covering[0]
        if faces[i] != MISSING:
            previous = faces[i]
    return faces
