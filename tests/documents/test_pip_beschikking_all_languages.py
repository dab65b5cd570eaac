"""The PIP beschikking from the real catalogs, in every letter language: PDF/A markers, every font
embedded, the Dutch and the translated heading extractable, no private-use characters, a sane page
count. (The per-script layout tests use fixed sample texts; this one uses the translations.)"""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering_desktop.documents.layout import LetterDocument, Section, render_pdf
from inburgering_desktop.documents.letter_types import bilingual, pip_beschikking
from inburgering_desktop.documents.texts import LETTER_LANGUAGES
from tests.documents import pdfcheck, samples
from tests.documents.test_texts import PIP

PRIVATE_USE = range(0xE000, 0xF900)


def pip_pdf(language: str) -> tuple[bytes, list[str]]:
    contents = bilingual(pip_beschikking, PIP, language)
    document = LetterDocument(
        title=contents[0].heading,
        reference=samples.REFERENCE,
        recipient_lines=samples.recipient(),
        sections=[
            Section(c.language, c.direction, c.heading, c.date_line, c.blocks, c.binding_note)
            for c in contents
        ],
        letterhead=samples.LETTERHEAD,
        created=dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC),
        language_tags=tuple(c.language for c in contents),
        keywords=("pip_beschikking",),
    )
    return render_pdf(document), [c.heading for c in contents]


@pytest.mark.parametrize("language", sorted(set(LETTER_LANGUAGES) - {"nl"}))
def test_pip_beschikking_renders_in_every_language(language: str) -> None:
    pdf, headings = pip_pdf(language)
    facts = pdfcheck.pdfa_facts(pdf)
    assert (facts.part, facts.conformance) == ("2", "B")
    assert facts.output_intent and facts.has_id and not facts.encrypted
    assert facts.fonts_without_file == []
    assert all(embedded for _name, _type, embedded in pdfcheck.pdffonts(pdf))
    assert 2 <= facts.page_count <= 6
    text = pdfcheck.pypdf_text(pdf)
    assert not [ch for ch in text if ord(ch) in PRIVATE_USE]
    assert not [ch for ch in pdfcheck.poppler_text(pdf) if ord(ch) in PRIVATE_USE]
    # poppler gives right-to-left words in logical order (pypdf puts mixed-direction lines in
    # display order). Where a Latin run touches a right-to-left word poppler may glue the two
    # ("PIPپه"), so for the translation every word is looked for, the order being the business
    # of test_rtl_order.py.
    logical = pdfcheck.poppler_text(pdf)
    dutch, translated = headings
    assert pdfcheck.in_order(pdfcheck.letter_words(dutch), logical), dutch
    missing = [w for w in pdfcheck.letter_words(translated) if w not in logical]
    assert not missing, (translated, missing)
