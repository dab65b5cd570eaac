"""Typing any Unicode text into Qt widgets in tests.

`qtbot.keyClicks` / `QTest.keyClicks` abort the whole test process on the first non-ASCII
character (an assertion in Qt's qasciikey.cpp, see shared/design/STACK.md), and Dutch, Arabic
and Tigrinya names must be typed in tests. So: one key press and release per character, with
Qt.Key_unknown and the character as the event's text, which is what a keyboard layout or input
method delivers for a letter that has no key code of its own. Widgets insert the event's text,
so the result is exactly the string given, emitting the same signals (textEdited, textChanged)
as real typing.

    from tests.qt_typing import type_text
    type_text(line_edit, "Zoë Ångström-Çelik")
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

# Characters that are keys rather than text: the widget must see the key to act on it
# (a new paragraph in QPlainTextEdit, returnPressed in QLineEdit).
_SPECIAL_KEYS: dict[str, tuple[Qt.Key, str]] = {
    "\n": (Qt.Key.Key_Return, "\r"),
    "\t": (Qt.Key.Key_Tab, "\t"),
}


def type_text(widget: QWidget, text: str) -> None:
    """Type text into widget (QLineEdit, QPlainTextEdit, QTextEdit, an editable combo or
    spin box, ...) at its cursor, one character at a time.

    Each code point is one key event, so a decomposed "e" + U+0308 arrives as two, as from a
    dead-key layout; nothing is normalised. "\\n" is the Return key, "\\t" the Tab key.
    """
    for char in text:
        key, key_text = _SPECIAL_KEYS.get(char, (Qt.Key.Key_unknown, char))
        for event_type in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(event_type, key, Qt.KeyboardModifier.NoModifier, key_text)
            # Sent, not posted: the text is in the widget when this returns.
            QCoreApplication.sendEvent(widget, event)
