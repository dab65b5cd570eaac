"""A bilingual letter per language: PDF/A markers, fonts, extractable text, pages, footer.

One rendering per language serves all its checks (rendering is the slow part).
"""

from __future__ import annotations

from functools import cache

import pytest

from inburgering_desktop.documents.layout import render_pdf
from tests.documents import pdfcheck, samples

LANGUAGES = ["ar", "fa", "prs", "ps", "ckb", "ti", "uk"]
# Which of our faces each letter must embed besides Noto Sans.
SCRIPT_FONT = {
    "ar": "NotoNaskhArabic",
    "fa": "NotoNaskhArabic",
    "prs": "NotoNaskhArabic",
    "ps": "NotoNaskhArabic",
    "ckb": "NotoNaskhArabic",
    "ti": "NotoSansEthiopic",
    "uk": "NotoSans",
}


@cache
def rendered(language: str) -> bytes:
    return (
        render_pdf(samples.bilingual(language))
        if language != "nl"
        else render_pdf(samples.latin_only())
    )


@pytest.mark.parametrize("language", [*LANGUAGES, "nl"])
def test_is_pdfa_2b(language: str) -> None:
    facts = pdfcheck.pdfa_facts(rendered(language))
    assert (facts.part, facts.conformance) == ("2", "B")
    assert facts.output_intent and facts.icc_components == 3
    assert facts.has_id and not facts.encrypted
    assert facts.info["Title"] == "Beschikking persoonlijk plan inburgering en participatie" or (
        language == "nl" and facts.info["Title"] == "Uitnodiging intakegesprek"
    )
    assert f'<rdf:li xml:lang="x-default">{facts.info["Title"]}</rdf:li>' in facts.xmp
    assert facts.fonts_without_file == []
    # Symbolic TrueType fonts must not carry an /Encoding in PDF/A.
    assert facts.fonts_with_encoding == []


@pytest.mark.parametrize("language", [*LANGUAGES, "nl"])
def test_every_font_is_embedded(language: str) -> None:
    fonts = pdfcheck.pdffonts(rendered(language))
    assert fonts, "no fonts listed"
    assert all(embedded for _name, _type, embedded in fonts), fonts
    names = {name.split("+", 1)[1].split("-")[0] for name, _t, _e in fonts}
    assert "NotoSans" in names
    if language != "nl":
        assert SCRIPT_FONT[language] in names
    assert all(kind == "TrueType" for _n, kind, _e in fonts)


@pytest.mark.parametrize("language", [*LANGUAGES, "nl"])
def test_page_count_and_footer(language: str) -> None:
    data = rendered(language)
    pages = 1 if language == "nl" else 2
    assert pdfcheck.pdfa_facts(data).page_count == pages
    for page in range(1, pages + 1):
        text = pdfcheck.poppler_text(data, page)
        assert f"Kenmerk {samples.REFERENCE} · {page} / {pages}" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_dutch_text_is_extractable(language: str) -> None:
    data = rendered(language)
    for text in (pdfcheck.poppler_text(data, 1), pdfcheck.pypdf_text(data, 1)):
        assert "Beschikking persoonlijk plan inburgering en participatie" in text
        assert (
            "Op 14-04-2025 hebben wij uw persoonlijk plan inburgering en participatie (PIP)" in text
        )
        assert "€ 1.250,00" in text
        assert "Wat betekent dit voor u?" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_is_extractable_in_logical_order(language: str) -> None:
    data = rendered(language)
    translation = samples.TRANSLATIONS[language]
    words = list(translation["words"])  # type: ignore[call-overload]
    heading = pdfcheck.letter_words(str(translation["heading"]))
    text = pdfcheck.poppler_text(data, 2)
    assert pdfcheck.in_order(words, text), (words, pdfcheck.letter_words(text))
    assert pdfcheck.in_order(heading, text), heading
    # The translation has a page of its own.
    assert "Beste" not in text
    # pypdf puts the pieces of a mixed-direction line in display order (it has no bidi), but
    # every word comes out whole, each in logical order.
    assert set(words) <= set(pdfcheck.letter_words(pdfcheck.pypdf_text(data, 2)))


@pytest.mark.parametrize("language", [*LANGUAGES, "nl"])
def test_no_private_use_characters_in_the_text(language: str) -> None:
    data = rendered(language)
    for text in (pdfcheck.poppler_text(data), pdfcheck.pypdf_text(data)):
        assert not pdfcheck.PRIVATE_USE.search(text)
        assert "\ufffd" not in text


@pytest.mark.parametrize("language", ["fa", "prs"])
def test_zero_width_non_joiner_survives_extraction(language: str) -> None:
    data = rendered(language)
    expected = [w for w in samples.TRANSLATIONS[language]["words"] if "\u200c" in w]  # type: ignore[attr-defined]
    assert expected
    for text in (pdfcheck.poppler_text(data, 2), pdfcheck.pypdf_text(data, 2)):
        for word in expected:
            assert word in text


def test_farsi_word_with_hamza_above_extracts_whole() -> None:
    # "هزینهٔ": heh + U+0654 placed by the font; poppler used to tear it into two lines.
    text = pdfcheck.poppler_text(rendered("fa"), 2)
    assert "هزینهٔ" in text
    assert "هزینهٔ" in pdfcheck.pypdf_text(rendered("fa"), 2)


def test_binding_note_is_in_the_clients_language() -> None:
    data = rendered("ti")
    assert pdfcheck.in_order(
        pdfcheck.letter_words(str(samples.TRANSLATIONS["ti"]["binding"])),
        pdfcheck.poppler_text(data, 2),
    )
    assert "ሰላም ፈተና" in pdfcheck.poppler_text(data, 1)  # Ge'ez name in the Dutch letter


def test_long_arabic_beschikking_takes_two_to_three_pages() -> None:
    data = render_pdf(samples.long_arabic())
    facts = pdfcheck.pdfa_facts(data)
    assert 2 <= facts.page_count <= 3
    assert f"· {facts.page_count} / {facts.page_count}" in pdfcheck.poppler_text(
        data, facts.page_count
    )


def test_the_closing_lines_stay_on_the_page_of_the_signature() -> None:
    """Wherever the page ends, "Met vriendelijke groet," and the line naming the college go to
    the signature's page: never a signature alone on a page of its own."""
    from dataclasses import replace

    from inburgering_desktop.documents.blocks import Paragraph, Signature, Spacer

    base = samples.latin_only()
    dutch = base.sections[0]
    for extra_mm in range(0, 84, 6):
        blocks = [
            Spacer(100),
            Spacer(extra_mm),
            Paragraph("Met vriendelijke groet,"),
            Paragraph("Namens het college van burgemeester en wethouders van Proefstad,"),
            Signature("M. de Proef", "Klantregisseur inburgering"),
        ]
        doc = replace(base, sections=[replace(dutch, blocks=blocks)])
        pdf = render_pdf(doc)
        pages = pdfcheck.pdfa_facts(pdf).page_count
        texts = [pdfcheck.poppler_text(pdf, page) for page in range(1, pages + 1)]
        [signed] = [text for text in texts if "Klantregisseur inburgering" in text]
        assert "Met vriendelijke groet," in signed, extra_mm
        assert "Namens het college" in signed, extra_mm
