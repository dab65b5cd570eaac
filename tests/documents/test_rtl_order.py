"""Right-to-left order read from the PDF itself: word positions on the page.

In an Arabic paragraph the sentence's first word stands at the right margin of the first line
and its last word on the last line; the Latin name inside reads left to right; the date keeps
its digits in order; each line ends at the right margin.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.pagesizes import A4

from inburgering_desktop.documents.blocks import Paragraph
from inburgering_desktop.documents.layout import RIGHT, Section, render_pdf
from tests.documents import pdfcheck, samples

RIGHT_MARGIN = A4[0] - RIGHT
FIRST, LAST = "نرحب", "سنوات."
# Long enough to wrap over three lines or more at 11.5 pt.
SENTENCE = samples.ARABIC_SENTENCE + " " + samples.ARABIC_SENTENCE.replace("نرحب", "مرة أخرى")
SENTENCE = SENTENCE.replace("سنوات.", "أعوام.", 1)


@cache
def arabic_page() -> list[list[pdfcheck.Word]]:
    doc = samples.bilingual("ar")
    arabic = doc.sections[1]
    # The paragraph alone on its page (below heading and date), so its lines are easy to find.
    arabic = Section(
        language="ar",
        direction="rtl",
        heading=arabic.heading,
        date_line=arabic.date_line,
        blocks=[Paragraph(SENTENCE)],
    )
    data = render_pdf(type(doc)(**{**doc.__dict__, "sections": [doc.sections[0], arabic]}))
    return pdfcheck.word_boxes(data)[1]


def paragraph_lines() -> list[list[pdfcheck.Word]]:
    lines = arabic_page()
    start = next(i for i, line in enumerate(lines) if any(w.reads(FIRST) for w in line))
    end = next(i for i, line in enumerate(lines) if any(w.reads(LAST) for w in line))
    assert end - start >= 2, "the test paragraph should wrap over at least three lines"
    return lines[start : end + 1]


def test_first_word_stands_at_the_right_margin_of_the_first_line() -> None:
    first_line = paragraph_lines()[0]
    rightmost = max(first_line, key=lambda w: w.x_max)
    assert rightmost.reads(FIRST)
    assert abs(rightmost.x_max - RIGHT_MARGIN) < 1.0


def test_last_word_is_on_the_last_line_at_its_left_end() -> None:
    last_line = paragraph_lines()[-1]
    leftmost = min(last_line, key=lambda w: w.x_min)
    assert leftmost.reads(LAST)
    # A last line is short and right-aligned: it ends at the right margin too.
    assert abs(max(w.x_max for w in last_line) - RIGHT_MARGIN) < 1.0


def test_every_line_is_aligned_right() -> None:
    for line in paragraph_lines():
        assert abs(max(w.x_max for w in line) - RIGHT_MARGIN) < 1.0


def test_latin_name_reads_left_to_right_between_arabic_words() -> None:
    first_line = paragraph_lines()[0]
    by_x = sorted(first_line, key=lambda w: w.x_min)
    texts = [w.text for w in by_x]
    ahmad = texts.index("Ahmad")
    assert texts[ahmad + 1] == "Al-Tajriba"  # left to right, not "Al-Tajriba Ahmad"
    # Arabic on both sides: "بالسيد" (before the name in the sentence) to its right,
    # "في" (after it) to its left.
    assert any(w.reads("بالسيد") for w in by_x[ahmad + 2 :])
    assert any(w.reads("في") for w in by_x[:ahmad])


def test_date_and_amount_keep_their_order() -> None:
    words = [w.text for line in paragraph_lines() for w in line]
    assert "14-04-2025" in words
    assert "1.250,00" in words or "€ 1.250,00" in " ".join(words)


def test_words_follow_the_sentence_from_right_to_left_and_top_to_bottom() -> None:
    expected = pdfcheck.letter_words(SENTENCE)
    arabic = [w for w in expected if not w.isascii()]
    seen = []
    for line in paragraph_lines():
        for word in sorted(line, key=lambda w: -w.x_max):  # right to left
            text = word.text
            letters = pdfcheck.letter_words(text[::-1] if not text.isascii() else text)
            seen.extend(w for w in letters if not w.isascii())
    assert seen == arabic
