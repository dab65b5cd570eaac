"""PIP: the plan inburgering en participatie, guided from the intake's advice to the beschikking.

From top to bottom the screen follows the consultant's work (RULES.md §2.5-2.8): the advice
from the brede intake with its reasons; the choice of leerroute, where a choice against the
advice or the onderwijsroute from the age guideline shows the warning and asks for a motivation
(never a block); the components this person is offered, each in its own group; then the
versions with what each changed, and the open tasks. "Vaststellen…" asks for the dagtekening,
establishes the concept (services.pip.establish) and offers the beschikking in the client's
language through the letter preview, which keeps it with the dossier and links it to the
version. A vastgestelde version, a closed dossier and the ondertussengroep are shown read-only.

Every rule is the service's (services/pip.py and domain/pip.py): the screen only hands over
what was typed and shows what comes back, each message beside its field.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.enums import Leerroute, PipComponent
from inburgering_desktop.domain.pip import (
    FieldChange,
    PipContent,
    PipWarning,
    Reason,
    needs_motivation,
)
from inburgering_desktop.i18n import N_, _
from inburgering_desktop.services import pip, tasks
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import (
    ServiceError,
    StaleRecordError,
    ValidationFailed,
)
from inburgering_desktop.services.pip import PipOverview, PipVersionView
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.form_fields import (
    SEVERITY_COLOURS,
    Banner,
    CheckField,
    DateField,
    ErrorLabel,
    Field,
    FieldForm,
    FormDialog,
    TextAreaField,
    TextField,
    Value,
    add_row,
    confirm,
    enum_text,
    error_messages,
    fit_combo,
    long_date,
    set_button_texts,
    short_date,
)
from inburgering_desktop.ui.tabs.person import required

if TYPE_CHECKING:
    from inburgering_desktop.services.letters import PreparedLetter, TranslationIncomplete
    from inburgering_desktop.ui.letter_preview import LetterPreview

# Widths in average characters, so the form reads the same at any font size.
NUMBER_CHARS = 6
TEXT_CHARS = 40


VERSION_HEADERS = (
    N_("Versie"),
    N_("Status"),
    N_("Dagtekening"),
    N_("Leerroute"),
    N_("Reden"),
    N_("Beschikking"),
)
DIFF_HEADERS = (N_("Onderdeel"), N_("Was"), N_("Wordt"))


def _translated(message: str, params: Mapping[str, object]) -> str:
    """A domain message in the current language. String parameters are msgids where the domain
    says so (a leerroute's label); a date or a name is no msgid and comes back unchanged."""
    values = {k: _(v) if isinstance(v, str) and v else v for k, v in params.items()}
    text = _(message)
    return text.format(**values) if values else text


def warning_text(warning: PipWarning) -> str:
    return _translated(warning.message, warning.params)


def reason_text(reason: Reason) -> str:
    return _translated(reason.message, reason.params)


def change_texts(change: FieldChange) -> tuple[str, str, str]:
    """(label, was, wordt) of one line of the history, translated."""
    field_label = _(change.field_label)
    if change.label_params:
        field_label = field_label.format(**change.label_params)

    def value(text: str) -> str:
        return _(text) if change.translate_values and text else text

    return field_label, value(change.old_text), value(change.new_text)


def _muted(text: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return widget


def _selectable(text: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def _group(title: str, object_name: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    box.setObjectName(object_name)
    layout = QFormLayout(box)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return box, layout


def _text_field(chars: int = TEXT_CHARS) -> TextField:
    """A line of text as wide as a name or an organisation needs, not as wide as the window."""
    field = _narrow(TextField(max_length=200), chars)
    field._row.setStretch(0, 10)  # grows up to its maximum; only then the spacer takes the rest
    return field


def _narrow(field: TextField, chars: int = NUMBER_CHARS) -> TextField:
    metrics = field.line_edit.fontMetrics()
    field.line_edit.setMaximumWidth(metrics.averageCharWidth() * (chars + 4))
    # The field's own row, as DateField does: the box as wide as its number, not the form.
    field._row.setStretch(0, 0)
    field._row.addStretch(1)
    return field


class RouteField(Field):
    """The leerroute as three radio buttons; the advised one says so."""

    def __init__(self, parent: QWidget | None = None) -> None:
        box = QWidget()
        self.group = QButtonGroup(box)
        self.buttons: dict[Leerroute, QRadioButton] = {}
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for route in Leerroute:
            button = QRadioButton(enum_text(route))
            button.setObjectName(f"route_{route.value}")
            self.group.addButton(button)
            self.buttons[route] = button
            row.addWidget(button)
        row.addStretch(1)
        super().__init__(box, parent)
        self.group.buttonClicked.connect(lambda _button: self.edited.emit())

    def route(self) -> Leerroute | None:
        for route, button in self.buttons.items():
            if button.isChecked():
                return route
        return None

    def value(self) -> str:
        route = self.route()
        return "" if route is None else route.value

    def set_value(self, value: object) -> None:
        self.group.setExclusive(False)  # an exclusive group cannot uncheck its last button
        for route, button in self.buttons.items():
            button.setChecked(route.value == value)
        self.group.setExclusive(True)

    def set_advised(self, advised: Leerroute | None) -> None:
        for route, button in self.buttons.items():
            text = enum_text(route)
            if route is advised:
                text = _("{route} (advies)").format(route=text)
            button.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)


class RowsField(Field):
    """A small table of rows the consultant adds and removes (children, activities). Its value
    is a list of {column key: text}, what the service reads."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        add_text: str,
        visible_rows: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        box = QWidget()
        self.keys = [key for key, _text in columns]
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([text for _key, text in columns])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header.sizeHint().height() + row_height * visible_rows + 4)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(_("Regel verwijderen"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_selected)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(self.buttons)
        super().__init__(box, parent)
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._read_only = False
        self._update_buttons()

    def value(self) -> list[dict[str, str]]:  # type: ignore[override]
        rows = []
        for row in range(self.table.rowCount()):
            cells = {}
            for column, key in enumerate(self.keys):
                item = self.table.item(row, column)
                cells[key] = "" if item is None else item.text()
            rows.append(cells)
        return rows

    def set_value(self, value: object) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for cells in value if isinstance(value, list) else []:
            self._append(cells)
        self.table.blockSignals(False)
        self._update_buttons()

    def _append(self, cells: Mapping[str, object]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, key in enumerate(self.keys):
            text = cells.get(key)
            self.table.setItem(row, column, QTableWidgetItem("" if text is None else str(text)))
        return row

    def add_row(self, cells: Mapping[str, object] | None = None) -> int:
        """A new row (empty, or with `cells`), selected and, when empty, open for typing."""
        self.table.blockSignals(True)
        row = self._append(cells or {})
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        if cells is None and self.isVisible():
            self.table.editItem(self.table.item(row, 0))
        self.edited.emit()
        self._update_buttons()
        return row

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self.edited.emit()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(not self._read_only and self.table.currentRow() >= 0)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        self._update_buttons()


class LanguageDialog(QDialog):
    """Which language the beschikking is made in: the client's by default, Dutch always."""

    def __init__(
        self, languages: Iterable[tuple[str, str]], default: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pip_language_dialog")
        self.setWindowTitle(_("PIP-beschikking maken"))
        intro = QLabel(
            _(
                "De beschikking wordt gemaakt in het Nederlands en in de taal van de cliënt. "
                "De Nederlandse tekst is bindend."
            )
        )
        intro.setWordWrap(True)
        self.combo = QComboBox()
        self.combo.setObjectName("pip_letter_language")
        for text, code in languages:
            self.combo.addItem(text, code)
        fit_combo(self.combo, 40)
        self.combo.setCurrentIndex(max(self.combo.findData(default), 0))
        form = QFormLayout()
        form.addRow(_("&Taal"), self.combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        set_button_texts(
            self.buttons,
            {
                QDialogButtonBox.StandardButton.Ok: _("&Beschikking maken"),
                QDialogButtonBox.StandardButton.Cancel: _("Later"),
            },
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def language(self) -> str:
        return str(self.combo.currentData())


class PipTab(QWidget):
    """The PIP of one dossier. `load(dossier_id)` shows it; every change is one service call."""

    dossier_changed = Signal()  # after a vaststelling: the dossier row (first_pip_date) changed
    dirty_changed = Signal(bool)
    message = Signal(str)  # a short note for the status bar

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_pip")
        self.ctx = ctx
        self.dossier_id: int | None = None
        self.overview: PipOverview | None = None
        self.shown: PipVersionView | None = None  # the version in the form
        self.history: list[tuple[PipVersionView, list[FieldChange]]] = []
        # The editor sets this: it saves (or asks about) unsaved dossier changes before a
        # vaststelling changes the dossier row; False cancels.
        self.before_dossier_change: Callable[[], bool] = lambda: True
        self.dialog: QDialog | None = None  # the dialog open now (tests reach it here)
        self.preview: LetterPreview | None = None
        self._letter_version_id: int | None = None
        self._dirty = False

        self.form = FieldForm(self)
        self.form.dirty_changed.connect(self._update_dirty)

        self.notice = Banner("pip_notice", _("PIP opnieuw laden"))
        self.notice.reload_requested.connect(lambda: self.load(self.dossier_id))
        self.status_line = QLabel()
        self.status_line.setObjectName("pip_status_line")
        self.status_line.setWordWrap(True)
        self.status_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = self.status_line.font()
        bold.setBold(True)
        self.status_line.setFont(bold)

        self.save_button = QPushButton(_("Concept &opslaan"))
        self.save_button.setObjectName("pip_save")
        self.establish_button = QPushButton(_("&Vaststellen…"))
        self.establish_button.setObjectName("pip_establish")
        self.new_button = QPushButton(_("&Nieuwe versie…"))
        self.new_button.setObjectName("pip_new_version")
        self.delete_button = QPushButton(_("Concept verwijderen"))
        self.delete_button.setObjectName("pip_delete")
        self.save_button.clicked.connect(lambda: self.save())
        self.establish_button.clicked.connect(self.start_establish)
        self.new_button.clicked.connect(self.start_new_version)
        self.delete_button.clicked.connect(self.delete_concept)
        self.establish_button.setToolTip(
            _("Maakt van dit concept een beschikking met een dagtekening; daarna verandert het "
              "niet meer.")
        )
        top = QHBoxLayout()
        top.addWidget(self.status_line, 1)
        for button in (self.save_button, self.establish_button, self.new_button,
                       self.delete_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.form_message = ErrorLabel()
        self.form_message.setObjectName("pip_message")

        page = QWidget()
        page.setObjectName("pip_page")
        self.page_layout = QVBoxLayout(page)
        self.page_layout.setSpacing(10)
        self._build_overview_row()
        self._build_route_group()
        self._build_components()
        self._build_lists()
        self._build_history()
        self.page_layout.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("pip_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(page)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.form_message)
        layout.addWidget(self.scroll, 1)
        self._show(None)

    # --- building --------------------------------------------------------------------------------

    def _field(self, layout: QFormLayout, name: str, text: str, field: Field) -> Field:
        self.form.add(name, field)
        add_row(layout, text, field)
        return field

    def _build_overview_row(self) -> None:
        # (a) the advice, beside the dates and tasks that follow from the PIP.
        self.advice_box = QGroupBox(_("Advies leerroute uit de brede intake"))
        self.advice_box.setObjectName("pip_advice")
        advice = QVBoxLayout(self.advice_box)
        self.advice_route = QLabel()
        self.advice_route.setObjectName("pip_advice_route")
        font = self.advice_route.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.advice_route.setFont(font)
        self.advice_reasons = _selectable()
        self.advice_reasons.setObjectName("pip_advice_reasons")
        self.advice_reasons.setTextFormat(Qt.TextFormat.RichText)
        self.advice_note = _muted(
            _("Het advies legt uit; u beslist. Kiest u anders, schrijf dan op waarom.")
        )
        advice.addWidget(self.advice_route)
        advice.addWidget(self.advice_reasons)
        advice.addWidget(self.advice_note)
        advice.addStretch(1)

        self.dates_box = QGroupBox(_("Termijnen en taken"))
        self.dates_box.setObjectName("pip_dates")
        dates = QFormLayout(self.dates_box)
        dates.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.pip_due_label = _selectable()
        self.pip_due_label.setObjectName("pip_due")
        self.termijn_label = _selectable()
        self.termijn_label.setObjectName("pip_termijn")
        self.switch_label = _selectable()
        self.switch_label.setObjectName("pip_switch_last_day")
        dates.addRow(_("PIP uiterlijk vastgesteld"), self.pip_due_label)
        dates.addRow(_("Inburgeringstermijn"), self.termijn_label)
        dates.addRow(_("Leerroute wisselen tot en met"), self.switch_label)
        self.tasks_box = QWidget()
        self.tasks_layout = QVBoxLayout(self.tasks_box)
        self.tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_caption = QLabel(_("Open taken"))
        tasks_caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        dates.addRow(tasks_caption, self.tasks_box)

        row = QHBoxLayout()
        row.addWidget(self.advice_box, 1)
        row.addWidget(self.dates_box, 1)
        self.page_layout.addLayout(row)

    def _build_route_group(self) -> None:
        # (b) the choice, its warnings and motivation, and (c) the leerroute's own arrangements.
        self.route_box, rows = _group(_("Leerroute"), "pip_route")
        self.route_rows = rows
        self.route_field = RouteField()
        self._field(rows, "leerroute", required(_("Gekozen leerroute")), self.route_field)
        self.route_field.edited.connect(self._route_changed)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("pip_warnings")
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextFormat(Qt.TextFormat.RichText)
        self.warning_label.setStyleSheet(
            f"QLabel {{ color: #5d2a00; background: #fff4e5; border-left: 4px solid "
            f"{SEVERITY_COLOURS['warning']}; padding: 6px; }}"
        )
        rows.addRow(self.warning_label)
        self.motivation = TextAreaField()
        self.motivation.text_edit.setPlaceholderText(
            _("Waarom past deze keuze bij deze persoon? Dit komt in het dossier.")
        )
        self.motivation.text_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.motivation_label = QLabel()
        self.motivation_label.setWordWrap(True)
        self.motivation_label.setBuddy(self.motivation.editor)
        self.form.add("route_motivation", self.motivation)
        rows.addRow(self.motivation_label, self.motivation)
        self.payment_label = _selectable()
        self.payment_label.setObjectName("pip_route_payment")
        rows.addRow(_("Betaling"), self.payment_label)
        self._field(rows, "leerroute.provider", _("Aanbieder"), _text_field(TEXT_CHARS + 20))
        self._field(rows, "leerroute.start", _("Startdatum"), DateField())
        self._field(rows, "leerroute.hours_per_week", _("Uren per week"),
                    _narrow(TextField(max_length=3)))
        self._field(rows, "knm", _("KNM"),
                    CheckField(_("Kennis van de Nederlandse Maatschappij hoort bij dit PIP")))
        self.z_plan_label = _selectable()
        self.z_plan_label.setObjectName("pip_z_plan")
        rows.addRow(_("Urenplan Z-route"), self.z_plan_label)
        self.no_map_label = _muted(
            _("Bij de onderwijsroute hoort geen MAP: die is daarom niet opgenomen.")
        )
        self.no_map_label.setObjectName("pip_no_map")
        rows.addRow("", self.no_map_label)
        self.page_layout.addWidget(self.route_box)

    def _build_components(self) -> None:
        # (c) the components, each in its group; shown only where the person is offered them.
        self.map_box, rows = _group(
            _("Module Arbeidsmarkt en Participatie (MAP)"), "pip_map"
        )
        self._field(rows, "map", _("Opnemen"), CheckField(_("MAP hoort bij dit PIP")))
        self._field(rows, "map.provider", _("Aanbieder"), _text_field())
        self._field(rows, "map.hours", _("Uren praktijk"), _narrow(TextField(max_length=4)))
        self.map_hint = _muted()
        rows.addRow(self.map_hint)

        self.pvt_box, rows = _group(_("Participatieverklaringstraject (PVT)"), "pip_pvt")
        self._field(rows, "pvt", _("Opnemen"), CheckField(_("PVT hoort bij dit PIP")))
        self._field(rows, "pvt.provider", _("Aanbieder"), _text_field())
        self._field(rows, "pvt.hours", _("Uren"), _narrow(TextField(max_length=4)))
        self.pvt_hint = _muted()
        rows.addRow(self.pvt_hint)

        self.ontzorgen_box, rows = _group(_("Ontzorgen"), "pip_ontzorgen")
        self.ontzorgen_rows = rows
        self._field(rows, "ontzorgen", _("Opnemen"),
                    CheckField(_("De gemeente betaalt de vaste lasten uit de uitkering")))
        months = self._field(rows, "ontzorgen.months", _("Aantal maanden"),
                             _narrow(TextField(max_length=3)))
        months.edited.connect(self._update_ontzorgen_reason)
        self.shorter_reason = TextAreaField()
        self.shorter_reason.text_edit.setFixedHeight(self.fontMetrics().height() * 3)
        self.shorter_reason_label = QLabel()
        self.shorter_reason_label.setWordWrap(True)
        self.shorter_reason_label.setBuddy(self.shorter_reason.editor)
        self.form.add("ontzorgen.shorter_reason", self.shorter_reason)
        rows.addRow(self.shorter_reason_label, self.shorter_reason)
        guidance_start = self._field(
            rows, "ontzorgen.financial_guidance_start", _("Start begeleiding geldzaken"),
            DateField(),
        )
        guidance_start.editor.setToolTip(
            _("Begeleiding naar financiële zelfredzaamheid (bijvoorbeeld een cursus), als afbouw "
              "van het ontzorgen.")
        )
        self.ontzorgen_hint = _muted()
        rows.addRow(self.ontzorgen_hint)

        self.guidance_box, rows = _group(_("Maatschappelijke begeleiding"), "pip_guidance")
        self._field(rows, "maatschappelijke_begeleiding", _("Opnemen"),
                    CheckField(_("Maatschappelijke begeleiding hoort bij dit PIP")))
        self._field(rows, "maatschappelijke_begeleiding.organisation", _("Organisatie"),
                    _text_field())
        self._field(rows, "maatschappelijke_begeleiding.start", _("Begin"), DateField())
        self._field(rows, "maatschappelijke_begeleiding.end", _("Einde"), DateField())

        # Two columns, refilled whenever the offer changes (_arrange_components), so a component
        # that does not apply leaves no hole.
        self.components_grid = QGridLayout()
        self.components_grid.setHorizontalSpacing(10)
        self.components_grid.setVerticalSpacing(10)
        self.components_grid.setColumnStretch(0, 1)
        self.components_grid.setColumnStretch(1, 1)
        self.component_boxes = (self.map_box, self.pvt_box, self.ontzorgen_box, self.guidance_box)
        self.page_layout.addLayout(self.components_grid)

    def _build_lists(self) -> None:
        self.preschool_box = QGroupBox(_("Voorschoolse educatie"))
        self.preschool_box.setObjectName("pip_preschool")
        column = QVBoxLayout(self.preschool_box)
        self.preschool = RowsField(
            [("child", _("Kind")), ("arrangement", _("Afspraak"))], _("Kind toevoegen")
        )
        self.preschool.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.preschool.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.form.add("voorschoolse_educatie", self.preschool)
        self.children_button = QPushButton(_("Kinderen uit het huishouden"))
        self.children_button.setObjectName("pip_add_children")
        self.children_button.setToolTip(
            _("Voegt een regel toe voor elk kind uit het huishouden dat er nog niet staat.")
        )
        self.children_button.clicked.connect(self.add_household_children)
        self.preschool.buttons.insertWidget(2, self.children_button)
        column.addWidget(
            _muted(_("Voor peuters: de afspraak over voor- en vroegschoolse educatie per kind."))
        )
        column.addWidget(self.preschool)

        self.participation_box = QGroupBox(_("Participatieactiviteiten"))
        self.participation_box.setObjectName("pip_participation")
        column = QVBoxLayout(self.participation_box)
        self.participation = RowsField(
            [("description", _("Activiteit")), ("hours_per_week", _("Uren per week"))],
            _("Activiteit toevoegen"),
        )
        self.form.add("participatie", self.participation)
        self.participation_plan = _selectable()
        self.participation_plan.setObjectName("pip_participation_plan")
        column.addWidget(self.participation_plan)
        column.addWidget(self.participation)

        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.preschool_box, 1)
        row.addWidget(self.participation_box, 1)
        self.page_layout.addLayout(row)

        self.other_box, rows = _group(_("Overige afspraken"), "pip_other")
        other = TextAreaField()
        other.text_edit.setPlaceholderText(_("Eén afspraak per regel."))
        other.text_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.form.add("overige_afspraken", other)
        rows.addRow(other)
        self.page_layout.addWidget(self.other_box)

    def _build_history(self) -> None:
        # (e) the versions and, for the selected one, what it changed.
        self.history_box = QGroupBox(_("Geschiedenis"))
        self.history_box.setObjectName("pip_history")
        column = QVBoxLayout(self.history_box)
        self.versions_table = QTableWidget(0, len(VERSION_HEADERS))
        self.versions_table.setObjectName("pip_versions")
        self.versions_table.setHorizontalHeaderLabels([_(h) for h in VERSION_HEADERS])
        self.versions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions_table.verticalHeader().hide()
        self.versions_table.setWordWrap(False)
        header = self.versions_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.versions_table.itemSelectionChanged.connect(self._show_selected_diff)

        self.letter_button = QPushButton(_("&Beschikking maken…"))
        self.letter_button.setObjectName("pip_make_letter")
        self.letter_button.clicked.connect(self._letter_for_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.letter_button)

        self.diff_caption = _selectable()
        self.diff_caption.setObjectName("pip_diff_caption")
        self.diff_table = QTableWidget(0, len(DIFF_HEADERS))
        self.diff_table.setObjectName("pip_diff")
        self.diff_table.setHorizontalHeaderLabels([_(h) for h in DIFF_HEADERS])
        self.diff_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.diff_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.diff_table.verticalHeader().hide()
        diff_header = self.diff_table.horizontalHeader()
        diff_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        diff_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        diff_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        column.addWidget(self.versions_table)
        column.addLayout(buttons)
        column.addWidget(self.diff_caption)
        column.addWidget(self.diff_table)
        self.page_layout.addWidget(self.history_box)

    # --- state -----------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.shown is not None and self.shown.is_concept and self.form.is_dirty()

    def _update_dirty(self, *_args: object) -> None:
        dirty = self.is_dirty()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    @property
    def editable(self) -> bool:
        """Whether the form may be typed in: a concept of an open Wi2021 dossier."""
        overview = self.overview
        return (
            overview is not None
            and overview.pip_possible
            and not overview.closed
            and self.shown is not None
            and self.shown.is_concept
        )

    # --- loading ---------------------------------------------------------------------------------

    def load(self, dossier_id: int | None) -> None:
        self.dossier_id = dossier_id
        self.notice.clear()
        self.form_message.set_message(None)
        if dossier_id is None:
            self._show(None)
            return
        try:
            overview = pip.pip_overview(self.ctx, dossier_id)
            history = pip.history(self.ctx, dossier_id)
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
            self._show(None)
            return
        self.history = history
        self._show(overview)

    def _show(self, overview: PipOverview | None) -> None:
        self.overview = overview
        self.shown = None if overview is None else (overview.concept or overview.last_established)
        self.setEnabled(overview is not None)
        content = pip.form_values(
            self.shown.content if self.shown is not None else PipContent()
        )
        self.form.load(content)
        self._show_status()
        self._show_advice()
        self._show_dates()
        self._show_tasks()
        self._show_history()
        self.form.set_read_only(not self.editable)
        self.children_button.setVisible(self.editable)
        # The ondertussengroep has no PIP: only the notice, unless versions exist from before.
        self.scroll.setVisible(
            overview is None or overview.pip_possible or bool(overview.versions)
        )
        self._route_changed()
        self._update_buttons()
        self._update_dirty()

    def _show_status(self) -> None:
        overview, shown = self.overview, self.shown
        if overview is None:
            self.status_line.setText("")
            return
        if not overview.pip_possible:
            self.status_line.setText(_("Geen PIP"))
            self.notice.show_message(_(pip.NO_PIP_WI2013), "info")
            return
        if shown is None:
            self.status_line.setText(_("Nog geen PIP"))
        elif shown.is_concept:
            text = _("Versie {number} · concept").format(number=shown.number)
            if shown.reason:
                text += " · " + _("reden: {reason}").format(reason=shown.reason)
            self.status_line.setText(text)
        else:
            self.status_line.setText(
                _("Versie {number} · vastgesteld op {date} door {account}").format(
                    number=shown.number,
                    date=long_date(shown.dagtekening) if shown.dagtekening else "",
                    account=shown.established_by or "",
                )
            )
        if overview.closed:
            self.notice.show_message(
                _("Dit dossier is gesloten: het PIP is alleen te lezen. Heropen het dossier "
                  "(menu Dossier) om het PIP te wijzigen."),
                "info",
            )
        elif shown is None:
            self.notice.show_message(
                _("Er is nog geen PIP. Kies 'PIP opstellen' om een concept te maken: het "
                  "begint met het advies en het aanbod voor deze persoon."),
                "info",
            )
        elif not shown.is_concept:
            self.notice.show_message(
                _("Versie {number} is vastgesteld en verandert niet meer. Een wijziging is een "
                  "nieuwe versie met een eigen reden en beschikking (Nieuwe versie…).").format(
                    number=shown.number
                ),
                "info",
            )

    def _show_advice(self) -> None:
        overview = self.overview
        advice = None if overview is None else overview.advice
        if overview is None or advice is None:
            self.advice_route.setText(_("Geen advies"))
            self.advice_reasons.setText(
                _("Er is nog geen brede intake vastgelegd. Het advies komt uit de "
                  "leerbaarheidstoets en de intake; kies de leerroute op grond van wat u weet.")
                if overview is not None
                else ""
            )
            self.route_field.set_advised(None)
            return
        self.advice_route.setText(
            _("Voorgestelde leerroute: {route}").format(route=enum_text(advice.route))
        )
        items = "".join(f"<li>{_escape(reason_text(r))}</li>" for r in advice.reasons)
        self.advice_reasons.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        self.route_field.set_advised(advice.route)

    def _show_dates(self) -> None:
        overview = self.overview
        if overview is None:
            for widget in (self.pip_due_label, self.termijn_label, self.switch_label):
                widget.setText("")
            return
        due = overview.pip_due
        if due is None:
            self.pip_due_label.setText(_("onbekend (kennisgeving DUO en inschrijving BRP nodig)"))
            self.pip_due_label.setStyleSheet("")
        else:
            text = long_date(due.date)
            first = overview.first_pip_date
            late = first is not None and first > due.date
            if first is not None:
                text += "\n" + (
                    _("vastgesteld op {date}, {days} dag(en) te laat") if late
                    else _("vastgesteld op {date}, op tijd")
                ).format(date=long_date(first), days=(first - due.date).days)
            self.pip_due_label.setText(text)
            self.pip_due_label.setStyleSheet(
                f"color: {SEVERITY_COLOURS['info']};" if late else ""
            )
        termijn = overview.termijn
        self.termijn_label.setText(
            _("{start} tot en met {end}").format(
                start=long_date(termijn.start), end=long_date(termijn.end)
            )
            if termijn is not None
            else _("begint de dag na de dagtekening van het eerste PIP")
        )
        self.switch_label.setText(
            long_date(overview.route_switch_last_day)
            if overview.route_switch_last_day is not None
            else _("{months} maanden na de start van de termijn").format(
                months=overview.policy.route_switch_window_months
            )
        )

    def _show_tasks(self) -> None:
        while self.tasks_layout.count():
            item = self.tasks_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        overview = self.overview
        open_tasks = [] if overview is None else [t for t in overview.tasks if t.is_open]
        if not open_tasks:
            self.tasks_layout.addWidget(_muted(_("geen")))
            return
        for task in open_tasks:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = _(task.title)
            if task.due_on is not None:
                text = _("{title} — uiterlijk {date}").format(
                    title=text, date=long_date(task.due_on)
                )
            caption = _selectable(text)
            caption.setObjectName(f"task_{task.id}")
            if task.due_on is not None and task.due_on < overview.today:  # type: ignore[union-attr]
                caption.setStyleSheet(f"color: {SEVERITY_COLOURS['urgent']};")
            done = QPushButton(_("Gedaan"))
            done.setObjectName(f"task_done_{task.id}")
            done.setToolTip(_("Markeert de taak als gedaan op vandaag."))
            done.setEnabled(not overview.closed)  # type: ignore[union-attr]
            done.clicked.connect(
                lambda _checked=False, task_id=task.id: self.complete_task(task_id)
            )
            line.addWidget(caption, 1)
            line.addWidget(done, 0, Qt.AlignmentFlag.AlignTop)
            self.tasks_layout.addWidget(row)

    def _show_history(self) -> None:
        table = self.versions_table
        table.blockSignals(True)
        table.setRowCount(len(self.history))
        for row, (version, _changes) in enumerate(self.history):
            letter = (
                "" if version.is_concept
                else _("verstuurd") if version.letter_id is not None else _("nog niet gemaakt")
            )
            cells = (
                str(version.number),
                enum_text(version.status),
                short_date(version.dagtekening) if version.dagtekening else "",
                enum_text(version.leerroute) if version.leerroute else "",
                version.reason or (_("eerste PIP") if version.number == 1 else ""),
                letter,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        table.blockSignals(False)
        # As tall as its rows (two at least, eight at most, then it scrolls).
        rows = min(max(len(self.history), 2), 8)
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + table.verticalHeader().defaultSectionSize() * rows
            + 2 * table.frameWidth()
        )
        if self.history:
            table.selectRow(0)
        self._show_selected_diff()
        self.history_box.setVisible(bool(self.history))

    def selected_version(self) -> tuple[PipVersionView, list[FieldChange]] | None:
        rows = self.versions_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.history):
            return None
        return self.history[rows[0].row()]

    def _show_selected_diff(self) -> None:
        selected = self.selected_version()
        self.diff_table.setRowCount(0)
        overview = self.overview
        self.letter_button.setEnabled(
            selected is not None
            and not selected[0].is_concept
            and overview is not None
            and not overview.closed
        )
        if selected is None:
            self.diff_caption.setText("")
            self.diff_table.hide()
            return
        version, changes = selected
        earlier = [
            v for v, _c in self.history if v.number < version.number and not v.is_concept
        ]
        if not earlier:
            self.diff_caption.setText(
                _("Versie {number} is de eerste versie: er is geen eerdere om mee te "
                  "vergelijken.").format(number=version.number)
            )
            self.diff_table.hide()
            return
        previous = max(earlier, key=lambda v: v.number)
        caption = _("Versie {number} ten opzichte van versie {previous}").format(
            number=version.number, previous=previous.number
        )
        if version.reason:
            caption += " — " + _("reden: {reason}").format(reason=version.reason)
        if not changes:
            caption += "\n" + _("Geen verschillen.")
        self.diff_caption.setText(caption)
        self.diff_table.setVisible(bool(changes))
        self.diff_table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            for column, text in enumerate(change_texts(change)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.diff_table.setItem(row, column, item)
        self.diff_table.resizeRowsToContents()
        self.diff_table.setFixedHeight(
            self.diff_table.horizontalHeader().sizeHint().height()
            + sum(self.diff_table.rowHeight(r) for r in range(len(changes)))
            + 2 * self.diff_table.frameWidth()
        )

    def _update_buttons(self) -> None:
        overview, shown = self.overview, self.shown
        open_wi2021 = overview is not None and overview.pip_possible and not overview.closed
        concept = shown is not None and shown.is_concept
        self.save_button.setVisible(open_wi2021 and concept)
        self.establish_button.setVisible(open_wi2021 and concept)
        self.delete_button.setVisible(open_wi2021 and concept)
        self.new_button.setVisible(open_wi2021 and not concept)
        self.new_button.setText(
            _("PIP &opstellen") if overview is not None and not overview.versions
            else _("&Nieuwe versie…")
        )

    # --- live guidance -----------------------------------------------------------------------

    def chosen_route(self) -> Leerroute | None:
        return self.route_field.route()

    def current_warnings(self) -> list[PipWarning]:
        overview = self.overview
        if overview is None or not self.editable:
            return []
        return pip.choice_warnings(overview, self.chosen_route())

    def _route_changed(self) -> None:
        overview = self.overview
        route = self.chosen_route()
        warnings = self.current_warnings()
        needed = needs_motivation(warnings)
        if warnings:
            items = "".join(f"<p>{_escape(warning_text(w))}</p>" for w in warnings)
            self.warning_label.setText(items)
        self.route_rows.setRowVisible(self.warning_label, bool(warnings))
        has_text = bool(self.motivation.value().strip())
        self.motivation_label.setText(
            required(_("Motivering")) if needed else _("Motivering")
        )
        self.route_rows.setRowVisible(self.motivation, needed or has_text)
        if overview is None:
            return
        offered = pip.offered_for(overview, route)
        route_offer = offered.get(PipComponent.LEERROUTE)
        if route_offer is None:
            self.payment_label.setText("")
        elif route_offer.paid:
            self.payment_label.setText(_("Betaald door de gemeente (inclusief KNM)."))
        else:
            self.payment_label.setText(
                _("Niet betaald: de inburgeraar kiest en betaalt zelf een cursus. Het PIP legt "
                  "de leerroute wel vast.")
            )
        plan = overview.z_route_plan
        if plan.participation_hours:
            plan_text = _(
                "{language} uur Nederlands (KNM inbegrepen) en {participation} uur participatie "
                "over de inburgeringstermijn. Het tempo is een signaal, geen regel."
            ).format(language=plan.language_hours, participation=plan.participation_hours)
        else:
            plan_text = _(
                "{language} uur Nederlands (KNM inbegrepen) over de inburgeringstermijn."
            ).format(language=plan.language_hours)
        z_route = route is Leerroute.Z_ROUTE
        self.z_plan_label.setText(plan_text)
        self.route_rows.setRowVisible(self.z_plan_label, z_route)
        self.participation_plan.setText(_("Z-route: {plan}").format(plan=plan_text))
        self.participation_plan.setVisible(z_route)

        self.map_hint.setText(
            _("Minstens {hours} uur praktijk en een afsluitend gesprek.").format(
                hours=overview.policy.map_min_practical_hours
            )
        )
        self.pvt_hint.setText(
            _("Minstens {hours} uur, met een activiteit over een kernwaarde; eindigt met het "
              "ondertekenen van de participatieverklaring.").format(
                hours=overview.policy.pvt_min_hours
            )
        )
        self.ontzorgen_hint.setText(
            _("Vanaf de eerste uitkering betaalt de gemeente huur, energie, water en "
              "zorgverzekering door (Participatiewet art. 56a). Ontzorgen heeft een eigen "
              "beschikking en een machtiging nodig.")
        )
        self.route_rows.setRowVisible(self.no_map_label, route is Leerroute.ONDERWIJSROUTE)
        self._arrange_components(
            {
                self.map_box: PipComponent.MAP in offered,
                self.pvt_box: PipComponent.PVT in offered,
                self.ontzorgen_box: PipComponent.ONTZORGEN in offered,
                self.guidance_box: PipComponent.MAATSCHAPPELIJKE_BEGELEIDING in offered,
            }
        )
        self._update_ontzorgen_reason()

    def _arrange_components(self, shown: Mapping[QGroupBox, bool]) -> None:
        grid = self.components_grid
        for box in self.component_boxes:
            grid.removeWidget(box)
        visible = [box for box in self.component_boxes if shown[box]]
        for index, box in enumerate(visible):
            grid.addWidget(box, index // 2, index % 2)
        for box in self.component_boxes:
            box.setVisible(shown[box])

    def _update_ontzorgen_reason(self) -> None:
        overview = self.overview
        minimum = 6 if overview is None else overview.policy.ontzorgen_min_months
        text = str(self.form.fields["ontzorgen.months"].value()).strip()
        shorter = text.isdecimal() and int(text) < minimum
        caption = _("Reden voor korter dan {minimum} maanden").format(minimum=minimum)
        self.shorter_reason_label.setText(required(caption) if shorter else caption)
        self.shorter_reason.text_edit.setPlaceholderText(
            _("Alleen als de uitkering eerder stopt; schrijf op waarom.")
        )
        has_text = bool(str(self.shorter_reason.value()).strip())
        self.ontzorgen_rows.setRowVisible(self.shorter_reason, shorter or has_text)

    def add_household_children(self) -> None:
        overview = self.overview
        if overview is None:
            return
        listed = {row["child"].strip().casefold() for row in self.preschool.value()}
        for child in overview.children:
            if child.name.strip().casefold() not in listed:
                self.preschool.add_row({"child": child.name, "arrangement": ""})

    # --- actions -----------------------------------------------------------------------------

    def _refused(self, exc: BaseException) -> None:
        """Show why the service refused; what was typed stays in the form."""
        if isinstance(exc, ValidationFailed):
            messages = error_messages(exc)
            leftover = self.form.set_errors(messages)
            text = _("Niet opgeslagen. Verbeter de velden met een melding.")
            if leftover:
                text += "\n" + "\n".join(messages[name] for name in leftover)
            self.form_message.set_message(text)
            first = next((name for name in self.form.fields if name in messages), None)
            if first is not None:
                self.scroll.ensureWidgetVisible(self.form.fields[first])
                self.form.fields[first].setFocus()
        elif isinstance(exc, StaleRecordError):
            self.notice.show_message(user_message(exc) or "", offer_reload=True)
        elif isinstance(exc, ServiceError):
            self.notice.show_message(user_message(exc) or "")
        else:
            show_error(self, exc, "".join(traceback.format_exception(exc)))

    def _clear_messages(self) -> None:
        self.form.clear_errors()
        self.form_message.set_message(None)
        self.notice.clear()

    def save(self) -> bool:
        """Save the concept as typed; False (and the messages shown) when it is refused."""
        shown = self.shown
        if shown is None or not self.editable:
            return True
        self._clear_messages()
        try:
            overview = pip.save_concept(self.ctx, shown.id, self._values(), shown.revision)
            self.history = pip.history(self.ctx, shown.dossier_id)
        except Exception as exc:
            self._refused(exc)
            return False
        self._show(overview)
        self.message.emit(_("Concept opgeslagen."))
        return True

    def _values(self) -> dict[str, Value]:
        return self.form.values()

    def start_new_version(self) -> None:
        overview = self.overview
        if overview is None or not overview.pip_possible or overview.closed:
            return
        if not overview.versions:
            self._call(lambda: pip.new_concept(self.ctx, overview.dossier_id, None))
            return
        last = overview.last_established
        dialog = FormDialog(
            _("Nieuwe versie van het PIP"),
            lambda raw: pip.new_concept(self.ctx, overview.dossier_id, str(raw["reason"])),
            self,
            ok_text=_("Nieuwe versie maken"),
        )
        dialog.setObjectName("pip_new_version_dialog")
        field = TextAreaField()
        field.text_edit.setFixedHeight(self.fontMetrics().height() * 4)
        dialog.add_field("reason", required(_("Reden van de wijziging")), field)
        hint = _muted(
            _("Elke nieuwe versie wordt een nieuwe beschikking met deze reden. Het concept "
              "begint als kopie van versie {number}.").format(
                number=last.number if last is not None else 1
            )
        )
        dialog.layout_.addRow(hint)
        dialog.accepted.connect(lambda: self.load(overview.dossier_id))
        self._open(dialog)

    def delete_concept(self) -> None:
        shown = self.shown
        if shown is None or not shown.is_concept:
            return
        if not confirm(
            self,
            _("Concept verwijderen"),
            _("Concept versie {number} verwijderen? Wat erin staat gaat verloren.").format(
                number=shown.number
            ),
            _("Verwijderen"),
        ):
            return
        self._call(lambda: pip.delete_concept(self.ctx, shown.id, shown.revision))

    def complete_task(self, task_id: int) -> None:
        # The tab reloads afterwards: what is typed in the concept is saved first, never lost.
        if self.is_dirty() and not self.save():
            return
        self._call(lambda: tasks.complete_task(self.ctx, task_id))

    def _call(self, fn: Callable[[], object]) -> None:
        self._clear_messages()
        try:
            fn()
        except Exception as exc:
            self._refused(exc)
            return
        self.load(self.dossier_id)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # --- vaststellen -------------------------------------------------------------------------

    def start_establish(self) -> None:
        """Save what was typed, then ask for the dagtekening (default today)."""
        shown = self.shown
        if shown is None or not self.editable:
            return
        if self.form.is_dirty() and not self.save():
            return
        shown = self.shown
        if shown is None or not shown.is_concept:
            return
        if not self.before_dossier_change():
            return
        version_id, revision = shown.id, shown.revision
        dialog = FormDialog(
            _("PIP vaststellen"),
            lambda raw: pip.establish(self.ctx, version_id, str(raw["dagtekening"]), revision),
            self,
            ok_text=_("Vaststellen"),
        )
        dialog.setObjectName("pip_establish_dialog")
        dialog.add_field("dagtekening", required(_("Dagtekening")), DateField())
        dialog.form.load({"dagtekening": self.ctx.today()})
        first = self.overview is not None and self.overview.last_established is None
        hint = _muted(
            _("De dagtekening van dit eerste PIP start de inburgeringstermijn: die begint de "
              "dag erna. Daarna verandert deze versie niet meer.")
            if first
            else _("Deze versie wordt een nieuwe beschikking. De inburgeringstermijn blijft "
                   "lopen vanaf het eerste PIP.")
        )
        dialog.layout_.addRow(hint)
        dialog.accepted.connect(lambda: self._established(dialog.result_value, version_id))
        self._open(dialog)

    def _established(self, result: object, version_id: int) -> None:
        assert isinstance(result, PipOverview)
        self.dossier_changed.emit()
        self.load(result.dossier_id)
        version = next((v for v in result.versions if v.id == version_id), None)
        if version is not None and version.dagtekening is not None:
            self.message.emit(
                _("Versie {number} vastgesteld op {date}.").format(
                    number=version.number, date=long_date(version.dagtekening)
                )
            )
        self.ask_letter(version_id)

    # --- the beschikking -----------------------------------------------------------------------

    def _letter_for_selected(self) -> None:
        selected = self.selected_version()
        if selected is not None and not selected[0].is_concept:
            self.ask_letter(selected[0].id)

    def ask_letter(self, version_id: int) -> None:
        """Ask in which language to make the beschikking of a vastgestelde version."""
        overview = self.overview
        if overview is None:
            return
        from inburgering_desktop.domain.languages import language as language_info
        from inburgering_desktop.services import letters

        try:
            available = letters.letter_languages()
            default = letters.letter_defaults(self.ctx, overview.dossier_id).language
        except Exception as exc:
            self._letter_failed(exc)
            return
        items = []
        for lang in available:
            name = _(lang.name)
            text = name if name == lang.native_name else f"{name} — {lang.native_name}"
            items.append((text, lang.code))
        if not any(code == overview.language_code for _text, code in items):
            client = _(language_info(overview.language_code).name)
            default = "nl"
            items[0] = (
                _("{name} (er zijn nog geen brieven in het {client})").format(
                    name=items[0][0], client=client
                ),
                items[0][1],
            )
        dialog = LanguageDialog(items, default, self)
        dialog.accepted.connect(lambda: self.make_letter(version_id, dialog.language()))
        self._open(dialog)

    def make_letter(self, version_id: int, language: str, dutch_only: bool = False) -> None:
        """Make the beschikking off the GUI thread and show it in the preview."""
        overview = self.overview
        if overview is None:
            return
        from inburgering_desktop.services import letters
        from inburgering_desktop.ui.worker import run_in_background

        ctx, dossier_id = self.ctx, overview.dossier_id
        self._letter_version_id = version_id

        def prepare() -> PreparedLetter:
            # The contact person the letter form would start with (the consultant, else the
            # signatory), and the version: the letter reads the PIP itself from the store.
            fields: dict[str, str | bool] = {
                **letters.letter_defaults(ctx, dossier_id).fields,
                "pip_version_id": str(version_id),
            }
            return letters.prepare(
                ctx, dossier_id, pip.LETTER_TYPE, language, fields, dutch_only=dutch_only
            )

        run_in_background(
            self,
            prepare,
            self._letter_ready,
            on_error=lambda exc: self._letter_failed(exc, version_id, language),
            label=_("Beschikking wordt gemaakt…"),
        )

    def _letter_ready(self, prepared: PreparedLetter) -> None:
        from inburgering_desktop.ui.letter_preview import LetterPreview

        version_id = getattr(prepared, "pip_version_id", None) or self._letter_version_id
        preview = LetterPreview.for_prepared(self.ctx, prepared, self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.issued.connect(lambda letter_id: self._letter_issued(version_id, letter_id))
        self.preview = preview
        preview.finished.connect(lambda _result: setattr(self, "preview", None))
        preview.open()

    def _letter_issued(self, version_id: int | None, letter_id: int) -> None:
        # letters.issue has linked the letter to its version already.
        if version_id is None:
            return
        self.message.emit(_("Beschikking vastgelegd in het dossier."))
        # A concept may have been typed on while the letter was made: keep it before reloading.
        if self.is_dirty() and not self.save():
            return
        self.load(self.dossier_id)

    def _letter_failed(
        self, exc: BaseException, version_id: int | None = None, language: str = ""
    ) -> None:
        from inburgering_desktop.services.letters import TranslationIncomplete

        if isinstance(exc, TranslationIncomplete) and version_id is not None:
            if self.ask_dutch_only(exc):
                self.make_letter(version_id, language, dutch_only=True)
            return
        message = user_message(exc)
        if message is None:
            show_error(self, exc, "".join(traceback.format_exception(exc)))
            return
        # Calm: the PIP itself is vastgesteld; only the letter is still to be made.
        self.notice.show_message(
            _("Het PIP is vastgesteld. De beschikking is nog niet gemaakt: {reason}\nMaak hem "
              "later met 'Beschikking maken…' bij de geschiedenis.").format(reason=message),
            "warning",
        )

    def ask_dutch_only(self, exc: TranslationIncomplete) -> bool:
        from inburgering_desktop.domain.languages import language as language_info

        box = QMessageBox(self)
        box.setObjectName("pip_translation_incomplete")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Vertaling niet compleet"))
        box.setText(
            _("In de vertaling in het {language} ontbreken teksten. Een brief wordt nooit half "
              "vertaald gemaakt. De beschikking alleen in het Nederlands maken?").format(
                language=_(language_info(exc.language).name)
            )
        )
        dutch = box.addButton(_("Alleen &Nederlands"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is dutch


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

