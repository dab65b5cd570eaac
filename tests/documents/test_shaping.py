"""Bidi levels, font runs, shaping and line breaking, without making a PDF."""

from __future__ import annotations

import pytest

from inburgering_desktop.documents import fonts, shaping
from inburgering_desktop.documents.shaping import TextStyle, bidi_levels, laid_lines

STYLE = TextStyle(size=10, leading=15)
LRI, PDI = "\u2066", "\u2069"


def line_text(line: shaping.LaidLine) -> list[str]:
    """The text of each piece of a line, in display order (left to right)."""
    return [
        "".join(g[4] for g in p.shaped.glyphs[:: -1 if p.level % 2 else 1]) for p in line.pieces
    ]


# -- bidi ---------------------------------------------------------------------------------------
def test_levels_of_a_latin_name_inside_arabic() -> None:
    text = "نرحب بالسيد Ahmad في"
    levels = bidi_levels(text, rtl=True)
    assert len(levels) == len(text)
    assert {levels[i] for i, c in enumerate(text) if "\u0600" <= c <= "\u06ff"} == {1}
    assert {levels[text.index("Ahmad") + i] for i in range(5)} == {2}


def test_levels_count_characters_not_utf8_bytes() -> None:
    # python-bidi reports one level per UTF-8 byte; Ge'ez takes three bytes and emoji four.
    text = "ሰላም عربي 😀"
    assert bidi_levels(text, rtl=True) == [2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    assert bidi_levels(text, rtl=False) == [0, 0, 0, 0, 1, 1, 1, 1, 0, 0]


def test_isolated_date_stays_left_to_right() -> None:
    text = f"بتاريخ {LRI}14-04-2025{PDI} وتدفع"
    levels = bidi_levels(text, rtl=True)
    date = text.index("14")
    assert all(level % 2 == 0 for level in levels[date : date + 10])


def test_text_without_right_to_left_letters_takes_the_fast_path() -> None:
    assert bidi_levels("Zoë (PIP) € 1.250,00", rtl=False) == [0] * 20


# -- faces --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", [fonts.SANS] * 3),
        ("عربي 14", [fonts.NASKH] * 7),  # digits and space follow the Arabic word
        ("عربي (PIP)", [fonts.NASKH] * 5 + [fonts.SANS] * 5),  # Naskh has no brackets
        ("ሰላም 14", [fonts.ETHIOPIC] * 4 + [fonts.SANS] * 2),  # Ethiopic has no digits
        ("€ 5", [fonts.SANS] * 3),
        ("هزینهٔ", [fonts.NASKH] * 6),  # the mark stays with its letter
    ],
)
def test_faces_per_character(text: str, expected: list[int]) -> None:
    assert fonts.assign_faces(text, fonts.font_set()) == expected


def test_character_no_face_has_is_missing() -> None:
    assert fonts.assign_faces("a\U0001f600", fonts.font_set()) == [fonts.SANS, fonts.MISSING]


# -- shaping ------------------------------------------------------------------------------------
def test_arabic_letters_join_and_each_glyph_keeps_its_letter() -> None:
    face = fonts.font_set().faces[fonts.NASKH]
    shaped = shaping.shape(face, "أحمد", "أحمد", True, "ar")
    glyph_ids = [g[0] for g in shaped.glyphs]
    nominal = [face.font.face.charToGlyph[ord(c)] for c in "أحمد"[::-1]]
    assert glyph_ids != nominal  # contextual forms, not the isolated letters
    assert "".join(g[4] for g in reversed(shaped.glyphs)) == "أحمد"


def test_brackets_are_mirrored_in_right_to_left_runs_but_keep_their_text() -> None:
    face = fonts.font_set().faces[fonts.SANS]
    ltr = shaping.shape(face, "(", "(", False, "ar")
    rtl = shaping.shape(face, "(", "(", True, "ar")
    assert ltr.glyphs[0][0] != rtl.glyphs[0][0]
    assert rtl.glyphs[0][0] == face.font.face.charToGlyph[ord(")")]
    assert rtl.glyphs[0][4] == "("


