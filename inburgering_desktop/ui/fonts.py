"""The bundled Noto fonts, registered with Qt so no name ever shows as boxes.

Clients' names mix Dutch (Zoë), Arabic (أحمد) and Ge'ez (ትግርኛ) script. A consultant's laptop
may have none of those fonts, and where it has some, Qt picks DejaVu for Arabic. So the program
registers its own fonts at start-up and asks for them by name, in order: Noto Sans for Latin,
Cyrillic, digits and €, then Noto Naskh Arabic, then Noto Sans Ethiopic. Qt falls through the
list per character, so one QFont covers a mixed line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from inburgering_desktop.resources import fonts_dir

# Order matters: Latin first, or Qt would take digits and punctuation from the Arabic font.
FAMILIES: tuple[str, ...] = ("Noto Sans", "Noto Naskh Arabic", "Noto Sans Ethiopic")

# Font files already handed to Qt in this process, with their family names: registering a
# file twice would add a second, identical font to the database.
_registered: dict[Path, list[str]] = {}


def font_files() -> list[Path]:
    """The bundled TrueType files, sorted for a stable registration order."""
    return sorted(fonts_dir().glob("*.ttf"))


def register_fonts() -> list[str]:
    """Register every bundled font with Qt; returns the family names, sorted.

    Needs a QGuiApplication (Qt's font database lives in the platform plugin). Safe to call
    again. Raises RuntimeError when a file does not load: missing glyphs would otherwise only
    show up as boxes in front of a client.
    """
    if QGuiApplication.instance() is None:
        raise RuntimeError("register_fonts() needs a QGuiApplication; create the app first")
    files = font_files()
    if not files:
        raise RuntimeError(f"no fonts found in {fonts_dir()}")
    for path in files:
        if path in _registered:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id == -1:
            raise RuntimeError(f"Qt could not load the font {path}")
        _registered[path] = QFontDatabase.applicationFontFamilies(font_id)
    missing = set(FAMILIES).difference(*_registered.values())
    if missing:
        raise RuntimeError(f"bundled fonts lack the families {sorted(missing)}")
    return sorted({family for families in _registered.values() for family in families})


def app_font(point_size: float | None = None) -> QFont:
    """The program's font: our three families in fallback order.

    Without point_size it keeps the size of the application's default font (the desktop's
    choice, which people with poor sight may have enlarged).
    """
    font = QFont()
    font.setFamilies(list(FAMILIES))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font
