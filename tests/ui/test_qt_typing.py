"""tests/qt_typing.type_text: any Unicode text into Qt's text widgets, without aborting."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot

from tests.qt_typing import type_text

NAMES = [
    "Zoë Ångström-Çelik",
    "أحمد",
    "ትግርኛ",
    "Ниязов Łukasz Ğül",
    "e\u0308",  # decomposed ë: kept as typed, not normalised
]


@pytest.mark.parametrize("text", NAMES)
def test_line_edit_gets_exactly_the_text(qtbot: QtBot, text: str) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edited: list[str] = []
    edit.textEdited.connect(edited.append)
    type_text(edit, text)
    assert edit.text() == text
    # One textEdited per character, as with real typing; the last has the whole text.
    assert len(edited) == len(text)
    assert edited[-1] == text


def test_typing_continues_at_the_cursor(qtbot: QtBot) -> None:
    edit = QLineEdit("Al-")
    qtbot.addWidget(edit)
    edit.setCursorPosition(3)
    type_text(edit, "Hassan محمد")
    assert edit.text() == "Al-Hassan محمد"


def test_return_in_a_line_edit_is_the_return_key(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    with qtbot.waitSignal(edit.returnPressed):
        type_text(edit, "Zoë\n")
    assert edit.text() == "Zoë"


@pytest.mark.parametrize("widget_class", [QPlainTextEdit, QTextEdit])
def test_multiline_editors_get_lines_in_every_script(qtbot: QtBot, widget_class: type) -> None:
    edit = widget_class()
    qtbot.addWidget(edit)
    text = "Zoë Ångström-Çelik\nأحمد\nትግርኛ"
    type_text(edit, text)
    assert edit.toPlainText() == text
