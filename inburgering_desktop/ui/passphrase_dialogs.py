"""Choosing, changing and recovering the passphrase, and showing a recovery code once.

The pieces here are shared by the first-run wizard, the unlock dialog and the change dialog, so
a passphrase is judged and a recovery code is shown the same way everywhere:

* `NewPassphraseFields`: a new passphrase typed twice, with a live strength bar and the domain's
  hints; acceptable only when `domain.passphrase.check_acceptable` says so.
* `RecoveryCodePanel`: the recovery code in large selectable monospace, "Afdrukken",
  "Kopiëren" and the required check box "Ik heb de herstelcode bewaard".
* `ChangePassphraseDialog`: a new passphrase (re-wrap of the key file) or, as an advanced
  option, a new database key with a new recovery code (re-key).

No audit entry is written for either change. The audit log lives inside the database and records
what happened to clients' data; the passphrase only wraps the key in the key file beside the
database, and a re-key changes how the file is encrypted, not one record in it. An entry would
also tell someone who copies the database when the old passphrase stopped working, for nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import traceback
from collections.abc import Callable

from PySide6.QtCore import QMarginsF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPalette,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.passphrase import (
    MAX_SCORE,
    MIN_LENGTH,
    check_acceptable,
    strength,
)
from inburgering_desktop.domain.validation import ValidationError
from inburgering_desktop.i18n import _, format_date
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.store import engine, keys, paths
from inburgering_desktop.store.errors import StoreError, WrongPassphraseError
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.fonts import FAMILIES, app_font
from inburgering_desktop.ui.form_fields import ErrorLabel, set_button_texts
from inburgering_desktop.ui.worker import run_in_background

# Strength bar colours from "zeer zwak" to "zeer sterk": red, orange, amber, green, dark green.
# The label beside the bar says the same in words, so colour is never the only signal.
STRENGTH_COLOURS = ("#b00020", "#d84315", "#a66c00", "#2e7d32", "#1b5e20")


def monospace_font(scale: float = 1.0, base: QFont | None = None) -> QFont:
    """The system's fixed-width font, falling back to our own families.

    We bundle no monospace font; a recovery code uses only A-Z, 2-7 and "-", which Noto Sans
    draws unambiguously too, so a machine without a fixed-width font still shows a readable code.
    """
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setFamilies([font.family(), *FAMILIES])
    font.setStyleHint(QFont.StyleHint.Monospace)
    size = (base or QFont()).pointSizeF()
    if size > 0:
        font.setPointSizeF(size * scale)
    return font


def fit_to_width(window: QWidget, width: int) -> None:
    """Resize a dialog to `width` and the height its wrapped texts need at that width.

    A top-level window is first sized from size hints that assume some narrow width for every
    word-wrapped label, so at the real width its texts would be squeezed into each other.
    """
    layout = window.layout()
    height = window.sizeHint().height()
    if layout is not None and layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    window.resize(width, height)


# --- a new passphrase, typed twice -----------------------------------------------------------


class PassphraseEdit(QLineEdit):
    """A password field: dots instead of text (Qt then also refuses copying it out), no
    dragging it elsewhere, and a hint to input methods not to learn or suggest it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setDragEnabled(False)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhSensitiveData
        )


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, a strength bar with hints, and whether it is acceptable."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, first_label: str | None = None) -> None:
        super().__init__(parent)
        self.first = PassphraseEdit()
        self.first.setObjectName("new_passphrase")
        self.second = PassphraseEdit()
        self.second.setObjectName("repeat_passphrase")
        self.show_text = QCheckBox(_("Wachtwoord tonen"))
        self.show_text.setObjectName("show_passphrase")
        self.bar = QProgressBar()
        self.bar.setObjectName("strength_bar")
        self.bar.setRange(0, MAX_SCORE + 1)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(self.fontMetrics().height() // 2 + 2)
        self.strength_label = QLabel()
        self.strength_label.setObjectName("strength_label")
        self.hints = QLabel()
        self.hints.setObjectName("strength_hints")
        self.hints.setWordWrap(True)
        self.hints.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = ErrorLabel()
        self.problem.setObjectName("passphrase_problem")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        first_text = first_label or _("Nieuw wachtwoord")
        form.addRow(self._buddy(first_text, self.first), self.first)
        form.addRow(self._buddy(_("Nogmaals"), self.second), self.second)
        form.addRow("", self.show_text)
        meter = QHBoxLayout()
        meter.addWidget(self.bar, 1)
        meter.addWidget(self.strength_label)
        # Room for the longest label ("Zeer sterk"), so the bar does not jump while typing.
        self.strength_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 14)
        form.addRow(_("Sterkte"), meter)
        # Hints and problem in one row: a hidden row of a form layout still takes its spacing.
        feedback = QVBoxLayout()
        feedback.setContentsMargins(0, 0, 0, 0)
        feedback.addWidget(self.hints)
        feedback.addWidget(self.problem)
        form.addRow("", feedback)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)

        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.show_text.toggled.connect(self._toggle_echo)
        self.setFocusProxy(self.first)
        self._acceptable = False
        self._update()

    @staticmethod
    def _buddy(text: str, field: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(field)
        field.setAccessibleName(text)
        return label

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        return self._acceptable

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _toggle_echo(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _update(self) -> None:
        first, second = self.first.text(), self.second.text()
        result = strength(first)
        self.bar.setValue(result.score + 1 if first else 0)
        colour = STRENGTH_COLOURS[result.score]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
        self.strength_label.setText(_(result.label) if first else "")
        hints = [_(hint) for hint in result.hints] if first else []
        if not first:
            hints = [
                _(
                    "Kies een wachtzin van minstens {min_length} tekens, bijvoorbeeld een zin "
                    "van vier of meer woorden die u makkelijk onthoudt."
                ).format(min_length=MIN_LENGTH)
            ]
        self.hints.setText("\n".join(hints))
        self.hints.setVisible(bool(hints))
        try:
            check_acceptable(first, second)
        except ValidationError as error:
            self._acceptable = False
            # The mismatch message only once something is typed in the second field: before
            # that it is not a mistake yet. A too-short first field is said at once, since the
            # bar alone does not tell why Next stays disabled.
            quiet = not first or (error.field == "passphrase_repeat" and not second)
            self.problem.set_message(None if quiet else user_message(error))
        else:
            self._acceptable = True
            self.problem.set_message(None)
        self.changed.emit()


# --- the recovery code, shown once ---------------------------------------------------------------


def ask_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The print dialog; a module function so tests can answer it without a window."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Herstelcode afdrukken"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def recovery_sheet(recovery_code: str, created: dt.date) -> QTextDocument:
    """The printed page: what the code is, the code itself, and where to keep the sheet."""
    document = QTextDocument()
    document.setDefaultFont(app_font(11))
    code_font = monospace_font()
    # Escaped: a translation may contain "<" or "&", which the rich-text parser would eat.
    paragraphs = [
        _(
            "Met deze herstelcode opent u de versleutelde database van Inburgering Desktop als "
            "het wachtwoord vergeten is. Wie de code en de database heeft, kan alle gegevens "
            "lezen."
        ),
        _("Aangemaakt op {date}.").format(date=format_date(created, "long")),
        _(
            "Bewaar dit blad op een veilige plek, apart van de computer, bijvoorbeeld in een "
            "afgesloten kast. Maak geen foto of kopie."
        ),
    ]
    text = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    code = (
        f"<p style=\"font-family: '{html.escape(code_font.family())}', monospace; "
        f'font-size: 18pt; font-weight: bold; white-space: nowrap;">'
        f"{html.escape(recovery_code)}</p>"
    )
    title = f"<h1>{html.escape(_('Herstelcode Inburgering Desktop'))}</h1>"
    document.setHtml("\n".join([title, text[0], code, text[1], text[2]]))
    return document


def print_recovery_code(
    parent: QWidget | None,
    recovery_code: str,
    created: dt.date,
    choose: Callable[[QWidget | None, QPrinter], bool] | None = None,
) -> bool:
    """Print the recovery sheet on A4; False when the person cancelled the print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 20, 20, 20),
            QPageLayout.Unit.Millimeter,
        )
    )
    printer.setDocName(_("Herstelcode"))
    if not (choose or ask_printer)(parent, printer):
        return False
    recovery_sheet(recovery_code, created).print_(printer)
    return True


class RecoveryCodePanel(QWidget):
    """The recovery code, once: large and selectable, with print, copy and "I have kept it"."""

    confirmed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = ""
        self.explanation = QLabel(
            _(
                "Dit is uw herstelcode. Als u het wachtwoord vergeet, opent u de database "
                "alleen nog hiermee. De code wordt maar één keer getoond: druk hem af of schrijf "
                "hem over, en bewaar hem op een veilige plek, niet op deze computer."
            )
        )
        self.explanation.setWordWrap(True)
        self.code_label = QLabel()
        self.code_label.setObjectName("recovery_code")
        self.code_label.setFont(monospace_font(1.8, self.font()))
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.code_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.code_label.setAutoFillBackground(True)
        margin = self.fontMetrics().height()
        self.code_label.setMargin(margin)
        self.code_label.setAccessibleName(_("Herstelcode"))
        self.print_button = QPushButton(_("Afdrukken…"))
        self.print_button.setObjectName("print_recovery_code")
        self.copy_button = QPushButton(_("Kopiëren"))
        self.copy_button.setObjectName("copy_recovery_code")
        self.status = QLabel()
        self.status.setObjectName("recovery_status")
        self.confirmed = QCheckBox(_("Ik heb de herstelcode bewaard"))
        self.confirmed.setObjectName("recovery_saved")

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explanation)
        layout.addSpacing(margin // 2)
        layout.addWidget(self.code_label)
        layout.addLayout(buttons)
        layout.addSpacing(margin // 2)
        layout.addWidget(self.confirmed)
        layout.addStretch(1)

        self.print_button.clicked.connect(self._print)
        self.copy_button.clicked.connect(self._copy)
        self.confirmed.toggled.connect(self.confirmed_changed)

    def set_code(self, code: str) -> None:
        self._code = code
        self.code_label.setText(code)
        self.status.clear()
        self.confirmed.setChecked(False)

    def code(self) -> str:
        return self._code

    def forget(self) -> None:
        """Take the code off the screen (and out of the clipboard, if we put it there)."""
        clipboard = QGuiApplication.clipboard()
        if self._code and clipboard.text() == self._code:
            clipboard.clear()
        self._code = ""
        self.code_label.clear()

    def is_confirmed(self) -> bool:
        return self.confirmed.isChecked()

    def _print(self) -> None:
        if print_recovery_code(self, self._code, dt.date.today()):
            self.status.setText(_("Afgedrukt."))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._code)
        self.status.setText(
            _("Gekopieerd. Plak de code alleen in een veilig wachtwoordbeheerprogramma.")
        )


# --- changing the passphrase ----------------------------------------------------------------------


class ChangePassphraseDialog(QDialog):
    """A new passphrase for the open database, or (advanced) a new key and recovery code.

    Both ask the current passphrase first: the program may have been left unlocked, and whoever
    sits at it must not lock the consultant out or learn a new recovery code.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        self.setWindowTitle(_("Wachtwoord wijzigen"))
        self.setObjectName("change_passphrase_dialog")

        self.rewrap_choice = QRadioButton(_("Wachtwoord wijzigen"))
        self.rewrap_choice.setObjectName("choice_rewrap")
        self.rewrap_choice.setChecked(True)
        rewrap_text = QLabel(_("Alleen het wachtwoord verandert. De herstelcode blijft geldig."))
        self.rekey_choice = QRadioButton(_("Nieuwe sleutel en herstelcode (geavanceerd)"))
        self.rekey_choice.setObjectName("choice_rekey")
        rekey_text = QLabel(
            _(
                "De hele database wordt opnieuw versleuteld met een nieuwe sleutel en u krijgt "
                "een nieuwe herstelcode; de oude herstelcode werkt daarna niet meer. Kies dit als "
                "iemand anders het wachtwoord, de herstelcode of een kopie van het sleutelbestand "
                "kan hebben. Oude reservekopieën blijven met de oude gegevens te openen."
            )
        )
        for text in (rewrap_text, rekey_text):
            text.setWordWrap(True)
            text.setIndent(self.fontMetrics().horizontalAdvance("xxxx"))
        choice = QGroupBox(_("Wat wilt u doen?"))
        choice_layout = QVBoxLayout(choice)
        choice_layout.addWidget(self.rewrap_choice)
        choice_layout.addWidget(rewrap_text)
        choice_layout.addWidget(self.rekey_choice)
        choice_layout.addWidget(rekey_text)

        self.current = PassphraseEdit()
        self.current.setObjectName("current_passphrase")
        self.current.setAccessibleName(_("Huidig wachtwoord"))
        self.current_error = ErrorLabel()
        self.current_error.setObjectName("current_passphrase_error")
        current_row = QFormLayout()
        current_row.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        current_label = QLabel(_("Huidig wachtwoord"))
        current_label.setBuddy(self.current)
        current_row.addRow(current_label, self.current)
        current_row.addRow("", self.current_error)
        self.new_fields = NewPassphraseFields()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.message = ErrorLabel()
        self.message.setObjectName("change_message")

        form_page = QWidget()
        form_layout = QVBoxLayout(form_page)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(choice)
        form_layout.addLayout(current_row)
        form_layout.addWidget(self.new_fields)
        form_layout.addWidget(self.busy_bar)
        form_layout.addWidget(self.message)
        form_layout.addStretch(1)

        self.recovery_panel = RecoveryCodePanel()
        self.pages = QStackedWidget()
        self.pages.addWidget(form_page)
        self.pages.addWidget(self.recovery_panel)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        set_button_texts(
            self.buttons,
            {
                QDialogButtonBox.StandardButton.Ok: _("Wijzigen"),
                QDialogButtonBox.StandardButton.Cancel: _("Annuleren"),
            },
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        fit_to_width(self, self.fontMetrics().horizontalAdvance("x") * 90)

        self.current.textChanged.connect(self._update_ok)
        self.new_fields.changed.connect(self._update_ok)
        self.rekey_choice.toggled.connect(self._update_ok)
        self.recovery_panel.confirmed_changed.connect(self._update_ok)
        self._update_ok()

    def _showing_code(self) -> bool:
        return self.pages.currentWidget() is self.recovery_panel

    def _update_ok(self) -> None:
        if self._showing_code():
            self.ok_button.setEnabled(self.recovery_panel.is_confirmed())
            return
        self.ok_button.setEnabled(
            not self._busy and bool(self.current.text()) and self.new_fields.is_acceptable()
        )
        self.ok_button.setText(
            _("Nieuwe sleutel maken") if self.rekey_choice.isChecked() else _("Wijzigen")
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.pages.widget(0).setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        # On this dialog only: an application-wide override would outlive a closed dialog.
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self._update_ok()

    def _submit(self) -> None:
        if self._showing_code():
            if self.recovery_panel.is_confirmed():
                self.recovery_panel.forget()
                self.accept()
            return
        if self._busy or not self.ok_button.isEnabled():
            return
        self.current_error.set_message(None)
        self.message.set_message(None)
        db = self.ctx.db
        old, new = self.current.text(), self.new_fields.passphrase()
        rekey = self.rekey_choice.isChecked()

        def work() -> str | None:
            if not rekey:
                # Checks the current passphrase itself (WrongPassphraseError).
                engine.change_passphrase(db, old, new)
                return None
            # rekey() trusts its caller; the unwrap only proves the current passphrase
            # (WrongPassphraseError) and changes nothing, so a wrong one leaves all as it was.
            keys.unlock_with_passphrase(paths.key_file_path(db.path), old)
            return engine.rekey(db, new)

        self._set_busy(True)
        run_in_background(
            self,
            work,
            self._done,
            on_error=self._failed,
            label=_("De database wordt opnieuw versleuteld…") if rekey else None,
        )

    def _done(self, recovery_code: str | None) -> None:
        self._set_busy(False)
        self.current.clear()
        self.new_fields.clear()
        if recovery_code is None:
            self.accept()
            return
        self.recovery_panel.set_code(recovery_code)
        self.pages.setCurrentWidget(self.recovery_panel)
        self.setWindowTitle(_("Nieuwe herstelcode"))
        # From here the new key is in force: there is nothing to cancel, only to confirm.
        self.cancel_button.hide()
        self.ok_button.setText(_("Sluiten"))
        self._update_ok()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphraseError):
            self.current_error.set_message(_(exc.message))
            self.current.setFocus()
            self.current.selectAll()
            return
        if isinstance(exc, StoreError):
            self.message.set_message(_(exc.message))
            return
        show_error(self, exc, "".join(traceback.format_exception(exc)))

    def reject(self) -> None:
        # Neither while the key file is being rewritten nor once a new code is on screen.
        if self._busy or self._showing_code():
            return
        super().reject()


class RecoveryCodeDialog(QDialog):
    """A new recovery code the person did not ask for on this screen: the store finished an
    interrupted re-key while opening and made one. It cannot be dismissed unconfirmed, since the
    old code no longer opens the database."""

    def __init__(self, recovery_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nieuwe herstelcode"))
        self.setObjectName("recovery_code_dialog")
        intro = QLabel(
            _(
                "Het vervangen van de sleutel was de vorige keer onderbroken en is nu afgerond. "
                "Daarbij is een nieuwe herstelcode gemaakt; de vorige werkt niet meer."
            )
        )
        intro.setWordWrap(True)
        self.panel = RecoveryCodePanel()
        self.panel.set_code(recovery_code)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        set_button_texts(self.buttons, {QDialogButtonBox.StandardButton.Ok: _("Verder")})
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.panel.confirmed_changed.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.buttons)
        fit_to_width(self, self.fontMetrics().horizontalAdvance("x") * 90)

    def accept(self) -> None:
        if not self.panel.is_confirmed():
            return
        self.panel.forget()
        super().accept()

    def reject(self) -> None:
        # Escape or the window's close button: the code must be kept first.
        if self.panel.is_confirmed():
            self.accept()
