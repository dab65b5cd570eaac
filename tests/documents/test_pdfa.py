"""PDF/A-2b details, the ToUnicode maps, deterministic output, user text printed literally."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime

import pikepdf
import pytest
from PIL import Image

from inburgering_desktop.documents import pdfa, tounicode
from inburgering_desktop.documents.blocks import KeyValueTable, Paragraph
from inburgering_desktop.documents.fonts import SANS, font_set
from inburgering_desktop.documents.layout import LetterDocument, Section, render_pdf
from tests.documents import pdfcheck, samples


def dutch_only(*blocks: object, name: str = "Zoë de Proef") -> LetterDocument:
    doc = samples.latin_only()
    section = replace(doc.sections[0], blocks=list(blocks))
    return replace(doc, sections=[section], recipient_lines=samples.recipient(name))


# -- ToUnicode ----------------------------------------------------------------------------------
def test_glyph_key_is_the_code_point_for_a_nominal_glyph() -> None:
    font = font_set().faces[SANS].font
    gid = font.face.charToGlyph[ord("a")]
    assert font.glyph_key(gid, "a") == ord("a")
    # The same glyph standing for other text gets a key outside Unicode, with that text.
    key = font.glyph_key(gid, "ä")
    assert key >= tounicode.FIRST_PRIVATE_KEY
    assert font.key_text(key) == "ä"
    assert font.glyph_key(gid, "ä") == key


def test_notdef_is_never_drawn() -> None:
    font = font_set().faces[SANS].font
    with pytest.raises(tounicode.NotdefError):
        font.glyph_key(0, "x")


def test_cmap_maps_several_letters_and_astral_characters() -> None:
    cmap = tounicode.to_unicode_cmap("AAAAAA+Test", ["", "fi", "\U0001f600", ""])
    assert "<01> <00660069>" in cmap
    assert "<02> <D83DDE00>" in cmap  # UTF-16 surrogate pair
    assert "<00>" not in cmap.split("endcodespacerange")[1]  # .notdef has no text
    assert "2 beginbfchar" in cmap


def test_every_code_in_a_letter_has_text_outside_the_private_use_area() -> None:
    data = render_pdf(samples.bilingual("ar"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for _name, font in page.Resources.Font.items():
                cmap = font.ToUnicode.read_bytes().decode("ascii")
                entries = "".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S))
                targets = re.findall(r"<[0-9A-F]{2}> <([0-9A-F]+)>", entries)
                assert len(targets) == int(font.LastChar)  # every code but .notdef
                for target in targets:
                    text = bytes.fromhex(target).decode("utf-16-be")
                    assert not pdfcheck.PRIVATE_USE.search(text)


# -- PDF/A --------------------------------------------------------------------------------------
def test_xmp_agrees_with_the_info_dictionary() -> None:
    data = render_pdf(samples.bilingual("fa"))
    facts = pdfcheck.pdfa_facts(data)
    info, xmp = facts.info, facts.xmp
    assert f"<pdf:Keywords>{info['Keywords']}</pdf:Keywords>" in xmp
    assert f"<pdf:Producer>{info['Producer']}</pdf:Producer>" in xmp
    assert f"<xmp:CreatorTool>{info['Creator']}</xmp:CreatorTool>" in xmp
    assert f"<rdf:li>{info['Author']}</rdf:li>" in xmp
    assert info["CreationDate"] == "D:20250414103000+02'00'"
    assert "<xmp:CreateDate>2025-04-14T10:30:00+02:00</xmp:CreateDate>" in xmp
    assert "<rdf:li>nl</rdf:li><rdf:li>fa</rdf:li>" in xmp


def test_output_intent_carries_the_bundled_srgb_profile() -> None:
    data = render_pdf(samples.latin_only())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert intent.DestOutputProfile.read_bytes() == pdfa.icc_profile()
        assert pdf.Root.Metadata.get("/Filter") is None  # XMP readable without inflating
    assert pdfa.icc_profile()[12:20] == b"mntrRGB "  # a monitor RGB profile, as PDF/A asks


def test_metadata_strips_characters_xml_cannot_hold() -> None:
    doc = replace(samples.latin_only(), title="Brief\x00 aan \x1fZoë", keywords=("a\x0bb",))
    facts = pdfcheck.pdfa_facts(render_pdf(doc))
    assert facts.info["Title"] == "Brief aan Zoë"
    assert "Brief aan Zoë</rdf:li>" in facts.xmp


def test_same_letter_gives_the_same_bytes() -> None:
    first = render_pdf(samples.bilingual("ar"))
    # Another letter in between shares the font objects; its glyphs must not leak in.
    render_pdf(samples.bilingual("fa"))
    assert render_pdf(samples.bilingual("ar")) == first
    later = replace(samples.bilingual("ar"), created=datetime(2025, 4, 15, 9, 0))
    other = render_pdf(later)
    assert other != first
    assert pdfcheck_id(first) != pdfcheck_id(other)


def pdfcheck_id(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return bytes(pdf.trailer.ID[0]) + bytes(pdf.trailer.ID[1])


# -- user text ----------------------------------------------------------------------------------
def test_markup_and_quotes_print_literally() -> None:
    text = "<Fatou> & \"Zoë\" <script>alert(1)</script> 'x'"
    data = render_pdf(dutch_only(Paragraph(text), KeyValueTable([("<b>", "&amp;")]), name=text))
    extracted = pdfcheck.poppler_text(data)
    assert extracted.count(text) == 2  # window and paragraph
    assert "<b>" in extracted and "&amp;" in extracted


def test_a_200_character_word_wraps_and_prints_whole() -> None:
    word = "".join(chr(ord("a") + i % 26) for i in range(200))
    data = render_pdf(dutch_only(Paragraph(f"Notitie: {word} einde")))
    lines = [line for page in pdfcheck.word_boxes(data) for line in page]
    pieces = [w for line in lines for w in line if set(w.text) <= set(word)]
    assert len(pieces) >= 2
    assert "".join(w.text for w in pieces).find(word) >= 0
    assert all(w.x_max <= 595.3 - samples_right() + 0.5 for w in pieces)


def samples_right() -> float:
    from inburgering_desktop.documents.layout import RIGHT

    return RIGHT


def test_logo_is_embedded_without_transparency() -> None:
    image = Image.new("RGBA", (60, 30), (0, 90, 160, 128))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    doc = samples.latin_only()
    doc = replace(doc, letterhead=replace(doc.letterhead, logo=buffer.getvalue()))
    data = render_pdf(doc)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert len(images) == 1
        assert "/SMask" not in images[0]


def test_unreadable_logo_is_refused() -> None:
    doc = samples.latin_only()
    doc = replace(doc, letterhead=replace(doc.letterhead, logo=b"not an image"))
    with pytest.raises(ValueError, match="logo"):
        render_pdf(doc)


def test_letter_needs_a_section() -> None:
    with pytest.raises(ValueError, match="section"):
        render_pdf(replace(samples.latin_only(), sections=[]))


def test_blocks_take_only_plain_text() -> None:
    with pytest.raises(TypeError, match=r"Paragraph\.text"):
        Paragraph(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="direction"):
        Paragraph("x", "sideways")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="direction"):
        render_pdf(
            replace(
                samples.latin_only(),
                sections=[Section("nl", "down", "Kop", "", [])],  # type: ignore[arg-type]
            )
        )


def test_a_long_note_flows_over_pages_without_losing_a_line() -> None:
    sentences = [f"Regel {n:03d} van een lange notitie over de voortgang." for n in range(180)]
    data = render_pdf(dutch_only(Paragraph(" ".join(sentences))))
    assert pdfcheck.pdfa_facts(data).page_count >= 3
    text = " ".join(pdfcheck.poppler_text(data).split())
    positions = [text.find(f"Regel {n:03d} ") for n in range(180)]
    assert -1 not in positions
    assert positions == sorted(positions)
