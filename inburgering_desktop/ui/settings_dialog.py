"""Instellingen: the municipality's letterhead and logo, the consultant's name, the UI language.

The profile and the account name live in the (encrypted) database through services.settings,
which validates and audits them. The language is a preference of this computer, not of the
register, so it lives in QSettings; the program reads it once at start-up (app.py), because
texts already on screen do not change language by themselves.

Nothing is saved until "Opslaan", and then only if every tab is valid: a half-saved dialog would
leave the consultant unsure what "Annuleren" undid.
"""

from __future__ import annotations

import traceback
from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.validation import ValidationError, validate_name
from inburgering_desktop.i18n import (
    N_,
    _,
    available_languages,
    current_language,
)
from inburgering_desktop.services import settings as settings_service
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from inburgering_desktop.services.settings import LOGO_MAX_BYTES, MunicipalityProfile
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.form_fields import (
    ErrorLabel,
    FieldForm,
    TextField,
    add_row,
    confirm,
    error_messages,
    set_button_texts,
)
from inburgering_desktop.ui.preferences import store_language, stored_language

# The profile's fields in form order, with their Dutch labels. A required field says so.
PROFILE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("Naam gemeente (verplicht)")),
    ("department", N_("Afdeling")),
    ("street", N_("Adres")),
    ("postal_code", N_("Postcode")),
    ("city", N_("Plaats")),
    ("phone", N_("Telefoon")),
    ("email", N_("E-mail")),
    ("website", N_("Website")),
    ("signatory_name", N_("Naam ondertekenaar")),
    ("signatory_title", N_("Functie ondertekenaar")),
)
PLACEHOLDERS = {
    "street": N_("Straat en huisnummer"),
    "postal_code": N_("1234 AB"),
    "email": N_("naam@gemeente.nl"),
}
# The validators name some errors after the kind of value rather than the profile's field
# ("postcode" for postal_code); the message still belongs beside that field.
_ERROR_FIELD_ALIASES = {"postcode": "postal_code"}

_LOGO_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
LOGO_PREVIEW = QSize(240, 96)


def logo_media_type(data: bytes) -> str:
    """The media type by the file's first bytes, not its name: "logo.png" may well be a JPEG.
    Anything else is handed to the service as what it is not, and the service says so."""
    for magic, media_type in _LOGO_MAGIC:
        if data.startswith(magic):
            return media_type
    return "application/octet-stream"


def profile_errors(exc: ValidationFailed) -> dict[str, str]:
    return {_ERROR_FIELD_ALIASES.get(k, k): v for k, v in error_messages(exc).items()}


class ProfileForm(QWidget):
    """The municipality profile as a form: raw text out, messages beside the fields in.

    Shared by the first-run wizard and the settings dialog, so both ask the same things.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = FieldForm(self)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, text in PROFILE_FIELDS:
            placeholder = PLACEHOLDERS.get(name)
            field = TextField(placeholder=_(placeholder) if placeholder else "")
            self.form.add(name, field)
            add_row(layout, _(text), field)
        self.layout_ = layout
        self.setFocusProxy(self.form.fields["name"])

    def values(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.form.values().items()}

    def load(self, profile: MunicipalityProfile) -> None:
        self.form.load(asdict(profile))

    def validate(self) -> bool:
        """Check with the service's own rules; show each message beside its field."""
        self.form.clear_errors()
        try:
            settings_service.validate_profile(self.values())
        except ValidationFailed as exc:
            self.show_errors(exc)
            return False
        return True

    def show_errors(self, exc: ValidationFailed) -> None:
        messages = profile_errors(exc)
        self.form.set_errors(messages)
        for name, _text in PROFILE_FIELDS:
            if name in messages:
                self.form.fields[name].setFocus()
                break


