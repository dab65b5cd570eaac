"""This computer's preferences kept in QSettings (not in the database): the UI language.

Its own small module because app.py reads it at every start, before any screen is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from inburgering_desktop.i18n import SOURCE_LANGUAGE

# QSettings key of the UI language ("nl", "en").
LANGUAGE_KEY = "ui/language"


def stored_language() -> str:
    """The UI language chosen in Instellingen on this computer; Dutch until someone chooses."""
    value = QSettings().value(LANGUAGE_KEY, SOURCE_LANGUAGE)
    return str(value) if value else SOURCE_LANGUAGE


def store_language(code: str) -> None:
    QSettings().setValue(LANGUAGE_KEY, code)
