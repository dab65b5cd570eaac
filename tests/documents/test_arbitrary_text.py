"""Arbitrary Unicode in names and notes never breaks a letter.

Whatever a consultant types or pastes (emoji, private-use characters, controls, lone combining
marks, bidi overrides, scripts our fonts lack), the letter renders, no .notdef glyph is drawn
(GlyphFont raises NotdefError if one ever would be), and the text layer holds no private-use
characters. Characters none of the bundled fonts has print as U+FFFD.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering_desktop.documents.blocks import KeyValueTable, Paragraph
from inburgering_desktop.documents.layout import render_pdf
from tests.documents import pdfcheck, samples

# Characters from the parts of Unicode the engine treats specially, so that short examples
# still mix scripts, directions, marks and invisible characters.
INTERESTING = (
    "aZë€(){}<>&\"' -/.,0189\u00a0\t\n"
    "أحمدالتجربةیکگچپژ۱۴٠١\u064e\u0651\u0654\u200c\u200d"
    "ሰላምፈተና፣።"
    "Олексій"
    "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u061c"
    "\u0301\u0308\u0323\u20dd\ufe0f\u00ad\u200b\ufeff\x00\x07\x1b\x7f\u0085\u2028"
    "\ue000\U000f0001\U0001f600\U0001f1f3\U0001f1f1\u4e2d\u0915\u093f\ufffe\U000e0041"
)
names = st.one_of(st.text(max_size=60), st.text(alphabet=INTERESTING, max_size=60))
notes = st.one_of(st.text(max_size=300), st.text(alphabet=INTERESTING, max_size=300))


def letter(name: str, note: str):  # -> LetterDocument
    doc = samples.bilingual("ar", name=name, note=note)
    arabic = doc.sections[1]
    arabic = replace(
        arabic,
        blocks=[
            Paragraph(note),
            KeyValueTable([(name, note[:40])]),
            Paragraph(f"{name} {note}", direction="ltr"),
        ],
    )
    return replace(doc, sections=[doc.sections[0], arabic], title=name or "Brief")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(name=names, note=notes)
def test_any_name_and_note_render(name: str, note: str) -> None:
    data = render_pdf(letter(name, note))
    assert data.startswith(b"%PDF-")
    text = pdfcheck.pypdf_text(data)
    assert not pdfcheck.PRIVATE_USE.search(text)