def test_zero_width_non_joiner_is_kept_in_the_text() -> None:
    face = fonts.font_set().faces[fonts.NASKH]
    shaped = shaping.shape(face, "می\u200cخواهم", "می\u200cخواهم", True, "fa")
    assert "".join(g[4] for g in reversed(shaped.glyphs)) == "می\u200cخواهم"
    zwnj = next(g for g in shaped.glyphs if g[4] == "\u200c")
    assert zwnj[1] == 0  # no width


def test_no_ligature_glyph_stands_for_several_arabic_letters() -> None:
    face = fonts.font_set().faces[fonts.NASKH]
    shaped = shaping.shape(face, "الله", "الله", True, "ar")
    assert all(len(g[4]) == 1 for g in shaped.glyphs)


# -- lines --------------------------------------------------------------------------------------
def test_right_to_left_line_shows_the_first_word_rightmost() -> None:
    (line,) = laid_lines("نرحب بالسيد Ahmad Al-Tajriba في البلدية", STYLE, 1000, "rtl", "ar")
    words = [t for t in line_text(line) if t.strip()]
    assert words == ["البلدية", "في", "Ahmad", "Al-Tajriba", "بالسيد", "نرحب"]


def test_arabic_digits_in_a_dutch_line_keep_their_order() -> None:
    (line,) = laid_lines("nummer ١٢٣ klaar", STYLE, 1000, "ltr", "nl")
    assert line_text(line) == ["nummer", " ", "١٢٣", " ", "klaar"]


def test_wrapped_right_to_left_lines_stay_in_reading_order() -> None:
    text = " ".join(["كلمة"] * 10 + ["نهاية"])
    lines = laid_lines(text, STYLE, 80, "rtl", "ar")
    assert len(lines) > 2
    assert all(line.width <= 80 for line in lines)
    assert next(t for t in line_text(lines[-1]) if t.strip()) == "نهاية"


def test_over_long_word_is_cut_to_fit() -> None:
    word = "X" * 200
    lines = laid_lines(word, STYLE, 100, "ltr", "nl")
    assert len(lines) > 5
    assert all(line.width <= 100 for line in lines)
    assert "".join("".join(line_text(line)) for line in lines) == word


def test_no_break_space_holds_an_amount_together() -> None:
    lines = laid_lines("Bedrag €\u00a01.250,00", STYLE, 60, "ltr", "nl")
    assert "".join(line_text(lines[-1])) == "€\u00a01.250,00"


def test_line_breaks_in_the_text_are_kept() -> None:
    assert len(laid_lines("Proefstraat 12\n9999 ZZ Proefstad", STYLE, 1000, "ltr", "nl")) == 2


def test_markup_characters_are_just_characters() -> None:
    (line,) = laid_lines('<Fatou> & "Zoë" <script>', STYLE, 1000, "ltr", "nl")
    assert "".join(line_text(line)) == '<Fatou> & "Zoë" <script>'


def test_missing_character_prints_a_replacement_mark_and_keeps_its_text() -> None:
    (line,) = laid_lines("a\U0001f600\ue000", STYLE, 1000, "ltr", "nl")
    sans = fonts.font_set().faces[fonts.SANS]
    replacement = sans.font.face.charToGlyph[0xFFFD]
    glyphs = [g for p in line.pieces for g in p.shaped.glyphs]
    assert [g[0] for g in glyphs[1:]] == [replacement, replacement]
    # The emoji stays in the text layer; a private-use character does not.
    assert [g[4] for g in glyphs] == ["a", "\U0001f600", "\ufffd"]


def test_controls_and_invisible_format_characters_are_dropped() -> None:
    (line,) = laid_lines("a\x07b\u200bc\u00ad\ufeffd", STYLE, 1000, "ltr", "nl")
    assert "".join(line_text(line)) == "abcd"


def test_direction_must_be_known() -> None:
    with pytest.raises(ValueError, match="direction"):
        shaping.TextLayout("x", STYLE, "up", "nl")  # type: ignore[arg-type]
