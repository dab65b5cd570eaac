"""Reading rendered letters back: text (poppler and pypdf), word boxes, PDF/A markers, fonts.

poppler-utils (pdftotext, pdffonts) is installed by the Makefile with the other test
packages. Without it these checks fail with a message saying so instead of passing silently.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pypdf

# pdftotext marks right-to-left and embedded left-to-right runs with these; they are its
# presentation of the text, not the text.
_POPPLER_MARKS = dict.fromkeys(range(0x202A, 0x202F))
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} not found: install poppler-utils (make test does)")
    return path


def _run(tool: str, data: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp, "letter.pdf")
        pdf.write_bytes(data)
        result = subprocess.run(
            [_tool(tool), *args, str(pdf), "-"]
            if tool == "pdftotext"
            else [_tool(tool), *args, str(pdf)],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8")


def poppler_text(data: bytes, page: int | None = None) -> str:
    """pdftotext's text (logical order, as a viewer's search sees it), without its bidi marks."""
    args = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", data, *args).translate(_POPPLER_MARKS)


def pypdf_text(data: bytes, page: int | None = None) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = [reader.pages[page - 1]] if page else reader.pages
    return "\n".join(p.extract_text() for p in pages)


def letter_words(text: str) -> list[str]:
    """Runs of letters and marks (punctuation and digits dropped), in order."""
    words, current = [], []
    for char in unicodedata.normalize("NFC", text):
        if unicodedata.category(char)[0] in "LM" or (char in "\u200c\u200d" and current):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def in_order(expected: list[str], text: str) -> bool:
    """Whether the words of `expected` occur in `text` in that order."""
    found = letter_words(text)
    position = 0
    for word in expected:
        try:
            position = found.index(word, position) + 1
        except ValueError:
            return False
    return True


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str  # as pdftotext -bbox-layout gives it: glyphs left to right

    def reads(self, word: str) -> bool:
        """Right-to-left words come out of -bbox-layout in display order (reversed)."""
        return self.text in (word, word[::-1])


def word_boxes(data: bytes) -> list[list[list[Word]]]:
    """Per page, per line (top to bottom), the words with their boxes (points, y down)."""
    xml = _run("pdftotext", data, "-bbox-layout")
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ElementTree.fromstring(xml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for number, page in enumerate(root.iterfind(".//x:page", ns), start=1):
        lines = []
        for line in page.iterfind(".//x:line", ns):
            words = [
                Word(
                    number,
                    float(w.get("xMin")),
                    float(w.get("yMin")),
                    float(w.get("xMax")),
                    float(w.get("yMax")),
                    (w.text or "").translate(_POPPLER_MARKS),
                )
                for w in line.iterfind("x:word", ns)
            ]
            if words:
                lines.append(words)
        pages.append(lines)
    return pages


@cache
def _pdffonts_available() -> str:
    return _tool("pdffonts")


def pdffonts(data: bytes) -> list[tuple[str, str, bool]]:
    """(name, type, embedded) for every font pdffonts lists."""
    _pdffonts_available()
    out = _run("pdffonts", data)
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID
        embedded = parts[-5] == "yes"
        fonts.append((parts[0], parts[1], embedded))
    return fonts


@dataclass(frozen=True)
class PdfaFacts:
    part: str | None
    conformance: str | None
    output_intent: bool
    icc_components: int | None
    has_id: bool
    encrypted: bool
    info: dict[str, str]
    xmp: str
    fonts_without_file: list[str]
    fonts_with_encoding: list[str]
    page_count: int


def pdfa_facts(data: bytes) -> PdfaFacts:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in pdf.Root else ""
        part = re.search(r"<pdfaid:part>(\d)</pdfaid:part>", xmp)
        conformance = re.search(r"<pdfaid:conformance>(\w)</pdfaid:conformance>", xmp)
        intents = pdf.Root.get("/OutputIntents", [])
        icc_n = None
        if len(intents):
            intent = intents[0]
            if intent.get("/S") == pikepdf.Name.GTS_PDFA1:
                icc_n = int(intent.DestOutputProfile.N)
        missing, with_encoding = [], []
        for page in pdf.pages:
            for _name, font in page.Resources.get("/Font", {}).items():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None or not any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    missing.append(str(font.get("/BaseFont")))
                if "/Encoding" in font:
                    with_encoding.append(str(font.get("/BaseFont")))
        info = {str(k)[1:]: str(v) for k, v in pdf.trailer.Info.items()}
        return PdfaFacts(
            part=part.group(1) if part else None,
            conformance=conformance.group(1) if conformance else None,
            output_intent=icc_n is not None,
            icc_components=icc_n,
            has_id="/ID" in pdf.trailer and len(pdf.trailer.ID) == 2,
            encrypted=pdf.is_encrypted,
            info=info,
            xmp=xmp,
            fonts_without_file=missing,
            fonts_with_encoding=with_encoding,
            page_count=len(pdf.pages),
        )
