"""Paragraphs in any direction and script: bidi, font runs, HarfBuzz shaping, line breaking.

ReportLab's own right-to-left support lays Arabic words out left to right and reverses Latin
names inside Arabic (STACK.md). Every paragraph of a letter, Dutch ones included (they carry
Arabic and Ge'ez names), goes through this module instead:

1. hard lines: the text is cut at line breaks; tabs become spaces; control characters and
   invisible format characters are dropped after they have served the bidi algorithm;
2. bidi levels for the whole line with the paragraph's base direction (UAX #9, python-bidi's
   Rust implementation), so brackets pair, isolates (U+2066…U+2069) hold dates together and a
   Latin name inside Arabic keeps its own order;
3. a face per character (fonts.assign_faces) and a cut into words at breakable spaces; each
   word into pieces of one face and one level, each piece shaped by HarfBuzz with its
   direction and the section's language (joining, mark placement, mirrored brackets, Ge'ez);
4. greedy line breaking in logical order on the shaped widths (a word wider than the line is
   cut between clusters), then per line the pieces put in display order (UAX #9 rule L2) and
   the line aligned right for right-to-left paragraphs;
5. drawing by glyph id with the text behind each glyph (tounicode.py), so pdftotext and pypdf
   return the words in logical order and without private-use characters.

Characters no bundled face has are drawn as U+FFFD from Noto Sans; the text layer keeps the
original character (U+FFFD for private-use and surrogate code points, which must not reach the
text layer). Nothing here parses markup: "<", "&" and quotes are just characters.

Text extraction, as seen with poppler 22 (pdftotext, Evince) and pypdf: words come out whole and
in logical order, Farsi with its ZWNJ and "هزینهٔ" with its hamza. Known limit: an Arabic word
with a vowel mark in the middle ("مُحَمَّد") is cut by poppler at the mark, because its word
heuristics take a zero-width glyph inside another for a new word; pypdf keeps it whole. Poppler
also prints punctuation next to a right-to-left word as a separate left-to-right run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import uharfbuzz as hb
from bidi.bidi import get_display_inner
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from inburgering_desktop.documents.fonts import (
    MISSING,
    REPLACEMENT,
    SANS,
    Face,
    FontSet,
    assign_faces,
    font_set,
)

Direction = Literal["ltr", "rtl"]
Align = Literal["start", "center", "end"]

# Characters that end a line (UAX #9 paragraph separators among them).
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Bidi formatting characters: they steer the bidi algorithm, then are not drawn.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties): invisible by definition. The
# joiners are kept, as they change how Arabic letters join ("می‌خواهم").
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
_JOINERS = frozenset("\u200c\u200d")
# Spaces a line must not break at: Babel puts them inside amounts and dates ("€ 1.250,00").
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")
_RTL_CLASSES = frozenset(("R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"))
# Where python-bidi's debug output lists the levels (one per UTF-8 byte of the text).
_LEVELS_START = "\n    levels: [\n"
_LEVELS_END = "\n    ],"
_LEVEL = re.compile(r"Level\(\s*(\d+),")


def _is_ignorable(code: int) -> bool:
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


@lru_cache(maxsize=4096)
def _char_kind(char: str) -> str:
    """'drop', 'space' (breakable), 'keep', or 'replace' (shown and spoken as U+FFFD)."""
    if char in _JOINERS:
        return "keep"
    category = unicodedata.category(char)
    if category == "Cc" or _is_ignorable(ord(char)):
        return "drop"
    if category in ("Co", "Cs"):
        return "replace"
    if category == "Zs" and char not in _NO_BREAK_SPACES:
        return "space"
    return "keep"


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """The resolved UAX #9 embedding level of every character of one paragraph.

    python-bidi exposes its Rust implementation (unicode-bidi) only through get_display; with
    debug=True that returns the algorithm's state, whose level list (one entry per UTF-8 byte)
    is read here. The version is pinned in pyproject; tests/documents/test_shaping.py checks
    the levels of known strings, so a format change fails there and not in front of a client.
    """
    if not text:
        return []
    if not rtl and not any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text):
        return [0] * len(text)  # no right-to-left character: everything stays at level 0
    info = get_display_inner(text, "R" if rtl else "L", True)
    start = info.index(_LEVELS_START)
    end = info.index(_LEVELS_END, start)
    per_byte = [int(level) for level in _LEVEL.findall(info, start, end)]
    levels = []
    offset = 0
    for char in text:
        levels.append(per_byte[offset])
        offset += len(char.encode("utf-8"))
    if offset != len(per_byte):
        raise RuntimeError("python-bidi returned levels that do not match the text")
    return levels


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph looks: size and leading in points, weight, colour, alignment.

    "start" aligns to the paragraph's reading start: left for Dutch, right for Arabic.
    """

    size: float = 10.0
    leading: float = 15.0
    bold: bool = False
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    align: Align = "start"
    space_before: float = 0.0
    space_after: float = 0.0


