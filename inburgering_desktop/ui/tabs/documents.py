"""Documenten: the letters kept with the dossier, newest first.

"Tonen" opens the stored bytes in the preview and "Opslaan als…" writes them to a file: both use
the letter as it was sent (services.letters.stored_pdf, checked against its SHA-256), never a
new rendering, so a reprint after a change of name or address is still the letter the client
received.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.i18n import N_, _
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.ui.errors import show_error
from inburgering_desktop.ui.form_fields import short_date
from inburgering_desktop.ui.letter_files import SHA_PREFIX, ask_save_path, languages_text, write_pdf

# The letters service and the preview (QtPdf, QtPrintSupport) are imported when first used: this
# tab is built with the main window, and every module imported after PySide6 adds to start-up.
if TYPE_CHECKING:
    from inburgering_desktop.services.letters import LetterSummary
    from inburgering_desktop.ui.letter_preview import LetterPreview

HEADERS = (N_("Datum"), N_("Brief"), N_("Talen"), N_("Door"), N_("SHA-256"))
DATE, TYPE, LANGUAGES, ACCOUNT, DIGEST = range(len(HEADERS))


class DocumentsTab(QWidget):
    letter_requested = Signal()  # "Brief maken…": the window checks for unsaved changes first

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_documents")
        self.ctx = ctx
        self.dossier_id: int | None = None
        self.summaries: list[LetterSummary] = []
        self.preview: LetterPreview | None = None

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("documents_table")
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TYPE, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.show_letter())
        self.empty_label = QLabel(
            _("Nog geen brieven. Een brief wordt hier bewaard zodra hij is afgedrukt, "
              "opgeslagen of vastgelegd.")
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.new_button = QPushButton(_("Brief &maken…"))
        self.show_button = QPushButton(_("&Tonen"))
        self.save_button = QPushButton(_("&Opslaan als…"))
        self.new_button.clicked.connect(self.letter_requested)
        self.show_button.clicked.connect(self.show_letter)
        self.save_button.clicked.connect(self.save_letter)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.show_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self._update_buttons()

    def load(self, dossier_id: int | None) -> None:
        from inburgering_desktop.services import letters

        self.dossier_id = dossier_id
        self.summaries = [] if dossier_id is None else letters.list_letters(self.ctx, dossier_id)
        self.table.setRowCount(len(self.summaries))
        for row, letter in enumerate(self.summaries):
            cells = {
                DATE: short_date(letter.issued_on),
                TYPE: letter.title,
                LANGUAGES: languages_text(letter.languages),
                ACCOUNT: letter.account,
                DIGEST: letter.sha256[:SHA_PREFIX],
            }
            for column, text in cells.items():
                self.table.setItem(row, column, QTableWidgetItem(text))
            self.table.item(row, TYPE).setToolTip(_(letter.label))
            self.table.item(row, DIGEST).setToolTip(letter.sha256)
            if letter.uncertified_languages:
                self.table.item(row, LANGUAGES).setToolTip(
                    _("{languages}: vertaling niet gecontroleerd door een beëdigd vertaler.")
                    .format(languages=languages_text(letter.uncertified_languages))
                )
        self.empty_label.setVisible(dossier_id is not None and not self.summaries)
        if self.summaries:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> LetterSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.summaries[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.show_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)
        self.new_button.setEnabled(self.dossier_id is not None)

    def _stored_bytes(self, letter: LetterSummary) -> bytes | None:
        from inburgering_desktop.services import letters

        try:
            return letters.stored_pdf(self.ctx, letter.id)
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
            return None

    def show_letter(self) -> None:
        letter = self.selected()
        if letter is None:
            return
        data = self._stored_bytes(letter)
        if data is None:
            return
        from inburgering_desktop.ui.letter_preview import LetterPreview

        self.preview = LetterPreview.for_stored(self.ctx, letter, data, self)
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.open()

    def save_letter(self) -> None:
        letter = self.selected()
        if letter is None:
            return
        path = ask_save_path(self, letter.file_name)
        if path is None:
            return
        data = self._stored_bytes(letter)
        if data is not None:
            write_pdf(self, path, data)
