"""Shared form widgets: every field carries its own inline error label and keeps what was typed.

The services take raw input (strings as typed, booleans for check boxes) and answer with one
ValidationError per field. These widgets hand over exactly that raw input and show each message
right under its field, so a mistake never costs the consultant the rest of the form.

`FieldForm` groups fields into one form: values in and out, errors in, and dirty tracking by
comparing with the values last loaded or saved (typing a change back undoes "unsaved").
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from functools import lru_cache

from PySide6.QtCore import QDate, QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from inburgering_desktop.domain.enums import label
from inburgering_desktop.domain.languages import LANGUAGES
from inburgering_desktop.i18n import N_, _, current_language, format_date
from inburgering_desktop.services.errors import ServiceError, ValidationFailed

# The colour of inline errors: dark enough red for WCAG AA contrast on a light background.
ERROR_COLOUR = QColor("#b00020")
Value = str | bool

# Labels and colours of the domain's severities (rules.SEVERITY_RANK orders them).
SEVERITY_LABELS = {
    "info": N_("Informatie"),
    "warning": N_("Waarschuwing"),
    "urgent": N_("Urgent"),
}
SEVERITY_COLOURS = {"info": "#1565c0", "warning": "#e65100", "urgent": "#c62828"}
YES_COLOUR = "#2e7d32"
NO_COLOUR = "#757575"


def date_text(value: dt.date | None) -> str:
    """How a date is written in a field: dd-mm-jjjj, the form the services parse back."""
    return "" if value is None else f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


@lru_cache(maxsize=4096)
def short_date(value: dt.date) -> str:
    """A date in lists ("23-11-2026" in Dutch). Cached: list columns repeat few distinct dates,
    and Babel costs tens of microseconds per call while a view paints hundreds of cells."""
    return format_date(value, "short")


def long_date(value: dt.date) -> str:
    """A date with its weekday ("maandag 23 november 2026"): deadlines are always shown so."""
    return format_date(value, "long_weekday")


def enum_text(value: StrEnum | None) -> str:
    return "" if value is None else _(label(value))


# --- painted icons ---------------------------------------------------------------------------
# Painted rather than typed as ✓/✗/●: the bundled fonts have no such glyphs, and a machine
# without system fonts would show boxes. Each icon holds a 1× and a 2× pixmap for high-DPI.

_icons: dict[str, QIcon] = {}


def _painted_icon(key: str, draw: Callable[[QPainter, int], None]) -> QIcon:
    icon = _icons.get(key)
    if icon is None:
        icon = QIcon()
        for size in (16, 32):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw(painter, size)
            painter.end()
            icon.addPixmap(pixmap)
        _icons[key] = icon
    return icon


def severity_icon(severity: str) -> QIcon:
    """A filled dot in the severity's colour."""

    def draw(painter: QPainter, size: int) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(SEVERITY_COLOURS[severity]))
        margin = size // 5
        painter.drawEllipse(margin, margin, size - 2 * margin, size - 2 * margin)

    return _painted_icon(f"severity:{severity}", draw)