# One glyph: (glyph id, x advance, x offset, y offset, text it stands for), in font units.
Glyph = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class Shaped:
    """HarfBuzz's result for one piece, independent of the point size."""

    glyphs: tuple[Glyph, ...]  # in display order (left to right)
    advance: int  # font units
    # Per character in logical order: the advance of the cluster it starts, else 0; and
    # whether a line may be cut before it (cluster start, not a combining mark).
    char_advances: tuple[int, ...]
    cuttable: tuple[bool, ...]


@lru_cache(maxsize=16384)
def shape(face: Face, shown: str, spoken: str, rtl: bool, language: str) -> Shaped:
    """Shape `shown` with one face; each glyph carries its share of `spoken` (the text layer).

    `shown` and `spoken` have the same length: they differ only where a character is drawn as
    U+FFFD. The text of a cluster goes to its glyphs in logical order, one character each and
    the rest to the last; a glyph beyond the cluster's characters stands for no text.
    """
    buf = hb.Buffer()
    buf.add_codepoints([ord(c) for c in shown])
    buf.direction = "rtl" if rtl else "ltr"
    if language:
        buf.language = language
    buf.guess_segment_properties()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.flags = hb.BufferFlags.DO_NOT_INSERT_DOTTED_CIRCLE
    # No optional ligatures right to left: each glyph then stands for one letter. Poppler
    # reverses the letters of a multi-letter glyph in right-to-left words, so the Allah
    # ligature of "الله" would extract as "هلل"; the letters still join without it.
    features = {"liga": False} if rtl else {}
    with face.lock:
        hb.shape(face.hb_font, buf, features)
    infos = buf.glyph_infos
    positions = buf.glyph_positions
    count = len(infos)
    logical = range(count - 1, -1, -1) if rtl else range(count)
    starts = sorted({info.cluster for info in infos})
    following = {
        cluster: end for cluster, end in zip(starts, [*starts[1:], len(spoken)], strict=True)
    }
    texts = [""] * count
    group: list[int] = []
    char_advances = [0] * len(shown)

    def flush() -> None:
        cluster = infos[group[0]].cluster
        chunk = spoken[cluster : following[cluster]]
        for n, index in enumerate(group):
            if n < len(chunk):
                texts[index] = chunk[n:] if n == len(group) - 1 else chunk[n]
        char_advances[cluster] += sum(positions[i].x_advance for i in group)

    for index in logical:
        if group and infos[group[0]].cluster != infos[index].cluster:
            flush()
            group = []
        group.append(index)
    if group:
        flush()
    glyphs = tuple(
        (info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset, text)
        for info, pos, text in zip(infos, positions, texts, strict=True)
    )
    cluster_starts = set(starts)
    cuttable = tuple(
        i in cluster_starts and unicodedata.category(shown[i])[0] != "M" for i in range(len(shown))
    )
    return Shaped(glyphs, sum(p.x_advance for p in positions), tuple(char_advances), cuttable)


@dataclass
class Piece:
    """Consecutive characters of one face and one bidi level, shaped, at a point size."""

    face: Face
    level: int
    shaped: Shaped
    width: float  # points
    is_space: bool


