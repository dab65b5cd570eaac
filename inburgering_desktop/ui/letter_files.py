"""Small helpers the letter screens share: how a letter's languages and digest are shown, and
saving its bytes to a file the consultant picks.

Kept apart from letter_preview.py so that the Documenten tab, built at start-up with the main
window, need not import QtPdf and QtPrintSupport until a letter is actually shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from inburgering_desktop.domain.languages import language as language_info
from inburgering_desktop.i18n import _

# Enough of the SHA-256 for a person to compare a printed letter with the list.
SHA_PREFIX = 12


def languages_text(codes: Sequence[str]) -> str:
    """"Nederlands + Arabisch"."""
    return " + ".join(_(language_info(code).name) for code in codes)


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    """The file to save a letter as, or None when the consultant cancels."""
    start = str(Path.home() / suggested)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Brief opslaan als"), start, _("PDF-bestanden (*.pdf)")
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def write_pdf(parent: QWidget, path: Path, data: bytes) -> bool:
    """Write the letter's bytes; a Dutch message and False when that fails."""
    try:
        path.write_bytes(data)
    except OSError as error:
        QMessageBox.warning(
            parent,
            _("Niet opgeslagen"),
            _("De brief kon niet worden opgeslagen in {path}: {reason}").format(
                path=path, reason=error.strerror or error
            ),
        )
        return False
    return True
