"""Ontgrendelen: the passphrase (or the recovery code) that opens the encrypted database.

Opening derives the key with scrypt and may migrate the database, so it runs off the GUI thread
(ui.worker) with a busy bar in the dialog. A wrong passphrase is said calmly in the dialog itself,
the field selected for retyping; there is no lock-out, since the key derivation already makes
guessing slow and a locked-out consultant cannot help a client.

After opening with the recovery code the dialog asks for a new passphrase before it lets anyone
in: the old one is forgotten, and the recovery code must not become the daily key.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.i18n import _
from inburgering_desktop.store import engine
from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.errors import StoreError
from inburgering_desktop.ui.errors import show_error
from inburgering_desktop.ui.form_fields import ErrorLabel, set_button_texts
from inburgering_desktop.ui.passphrase_dialogs import (
    NewPassphraseFields,
    PassphraseEdit,
    monospace_font,
)
from inburgering_desktop.ui.worker import run_in_background


class Page:
    PASSPHRASE = 0
    RECOVERY = 1
    NEW_PASSPHRASE = 2


def _link_button(text: str, name: str) -> QPushButton:
    """A flat button that reads like a link but takes focus and Enter like any button."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    font = button.font()
    font.setUnderline(True)
    button.setFont(font)
    button.setAutoDefault(False)
    return button