@dataclass
class LaidLine:
    """One line of a paragraph: its pieces in display order (left to right) and its width."""

    pieces: list[Piece]
    width: float


class _HardLine:
    """One line of the source text, analysed: characters, text layer, levels and faces."""

    def __init__(self, text: str, fonts: FontSet, rtl: bool) -> None:
        text = "".join(REPLACEMENT if _char_kind(c) == "replace" else c for c in text)
        levels = bidi_levels(text, rtl)
        shown: list[str] = []
        kept_levels: list[int] = []
        spaces: list[bool] = []
        for char, level in zip(text, levels, strict=True):
            kind = _char_kind(char)
            if kind == "drop" or char in _BIDI_CONTROLS:
                continue
            if unicodedata.bidirectional(char) == "BN" and kept_levels:
                level = kept_levels[-1]  # joiners go with the letter before them (rule X9)
            shown.append(char)
            kept_levels.append(level)
            spaces.append(kind == "space")
        faces = assign_faces("".join(shown), fonts)
        spoken = list(shown)
        for i, face in enumerate(faces):
            if face == MISSING:
                faces[i] = SANS
                if unicodedata.category(shown[i]) in ("Cn", "Co", "Cs"):
                    spoken[i] = REPLACEMENT
                shown[i] = REPLACEMENT
        self.shown = "".join(shown)
        self.spoken = "".join(spoken)
        self.levels = kept_levels
        self.faces = faces
        self.spaces = spaces
        self.base_level = 1 if rtl else 0


class TextLayout:
    """Lays out one paragraph for a width; reused by the flowables and the page decorations."""

    def __init__(self, text: str, style: TextStyle, direction: Direction, language: str) -> None:
        if direction not in ("ltr", "rtl"):
            raise ValueError(f"direction must be 'ltr' or 'rtl', not {direction!r}")
        self.text = text
        self.style = style
        self.direction = direction
        self.language = language
        self.fonts = font_set(style.bold)
        rtl = direction == "rtl"
        self._hard_lines = [_HardLine(line, self.fonts, rtl) for line in _LINE_BREAKS.split(text)]

    # -- pieces ---------------------------------------------------------------------------
    def _pieces(self, line: _HardLine, start: int, end: int) -> list[Piece]:
        """Shape characters start..end of a hard line, cut where face or level changes."""
        pieces = []
        size = self.style.size
        i = start
        while i < end:
            j = i + 1
            while (
                j < end
                and line.faces[j] == line.faces[i]
                and line.levels[j] == line.levels[i]
                and not line.spaces[j]
                and not line.spaces[i]
            ):
                j += 1
            face = self.fonts.faces[line.faces[i]]
            shaped = shape(
                face, line.shown[i:j], line.spoken[i:j], line.levels[i] % 2 == 1, self.language
            )
            width = shaped.advance * size / face.units_per_em
            pieces.append(Piece(face, line.levels[i], shaped, width, line.spaces[i]))
            i = j
        return pieces

    def _words(self, line: _HardLine) -> list[tuple[int, int, bool]]:
        """(start, end, is_space) tokens: each breakable space alone, words between them."""
        tokens = []
        start = 0
        for i, is_space in enumerate(line.spaces):
            if is_space:
                if start < i:
                    tokens.append((start, i, False))
                tokens.append((i, i + 1, True))
                start = i + 1
        if start < len(line.spaces):
            tokens.append((start, len(line.spaces), False))
        return tokens

    def _cut(self, line: _HardLine, start: int, end: int, width: float) -> int:
        """Where to cut an over-long word so its first part fits `width` (at least a cluster)."""
        size = self.style.size
        used = 0.0
        best = None
        i = start
        for piece in self._pieces(line, start, end):
            shaped = piece.shaped
            scale = size / piece.face.units_per_em
            for n, advance in enumerate(shaped.char_advances):
                if shaped.cuttable[n] and i + n > start:
                    if used > width and best is not None:
                        return best
                    best = i + n
                used += advance * scale
            i += len(shaped.char_advances)
        if best is None or used <= width:
            return end
        return best

    # -- lines ----------------------------------------------------------------------------
    def lines(self, width: float) -> list[LaidLine]:
        """The paragraph broken into lines no wider than `width` points (greedy)."""
        result: list[LaidLine] = []
        for hard in self._hard_lines:
            current: list[Piece] = []
            current_width = 0.0
            pending: list[Piece] = []
            produced = False
            for start, end, is_space in self._words(hard):
                if is_space:
                    if current:
                        pending.extend(self._pieces(hard, start, end))
                    continue
                word = self._pieces(hard, start, end)
                word_width = sum(p.width for p in word)
                spaces_width = sum(p.width for p in pending)
                if current and current_width + spaces_width + word_width <= width:
                    current += pending + word
                    current_width += spaces_width + word_width
                    pending = []
                    continue
                if current:
                    result.append(self._finish(current))
                    produced = True
                    current, current_width, pending = [], 0.0, []
                while word_width > width:
                    cut = self._cut(hard, start, end, width)
                    if cut >= end:
                        break
                    result.append(self._finish(self._pieces(hard, start, cut)))
                    produced = True
                    start = cut
                    word = self._pieces(hard, start, end)
                    word_width = sum(p.width for p in word)
                current, current_width = word, word_width
            if current or not produced:
                result.append(self._finish(current))
        return result

    @staticmethod
    def _finish(pieces: list[Piece]) -> LaidLine:
        """Put one line's pieces (logical order) into display order: UAX #9 rule L2."""
        width = sum(p.width for p in pieces)
        if not pieces:
            return LaidLine([], 0.0)
        levels = [p.level for p in pieces]
        highest = max(levels)
        # From the highest level down to the lowest odd level on the line (rule L2).
        lowest_odd = min(levels) | 1
        order = list(range(len(pieces)))
        for level in range(highest, lowest_odd - 1, -1):
            i = 0
            while i < len(order):
                if levels[order[i]] >= level:
                    j = i
                    while j < len(order) and levels[order[j]] >= level:
                        j += 1
                    order[i:j] = order[i:j][::-1]
                    i = j
                else:
                    i += 1
        return LaidLine([pieces[i] for i in order], width)

    def line_x(self, line: LaidLine, width: float) -> float:
        """Left edge of a line inside a box `width` points wide, by alignment and direction."""
        align = self.style.align
        if align == "center":
            return (width - line.width) / 2
        at_right = (self.direction == "rtl") == (align == "start")
        return width - line.width if at_right else 0.0


