"""The first start: welcome, a passphrase, the encrypted database, its recovery code, and who
the municipality and the consultant are.

Page order and why the wizard cannot go back past some pages:

1. Welkom.
2. Wachtwoord, typed twice with a live strength bar; "Database aanmaken" stays disabled until
   the domain finds it acceptable. A commit page: after it the database exists.
3. Aanmaken: the database is created off the GUI thread (key derivation, migrations) and the
   wizard moves on by itself. Also a commit page: there is nothing to redo.
4. Herstelcode, shown once; "Verder" only after "Ik heb de herstelcode bewaard". A commit page,
   so the code leaves the screen for good.
5. Gemeente en account: the letterhead and the consultant's name, validated by the services and
   saved (audited) on "Voltooien".

Cancelling after page 3 keeps the database (it is complete and valid): the next start asks the
passphrase, and the profile can be filled in under Instellingen. The wizard says so.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from inburgering_desktop.domain.validation import ValidationError, validate_name
from inburgering_desktop.i18n import _
from inburgering_desktop.services import settings as settings_service
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ValidationFailed
from inburgering_desktop.store import engine
from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.errors import StoreError
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.form_fields import (
    ErrorLabel,
    FieldForm,
    TextField,
    add_row,
    confirm,
)
from inburgering_desktop.ui.passphrase_dialogs import NewPassphraseFields, RecoveryCodePanel
from inburgering_desktop.ui.settings_dialog import ProfileForm
from inburgering_desktop.ui.worker import run_in_background


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class WelcomePage(QWizardPage):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Welkom bij Inburgering Desktop"))
        self.setSubTitle(_("Uw werkplek voor de begeleiding van inburgeraars."))
        layout = QVBoxLayout(self)
        for text in (
            _(
                "Met dit programma houdt u als klantregisseur inburgering de dossiers bij van "
                "de inburgeraars in uw gemeente: de brede intake, het PIP, termijnen, ontzorgen, "
                "gesprekken en brieven."
            ),
            _(
                "Alle gegevens blijven op deze computer en worden versleuteld opgeslagen. Niets "
                "gaat via internet. Zonder uw wachtwoord of de herstelcode kan niemand ze lezen, "
                "ook niet wie de computer of een kopie van de bestanden heeft."
            ),
            _(
                "In de volgende stappen kiest u een wachtwoord, maakt het programma de "
                "versleutelde database aan, krijgt u een herstelcode om te bewaren en vult u de "
                "gegevens van uw gemeente in."
            ),
        ):
            layout.addWidget(_paragraph(text))
        layout.addStretch(1)
        location = _paragraph(_("De database komt in: {path}").format(path=path))
        location.setObjectName("database_location")
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(location)


class PassphrasePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Wachtwoord kiezen"))
        self.setSubTitle(
            _("Met dit wachtwoord opent u het programma. Het wordt nergens opgeslagen.")
        )
        self.fields = NewPassphraseFields(first_label=_("Wachtwoord"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _paragraph(
                _(
                    "Een goede wachtzin is lang en voor u makkelijk te onthouden, bijvoorbeeld "
                    "vier of vijf woorden die samen een vreemde zin vormen. Schrijf hem niet op "
                    "een briefje bij de computer."
                )
            )
        )
        layout.addWidget(self.fields)
        layout.addStretch(1)
        self.fields.changed.connect(self.completeChanged)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Database aanmaken"))

    def initializePage(self) -> None:
        self.fields.setFocus()

    def isComplete(self) -> bool:
        return self.fields.is_acceptable()


class CreatePage(QWizardPage):
    """Creates the database as soon as it is shown, then lets the wizard move on."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._running = False
        self.setTitle(_("Database aanmaken"))
        self.setSubTitle(_("Een ogenblik geduld."))
        self.status = _paragraph(_("De versleutelde database wordt aangemaakt…"))
        self.status.setObjectName("create_status")
        self.progress = QProgressBar()
        self.progress.setObjectName("create_progress")
        self.progress.setTextVisible(False)
        self.error = ErrorLabel()
        self.error.setObjectName("create_error")
        self.retry_button = QPushButton(_("Opnieuw proberen"))
        self.retry_button.setObjectName("create_retry")
        self.retry_button.hide()
        self.retry_button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Verder"))

    def running(self) -> bool:
        return self._running

    def initializePage(self) -> None:
        if self._wizard.database is None and not self._running:
            self.start()

    def isComplete(self) -> bool:
        return self._wizard.database is not None

    def start(self) -> None:
        path = self._wizard.path
        passphrase = self._wizard.passphrase_page.fields.passphrase()
        self._running = True
        self.error.set_message(None)
        self.retry_button.hide()
        self.progress.setRange(0, 0)  # busy: key derivation and migrations report no steps
        self.status.setText(_("De versleutelde database wordt aangemaakt…"))
        self._wizard.set_busy(True)
        run_in_background(
            self,
            lambda: engine.create_database(path, passphrase),
            self._created,
            on_error=self._failed,
        )

    def _created(self, result: tuple[Database, str]) -> None:
        self._running = False
        self._wizard.set_busy(False)
        database, recovery_code = result
        self._wizard.database_created(database, recovery_code)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(_("De database is aangemaakt."))
        self.completeChanged.emit()
        # On by itself: there is nothing to decide on this page. Queued, so the wizard first
        # finishes handling the signal that brought it here.
        QTimer.singleShot(0, self._wizard.next)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self._wizard.set_busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        message = user_message(exc)
        if message is None:
            show_error(self, exc, "".join(traceback.format_exception(exc)))
            message = _("Het aanmaken van de database is niet gelukt.")
        self.status.setText(_("De database is niet aangemaakt."))
        self.error.set_message(message)
        self.retry_button.show()


class RecoveryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Herstelcode bewaren"))
        self.setSubTitle(_("Als u het wachtwoord vergeet, is dit de enige weg terug."))
        self.panel = RecoveryCodePanel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.panel.confirmed_changed.connect(lambda _checked: self.completeChanged.emit())
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Verder"))

    def isComplete(self) -> bool:
        return self.panel.is_confirmed()

    def validatePage(self) -> bool:
        self.panel.forget()
        return True


class ProfilePage(QWizardPage):
    """The consultant's name and the municipality's letterhead, saved on "Voltooien"."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Uw gegevens en die van de gemeente"))
        self.setSubTitle(
            _("Deze gegevens komen op de brieven. U kunt ze later wijzigen bij Instellingen.")
        )
        self.account_form = FieldForm(self)
        self.account_field = self.account_form.add("account_name", TextField())
        account_box = QGroupBox(_("Uw naam"))
        account_layout = QFormLayout(account_box)
        account_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(account_layout, _("Naam (verplicht)"), self.account_field)
        account_layout.addRow("", _paragraph(_("Uw naam staat bij elke wijziging in het logboek.")))
        self.profile_form = ProfileForm()
        profile_box = QGroupBox(_("Gemeente"))
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(self.profile_form)
        self.message = ErrorLabel()
        self.message.setObjectName("profile_message")
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(account_box)
        content_layout.addWidget(profile_box)
        content_layout.addWidget(self.message)
        content_layout.addStretch(1)
        # Scrolls rather than squeezes: with a message under several fields, or large text
        # on a small laptop screen, the form is taller than the wizard.
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def initializePage(self) -> None:
        self.account_field.setFocus()

    def validatePage(self) -> bool:
        ctx = self._wizard.context
        if ctx is None:
            return False
        self.message.set_message(None)
        valid = self.profile_form.validate()
        self.account_form.clear_errors()
        try:
            # The rule save_account_name applies, checked first so that nothing is saved while
            # the profile still has a mistake (or the other way round).
            validate_name(self.account_field.value(), "account_name", required=True)
        except ValidationError as exc:
            self.account_form.set_errors({"account_name": user_message(exc) or ""})
            self.account_field.setFocus()
            valid = False
        if not valid:
            return False
        try:
            # The name first, so the profile's audit entry already carries it.
            settings_service.save_account_name(ctx, self.account_field.value())
            settings_service.save_profile(ctx, self.profile_form.values())
        except ValidationFailed as exc:
            self.profile_form.show_errors(exc)
            return False
        except StoreError as exc:
            self.message.set_message(_(exc.message))
            return False
        except Exception as exc:  # a bug: the crash dialog, and what was typed stays
            show_error(self, exc, traceback.format_exc())
            return False
        return True


class FirstRunWizard(QWizard):
    """Creates the encrypted database at `path`. Accepted: `context` holds the open database and
    the saved account name. Rejected: nothing is open (a created database stays on disk)."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.database: Database | None = None
        self.context: AppContext | None = None
        self._busy = False
        self.setWindowTitle(_("Inburgering Desktop instellen"))
        self.setObjectName("first_run_wizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        for button, text in (
            (QWizard.WizardButton.NextButton, _("Volgende")),
            (QWizard.WizardButton.BackButton, _("Vorige")),
            (QWizard.WizardButton.CancelButton, _("Annuleren")),
            (QWizard.WizardButton.FinishButton, _("Voltooien")),
            (QWizard.WizardButton.CommitButton, _("Verder")),
        ):
            self.setButtonText(button, text)

        self.welcome_page = WelcomePage(path)
        self.passphrase_page = PassphrasePage()
        self.create_page = CreatePage(self)
        self.recovery_page = RecoveryPage()
        self.profile_page = ProfilePage(self)
        for page in (
            self.welcome_page,
            self.passphrase_page,
            self.create_page,
            self.recovery_page,
            self.profile_page,
        ):
            self.addPage(page)
        em = self.fontMetrics().horizontalAdvance("x")
        self.resize(em * 110, self.fontMetrics().height() * 40)

    def database_created(self, database: Database, recovery_code: str) -> None:
        self.database = database
        self.context = AppContext(db=database, account="")
        self.recovery_page.panel.set_code(recovery_code)
        # The passphrase has done its work; it need not stay in a widget until the wizard ends.
        self.passphrase_page.fields.clear()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def reject(self) -> None:
        if self._busy:
            return  # half a database is not something to walk away from; it takes a second
        if self.database is not None and not self._confirm_stop():
            return
        self.recovery_page.panel.forget()
        if self.database is not None:
            self.database.close()
            self.database = None
            self.context = None
        super().reject()

    def _confirm_stop(self) -> bool:
        text = _(
            "De database is aangemaakt en blijft bewaard. Bij de volgende start vraagt het "
            "programma uw wachtwoord. Uw naam en de gegevens van de gemeente kunt u dan "
            "invullen bij Instellingen."
        )
        if self.currentPage() is self.recovery_page and not self.recovery_page.isComplete():
            text += "\n\n" + _(
                "Let op: u hebt nog niet bevestigd dat u de herstelcode hebt bewaard. Hij wordt "
                "niet opnieuw getoond. Later kunt u bij Wachtwoord wijzigen een nieuwe sleutel "
                "en herstelcode laten maken."
            )
        return confirm(self, _("Instellen stoppen?"), text, _("Stoppen"))
