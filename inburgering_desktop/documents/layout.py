"""A bilingual letter as PDF/A-2b: letterhead, recipient window, sections, footer.

The Dutch section comes first, then the same letter in the client's language; each section
starts on a new page with its own heading and date line, and the translated section says in
its own language that the Dutch text is binding. Every page carries a footer with the dossier
reference and "page / pages". Page 1 has the letterhead (logo, municipality, department,
address, contact, reference) and the recipient's name and address where a Dutch window
envelope shows them.

This module only lays out; all text goes through shaping.py (bidi, HarfBuzz, fonts) and the
result through pdfa.py. It stores nothing and needs no Qt.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus import Spacer as RLSpacer

import inburgering_desktop
from inburgering_desktop.documents import pdfa
from inburgering_desktop.documents.blocks import (
    Block,
    BulletList,
    Heading,
    KeyValueTable,
    Paragraph,
    Signature,
    Spacer,
)
from inburgering_desktop.documents.fonts import initial_font_name
from inburgering_desktop.documents.shaping import Direction, TextFlowable, TextStyle, draw_text

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 25 * mm
RIGHT = 20 * mm
BOTTOM = 24 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
# The window of a Dutch C5/DL window envelope: 20–22 mm from the left, about 50 mm from the top.
WINDOW_X = 25 * mm
WINDOW_TOP = PAGE_HEIGHT - 52 * mm
WINDOW_WIDTH = 85 * mm
# The sender column on page 1, right of the window.
SENDER_X = 125 * mm
SENDER_WIDTH = PAGE_WIDTH - RIGHT - SENDER_X
FIRST_FRAME_TOP = PAGE_HEIGHT - 100 * mm
LATER_FRAME_TOP = PAGE_HEIGHT - 28 * mm
LOGO_MAX = (45 * mm, 22 * mm)
GREY = (0.35, 0.35, 0.35)
FOOTER_LABEL = "Kenmerk"  # the dossier reference's Dutch name, as on every municipal letter


@dataclass(frozen=True)
class Letterhead:
    """The municipality's details, from the settings."""

    municipality: str
    department: str
    address_lines: tuple[str, ...]
    phone: str
    email: str
    website: str
    logo: bytes | None
    signatory_name: str
    signatory_title: str


@dataclass(frozen=True)
class Section:
    """The letter in one language. The first section of a document is the Dutch one."""

    language: str
    direction: Literal["ltr", "rtl"]
    heading: str
    date_line: str
    blocks: Sequence[Block]
    binding_note: str | None = None


@dataclass(frozen=True)
class LetterDocument:
    title: str
    reference: str
    recipient_lines: tuple[str, ...]
    sections: Sequence[Section]
    letterhead: Letterhead
    created: datetime
    language_tags: tuple[str, ...]
    keywords: tuple[str, ...] = ()


# -- styles -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Styles:
    body: TextStyle
    strong: TextStyle
    heading: TextStyle
    subheading: TextStyle
    note: TextStyle
    date: TextStyle


def _styles(direction: Direction) -> _Styles:
    # Naskh draws smaller than Noto Sans at the same size and needs room for its marks.
    size, leading = (11.5, 18.0) if direction == "rtl" else (10.0, 15.0)
    body = TextStyle(size=size, leading=leading, space_after=leading * 0.45)
    return _Styles(
        body=body,
        strong=TextStyle(size=size, leading=leading, bold=True),
        heading=TextStyle(size=size + 4, leading=leading + 6, bold=True, space_after=leading * 0.5),
        subheading=TextStyle(
            size=size + 1,
            leading=leading + 2,
            bold=True,
            space_before=leading * 0.4,
            space_after=leading * 0.25,
        ),
        note=TextStyle(size=size - 0.5, leading=leading - 1, bold=True),
        date=TextStyle(size=size, leading=leading, space_after=leading * 0.8),
    )


_SMALL = TextStyle(size=8.5, leading=11.5)
_SMALL_GREY = TextStyle(size=8.5, leading=11.5, color=GREY)
_MUNICIPALITY = TextStyle(size=14, leading=18, bold=True)
_FOOTER = TextStyle(size=8, leading=10, color=GREY, align="center")
_WINDOW = TextStyle(size=10, leading=14)


# -- blocks to flowables ----------------------------------------------------------------------
def _key_value_table(
    block: KeyValueTable, styles: _Styles, direction: Direction, lang: str
) -> Flowable:
    key_width = TEXT_WIDTH * 0.36
    value_width = TEXT_WIDTH - key_width
    rows = []
    for key, value in block.rows:
        key_cell = TextFlowable(key, styles.strong, direction, lang)
        value_cell = TextFlowable(value, _replace(styles.body, space_after=0), direction, lang)
        rows.append([value_cell, key_cell] if direction == "rtl" else [key_cell, value_cell])
    widths = [value_width, key_width] if direction == "rtl" else [key_width, value_width]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # Table sets each cell's font even for flowable cells; Helvetica would enter
                # the PDF unembedded.
                ("FONTNAME", (0, 0), (-1, -1), initial_font_name()),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, (0.8, 0.8, 0.8)),
            ]
        )
    )
    table.spaceAfter = styles.body.leading * 0.6
    return table