class LogoPicker(QGroupBox):
    """The logo on letters: a preview, "Kiezen…" and "Verwijderen". The choice is kept here
    until the dialog saves it; the service checks type and size then."""

    def __init__(self, current: tuple[str, bytes] | None, parent: QWidget | None = None) -> None:
        super().__init__(_("Logo op brieven"), parent)
        self._logo = current
        self.changed = False
        self.preview = QLabel()
        self.preview.setObjectName("logo_preview")
        self.preview.setFixedSize(LOGO_PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setWordWrap(True)
        self.choose_button = QPushButton(_("Kiezen…"))
        self.choose_button.setObjectName("choose_logo")
        self.remove_button = QPushButton(_("Verwijderen"))
        self.remove_button.setObjectName("remove_logo")
        self.note = QLabel(_("PNG of JPEG, hoogstens 2 MB."))
        self.error = ErrorLabel()
        self.error.setObjectName("logo_error")
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addLayout(buttons)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        self._show()

    def logo(self) -> tuple[str, bytes] | None:
        return self._logo

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Logo kiezen"),
            str(Path.home()),
            _("Afbeeldingen (*.png *.jpg *.jpeg)"),
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        try:
            with path.open("rb") as handle:
                # One byte more than allowed is enough for the service to say "te groot";
                # reading a huge file whole would only freeze the window.
                data = handle.read(LOGO_MAX_BYTES + 1)
        except OSError:
            self.error.set_message(_("Het bestand kan niet worden gelezen."))
            return
        self._logo = (logo_media_type(data), data)
        self.changed = True
        self.error.set_message(None)
        self._show()

    def remove(self) -> None:
        self._logo = None
        self.changed = True
        self.error.set_message(None)
        self._show()

    def _show(self) -> None:
        self.remove_button.setEnabled(self._logo is not None)
        if self._logo is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("Geen logo"))
            return
        pixmap = QPixmap()
        if not pixmap.loadFromData(self._logo[1]):
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("Geen voorbeeld: dit bestand is geen afbeelding."))
            return
        # Scaled to device pixels, so the preview is sharp on a high-DPI screen.
        ratio = self.devicePixelRatioF()
        scaled = pixmap.scaled(
            LOGO_PREVIEW * ratio,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        self.preview.setText("")
        self.preview.setPixmap(scaled)


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Instellingen"))
        self.setObjectName("settings_dialog")
        self.tabs = QTabWidget()

        # Gemeente
        self.profile_form = ProfileForm()
        self.profile_form.load(settings_service.get_profile(ctx))
        self.logo_picker = LogoPicker(settings_service.get_logo(ctx))
        municipality = QWidget()
        municipality_layout = QVBoxLayout(municipality)
        intro = QLabel(_("Deze gegevens staan in het briefhoofd en onder elke brief."))
        intro.setWordWrap(True)
        municipality_layout.addWidget(intro)
        municipality_layout.addWidget(self.profile_form)
        municipality_layout.addWidget(self.logo_picker)
        municipality_layout.addStretch(1)
        self.tabs.addTab(municipality, _("Gemeente"))

        # Account
        self.account_form = FieldForm(self)
        self.account_field = self.account_form.add("account_name", TextField())
        self.account_form.load({"account_name": settings_service.get_account_name(ctx)})
        account = QWidget()
        account_layout = QVBoxLayout(account)
        account_intro = QLabel(
            _(
                "Uw naam staat bij elke wijziging in het logboek, zodat later te zien is wie "
                "wat heeft gedaan."
            )
        )
        account_intro.setWordWrap(True)
        account_form_layout = QFormLayout()
        account_form_layout.setFieldGrowthPolicy(
            QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        add_row(account_form_layout, _("Uw naam"), self.account_field)
        account_layout.addWidget(account_intro)
        account_layout.addLayout(account_form_layout)
        account_layout.addStretch(1)
        self.tabs.addTab(account, _("Account"))

        # Taal
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        for code, name in available_languages():
            self.language_combo.addItem(name, code)
        # The stored choice; a language whose catalog has gone shows what is running instead.
        index = self.language_combo.findData(stored_language())
        if index < 0:
            index = self.language_combo.findData(current_language())
        self.language_combo.setCurrentIndex(max(index, 0))
        self._initial_language = str(self.language_combo.currentData())
        language_note = QLabel(_("De nieuwe taal wordt actief na herstart van het programma."))
        language_note.setObjectName("language_note")
        language_note.setWordWrap(True)
        language = QWidget()
        language_layout = QFormLayout(language)
        language_label = QLabel(_("Taal van het programma"))
        language_label.setBuddy(self.language_combo)
        language_layout.addRow(language_label, self.language_combo)
        language_layout.addRow("", language_note)
        self.tabs.addTab(language, _("Taal"))

        self.message = ErrorLabel()
        self.message.setObjectName("settings_message")
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
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 100)

    def is_dirty(self) -> bool:
        return (
            self.profile_form.form.is_dirty()
            or self.account_form.is_dirty()
            or self.logo_picker.changed
            or self.language_combo.currentData() != self._initial_language
        )

    def _validate(self) -> bool:
        """Every tab checked before anything is saved; the first tab with a problem shown."""
        problem_tabs: list[int] = []
        if not self.profile_form.validate():
            problem_tabs.append(0)
        self.account_form.clear_errors()
        try:
            # The same rule save_account_name applies; checked here so that nothing is saved
            # while another tab still has a mistake.
            validate_name(self.account_field.value(), "account_name", required=True)
        except ValidationError as exc:
            self.account_form.set_errors({"account_name": user_message(exc) or ""})
            problem_tabs.append(1)
        if problem_tabs:
            self.tabs.setCurrentIndex(problem_tabs[0])
            return False
        return True

    def save(self) -> None:
        self.message.set_message(None)
        self.logo_picker.error.set_message(None)
        if not self._validate():
            return
        try:
            # The logo first: it is the one thing still unchecked (type, size), so a refused
            # logo leaves everything else unsaved too, as the dialog promises.
            if self.logo_picker.changed:
                logo = self.logo_picker.logo()
                if logo is None:
                    settings_service.save_logo(self.ctx, "", None)
                else:
                    settings_service.save_logo(self.ctx, logo[0], logo[1])
                self.logo_picker.changed = False
            settings_service.save_profile(self.ctx, self.profile_form.values())
            settings_service.save_account_name(self.ctx, self.account_field.value())
        except ValidationFailed as exc:
            messages = profile_errors(exc)
            self.logo_picker.error.set_message(messages.pop("logo", None))
            self.profile_form.form.set_errors(messages)
            self.tabs.setCurrentIndex(0)
            return
        except ServiceError as exc:
            self.message.set_message(user_message(exc))
            return
        except Exception as exc:  # a bug or a store error: shown, and the dialog stays open
            show_error(self, exc, traceback.format_exc())
            return
        store_language(str(self.language_combo.currentData()))
        self.profile_form.form.mark_clean()
        self.account_form.mark_clean()
        self.accept()

    def reject(self) -> None:
        if self.is_dirty() and not confirm(
            self,
            _("Wijzigingen niet opslaan?"),
            _("U hebt wijzigingen gemaakt die nog niet zijn opgeslagen."),
            _("Niet opslaan"),
        ):
            return
        super().reject()
