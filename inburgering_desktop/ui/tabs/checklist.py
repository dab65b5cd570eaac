"""Checklist: the practical matters at housing (seed 003 §3), each with owner, status, date and
note. Each row is its own small form with its own Opslaan button: the consultant often updates
one item during a phone call, and one row's mistake must not hold up the others."""

from __future__ import annotations

import traceback

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from inburgering_desktop.domain.enums import ChecklistStatus
from inburgering_desktop.i18n import _
from inburgering_desktop.services import checklist
from inburgering_desktop.services.checklist import ChecklistItemView
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.form_fields import (
    DateField,
    EnumField,
    ErrorLabel,
    FieldForm,
    TextField,
    enum_text,
    error_messages,
    fit_combo,
)
from inburgering_desktop.ui.tabs.person import NAME_LENGTH


class ChecklistRow:
    """One item: its fields in the grid, its own form and its own save button."""

    def __init__(self, ctx: AppContext, item: ChecklistItemView, parent: QWidget) -> None:
        self.ctx = ctx
        self.item = item
        self.form = FieldForm(parent)
        self.caption = QLabel(enum_text(item.kind))
        self.caption.setWordWrap(True)
        self.owner = TextField(placeholder=_("wie regelt het"), max_length=NAME_LENGTH)
        self.status = EnumField(ChecklistStatus)
        self.date = DateField()
        self.note = TextField()
        # Status and date keep their natural width; the free-text columns take the rest.
        for fixed in (self.status, self.date):
            fixed.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        fit_combo(self.status.combo, max_chars=10)  # "Niet van toepassing" shows in the popup
        for name, field in (
            ("owner", self.owner),
            ("status", self.status),
            ("status_date", self.date),
            ("note", self.note),
        ):
            self.form.add(name, field)
            field.editor.setAccessibleName(f"{self.caption.text()}: {name}")
        self.message = ErrorLabel()
        self.save_button = QPushButton(_("Opslaan"))
        self.save_button.setObjectName(f"save_{item.kind.value}")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.form.dirty_changed.connect(self.save_button.setEnabled)
        self.set_item(item)

    def set_item(self, item: ChecklistItemView) -> None:
        """Show this item (the same kind of another dossier, when the rows are reused)."""
        self.item = item
        self.message.set_message(None)
        self.form.load(
            {
                "owner": item.owner,
                "status": item.status.value,
                "status_date": item.status_date,
                "note": item.note,
            }
        )

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def save(self) -> bool:
        self.message.set_message(None)
        try:
            checklist.update_item(self.ctx, self.item.id, self.form.values())
        except ValidationFailed as exc:
            messages = error_messages(exc)
            leftover = self.form.set_errors(messages)
            self.message.set_message("\n".join(messages[n] for n in leftover) or None)
            return False
        except ServiceError as exc:
            self.message.set_message(user_message(exc))
            return False
        except Exception as exc:
            show_error(self.save_button, exc, traceback.format_exc())
            return False
        self.form.clear_errors()
        self.form.mark_clean()
        return True


class ChecklistTab(QScrollArea):
    dirty_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_checklist")
        self.ctx = ctx
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.rows: list[ChecklistRow] = []
        self._page: QWidget | None = None

    def load(self, dossier_id: int | None) -> None:
        items = [] if dossier_id is None else checklist.list_items(self.ctx, dossier_id)
        if [row.item.kind for row in self.rows] == [item.kind for item in items] and items:
            # Every dossier has the same eight items: refill the rows instead of rebuilding
            # some forty widgets each time another dossier is opened.
            for row, item in zip(self.rows, items, strict=True):
                row.set_item(item)
            self.dirty_changed.emit(False)
            return
        page = QWidget()
        grid = QGridLayout(page)
        # Owner and note are free text and get the room; status and date have their size.
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(4, 3)
        for column, text in enumerate(
            (_("Onderdeel"), _("Eigenaar"), _("Status"), _("Datum"), _("Notitie"))
        ):
            header = QLabel(text)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        self.rows = []
        for r, item in enumerate(items, start=1):
            row = ChecklistRow(self.ctx, item, page)
            row.form.dirty_changed.connect(lambda _d: self.dirty_changed.emit(self.is_dirty()))
            # The error labels live in a row of their own below, so every cell here is one
            # editor high and centring lines the captions up with the text in the fields.
            grid.addWidget(row.caption, 2 * r - 1, 0)
            grid.addWidget(row.owner, 2 * r - 1, 1)
            grid.addWidget(row.status, 2 * r - 1, 2)
            grid.addWidget(row.date, 2 * r - 1, 3)
            grid.addWidget(row.note, 2 * r - 1, 4)
            grid.addWidget(row.save_button, 2 * r - 1, 5)
            grid.addWidget(row.message, 2 * r, 1, 1, 5)
            self.rows.append(row)
        grid.setRowStretch(2 * len(items) + 1, 1)
        self.setWidget(page)  # the old page is deleted by the scroll area
        self._page = page
        self.dirty_changed.emit(False)

    def is_dirty(self) -> bool:
        return any(row.is_dirty() for row in self.rows)

    def save_dirty(self) -> bool:
        """Save every changed row; False if any row was refused (its message is shown)."""
        ok = True
        for row in self.rows:
            if row.is_dirty():
                ok = row.save() and ok
        return ok