class UnlockDialog(QDialog):
    """Asks the passphrase and opens the database; `database` holds it after acceptance.

    Rejected: nothing is open (a database opened with the recovery code is closed again if the
    person stops before choosing a new passphrase; the recovery code keeps working).
    """

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.database: Database | None = None
        self._handed_over = False  # accepted: the database is the caller's now
        self._busy = False
        self.setWindowTitle(_("Inburgering Desktop ontgrendelen"))
        self.setObjectName("unlock_dialog")
        em = self.fontMetrics().horizontalAdvance("x")

        # Passphrase
        intro = QLabel(
            _(
                "De gegevens op deze computer zijn versleuteld. Vul uw wachtwoord in om ze te "
                "openen."
            )
        )
        intro.setWordWrap(True)
        self.passphrase_edit = PassphraseEdit()
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setAccessibleName(_("Wachtwoord"))
        self.setMinimumWidth(em * 80)
        self.passphrase_error = ErrorLabel()
        self.passphrase_error.setObjectName("passphrase_error")
        self.forgot_button = _link_button(
            _("Wachtwoord vergeten? Gebruik de herstelcode"), "use_recovery_code"
        )
        passphrase_page = QWidget()
        passphrase_form = QFormLayout()
        passphrase_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        passphrase_label = QLabel(_("Wachtwoord"))
        passphrase_label.setBuddy(self.passphrase_edit)
        passphrase_form.addRow(passphrase_label, self.passphrase_edit)
        passphrase_form.addRow("", self.passphrase_error)
        passphrase_layout = QVBoxLayout(passphrase_page)
        passphrase_layout.setContentsMargins(0, 0, 0, 0)
        passphrase_layout.addWidget(intro)
        passphrase_layout.addLayout(passphrase_form)
        passphrase_layout.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignLeft)
        passphrase_layout.addStretch(1)

        # Recovery code
        recovery_intro = QLabel(
            _(
                "Vul de herstelcode in die u bij het instellen van het programma hebt afgedrukt "
                "of opgeschreven: zeven groepen van vier tekens. Streepjes en spaties mogen, "
                "hoofd- of kleine letters maakt niet uit."
            )
        )
        recovery_intro.setWordWrap(True)
        self.recovery_edit = QLineEdit()
        self.recovery_edit.setObjectName("recovery_code_input")
        self.recovery_edit.setAccessibleName(_("Herstelcode"))
        self.recovery_edit.setFont(monospace_font(1.2, self.font()))
        self.recovery_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recovery_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.recovery_error = ErrorLabel()
        self.recovery_error.setObjectName("recovery_error")
        self.back_button = _link_button(_("Terug naar het wachtwoord"), "use_passphrase")
        recovery_page = QWidget()
        recovery_form = QFormLayout()
        recovery_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        recovery_label = QLabel(_("Herstelcode"))
        recovery_label.setBuddy(self.recovery_edit)
        recovery_form.addRow(recovery_label, self.recovery_edit)
        recovery_form.addRow("", self.recovery_error)
        recovery_layout = QVBoxLayout(recovery_page)
        recovery_layout.setContentsMargins(0, 0, 0, 0)
        recovery_layout.addWidget(recovery_intro)
        recovery_layout.addLayout(recovery_form)
        recovery_layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        recovery_layout.addStretch(1)

        # New passphrase after the recovery code
        new_intro = QLabel(
            _(
                "De database is geopend met de herstelcode. Kies nu een nieuw wachtwoord; "
                "daarmee opent u het programma voortaan. De herstelcode blijft geldig: bewaar "
                "hem weer op een veilige plek."
            )
        )
        new_intro.setWordWrap(True)
        self.new_fields = NewPassphraseFields()
        self.new_error = ErrorLabel()
        new_page = QWidget()
        new_layout = QVBoxLayout(new_page)
        new_layout.setContentsMargins(0, 0, 0, 0)
        new_layout.addWidget(new_intro)
        new_layout.addWidget(self.new_fields)
        new_layout.addWidget(self.new_error)
        new_layout.addStretch(1)

        # Pages shown one at a time in a plain layout rather than a QStackedWidget, which would
        # keep the height of the tallest page and leave a gap under the short passphrase page.
        self.pages = QWidget()
        self._page_widgets = [passphrase_page, recovery_page, new_page]
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        for widget in self._page_widgets:
            pages_layout.addWidget(widget)
        self._page = Page.PASSPHRASE

        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(self.fontMetrics().height() // 2 + 2)
        # Kept in the layout while hidden, so the dialog does not jump when it appears.
        policy = self.busy_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.busy_bar.setSizePolicy(policy)
        self.busy_bar.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        set_button_texts(
            self.buttons,
            {
                QDialogButtonBox.StandardButton.Ok: _("Ontgrendelen"),
                QDialogButtonBox.StandardButton.Cancel: _("Afsluiten"),
            },
        )
        self.unlock_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setObjectName("unlock")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        location = QLabel(_("Database: {path}").format(path=path))
        location.setObjectName("database_location")
        location.setWordWrap(True)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Greyed: information (which database, when there are several), not a task.
        palette = location.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
        )
        location.setPalette(palette)

        heading = QLabel(_("Inburgering Desktop"))
        heading_font = heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setBold(True)
        heading.setFont(heading_font)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.pages)
        layout.addStretch(1)
        layout.addWidget(self.busy_bar)
        layout.addWidget(location)
        layout.addWidget(self.buttons)

        self.forgot_button.clicked.connect(lambda: self.show_page(Page.RECOVERY))
        self.back_button.clicked.connect(lambda: self.show_page(Page.PASSPHRASE))
        self.passphrase_edit.textChanged.connect(self._update_button)
        self.recovery_edit.textChanged.connect(self._update_button)
        self.new_fields.changed.connect(self._update_button)
        self.show_page(Page.PASSPHRASE)

    # -- pages -------------------------------------------------------------------------------

    def page(self) -> int:
        return self._page

    def show_page(self, page: int) -> None:
        self._page = page
        for index, widget in enumerate(self._page_widgets):
            widget.setVisible(index == page)
        self.adjustSize()
        texts = {
            Page.PASSPHRASE: _("Ontgrendelen"),
            Page.RECOVERY: _("Openen met herstelcode"),
            Page.NEW_PASSPHRASE: _("Wachtwoord opslaan"),
        }
        self.unlock_button.setText(texts[page])
        focus = {
            Page.PASSPHRASE: self.passphrase_edit,
            Page.RECOVERY: self.recovery_edit,
            Page.NEW_PASSPHRASE: self.new_fields,
        }[page]
        focus.setFocus()
        self._update_button()

    def _update_button(self) -> None:
        ready = {
            Page.PASSPHRASE: bool(self.passphrase_edit.text()),
            Page.RECOVERY: bool(self.recovery_edit.text().strip()),
            Page.NEW_PASSPHRASE: self.new_fields.is_acceptable(),
        }[self.page()]
        self.unlock_button.setEnabled(ready and not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.pages.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self._update_button()

    # -- actions -----------------------------------------------------------------------------

    def _submit(self) -> None:
        if self._busy or not self.unlock_button.isEnabled():
            return
        page = self.page()
        if page == Page.PASSPHRASE:
            self.passphrase_error.set_message(None)
            passphrase = self.passphrase_edit.text()
            self._run(
                lambda: engine.open_database(self.path, passphrase=passphrase),
                self._opened,
                self.passphrase_error,
                self.passphrase_edit,
            )
        elif page == Page.RECOVERY:
            self.recovery_error.set_message(None)
            code = self.recovery_edit.text()
            self._run(
                lambda: engine.open_database(self.path, recovery_key=code),
                self._opened_with_recovery_code,
                self.recovery_error,
                self.recovery_edit,
            )
        else:
            database = self.database
            assert database is not None
            self.new_error.set_message(None)
            new = self.new_fields.passphrase()
            self._run(
                lambda: engine.set_passphrase(database, new),
                lambda _none: self._done(),
                self.new_error,
                self.new_fields.first,
            )

    def _run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        error_label: ErrorLabel,
        field: QLineEdit,
    ) -> None:
        """`work` off the GUI thread; a StoreError (wrong passphrase, already open, damaged key
        file) goes calmly beside `field`, a bug to the crash dialog."""

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            if isinstance(exc, StoreError):
                error_label.set_message(_(exc.message))
                field.setFocus()
                field.selectAll()
            else:
                show_error(self, exc, "".join(traceback.format_exception(exc)))

        def succeeded(result: object) -> None:
            self._set_busy(False)
            on_success(result)

        self._set_busy(True)
        run_in_background(self, work, succeeded, on_error=failed)

    def _opened(self, database: Database) -> None:
        self.database = database
        self.passphrase_edit.clear()
        self._done()

    def _opened_with_recovery_code(self, database: Database) -> None:
        self.database = database
        self.recovery_edit.clear()
        self.show_page(Page.NEW_PASSPHRASE)

    def _done(self) -> None:
        self._handed_over = True
        super().accept()

    def accept(self) -> None:
        # Enter in a field: the same as the button (QDialog's default would close unopened).
        self._submit()

    def reject(self) -> None:
        if self._busy:
            return
        if self.database is not None and not self._handed_over:
            # Stopped before choosing a new passphrase after the recovery code.
            self.database.close()
            self.database = None
        super().reject()
