"""The building blocks a letter template emits, in any language.

Each block holds plain, already translated and formatted text (dates and amounts arrive as
the catalog made them). The engine never parses markup in them: "<Fatou>", "&" and quotes
print as typed, and user text cannot change the layout. layout.py turns blocks into
flowables; a block carries no styling beyond its kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Direction = Literal["ltr", "rtl"]


def _text(value: object, what: str) -> str:
    # A str subclass with markup semantics, bytes or None would otherwise surface as an
    # obscure error deep in the renderer; say which block got what.
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (the section's own title is Section.heading)."""

    text: str

    def __post_init__(self) -> None:
        _text(self.text, "Heading.text")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; direction None follows the section (a Dutch quote in an Arabic letter
    says "ltr"). Line breaks in the text are kept (addresses, lists typed by hand)."""

    text: str
    direction: Direction | None = None

    def __post_init__(self) -> None:
        _text(self.text, "Paragraph.text")
        if self.direction not in (None, "ltr", "rtl"):
            raise ValueError(
                f"Paragraph.direction must be 'ltr', 'rtl' or None, not {self.direction!r}"
            )


@dataclass(frozen=True)
class KeyValueTable:
    """Label and value pairs (name, date of birth, amount…): labels on the reading-start side."""

    rows: Sequence[tuple[str, str]]

    def __post_init__(self) -> None:
        rows = tuple(
            (_text(key, "KeyValueTable key"), _text(value, "KeyValueTable value"))
            for key, value in self.rows
        )
        object.__setattr__(self, "rows", rows)


@dataclass(frozen=True)
class BulletList:
    items: Sequence[str]

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "items", tuple(_text(item, "BulletList item") for item in self.items)
        )


@dataclass(frozen=True)
class Signature:
    """The signatory: room to sign, then name and title."""

    name: str
    title: str

    def __post_init__(self) -> None:
        _text(self.name, "Signature.name")
        _text(self.title, "Signature.title")


@dataclass(frozen=True)
class Spacer:
    """Vertical white space, in millimetres."""

    height_mm: float = 4.0

    def __post_init__(self) -> None:
        if not 0 <= self.height_mm <= 100:
            raise ValueError(f"Spacer.height_mm must be between 0 and 100, not {self.height_mm}")


Block = Heading | Paragraph | KeyValueTable | BulletList | Signature | Spacer
