"""A ReportLab font that draws the glyphs HarfBuzz chose and tells PDF readers what text they show.

ReportLab's own TrueType font maps Unicode code points to glyphs. Shaped Arabic has glyphs that
no code point names (initial, medial and final forms, lam-alef, marks moved by the font), and
ReportLab gives those private-use code points, so pdftotext returns U+E000… and a letter cannot
be searched for the client's name. Here the unit is a *glyph with the text it stands for*:

* every (glyph id, text) pair gets a key; when the text is the one character whose own glyph it
  is, the key is that code point, otherwise a number above U+10FFFF that no text can contain;
* per document the keys are numbered into 8-bit codes of font subsets, as ReportLab does
  (code 0 stays the .notdef glyph and is never drawn);
* each subset's ToUnicode CMap maps every code to the real text of its pair, so a lam-alef
  ligature extracts as "لا", a mirrored bracket as the bracket that was typed, and the same
  glyph may stand for different text in different places (a space glyph for a no-break space).

/ActualText spans were tried first and do not work: poppler reverses them in right-to-left
lines. The font program itself is ReportLab's subsetter, unchanged, so the Widths array still
matches the embedded glyphs, which PDF/A requires.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

# First key for glyphs that do not show "their own" single character: beyond Unicode, so a key
# can never be confused with a real code point in the font's character map.
FIRST_PRIVATE_KEY = 0x110000
# Codes per subset: simple TrueType fonts in PDF are addressed by one byte.
SUBSET_SIZE = 256
# The PDF reference allows at most 100 entries per beginbfchar block.
_BFCHAR_BLOCK = 100


class NotdefError(ValueError):
    """A glyph id 0 (.notdef) was about to be drawn; PDF/A forbids it and it prints a box."""


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(font_name: str, texts: Sequence[str]) -> str:
    """The ToUnicode CMap of one subset: code i shows texts[i]; empty texts are left unmapped."""
    entries = [(code, text) for code, text in enumerate(texts) if code and text]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        f"/CMapName /{font_name}-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), _BFCHAR_BLOCK):
        block = entries[start : start + _BFCHAR_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{code:02X}> <{_utf16_hex(text)}>" for code, text in block)
        lines.append("endbfchar")
    lines += [
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


class _DocumentState:
    """Which key has which code in one PDF document (ReportLab's per-document font state)."""

    namePrefix = "F"

    def __init__(self) -> None:
        self.codes: dict[int, int] = {}
        # subsets[n][code] is the key shown by that code; code 0 is .notdef (key 0).
        self.subsets: list[list[int]] = [[0]]
        self.internalName: str | None = None
        self.frozen = False


class GlyphFont(TTFont):
    """A TrueType font drawn by glyph id, with the text behind every glyph in its ToUnicode map.

    One instance per font file and process; it may serve several documents, also from several
    threads, as ReportLab keeps the per-document part in a WeakKeyDictionary keyed by document.
    """

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, str(path), asciiReadable=False, shapable=False)
        face = self.face
        # hmetrics[gid] = (advance, lsb) in font units; the Widths array uses 1/1000 em.
        self._scale = 1000.0 / face.unitsPerEm
        self.units_per_em: int = face.unitsPerEm
        self.glyph_count: int = len(face.hmetrics)
        self._keys: dict[tuple[int, str], int] = {}
        self._key_text: dict[int, str] = {}
        self._next_key = FIRST_PRIVATE_KEY
        self._lock = threading.Lock()
        self.state = WeakKeyDictionary()

    # -- keys -----------------------------------------------------------------------------
    def glyph_key(self, gid: int, text: str) -> int:
        """The key for drawing glyph `gid` as `text` (see the module docstring)."""
        if gid <= 0 or gid >= self.glyph_count:
            raise NotdefError(f"{self.fontName}: glyph {gid} for {text!r} is not drawable")
        found = self._keys.get((gid, text))
        if found is not None:
            return found
        with self._lock:
            found = self._keys.get((gid, text))
            if found is not None:
                return found
            char_to_glyph = self.face.charToGlyph
            if len(text) == 1 and char_to_glyph.get(ord(text)) == gid and ord(text) != 0xA0:
                key = ord(text)
            else:
                key = self._next_key
                self._next_key += 1
                # ReportLab's subsetter and width lookup go through these two maps.
                char_to_glyph[key] = gid
                self.face.charWidths[key] = self.face.hmetrics[gid][0] * self._scale
            self._key_text[key] = text
            self._keys[(gid, text)] = key
            return key

    def key_text(self, key: int) -> str:
        return self._key_text.get(key, chr(key) if key < FIRST_PRIVATE_KEY else "")

    def width_of_key(self, key: int) -> float:
        """The advance the PDF viewer will apply for this key, in 1/1000 em."""
        return self.face.hmetrics[self.face.charToGlyph[key]][0] * self._scale

    # -- per document ---------------------------------------------------------------------
    def _doc_state(self, doc: object) -> _DocumentState:
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = _DocumentState()
        return state

    def encode(self, keys: Iterable[int], doc: object) -> list[tuple[int, bytes]]:
        """Split keys into (subset number, byte string) pieces for this document."""
        state = self._doc_state(doc)
        codes = state.codes
        pieces: list[tuple[int, bytes]] = []
        current_subset = -1
        current: list[int] = []
        for key in keys:
            code = codes.get(key)
            if code is None:
                if state.frozen:
                    raise pdfdoc.PDFError(f"font {self.fontName} already written for this PDF")
                last = state.subsets[-1]
                if len(last) == SUBSET_SIZE:
                    last = [0]
                    state.subsets.append(last)
                code = (len(state.subsets) - 1) * SUBSET_SIZE + len(last)
                last.append(key)
                codes[key] = code
            subset = code // SUBSET_SIZE
            if subset != current_subset:
                if current:
                    pieces.append((current_subset, bytes(current)))
                current_subset = subset
                current = []
            current.append(code % SUBSET_SIZE)
        if current:
            pieces.append((current_subset, bytes(current)))
        return pieces

    def splitString(self, text: str, doc: object, encoding: str = "utf-8") -> list:
        """ReportLab's entry point for plain strings: each character as its own glyph.

        Only used if something calls canvas.drawString with this font; our own text goes
        through shaping.py. Characters the font lacks raise instead of printing .notdef.
        """
        keys = []
        for char in text:
            gid = self.face.charToGlyph.get(ord(char), 0)
            keys.append(self.glyph_key(gid, char))
        return self.encode(keys, doc)

    def getSubsetInternalName(self, subset: int, doc: object) -> str:
        state = self._doc_state(doc)
        if subset < 0 or subset >= len(state.subsets):
            raise IndexError(f"subset {subset} does not exist in font {self.fontName}")
        if state.internalName is None:
            state.internalName = state.namePrefix + repr(len(doc.fontMapping) + 1)
            doc.fontMapping[self.fontName] = "/" + state.internalName
            doc.delayedFonts.append(self)
        return f"/{state.internalName}+{subset}"

    def addObjects(self, doc: object) -> None:
        """Write one simple TrueType font per subset, each with its ToUnicode CMap."""
        state = self._doc_state(doc)
        state.frozen = True
        font_dict = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            base_name = b"".join((SUBSETN(number), b"+", self.face.name)).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {number}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray([self.width_of_key_or_zero(k) for k in subset])
            cmap = pdfdoc.PDFStream()
            cmap.content = to_unicode_cmap(base_name, [self.key_text(k) for k in subset])
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(pdf_font, internal_name)
            font_dict[internal_name] = pdf_font
        del self.state[doc]

    def width_of_key_or_zero(self, key: int) -> float:
        if key == 0:
            return self.face.hmetrics[0][0] * self._scale
        return round(self.width_of_key(key), 3)
