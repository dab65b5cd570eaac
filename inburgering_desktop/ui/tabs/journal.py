"""Journaal: dated notes, newest first. Notes may hold special-category data (health): they are
shown in full only in the dialog and in the tooltip, the table shows the first line."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.i18n import N_, _
from inburgering_desktop.services import journal
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.journal import JournalEntryView
from inburgering_desktop.ui.errors import show_error
from inburgering_desktop.ui.form_fields import (
    DateField,
    FormDialog,
    TextAreaField,
    Value,
    confirm,
    date_text,
    short_date,
)
from inburgering_desktop.ui.tabs.person import required

HEADERS = (N_("Datum"), N_("Door"), N_("Notitie"))


class JournalTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_journal")
        self.ctx = ctx
        self.dossier_id: int | None = None
        self.entries: list[JournalEntryView] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("journal_table")
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_entry())
        self.add_button = QPushButton(_("Notitie toevoegen…"))
        self.edit_button = QPushButton(_("Wijzigen…"))
        self.remove_button = QPushButton(_("Verwijderen"))
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def load(self, dossier_id: int | None) -> None:
        self.dossier_id = dossier_id
        self.entries = [] if dossier_id is None else journal.list_entries(self.ctx, dossier_id)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            first_line = entry.text.splitlines()[0] if entry.text else ""
            for column, text in enumerate((short_date(entry.entry_date), entry.author,
                                           first_line)):
                item = QTableWidgetItem(text)
                self.table.setItem(row, column, item)
            self.table.item(row, 2).setToolTip(entry.text)
        self._update_buttons()

    def selected(self) -> JournalEntryView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _dialog(self, title: str, submit: Callable[[dict[str, Value]], object]) -> FormDialog:
        dialog = FormDialog(title, submit, self)
        dialog.add_field("entry_date", required(_("Datum")), DateField())
        text = dialog.add_field("text", required(_("Notitie")), TextAreaField())
        text.editor.setMinimumHeight(text.fontMetrics().height() * 10)
        return dialog

    def add_entry(self) -> None:
        dossier_id = self.dossier_id
        assert dossier_id is not None
        dialog = self._dialog(
            _("Notitie toevoegen"), lambda raw: journal.add_entry(self.ctx, dossier_id, raw)
        )
        dialog.form.load({"entry_date": self.ctx.today(), "text": ""})
        if dialog.exec():
            self.load(dossier_id)

    def edit_entry(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        dialog = self._dialog(
            _("Notitie wijzigen"), lambda raw: journal.update_entry(self.ctx, entry.id, raw)
        )
        dialog.form.load({"entry_date": date_text(entry.entry_date), "text": entry.text})
        if dialog.exec():
            self.load(self.dossier_id)

    def remove_entry(self) -> None:
        entry = self.selected()
        if entry is None or not confirm(
            self,
            _("Verwijderen"),
            _("De notitie van {date} verwijderen?").format(date=short_date(entry.entry_date)),
            _("Verwijderen"),
        ):
            return
        try:
            journal.delete_entry(self.ctx, entry.id)
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
        self.load(self.dossier_id)
