"""Huishouden: partner and children. A member who has a dossier of their own is linked to it by
its kenmerk, and the dossiers that name this one are listed as "gekoppeld vanuit", so either
consultant screen leads to the other. Every change is one service call, saved at once."""

from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.enums import HouseholdRelation
from inburgering_desktop.i18n import N_, _
from inburgering_desktop.services import household
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.household import MemberView
from inburgering_desktop.ui.errors import show_error
from inburgering_desktop.ui.form_fields import (
    DateField,
    EnumField,
    FormDialog,
    TextField,
    confirm,
    date_text,
    enum_text,
    short_date,
)
from inburgering_desktop.ui.tabs.person import NAME_LENGTH, required

HEADERS = (N_("Relatie"), N_("Naam"), N_("Geboortedatum"), N_("Eigen dossier"))


class HouseholdTab(QWidget):
    open_dossier = Signal(int)  # the window opens it (after asking about unsaved changes)

    def __init__(
        self,
        ctx: AppContext,
        references: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tab_household")
        self.ctx = ctx
        self._references = references
        self.dossier_id: int | None = None
        self.members: list[MemberView] = []

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("household_table")
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_member())

        self.add_button = QPushButton(_("Toevoegen…"))
        self.edit_button = QPushButton(_("Wijzigen…"))
        self.remove_button = QPushButton(_("Verwijderen"))
        self.link_button = QPushButton(_("Koppelen aan dossier…"))
        self.unlink_button = QPushButton(_("Ontkoppelen"))
        self.open_button = QPushButton(_("Dossier openen"))
        for button, slot in (
            (self.add_button, self.add_member),
            (self.edit_button, self.edit_member),
            (self.remove_button, self.remove_member),
            (self.link_button, self.link_member),
            (self.unlink_button, self.unlink_member),
            (self.open_button, self._open_linked),
        ):
            button.clicked.connect(slot)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addSpacing(self.fontMetrics().horizontalAdvance("xxxx"))
        for button in (self.link_button, self.unlink_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        linked = QGroupBox(_("Gekoppeld vanuit"))
        self.linked_from = QListWidget()
        self.linked_from.setObjectName("linked_from")
        self.linked_from.itemActivated.connect(
            lambda item: self.open_dossier.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.linked_hint = QLabel(
            _("Dossiers die deze persoon als partner of kind noemen. Dubbelklik om te openen.")
        )
        self.linked_hint.setWordWrap(True)
        self.linked_hint.setEnabled(False)
        column = QVBoxLayout(linked)
        column.addWidget(self.linked_hint)
        column.addWidget(self.linked_from)
        self.linked_from.setMaximumHeight(self.fontMetrics().height() * 5)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(linked)
        self._update_buttons()

    def load(self, dossier_id: int | None) -> None:
        self.dossier_id = dossier_id
        self.members = [] if dossier_id is None else household.list_members(self.ctx, dossier_id)
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            linked = member.linked_reference or ""
            cells = (
                enum_text(member.relation),
                member.name,
                short_date(member.birth_date) if member.birth_date else "",
                linked,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.linked_from.clear()
        sources = [] if dossier_id is None else household.linked_from(self.ctx, dossier_id)
        for other_id, reference, name in sources:
            item = QListWidgetItem(f"{reference} — {name}")
            item.setData(Qt.ItemDataRole.UserRole, other_id)
            self.linked_from.addItem(item)
        if not sources:
            self.linked_from.addItem(QListWidgetItem(_("(geen)")))
            self.linked_from.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_buttons()

    def selected(self) -> MemberView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.members[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        member = self.selected()
        for button in (self.edit_button, self.remove_button, self.link_button):
            button.setEnabled(member is not None)
        linked = member is not None and member.linked_dossier_id is not None
        self.unlink_button.setEnabled(linked)
        self.open_button.setEnabled(linked)

    def _member_dialog(self, title: str, submit: Callable[[dict], object]) -> FormDialog:
        dialog = FormDialog(title, submit, self)
        dialog.add_field(
            "relation", required(_("Relatie")), EnumField(HouseholdRelation, _("(kies)"))
        )
        dialog.add_field("name", required(_("Naam")), TextField(max_length=NAME_LENGTH))
        dialog.add_field("birth_date", _("Geboortedatum"), DateField())
        return dialog

    def add_member(self) -> None:
        dossier_id = self.dossier_id
        assert dossier_id is not None
        dialog = self._member_dialog(
            _("Partner of kind toevoegen"),
            lambda raw: household.add_member(self.ctx, dossier_id, raw),
        )
        if dialog.exec():
            self.load(dossier_id)

    def edit_member(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = self._member_dialog(
            _("Partner of kind wijzigen"),
            lambda raw: household.update_member(self.ctx, member.id, raw),
        )
        dialog.form.load(
            {
                "relation": member.relation.value,
                "name": member.name,
                "birth_date": date_text(member.birth_date),
            }
        )
        if dialog.exec():
            self.load(self.dossier_id)

    def remove_member(self) -> None:
        member = self.selected()
        if member is None or not confirm(
            self,
            _("Verwijderen"),
            _("{name} uit het huishouden verwijderen?").format(name=member.name),
            _("Verwijderen"),
        ):
            return
        self._call(lambda: household.delete_member(self.ctx, member.id))

    def link_member(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = FormDialog(
            _("Koppelen aan een eigen dossier"),
            # The service reports a wrong kenmerk under "linked_dossier": the field's name.
            lambda raw: household.link_member(self.ctx, member.id, str(raw["linked_dossier"])),
            self,
            ok_text=_("Koppelen"),
        )
        field = dialog.add_field(
            "linked_dossier", required(_("Kenmerk van het dossier")),
            TextField(placeholder="INB-2026-0001", max_length=20),
        )
        completer = QCompleter(QStringListModel(self._references(), dialog), dialog)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        field.line_edit.setCompleter(completer)  # type: ignore[attr-defined]
        if dialog.exec():
            self.load(self.dossier_id)

    def unlink_member(self) -> None:
        member = self.selected()
        if member is not None:
            self._call(lambda: household.unlink_member(self.ctx, member.id))

    def _open_linked(self) -> None:
        member = self.selected()
        if member is not None and member.linked_dossier_id is not None:
            self.open_dossier.emit(member.linked_dossier_id)

    def _call(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
        self.load(self.dossier_id)
