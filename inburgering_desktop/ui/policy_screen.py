"""Beleidsregels: every policy parameter with its value, unit, default and source.

The domain describes the parameters (domain.policy.PARAMETERS) and checks every value; this
screen only shows them and hands the edited values to services.policy.save_policy. A typed value
outside the allowed range stays in its field with the domain's message below the table, rather
than being refused key by key: a spin box that swallows the "0" of "60" leaves a consultant
wondering what happened.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.policy import (
    PARAMETERS,
    ParameterValue,
    Policy,
    PolicyParameter,
)
from inburgering_desktop.domain.validation import ValidationError
from inburgering_desktop.i18n import _, format_date, format_number
from inburgering_desktop.services import policy as policy_service
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.form_fields import ErrorLabel, confirm, set_button_texts

CHANGED_COLOUR = QColor("#fff3c4")  # unsaved change: pale amber
INVALID_COLOUR = QColor("#fde0e3")  # refused value: pale red
# What a spin box lets one type; the parameter's own range is checked by the domain, so a value
# just outside it is shown with a message instead of being impossible to type.
_TYPING_LIMIT = 999_999_999


class Column:
    LABEL = 0
    VALUE = 1
    UNIT = 2
    DEFAULT = 3
    RESET = 4
    SOURCE = 5
    COUNT = 6


def policy_error_text(error: ValidationError) -> str:
    """The domain's message, with the parameter's label translated before it is put in."""
    params = dict(error.params)
    if "parameter" in params:
        params["parameter"] = _(str(params["parameter"]))
    return _(error.message).format(**params)


def value_text(parameter: PolicyParameter, value: ParameterValue) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.date):
        return format_date(value)
    return format_number(value)


class SoftRangeSpinBox(QSpinBox):
    """Arrows and Page Up/Down stop at the parameter's range; typing may go beyond it, and the
    domain's message then says what is allowed."""

    def __init__(self, minimum: int, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.soft_minimum, self.soft_maximum = minimum, maximum
        self.setRange(-_TYPING_LIMIT, _TYPING_LIMIT)
        self.setGroupSeparatorShown(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setToolTip(
            _("Van {minimum} tot en met {maximum}").format(
                minimum=format_number(minimum), maximum=format_number(maximum)
            )
        )

    def stepBy(self, steps: int) -> None:
        target = min(max(self.value() + steps, self.soft_minimum), self.soft_maximum)
        self.setValue(target)
        self.selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() > self.soft_minimum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.value() < self.soft_maximum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags


def cell_widget(widget: QWidget) -> QWidget:
    """`widget` in a table cell at its natural height, centred vertically: a row grows with its
    wrapped source text, and a spin box or button stretched to three lines looks broken."""
    container = QWidget()
    row = QHBoxLayout(container)
    row.setContentsMargins(2, 1, 2, 1)
    row.addWidget(widget, 1, Qt.AlignmentFlag.AlignVCenter)
    container.setFocusProxy(widget)
    return container


class ValueEditor:
    """The editor of one parameter's value, by kind: spin box, check box or date edit."""

    def __init__(self, parameter: PolicyParameter, on_change: Callable[[], None]) -> None:
        self.parameter = parameter
        self.editor: QWidget
        if parameter.kind is bool:
            self.check = QCheckBox()
            self.check.toggled.connect(lambda _checked: self._sync_check_text())
            self.check.toggled.connect(lambda _checked: on_change())
            self.editor = self.check
        elif parameter.kind is int:
            assert parameter.minimum is not None and parameter.maximum is not None
            self.spin = SoftRangeSpinBox(parameter.minimum, parameter.maximum)
            self.spin.valueChanged.connect(lambda _value: on_change())
            self.editor = self.spin
        else:
            self.date_edit = QDateEdit()
            self.date_edit.setDisplayFormat("dd-MM-yyyy")
            self.date_edit.setCalendarPopup(True)
            self.date_edit.dateChanged.connect(lambda _date: on_change())
            self.editor = self.date_edit
        self.editor.setAccessibleName(_(parameter.label))
        self.widget = cell_widget(self.editor)
        self.widget.setObjectName(f"value_{parameter.key}")

    def _sync_check_text(self) -> None:
        self.check.setText(_("ja") if self.check.isChecked() else _("nee"))

    def value(self) -> ParameterValue:
        if self.parameter.kind is bool:
            return self.check.isChecked()
        if self.parameter.kind is int:
            return self.spin.value()
        qdate = self.date_edit.date()
        return dt.date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: ParameterValue) -> None:
        if isinstance(value, bool):
            self.check.setChecked(value)
            self._sync_check_text()
        elif isinstance(value, int):
            self.spin.setValue(value)
        else:
            self.date_edit.setDate(QDate(value.year, value.month, value.day))


class PolicyDialog(QDialog):
    """Beleidsregels: edit the municipality's values; saved together, audited by the service."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Beleidsregels"))
        self.setObjectName("policy_dialog")
        self._saved: Policy = policy_service.get_policy(ctx)
        self._errors: dict[str, str] = {}

        intro = QLabel(
            _(
                "Elke termijn, duur en grens die het programma gebruikt, met de bron waarop de "
                "standaardwaarde berust. Wijk alleen af als de verordening of de beleidsregels "
                "van uw gemeente iets anders zeggen. Gewijzigde regels zijn gemarkeerd."
            )
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(len(PARAMETERS), Column.COUNT)
        self.table.setObjectName("policy_table")
        self.table.setHorizontalHeaderLabels(
            [_("Beleidsregel"), _("Waarde"), _("Eenheid"), _("Standaard"), "", _("Bron")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # The editors in the cells take the keyboard focus; the table itself has nothing to
        # select, and its focus frame on a label cell only suggested otherwise.
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.SOURCE, QHeaderView.ResizeMode.Stretch)
        for column in (Column.UNIT, Column.DEFAULT, Column.RESET):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.editors: dict[str, ValueEditor] = {}
        self.reset_buttons: dict[str, QPushButton] = {}
        for row, each in enumerate(PARAMETERS):
            self._fill_row(row, each)

        em = self.fontMetrics().horizontalAdvance("x")
        self.table.setColumnWidth(Column.LABEL, em * 42)
        self.table.setColumnWidth(Column.VALUE, em * 18)

        self.message = ErrorLabel()
        self.message.setObjectName("policy_message")
        self.reset_all_button = QPushButton(_("Alles op standaard"))
        self.reset_all_button.setObjectName("reset_all")
        self.reset_all_button.clicked.connect(self.reset_all)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        set_button_texts(
            self.buttons,
            {
                QDialogButtonBox.StandardButton.Save: _("Opslaan"),
                QDialogButtonBox.StandardButton.Cancel: _("Annuleren"),
            },
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reset_all_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self._load(self._saved)
        self.resize(em * 150, self.fontMetrics().height() * 40)

    # -- building ----------------------------------------------------------------------------

    def _fill_row(self, row: int, parameter: PolicyParameter) -> None:
        label = QTableWidgetItem(_(parameter.label))
        label.setToolTip(_(parameter.label))
        self.table.setItem(row, Column.LABEL, label)
        editor = ValueEditor(parameter, lambda key=parameter.key: self._changed(key))
        self.editors[parameter.key] = editor
        self.table.setCellWidget(row, Column.VALUE, editor.widget)
        self.table.setItem(row, Column.UNIT, QTableWidgetItem(_(parameter.unit)))
        default = QTableWidgetItem(value_text(parameter, parameter.default))
        default.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, Column.DEFAULT, default)
        reset = QPushButton(_("Standaard"))
        reset.setObjectName(f"reset_{parameter.key}")
        reset.setToolTip(_("Zet deze regel terug op de standaardwaarde"))
        reset.setAccessibleName(_("Standaard: {parameter}").format(parameter=_(parameter.label)))
        reset.clicked.connect(lambda _checked=False, p=parameter: self.reset(p.key))
        self.reset_buttons[parameter.key] = reset
        self.table.setCellWidget(row, Column.RESET, cell_widget(reset))
        # The source is a legal reference and not translated; shown in full, wrapped, and as
        # a tooltip for when the column is narrow.
        source = QTableWidgetItem(parameter.source)
        source.setToolTip(parameter.source)
        self.table.setItem(row, Column.SOURCE, source)

    def _load(self, policy: Policy) -> None:
        for parameter in PARAMETERS:
            self.editors[parameter.key].set_value(policy.value(parameter.key))
        self._errors.clear()
        self._refresh()

    # -- state ------------------------------------------------------------------------------

    def values(self) -> dict[str, ParameterValue]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def changed_keys(self) -> list[str]:
        saved = self._saved
        return [p.key for p in PARAMETERS if self.editors[p.key].value() != saved.value(p.key)]

    def _changed(self, key: str) -> None:
        # The domain judges the single value at once, so the row turns red while typing.
        try:
            Policy.from_overrides({key: self.editors[key].value()})
        except ValidationError as error:
            self._errors[key] = policy_error_text(error)
        else:
            self._errors.pop(key, None)
        self._refresh()

    def _refresh(self) -> None:
        changed = set(self.changed_keys())
        for row, parameter in enumerate(PARAMETERS):
            key = parameter.key
            value = self.editors[key].value()
            if key in self._errors:
                brush = QBrush(INVALID_COLOUR)
            elif key in changed:
                brush = QBrush(CHANGED_COLOUR)
            else:
                brush = QBrush()
            for column in (Column.LABEL, Column.UNIT, Column.DEFAULT, Column.SOURCE):
                item = self.table.item(row, column)
                item.setBackground(brush)
                if brush.style() != Qt.BrushStyle.NoBrush:
                    # The tinted rows are light in any theme; keep their text dark to read.
                    item.setForeground(QBrush(QColor("#1a1a1a")))
                else:
                    item.setData(Qt.ItemDataRole.ForegroundRole, None)
            label = self.table.item(row, Column.LABEL)
            font = QFont(self.table.font())
            # Bold: this municipality deviates from the default (not only colour says so).
            font.setBold(value != parameter.default)
            label.setFont(font)
            self.reset_buttons[key].setEnabled(value != parameter.default)
        messages = [self._errors[p.key] for p in PARAMETERS if p.key in self._errors]
        self.message.set_message("\n".join(messages) or None)
        self.table.resizeRowsToContents()

    # -- actions ----------------------------------------------------------------------------

    def reset(self, key: str) -> None:
        editor = self.editors[key]
        editor.set_value(editor.parameter.default)
        self._changed(key)

    def reset_all(self) -> None:
        for parameter in PARAMETERS:
            self.editors[parameter.key].set_value(parameter.default)
        self._errors.clear()
        self._refresh()

    def save(self) -> None:
        try:
            self._saved = policy_service.save_policy(self.ctx, self.values())
        except ValidationError as error:
            self._errors[error.field] = policy_error_text(error)
            self._refresh()
            self._focus(error.field)
            return
        except ValidationFailed as exc:
            for error in exc.errors:
                self._errors[error.field] = policy_error_text(error)
            self._refresh()
            return
        except ServiceError as exc:
            self.message.set_message(user_message(exc))
            return
        except Exception as exc:  # a bug or a store error: shown, and the values stay
            show_error(self, exc, traceback.format_exc())
            return
        self._errors.clear()
        self.accept()

    def _focus(self, key: str) -> None:
        if key in self.editors:
            for row, parameter in enumerate(PARAMETERS):
                if parameter.key == key:
                    self.table.scrollToItem(self.table.item(row, Column.LABEL))
            self.editors[key].editor.setFocus()

    def reject(self) -> None:
        if self.changed_keys() and not confirm(
            self,
            _("Wijzigingen niet opslaan?"),
            _("U hebt beleidsregels gewijzigd die nog niet zijn opgeslagen."),
            _("Niet opslaan"),
        ):
            return
        super().reject()
