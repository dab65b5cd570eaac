"""The bundled fonts: registered, covering Dutch, Arabic and Ge'ez, and actually used."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtGui import QColor, QFontDatabase, QFontInfo, QImage, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from inburgering_desktop.resources import fonts_dir
from inburgering_desktop.ui.fonts import FAMILIES, app_font, font_files, register_fonts

# One name per script the consultant meets, and the glyphs that each font must supply.
MIXED_NAME = "Zoë Ångström-Çelik أحمد الحسن ትግርኛ € 250,00"
COVERAGE = {
    "NotoSans-Regular.ttf": "ëÅÇçéïöü€0123456789ÀŁŠЖ",
    "NotoNaskhArabic-Regular.ttf": "مأحدالسنی",
    "NotoSansEthiopic-Regular.ttf": "ትግርኛአማ",
}


def test_every_family_is_bundled_with_its_licence() -> None:
    names = {path.name for path in font_files()}
    for style in ("Regular", "Bold"):
        for stem in ("NotoSans", "NotoNaskhArabic", "NotoSansEthiopic"):
            assert f"{stem}-{style}.ttf" in names
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts_dir() / "OFL.txt").read_text()


def test_register_fonts_returns_our_families(qapp: QApplication) -> None:
    families = register_fonts()
    assert set(FAMILIES) <= set(families)
    assert set(FAMILIES) <= set(QFontDatabase.families())
    assert register_fonts() == families  # idempotent


def test_fonts_support_dutch_arabic_and_geez_characters(qapp: QApplication) -> None:
    for file_name, chars in COVERAGE.items():
        raw = QRawFont(str(fonts_dir() / file_name), 12)
        assert raw.isValid(), file_name
        for char in chars:
            # ord(): PySide6 maps a str to the QChar overload, which answers False for any
            # non-ASCII character, even one the font has; the ucs4 overload is right.
            assert raw.supportsCharacter(ord(char)), f"{file_name} lacks {char!r}"
        assert not raw.supportsCharacter(ord("\uffff")), "supportsCharacter says yes to all"


def test_app_font_asks_for_our_families_in_order(qapp: QApplication) -> None:
    font = app_font(14)
    assert font.families() == list(FAMILIES)
    assert font.pointSizeF() == 14
    assert QFontInfo(font).family() == "Noto Sans"
    assert app_font().pointSizeF() == qapp.font().pointSizeF()


def _glyph_families(text: str) -> dict[str, list[int]]:
    """Family of each glyph run Qt lays the text out with, and the runs' glyph ids."""
    layout = QTextLayout(text, app_font(12))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs: dict[str, list[int]] = {}
    for run in layout.glyphRuns():
        runs.setdefault(run.rawFont().familyName(), []).extend(run.glyphIndexes())
    return runs


def test_mixed_name_is_drawn_with_our_fonts_and_no_missing_glyphs(qapp: QApplication) -> None:
    runs = _glyph_families(MIXED_NAME)
    # Where system fonts exist Qt would take DejaVu for Arabic; setFamilies keeps it ours.
    assert set(runs) == set(FAMILIES)
    for family, glyphs in runs.items():
        assert 0 not in glyphs, f"{family}: .notdef (a box) in the line"


def test_label_with_mixed_name_renders(qtbot: QtBot) -> None:
    label = QLabel(MIXED_NAME)
    label.setFont(app_font(16))
    label.setStyleSheet("background: white; color: black")
    qtbot.addWidget(label)
    label.adjustSize()
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert image.width() > 200 and image.height() > 10
    white = QColor("white").rgb()
    ink = sum(
        1 for x in range(image.width()) for y in range(image.height()) if image.pixel(x, y) != white
    )
    assert ink > 500, "the label rendered blank"


def test_renders_on_a_machine_without_any_system_fonts(tmp_path: Path) -> None:
    """As on a bare Debian: fontconfig sees no font at all, only what we register."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    script = textwrap.dedent(
        f"""
        from PySide6.QtGui import QFontDatabase, QTextLayout
        from PySide6.QtWidgets import QApplication
        from inburgering_desktop.ui.fonts import app_font, register_fonts
        app = QApplication([])
        before = set(QFontDatabase.families())
        register_fonts()
        layout = QTextLayout({MIXED_NAME!r}, app_font(12))
        layout.beginLayout(); layout.createLine(); layout.endLayout()
        runs = layout.glyphRuns()
        print(sorted(before & {set(FAMILIES)!r}))
        print(sorted({{r.rawFont().familyName() for r in runs}}))
        print(any(0 in r.glyphIndexes() for r in runs))
        """
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "FONTCONFIG_FILE": str(conf),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    no_system_noto, families, has_boxes = result.stdout.strip().splitlines()
    assert no_system_noto == "[]"
    assert families == str(sorted(FAMILIES))
    assert has_boxes == "False"