def _replace(style: TextStyle, **changes: Any) -> TextStyle:
    from dataclasses import replace

    return replace(style, **changes)


def _block_flowables(
    block: Block, styles: _Styles, direction: Direction, lang: str
) -> list[Flowable]:
    if isinstance(block, Heading):
        return [TextFlowable(block.text, styles.subheading, direction, lang, keep_with_next=True)]
    if isinstance(block, Paragraph):
        return [TextFlowable(block.text, styles.body, block.direction or direction, lang)]
    if isinstance(block, KeyValueTable):
        return [_key_value_table(block, styles, direction, lang)] if block.rows else []
    if isinstance(block, BulletList):
        item_style = _replace(styles.body, space_after=styles.body.leading * 0.2)
        items: list[Flowable] = [
            TextFlowable(item, item_style, direction, lang, indent=14, bullet="•")
            for item in block.items
        ]
        if items:
            items[-1].spaceAfter = styles.body.space_after
        return items
    if isinstance(block, Signature):
        return [KeepTogether(_signature_parts(block, styles, direction, lang))]
    if isinstance(block, Spacer):
        return [RLSpacer(1, block.height_mm * mm)]
    raise TypeError(f"not a letter block: {type(block).__name__}")


def _signature_parts(
    block: Signature, styles: _Styles, direction: Direction, lang: str
) -> list[Flowable]:
    return [
        RLSpacer(1, 16 * mm),
        TextFlowable(block.name, styles.strong, direction, lang),
        TextFlowable(block.title, styles.body, direction, lang),
    ]


# The paragraphs right before a signature ("Met vriendelijke groet," and "Namens het college
# ...") stay on its page: a signature alone on a page of its own signs nothing visible.
_KEPT_WITH_SIGNATURE = 2


def _binding_note(text: str, styles: _Styles, direction: Direction, lang: str) -> Flowable:
    cell = TextFlowable(text, styles.note, direction, lang)
    box = Table([[cell]], colWidths=[TEXT_WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), (0.93, 0.93, 0.93)),
                ("FONTNAME", (0, 0), (-1, -1), initial_font_name()),
                ("BOX", (0, 0), (-1, -1), 0.6, (0.6, 0.6, 0.6)),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    box.spaceAfter = styles.body.leading * 0.8
    return box


def _section_flowables(section: Section) -> list[Flowable]:
    direction = section.direction
    lang = section.language
    styles = _styles(direction)
    story: list[Flowable] = [
        TextFlowable(section.heading, styles.heading, direction, lang, keep_with_next=True)
    ]
    if section.binding_note:
        story.append(_binding_note(section.binding_note, styles, direction, lang))
    if section.date_line:
        story.append(TextFlowable(section.date_line, styles.date, direction, lang))
    # Which flowables came from a Paragraph block, to keep the closing with the signature.
    from_paragraph: list[bool] = [False] * len(story)
    for block in section.blocks:
        if isinstance(block, Signature):
            held: list[Flowable] = []
            while from_paragraph and from_paragraph[-1] and len(held) < _KEPT_WITH_SIGNATURE:
                held.insert(0, story.pop())
                from_paragraph.pop()
            story.append(KeepTogether([*held, *_signature_parts(block, styles, direction, lang)]))
            from_paragraph.append(False)
            continue
        flowables = _block_flowables(block, styles, direction, lang)
        story.extend(flowables)
        from_paragraph.extend([isinstance(block, Paragraph)] * len(flowables))
    return story