def mark_icon(yes: bool) -> QIcon:
    """A green tick or a grey cross, for the offers that do and do not apply."""

    def draw(painter: QPainter, size: int) -> None:
        pen = QPen(QColor(YES_COLOUR if yes else NO_COLOUR), size / 8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        s = float(size)
        path = QPainterPath()
        if yes:
            path.moveTo(QPointF(s * 0.18, s * 0.52))
            path.lineTo(QPointF(s * 0.42, s * 0.76))
            path.lineTo(QPointF(s * 0.84, s * 0.24))
        else:
            path.moveTo(QPointF(s * 0.25, s * 0.25))
            path.lineTo(QPointF(s * 0.75, s * 0.75))
            path.moveTo(QPointF(s * 0.75, s * 0.25))
            path.lineTo(QPointF(s * 0.25, s * 0.75))
        painter.drawPath(path)

    return _painted_icon(f"mark:{yes}", draw)


def icon_label(icon: QIcon, parent: QWidget | None = None) -> QLabel:
    """A label showing an icon at the size of a line of text, sharp at any scale factor."""
    widget = QLabel(parent)
    side = widget.fontMetrics().height()
    widget.setPixmap(icon.pixmap(QSize(side, side), widget.devicePixelRatioF()))
    widget.setFixedSize(side, side)
    return widget


class ErrorLabel(QLabel):
    """The red line under a field; takes no space while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR)
        self.setPalette(palette)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def set_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class Field(QWidget):
    """An editor with an error label beneath it. Subclasses provide the editor and its value."""

    edited = Signal()

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error_label = ErrorLabel(self)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(editor, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(self._row)
        column.addWidget(self.error_label)
        self.setFocusProxy(editor)

    # Every subclass overrides these two: they are the field's value in the services' terms.
    def value(self) -> Value:
        raise NotImplementedError(type(self).__name__)

    def set_value(self, value: object) -> None:
        raise NotImplementedError(type(self).__name__)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setEnabled(not read_only)

    def error(self) -> str:
        return self.error_label.text()

    def set_error(self, message: str | None) -> None:
        self.error_label.set_message(message)
        # Screen readers announce the description with the field, so the message is not only red.
        self.editor.setAccessibleDescription(message or "")


class TextField(Field):
    """A labelled line edit; the text is handed over exactly as typed."""

    def __init__(
        self,
        placeholder: str = "",
        max_length: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.line_edit = QLineEdit()
        super().__init__(self.line_edit, parent)
        if placeholder:
            self.line_edit.setPlaceholderText(placeholder)
        if max_length is not None:
            self.line_edit.setMaxLength(max_length)
        self.line_edit.textEdited.connect(self.edited)

    def value(self) -> str:
        return self.line_edit.text()

    def set_value(self, value: object) -> None:
        self.line_edit.setText("" if value is None else str(value))
        self.line_edit.setCursorPosition(0)

    def set_read_only(self, read_only: bool) -> None:
        # Read-only rather than disabled: the text stays selectable and readable.
        self.line_edit.setReadOnly(read_only)


class DateField(TextField):
    """A date typed as dd-mm-jjjj. Free text on purpose: an invalid date stays in the field
    (with the message beside it) instead of being rejected key by key or silently reset, as
    QDateEdit would. The calendar button is a convenience that writes the same text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(placeholder=_("dd-mm-jjjj"), max_length=20, parent=parent)
        # Wide enough for "dd-mm-jjjj" plus the frame, never squeezed below that by a layout.
        sample = self.line_edit.fontMetrics().horizontalAdvance("00-00-00000")
        self.line_edit.setMinimumWidth(sample + 3 * self.line_edit.fontMetrics().averageCharWidth())
        self.line_edit.setMaximumWidth(sample * 2)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("…")
        self.calendar_button.setToolTip(_("Kies een datum in de kalender"))
        self.calendar_button.setAccessibleName(_("Kalender"))
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        menu = QMenu(self.calendar_button)
        # The calendar itself is built when first opened: a form has many date fields (the
        # checklist alone eight), and building a calendar for each makes opening a dossier slow.
        self.calendar: QCalendarWidget | None = None
        menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar_button.setMenu(menu)
        self._row.setStretch(0, 0)
        self._row.addWidget(self.calendar_button)
        self._row.addStretch(1)

    def set_value(self, value: object) -> None:
        super().set_value(date_text(value) if isinstance(value, dt.date) else value)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.calendar_button.setVisible(not read_only)

    def _prepare_calendar(self) -> None:
        if self.calendar is None:
            menu = self.calendar_button.menu()
            self.calendar = QCalendarWidget(menu)
            self.calendar.setGridVisible(True)
            action = QWidgetAction(menu)
            action.setDefaultWidget(self.calendar)
            menu.addAction(action)
            self.calendar.clicked.connect(self._pick)
            self.calendar.activated.connect(self._pick)
        # Open on the typed date when it is one; only a convenience, the service validates.
        for fmt in ("dd-MM-yyyy", "d-M-yyyy"):
            typed = QDate.fromString(self.line_edit.text().strip(), fmt)
            if typed.isValid():
                self.calendar.setSelectedDate(typed)
                return
        self.calendar.setSelectedDate(QDate.currentDate())

    def _pick(self, day: QDate) -> None:
        self.line_edit.setText(date_text(dt.date(day.year(), day.month(), day.day())))
        self.calendar_button.menu().hide()
        self.edited.emit()


class CheckField(Field):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        self.check_box = QCheckBox(text)
        super().__init__(self.check_box, parent)
        self.check_box.toggled.connect(lambda _checked: self.edited.emit())

    def value(self) -> bool:
        return self.check_box.isChecked()

    def set_value(self, value: object) -> None:
        self.check_box.blockSignals(True)
        self.check_box.setChecked(bool(value))
        self.check_box.blockSignals(False)


class TextAreaField(Field):
    """Several lines of free text (a journal note, a ground for a decision)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.text_edit = QPlainTextEdit()
        super().__init__(self.text_edit, parent)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.textChanged.connect(self.edited)

    def value(self) -> str:
        return self.text_edit.toPlainText()

    def set_value(self, value: object) -> None:
        # Loading is not editing: like the other fields, no `edited` (and no dirty flicker).
        self.text_edit.blockSignals(True)
        self.text_edit.setPlainText("" if value is None else str(value))
        self.text_edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.text_edit.setReadOnly(read_only)


COMBO_MAX_CHARS = 24


def fit_combo(combo: QComboBox, max_chars: int = COMBO_MAX_CHARS) -> None:
    """As wide as its longest item up to `max_chars` characters (a country list would otherwise
    make the whole form as wide as "Zuid-Georgia en Zuidelijke Sandwicheilanden"), with a popup
    wide enough to read every item in full."""
    longest = max((len(combo.itemText(i)) for i in range(combo.count())), default=4)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min(longest, max_chars))
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)


class ComboField(Field):
    """A choice from a fixed list; the value handed over is the item's data (a code)."""

    def __init__(
        self, items: Iterable[tuple[str, str]], empty_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.combo = QComboBox()
        super().__init__(self.combo, parent)
        if empty_text is not None:
            self.combo.addItem(empty_text, "")
        for text, data in items:
            self.combo.addItem(text, data)
        fit_combo(self.combo)
        self._row.setStretch(0, 0)
        self._row.addStretch(1)
        self.combo.activated.connect(lambda _index: self.edited.emit())

    def value(self) -> str:
        data = self.combo.currentData()
        return "" if data is None else str(data)

    def set_value(self, value: object) -> None:
        index = self.combo.findData("" if value is None else str(value))
        self.combo.setCurrentIndex(max(index, 0))


class EnumField(ComboField):
    """A combo box over an enum, showing the translated Dutch labels."""

    def __init__(
        self, enum_cls: type[StrEnum], empty_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(((enum_text(m), m.value) for m in enum_cls), empty_text, parent)


def language_items() -> list[tuple[str, str]]:
    """"Arabisch — العربية": the consultant reads the Dutch name, the client recognises theirs."""
    items = []
    for lang in LANGUAGES:
        name = _(lang.name)
        text = name if name == lang.native_name else f"{name} — {lang.native_name}"
        items.append((text, lang.code))
    return items


class LanguageField(ComboField):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(language_items(), parent=parent)


def country_items() -> list[tuple[str, str]]:
    """Every country the domain accepts, by its name in the UI language, sorted by that name."""
    from babel import Locale

    from inburgering_desktop.domain.validation import country_codes

    names = Locale.parse(current_language()).territories
    codes = sorted(set(country_codes().values()))
    items = [(names.get(code, code), code) for code in codes]
    return sorted(items, key=lambda item: item[0].casefold())


class CountryField(ComboField):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(country_items(), empty_text=_("(onbekend)"), parent=parent)
        # Typing the first letters of a country name jumps to it, as in any combo box; making it
        # editable would allow text that is no country.
        self.combo.setMaxVisibleItems(20)
        self._row.setStretch(0, 1)


class FieldForm(QObject):
    """Fields under their names, as one form: raw values out, service messages in, dirtiness."""

    dirty_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, Field] = {}
        self._baseline: dict[str, Value] = {}
        self._dirty = False

    def add(self, name: str, field: Field) -> Field:
        self.fields[name] = field
        field.setObjectName(f"field_{name}")
        field.edited.connect(self._update_dirty)
        self._baseline[name] = field.value()
        return field

    def values(self) -> dict[str, Value]:
        return {name: field.value() for name, field in self.fields.items()}

    def load(self, values: Mapping[str, object]) -> None:
        """Show stored values (dates as dd-mm-jjjj) and take them as the unchanged state."""
        for name, field in self.fields.items():
            field.set_value(values.get(name))
        self.clear_errors()
        self.mark_clean()

    def mark_clean(self) -> None:
        self._baseline = self.values()
        self._update_dirty()

    def is_dirty(self) -> bool:
        return self.values() != self._baseline

    def _update_dirty(self) -> None:
        dirty = self.is_dirty()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def set_errors(self, messages: Mapping[str, str]) -> list[str]:
        """Show each message beside its field; returns the names that have no field here."""
        for name, field in self.fields.items():
            field.set_error(messages.get(name))
        return [name for name in messages if name not in self.fields]

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.set_error(None)

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.set_read_only(read_only)


def add_row(layout: QFormLayout, text: str, field: Field) -> None:
    """A form row whose label is the field's buddy (Alt+letter and screen readers find it)."""
    row_label = QLabel(text)
    row_label.setBuddy(field.editor)
    row_label.setWordWrap(True)
    layout.addRow(row_label, field)
    field.editor.setAccessibleName(text.replace("&", ""))


def error_messages(exc: ValidationFailed) -> dict[str, str]:
    """The translated message per field (the first one, if a field has several)."""
    from inburgering_desktop.ui.errors import user_message

    messages: dict[str, str] = {}
    for error in exc.errors:
        messages.setdefault(error.field, user_message(error) or "")
    return messages


def set_button_texts(box: QDialogButtonBox | QMessageBox, texts: Mapping[object, str]) -> None:
    """Dutch texts on standard buttons even when Qt's own translation is not installed."""
    for which, text in texts.items():
        button = box.button(which)  # type: ignore[arg-type]
        if button is not None:
            button.setText(text)


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before something that cannot be undone; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    set_button_texts(
        box,
        {QMessageBox.StandardButton.Ok: action, QMessageBox.StandardButton.Cancel: _("Annuleren")},
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Ok


class FormDialog(QDialog):
    """A small form in a dialog that stays open until the service accepts what was typed.

    `submit` receives the raw values and calls the service; ValidationFailed puts each message
    beside its field, another ServiceError goes above the buttons, and nothing typed is lost.
    """

    def __init__(
        self,
        title: str,
        submit: Callable[[dict[str, Value]], object],
        parent: QWidget | None = None,
        ok_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("form_dialog")
        self.form = FieldForm(self)
        self.result_value: object = None
        self._submit = submit
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        set_button_texts(
            self.buttons,
            {
                QDialogButtonBox.StandardButton.Ok: ok_text or _("Opslaan"),
                QDialogButtonBox.StandardButton.Cancel: _("Annuleren"),
            },
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.layout_)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def add_field(self, name: str, text: str, field: Field) -> Field:
        self.form.add(name, field)
        add_row(self.layout_, text, field)
        return field

    def add_widget(self, text: str, widget: QWidget) -> None:
        self.layout_.addRow(text, widget)

    def _accept(self) -> None:
        self.form.clear_errors()
        self.message.set_message(None)
        try:
            self.result_value = self._submit(self.form.values())
        except ValidationFailed as exc:
            messages = error_messages(exc)
            leftover = self.form.set_errors(messages)
            self.message.set_message("\n".join(messages[name] for name in leftover) or None)
            return
        except ServiceError as exc:
            from inburgering_desktop.ui.errors import user_message

            self.message.set_message(user_message(exc))
            return
        except Exception as exc:  # a bug: the crash dialog, and the dialog stays open
            from inburgering_desktop.ui.errors import show_error

            show_error(self, exc, traceback.format_exc())
            return
        self.accept()


# Background, border and text colours of the banners above a form (WCAG AA on their background).
BANNER_STYLES = {
    "info": ("#e8f0fe", "#1565c0", "#0b2e59"),
    "calm": ("#f1f8e9", "#7cb342", "#1b3a0b"),
    "warning": ("#fff4e5", "#e65100", "#4a2000"),
    "error": ("#fdecea", "#c62828", "#5f1111"),
}


class Banner(QFrame):
    """A coloured message above a form: what went wrong on saving, a closed dossier, a record
    changed elsewhere (then with a reload button)."""

    reload_requested = Signal()

    def __init__(self, name: str, reload_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel()
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(reload_text)
        self.reload_button.clicked.connect(self.reload_requested)
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str, kind: str = "error", offer_reload: bool = False) -> None:
        background, border, foreground = BANNER_STYLES[kind]
        name = self.objectName()
        self.setStyleSheet(
            f"#{name} {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }} #{name}_text {{ color: {foreground}; }}"
        )
        self.label.setText(text)
        self.reload_button.setVisible(offer_reload)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def clear(self) -> None:
        self.label.clear()
        self.hide()
