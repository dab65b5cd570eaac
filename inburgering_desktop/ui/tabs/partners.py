"""Ketenpartners: the chain partners working on this dossier. A partner is a reusable contact
(the same COA case manager serves many clients), so linking means picking an existing one or
creating a new contact once and linking it."""

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

from inburgering_desktop.domain.enums import PartnerRole
from inburgering_desktop.domain.validation import ValidationError
from inburgering_desktop.i18n import N_, _
from inburgering_desktop.services import partners
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ValidationFailed
from inburgering_desktop.services.partners import PartnerLinkView, PartnerView
from inburgering_desktop.ui.errors import show_error
from inburgering_desktop.ui.form_fields import (
    ComboField,
    EnumField,
    FormDialog,
    TextAreaField,
    TextField,
    Value,
    confirm,
    enum_text,
)
from inburgering_desktop.ui.tabs.person import NAME_LENGTH, required

HEADERS = (
    N_("Rol"),
    N_("Organisatie"),
    N_("Contactpersoon"),
    N_("Telefoon"),
    N_("E-mail"),
    N_("Notitie bij dit dossier"),
)


def partner_text(p: PartnerView) -> str:
    who = f"{p.organisation} — {p.contact_name}" if p.contact_name else p.organisation
    return f"{who} ({enum_text(p.role)})"


def partner_dialog(
    parent: QWidget, title: str, submit: Callable[[dict[str, Value]], object]
) -> FormDialog:
    dialog = FormDialog(title, submit, parent)
    dialog.add_field("role", required(_("Rol")), EnumField(PartnerRole, _("(kies)")))
    dialog.add_field("organisation", required(_("Organisatie")), TextField(max_length=NAME_LENGTH))
    dialog.add_field("contact_name", _("Contactpersoon"), TextField(max_length=NAME_LENGTH))
    dialog.add_field("phone", _("Telefoon"), TextField(max_length=40))
    dialog.add_field("email", _("E-mail"), TextField(max_length=254))
    dialog.add_field("note", _("Notitie"), TextAreaField())
    return dialog


class PartnersTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_partners")
        self.ctx = ctx
        self.dossier_id: int | None = None
        self.links: list[PartnerLinkView] = []

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("partners_table")
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_partner())

        self.link_button = QPushButton(_("Koppelen…"))
        self.new_button = QPushButton(_("Nieuwe ketenpartner…"))
        self.edit_button = QPushButton(_("Contactgegevens wijzigen…"))
        self.unlink_button = QPushButton(_("Ontkoppelen"))
        self.link_button.clicked.connect(self.link_partner)
        self.new_button.clicked.connect(self.new_partner)
        self.edit_button.clicked.connect(self.edit_partner)
        self.unlink_button.clicked.connect(self.unlink_partner)
        buttons = QHBoxLayout()
        for button in (self.link_button, self.new_button, self.edit_button, self.unlink_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def load(self, dossier_id: int | None) -> None:
        self.dossier_id = dossier_id
        self.links = [] if dossier_id is None else partners.links_for(self.ctx, dossier_id)
        self.table.setRowCount(len(self.links))
        for row, link in enumerate(self.links):
            p = link.partner
            cells = (enum_text(p.role), p.organisation, p.contact_name, p.phone, p.email, link.note)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self) -> PartnerLinkView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.links[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.unlink_button.setEnabled(chosen)

    def link_partner(self) -> None:
        """Pick an existing contact; "Nieuwe ketenpartner…" in the dialog adds one first."""
        dossier_id = self.dossier_id
        assert dossier_id is not None

        def submit(raw: dict[str, Value]) -> object:
            if not raw["partner_id"]:
                raise ValidationFailed(
                    [ValidationError("partner_id", N_("Kies een ketenpartner."))]
                )
            return partners.link(self.ctx, dossier_id, int(raw["partner_id"]), str(raw["note"]))

        dialog = FormDialog(_("Ketenpartner koppelen"), submit, self, ok_text=_("Koppelen"))
        choice = ComboField(
            [(partner_text(p), str(p.id)) for p in partners.list_partners(self.ctx)],
            empty_text=_("(kies)"),
        )
        dialog.add_field("partner_id", required(_("Ketenpartner")), choice)
        dialog.add_field("note", _("Notitie bij dit dossier"), TextField(max_length=NAME_LENGTH))
        create = QPushButton(_("Nieuwe ketenpartner…"))

        def create_partner() -> None:
            new_id = self._create_partner(dialog)
            if new_id is not None:
                choice.combo.addItem(
                    partner_text(next(p for p in partners.list_partners(self.ctx)
                                      if p.id == new_id)),
                    str(new_id),
                )
                choice.set_value(str(new_id))

        create.clicked.connect(create_partner)
        dialog.add_widget("", create)
        if dialog.exec():
            self.load(dossier_id)

    def _create_partner(self, parent: QWidget) -> int | None:
        dialog = partner_dialog(
            parent, _("Nieuwe ketenpartner"), lambda raw: partners.create_partner(self.ctx, raw)
        )
        return int(dialog.result_value) if dialog.exec() else None  # type: ignore[arg-type]

    def new_partner(self) -> None:
        """Create a contact and link it to this dossier in one go."""
        new_id = self._create_partner(self)
        if new_id is not None and self.dossier_id is not None:
            self._call(lambda: partners.link(self.ctx, self.dossier_id, new_id))  # type: ignore[arg-type]

    def edit_partner(self) -> None:
        link = self.selected()
        if link is None:
            return
        p = link.partner
        dialog = partner_dialog(
            self,
            _("Contactgegevens wijzigen (voor alle dossiers)"),
            lambda raw: partners.update_partner(self.ctx, p.id, raw),
        )
        dialog.form.load(
            {
                "role": p.role.value,
                "organisation": p.organisation,
                "contact_name": p.contact_name,
                "phone": p.phone,
                "email": p.email,
                "note": p.note,
            }
        )
        if dialog.exec():
            self.load(self.dossier_id)

    def unlink_partner(self) -> None:
        link = self.selected()
        if link is None or not confirm(
            self,
            _("Ontkoppelen"),
            _("{partner} loskoppelen van dit dossier? Het contact blijft bewaard.").format(
                partner=partner_text(link.partner)
            ),
            _("Ontkoppelen"),
        ):
            return
        self._call(lambda: partners.unlink(self.ctx, link.link_id))

    def _call(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
        self.load(self.dossier_id)