# -- page decorations -------------------------------------------------------------------------
def _logo_reader(logo: bytes) -> ImageReader:
    """The logo without transparency (flattened on white), so no soft mask enters the PDF."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(logo))
        image.load()
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError("the letterhead logo is not an image that can be read") from error
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return ImageReader(image)


def _draw_first_page(canvas: Canvas, doc: LetterDocument, logo: ImageReader | None) -> None:
    head = doc.letterhead
    top = PAGE_HEIGHT - 15 * mm
    x = LEFT
    if logo is not None:
        width, height = logo.getSize()
        scale = min(LOGO_MAX[0] / width, LOGO_MAX[1] / height)
        canvas.drawImage(logo, LEFT, top - height * scale, width * scale, height * scale)
        x = LEFT + width * scale + 5 * mm
    used = draw_text(canvas, head.municipality, x, top, PAGE_WIDTH - RIGHT - x, _MUNICIPALITY)
    if head.department:
        draw_text(canvas, head.department, x, top - used, PAGE_WIDTH - RIGHT - x, _SMALL_GREY)
    # Recipient in the envelope window, sender details beside it; both stop above the
    # letter's first line (the full name is in the letter itself too).
    limit = FIRST_FRAME_TOP + 4 * mm
    y = WINDOW_TOP
    for line in doc.recipient_lines:
        y -= draw_text(canvas, line, WINDOW_X, y, WINDOW_WIDTH, _WINDOW, max_height=y - limit)
    y = WINDOW_TOP
    sender = [*head.address_lines, head.phone, head.email, head.website]
    for line in sender:
        if line:
            y -= draw_text(canvas, line, SENDER_X, y, SENDER_WIDTH, _SMALL, max_height=y - limit)
    y -= 3 * mm
    y -= draw_text(
        canvas, FOOTER_LABEL, SENDER_X, y, SENDER_WIDTH, _SMALL_GREY, max_height=y - limit
    )
    draw_text(canvas, doc.reference, SENDER_X, y, SENDER_WIDTH, _SMALL, max_height=y - limit)


def _draw_later_page(canvas: Canvas, doc: LetterDocument) -> None:
    draw_text(
        canvas, doc.letterhead.municipality, LEFT, PAGE_HEIGHT - 14 * mm, TEXT_WIDTH, _SMALL_GREY
    )


def _draw_footer(canvas: Canvas, doc: LetterDocument, page: int, pages: int) -> None:
    text = f"{FOOTER_LABEL} {doc.reference} · {page} / {pages}"
    draw_text(canvas, text, LEFT, 14 * mm, TEXT_WIDTH, _FOOTER)


def _numbered_canvas(doc: LetterDocument, logo: ImageReader | None) -> Callable[..., Canvas]:
    """A canvas that draws the page decorations once the number of pages is known."""

    class LetterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Start on one of our embedded fonts: the default would put an unembedded
            # Helvetica into the page resources, which PDF/A forbids.
            kwargs["initialFontName"] = initial_font_name()
            kwargs["invariant"] = 1  # no clock time in the file
            kwargs["pageCompression"] = 1
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                if number == 1:
                    _draw_first_page(self, doc, logo)
                else:
                    _draw_later_page(self, doc)
                _draw_footer(self, doc, number, total)
                self.restoreState()
                super().showPage()
            super().save()

    return LetterCanvas


# -- the whole letter -------------------------------------------------------------------------
def _validate(doc: LetterDocument) -> None:
    if not doc.sections:
        raise ValueError("a letter needs at least one section")
    for section in doc.sections:
        if section.direction not in ("ltr", "rtl"):
            raise ValueError(f"section direction must be 'ltr' or 'rtl', not {section.direction!r}")


def _reportlab_pdf(doc: LetterDocument) -> bytes:
    logo = _logo_reader(doc.letterhead.logo) if doc.letterhead.logo else None
    out = io.BytesIO()
    template = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=PAGE_HEIGHT - LATER_FRAME_TOP,
        bottomMargin=BOTTOM,
        title=doc.title,
        invariant=1,
    )
    padding = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    first = Frame(LEFT, BOTTOM, TEXT_WIDTH, FIRST_FRAME_TOP - BOTTOM, id="first", **padding)
    later = Frame(LEFT, BOTTOM, TEXT_WIDTH, LATER_FRAME_TOP - BOTTOM, id="later", **padding)
    template.addPageTemplates(
        [PageTemplate(id="first", frames=[first]), PageTemplate(id="later", frames=[later])]
    )
    story: list[Flowable] = [NextPageTemplate("later")]
    for number, section in enumerate(doc.sections):
        if number:
            story.append(PageBreak())
        story.extend(_section_flowables(section))
    template.build(story, canvasmaker=_numbered_canvas(doc, logo))
    return out.getvalue()


def render_pdf(doc: LetterDocument) -> bytes:
    """The letter as PDF/A-2b bytes; the same document gives the same bytes."""
    _validate(doc)
    raw = _reportlab_pdf(doc)
    version = inburgering_desktop.__version__
    meta = pdfa.Metadata(
        title=doc.title,
        author=doc.letterhead.municipality,
        keywords=tuple(doc.keywords),
        languages=tuple(doc.language_tags) or tuple(s.language for s in doc.sections),
        created=doc.created,
        creator_tool=f"Inburgering Desktop {version}",
        producer=f"Inburgering Desktop {version} (ReportLab, HarfBuzz, pikepdf)",
    )
    return pdfa.make_pdfa(raw, meta)
