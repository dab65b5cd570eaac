"""Turn ReportLab's PDF into PDF/A-2b: output intent, XMP metadata, a fixed /ID.

ReportLab does not write PDF/A. What PDF/A-2b asks beyond what the renderer already does
(every font embedded, no .notdef glyph drawn, no transparency, no encryption):

* an OutputIntent /GTS_PDFA1 with an ICC profile (the bundled sRGB v2 profile), since the
  letters use DeviceRGB colour;
* an XMP metadata stream with pdfaid:part 2 and pdfaid:conformance B, whose title, author,
  keywords, tools and dates agree with the Info dictionary (written here by hand: the XMP that
  pikepdf generates itself was rejected by validators, STACK.md);
* a file identifier /ID, here derived from the content (qpdf's deterministic ID), so the same
  letter rendered twice is byte for byte the same file;
* an end-of-line before every `endstream`, which qpdf writes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape

import pikepdf

from inburgering_desktop.resources import resources_dir

ICC_PROFILE = "sRGB-v2-magic.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
# XML 1.0 allows no C0 controls but tab/newline/CR, no surrogates and not U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Metadata:
    """What the Info dictionary and the XMP both say about a letter."""

    title: str
    author: str
    keywords: tuple[str, ...]
    languages: tuple[str, ...]
    created: datetime
    creator_tool: str
    producer: str


@cache
def icc_profile() -> bytes:
    return (resources_dir() / "icc" / ICC_PROFILE).read_bytes()


def clean(value: str) -> str:
    """The value as both the Info dictionary and the XMP can hold it (no XML-illegal chars)."""
    return _NOT_XML.sub("", value)


def pdf_date(moment: datetime) -> str:
    """PDF date string: D:YYYYMMDDHHmmSS with the UTC offset when the moment has one."""
    text = moment.strftime("D:%Y%m%d%H%M%S")
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}'{minutes:02d}'"


def xmp_date(moment: datetime) -> str:
    """The same moment as an XMP date (ISO 8601), with the offset when the moment has one."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def xmp_packet(meta: Metadata) -> bytes:
    def x(value: str) -> str:
        return escape(clean(value))

    date = xmp_date(meta.created)
    languages = "".join(f"<rdf:li>{x(lang)}</rdf:li>" for lang in meta.languages)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{x(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{x(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
   <pdf:Keywords>{x(", ".join(meta.keywords))}</pdf:Keywords>
   <pdf:Producer>{x(meta.producer)}</pdf:Producer>
   <xmp:CreatorTool>{x(meta.creator_tool)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def make_pdfa(pdf_bytes: bytes, meta: Metadata) -> bytes:
    """PDF/A-2b bytes from ReportLab's output; deterministic for the same input."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        date = pdf_date(meta.created)
        # A fresh Info dictionary: ReportLab's holds "anonymous" and "unspecified", which
        # the XMP would have to repeat.
        pdf.trailer.Info = pdf.make_indirect(
            pikepdf.Dictionary(
                Title=pikepdf.String(clean(meta.title)),
                Author=pikepdf.String(clean(meta.author)),
                Keywords=pikepdf.String(clean(", ".join(meta.keywords))),
                Creator=pikepdf.String(clean(meta.creator_tool)),
                Producer=pikepdf.String(clean(meta.producer)),
                CreationDate=pikepdf.String(date),
                ModDate=pikepdf.String(date),
            )
        )
        metadata = pdf.make_stream(xmp_packet(meta))
        metadata.Type = pikepdf.Name.Metadata
        metadata.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = metadata
        profile = pdf.make_stream(icc_profile())
        profile.N = 3
        pdf.Root.OutputIntents = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFA1,
                    OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
                    Info=pikepdf.String(OUTPUT_CONDITION),
                    RegistryName=pikepdf.String("http://www.color.org"),
                    DestOutputProfile=profile,
                )
            ]
        )
        if meta.languages:
            pdf.Root.Lang = pikepdf.String(meta.languages[0])
        # ReportLab's invariant /ID is the same for every letter; without it qpdf derives
        # both halves from the content.
        if "/ID" in pdf.trailer:
            del pdf.trailer.ID
        out = io.BytesIO()
        # deterministic_id: /ID from a hash of the content instead of time and file name.
        # The XMP stream stays uncompressed (qpdf never compresses metadata streams), so
        # archive tools can read it without inflating.
        pdf.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()