# -- drawing ----------------------------------------------------------------------------------
def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


class _OutlinePen:
    """Collects a glyph outline from HarfBuzz as PDF path operators, in font units."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self._last = (0.0, 0.0)

    def moveTo(self, point: tuple[float, float]) -> None:
        self.ops.append(f"{_num(point[0])} {_num(point[1])} m")
        self._last = point

    def lineTo(self, point: tuple[float, float]) -> None:
        self.ops.append(f"{_num(point[0])} {_num(point[1])} l")
        self._last = point

    def curveTo(self, c1, c2, point) -> None:
        self.ops.append(" ".join(_num(v) for v in (*c1, *c2, *point)) + " c")
        self._last = point

    def qCurveTo(self, control, point) -> None:
        # PDF has no quadratic curves: the same curve as a cubic one.
        (x0, y0), (cx, cy) = self._last, control
        c1 = (x0 + 2 * (cx - x0) / 3, y0 + 2 * (cy - y0) / 3)
        c2 = (point[0] + 2 * (cx - point[0]) / 3, point[1] + 2 * (cy - point[1]) / 3)
        self.curveTo(c1, c2, point)

    def closePath(self) -> None:
        self.ops.append("h")


@lru_cache(maxsize=2048)
def _outline(face: Face, gid: int) -> str:
    pen = _OutlinePen()
    with face.lock:
        face.hb_font.draw_glyph_with_pen(gid, pen)
    return " ".join(pen.ops) + " f" if pen.ops else ""


def _is_mark(advance: int, text: str) -> bool:
    return advance == 0 and bool(text) and unicodedata.category(text[0])[0] == "M"


@dataclass
class _Glyph:
    x: float
    y: float
    face: Face
    key: int
    invisible: bool


def _line_glyphs(line: LaidLine, x: float, y: float, size: float) -> tuple[list[_Glyph], list[str]]:
    """Glyphs for the text layer (in display order) and outlines to fill, for one line.

    A combining mark (zero advance: Arabic harakat, the Farsi hamza of "هزینهٔ", accents the
    font has no precomposed glyph for) is drawn as its outline where HarfBuzz put it, and
    enters the text layer as an invisible glyph at the same x on the baseline. Poppler starts
    a new word, even a new line, for a glyph whose baseline differs by more than half a
    point, so a visible raised mark would tear "هزینهٔ" apart in pdftotext and in searches.
    """
    glyphs: list[_Glyph] = []
    outlines: list[str] = []
    cursor = x
    for piece in line.pieces:
        face = piece.face
        font = face.font
        scale = size / face.units_per_em
        for gid, advance, x_offset, y_offset, text in piece.shaped.glyphs:
            gx = cursor + x_offset * scale
            gy = y + y_offset * scale
            cursor += advance * scale
            mark = _is_mark(advance, text)
            if mark:
                outline = _outline(face, gid)
                if outline:
                    outlines.append(
                        f"q {_num(scale)} 0 0 {_num(scale)} {_num(gx)} {_num(gy)} cm {outline} Q"
                    )
            glyphs.append(_Glyph(gx, y if mark else gy, face, font.glyph_key(gid, text), mark))
    return glyphs, outlines


def draw_line(canvas: Canvas, line: LaidLine, x: float, y: float, size: float) -> None:
    """Draw one laid-out line with its left end at (x, y) on the baseline.

    Glyphs go out in display order, each at HarfBuzz's position, grouped into TJ arrays with
    the few position corrections between them; marks as described in `_line_glyphs`.
    """
    if not line.pieces:
        return
    glyphs, outlines = _line_glyphs(line, x, y, size)
    doc = canvas._doc
    ops = ["BT"]
    tj: list[str] = []  # pending TJ array elements
    font_name = None
    invisible = False
    pen_x = pen_y = 0.0
    positioned = False

    def flush() -> None:
        if tj:
            ops.append("[" + " ".join(tj) + "] TJ")
            tj.clear()

    for glyph in glyphs:
        font = glyph.face.font
        ((subset, code),) = font.encode([glyph.key], doc)
        name = font.getSubsetInternalName(subset, doc)
        if name != font_name:
            flush()
            ops.append(f"{name} {_num(size)} Tf")
            font_name = name
        if glyph.invisible != invisible:
            flush()
            ops.append("3 Tr" if glyph.invisible else "0 Tr")
            invisible = glyph.invisible
        if not positioned or abs(glyph.y - pen_y) > 1e-6:
            flush()
            ops.append(f"1 0 0 1 {_num(glyph.x)} {_num(glyph.y)} Tm")
            positioned = True
        elif abs(glyph.x - pen_x) > 1e-4:
            # TJ numbers move the pen left by n/1000 of the font size.
            tj.append(_num((pen_x - glyph.x) * 1000 / size))
        tj.append(f"<{code.hex().upper()}>")
        pen_x = glyph.x + font.width_of_key(glyph.key) * size / 1000
        pen_y = glyph.y
    flush()
    if invisible:
        ops.append("0 Tr")
    ops.append("ET")
    ops.extend(outlines)
    canvas.addLiteral("\n".join(ops))


def baseline_offset(style: TextStyle) -> float:
    """Distance from the top of a line box to its baseline.

    The leading beyond the font size is shared out a little more above than below the glyphs
    (55 %), as Naskh's marks reach higher than its letters reach down.
    """
    return style.size + (style.leading - style.size) * 0.55


class TextFlowable(Flowable):
    """A paragraph of plain text in a given direction and language, as a Platypus flowable."""

    def __init__(
        self,
        text: str,
        style: TextStyle,
        direction: Direction = "ltr",
        language: str = "",
        *,
        keep_with_next: bool = False,
        indent: float = 0.0,
        bullet: str | None = None,
    ) -> None:
        super().__init__()
        self.layout = TextLayout(text, style, direction, language)
        self.style = style
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = keep_with_next
        # Indent on the reading-start side (left for ltr, right for rtl), where a bullet goes.
        self.indent = indent
        self.bullet = (
            TextLayout(bullet, style, direction, language).lines(10_000)[0] if bullet else None
        )
        self._lines: list[LaidLine] | None = None
        self._width = 0.0
        self._first = True
        self._part = False

    def __repr__(self) -> str:
        return f"TextFlowable({self.layout.text[:40]!r})"

    def _text_width(self, avail: float) -> float:
        return max(avail - self.indent, self.style.size)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # A part left by split() keeps its lines: laying out again would bring back the
        # whole paragraph.
        if self._lines is None or (aw != self._width and not self._part):
            self._lines = self.layout.lines(self._text_width(aw))
            self._width = aw
        return aw, len(self._lines) * self.style.leading

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.wrap(aw, ah)
        assert self._lines is not None
        fit = int((ah + 1e-6) // self.style.leading)
        if fit >= len(self._lines):
            return [self]
        # Widows and orphans: never one line alone on either side of a page break.
        if len(self._lines) >= 4:
            fit = min(fit, len(self._lines) - 2)
            if fit < 2:
                return []
        if fit < 1:
            return []
        head = self._copy(self._lines[:fit], first=self._first)
        tail = self._copy(self._lines[fit:], first=False)
        head.spaceAfter = 0
        tail.spaceBefore = 0
        return [head, tail]

    def _copy(self, lines: list[LaidLine], first: bool) -> TextFlowable:
        clone = TextFlowable.__new__(TextFlowable)
        clone.__dict__.update(self.__dict__)
        # Platypus marks a flowable it had to move to the next frame; a part is a new flowable.
        clone.__dict__.pop("_postponed", None)
        clone._lines = lines
        clone._first = first
        clone._part = True
        clone.keepWithNext = False
        return clone

    def draw(self) -> None:
        assert self._lines is not None
        canvas = self.canv
        style = self.style
        canvas.setFillColorRGB(*style.color)
        text_width = self._text_width(self._width)
        rtl = self.layout.direction == "rtl"
        left = 0.0 if rtl else self.indent
        top = len(self._lines) * style.leading
        for n, line in enumerate(self._lines):
            y = top - n * style.leading - baseline_offset(style)
            draw_line(canvas, line, left + self.layout.line_x(line, text_width), y, style.size)
        if self.bullet is not None and self._first and self._lines:
            y = top - baseline_offset(style)
            gap = style.size * 0.6
            if rtl:
                bullet_x = self._width - self.indent + gap
            else:
                bullet_x = self.indent - gap - self.bullet.width
            draw_line(canvas, self.bullet, bullet_x, y, style.size)


def draw_text(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    width: float,
    style: TextStyle,
    direction: Direction = "ltr",
    language: str = "",
    max_height: float = float("inf"),
) -> float:
    """Draw `text` in a box `width` wide whose top edge is at y; returns the height used.

    For page decorations (letterhead, footer), drawn straight onto the canvas. Lines that
    would reach below `max_height` are left out, so an absurdly long name cannot run into
    the letter's text.
    """
    layout = TextLayout(text, style, direction, language)
    lines = layout.lines(width)
    if max_height != float("inf"):
        lines = lines[: max(0, int((max_height + 1e-6) // style.leading))]
    canvas.setFillColorRGB(*style.color)
    for n, line in enumerate(lines):
        baseline = y - n * style.leading - baseline_offset(style)
        draw_line(canvas, line, x + layout.line_x(line, width), baseline, style.size)
    return len(lines) * style.leading


def laid_lines(
    text: str, style: TextStyle, width: float, direction: Direction = "ltr", language: str = ""
) -> Sequence[LaidLine]:
    """The lines of a paragraph at a width (for tests and measurements)."""
    return TextLayout(text, style, direction, language).lines(width)
