"""Brief maken: choose the letter and its language, fill in its fields, see it before it goes.

The language starts at the client's, and the dialog says for each language whether a certified
(beëdigd) translator has checked its letters. The letter is made by services.letters.prepare off
the GUI thread and opens in the preview (ui/letter_preview.py), which keeps it with the dossier
when it is printed, saved or marked as sent. A translation that lacks texts is never printed
half-translated: the dialog names the missing texts and offers Dutch only, or cancel.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.languages import language as language_info
from inburgering_desktop.i18n import _, format_date, ngettext
from inburgering_desktop.services import letters
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from inburgering_desktop.services.letters import (
    EstablishedVersion,
    LetterLanguage,
    PreparedLetter,
    TranslationIncomplete,
)
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.form_fields import (
    ERROR_COLOUR,
    CheckField,
    ComboField,
    DateField,
    ErrorLabel,
    Field,
    FieldForm,
    TextAreaField,
    TextField,
    add_row,
    error_messages,
    fit_combo,
    set_button_texts,
)
from inburgering_desktop.ui.letter_preview import LetterPreview
from inburgering_desktop.ui.tabs.person import required
from inburgering_desktop.ui.worker import run_in_background

MISSING_SHOWN = 5  # missing texts named in the message itself; all of them under "Details"


class TimeField(TextField):
    """A time typed as uu:mm; free text like DateField, so a mistake stays visible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(placeholder=_("uu:mm"), max_length=5, parent=parent)
        width = self.line_edit.fontMetrics().horizontalAdvance("00:00000")
        self.line_edit.setMaximumWidth(width * 2)
        # Left-aligned like the date field above it, not centred in the row.
        self._row.setStretch(0, 0)
        self._row.addStretch(1)


def _appointment_fields(prefix: str = "", needed: bool = True) -> list[tuple[str, str, Field]]:
    mark = required if needed else (lambda text: text)
    return [
        (f"{prefix}date", mark(_("Datum")), DateField()),
        (f"{prefix}time", mark(_("Tijd")), TimeField()),
        (f"{prefix}place", mark(_("Locatie")), TextField(placeholder=_("Adres of ruimte"))),
        (f"{prefix}interpreter", _("Tolk"), CheckField(_("Er is een tolk geregeld"))),
    ]


class _TypePage(QWidget):
    """One letter type's own fields."""

    def __init__(self, rows: Iterable[tuple[str, str, Field]], notes: Iterable[str] = ()) -> None:
        super().__init__()
        self.form = FieldForm(self)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, text, field in rows:
            self.form.add(name, field)
            add_row(layout, text, field)
        for note in notes:
            label = QLabel(note)
            label.setWordWrap(True)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addRow(label)


def _version_items(versions: Iterable[EstablishedVersion]) -> list[tuple[str, str]]:
    items = []
    for version in versions:
        text = _("Versie {number}, vastgesteld op {date}").format(
            number=version.number, date=format_date(version.dagtekening, "long")
        )
        if version.has_letter:
            text += " " + _("(beschikking al gemaakt)")
        items.append((text, str(version.id)))
    return items


def _pages(interpreter_needed: bool, versions: list[EstablishedVersion]) -> dict[str, _TypePage]:
    bring_note = _(
        "De brief vraagt de cliënt om een verblijfsdocument of ander identiteitsbewijs mee te "
        "nemen (vaste tekst, in elke taal vertaald)."
    )
    interpreter_note = (
        [_("Volgens het dossier heeft de cliënt een tolk nodig.")] if interpreter_needed else []
    )
    details = TextAreaField()
    details.text_edit.setPlaceholderText(_("In het Nederlands; wordt niet vertaald."))
    body = TextAreaField()
    body.text_edit.setPlaceholderText(
        _("In het Nederlands; wordt niet vertaald. Een lege regel begint een nieuwe alinea.")
    )
    grounds = ((_(label), value) for value, label in letters.WARNING_GROUND_LABELS.items())
    return {
        "uitnodiging_brede_intake": _TypePage(
            _appointment_fields(), [*interpreter_note, bring_note]
        ),
        "uitnodiging_voortgangsgesprek": _TypePage(_appointment_fields(), interpreter_note),
        "waarschuwing": _TypePage(
            [
                ("ground", required(_("Waarvoor")), ComboField(grounds, _("(kies)"))),
                ("fact_date", required(_("Datum afspraak, of sinds")), DateField()),
                ("respond_before", required(_("Reageren vóór")), DateField()),
                ("details", _("Toelichting"), details),
                *(
                    (name, _("Nieuwe afspraak: {field}").format(field=text), field)
                    for name, text, field in _appointment_fields("new_", needed=False)
                ),
            ],
            [_("De maximale boete komt uit de beleidsregels.")],
        ),
        "vrije_brief": _TypePage(
            [
                ("subject", required(_("Onderwerp")), TextField()),
                ("text", required(_("Tekst")), body),
            ]
        ),
        # The PIP itself is read from the chosen version; nothing of it is typed here.
        "pip_beschikking": _TypePage(
            [
                (
                    "pip_version_id",
                    required(_("Versie van het PIP")),
                    ComboField(_version_items(versions), None if versions else _("(geen)")),
                )
            ],
            [
                _(
                    "De beschikking noemt elke afspraak uit deze versie van het PIP en de "
                    "inburgeringstermijn. Ze krijgt de datum van vaststelling van de versie."
                )
                if versions
                else _(
                    "Er is nog geen vastgesteld PIP in dit dossier. Stel het PIP eerst vast op "
                    "het tabblad PIP."
                )
            ],
        ),
        "intake_verslag": _TypePage(
            [
                (
                    "include_special",
                    _("Bijzondere gegevens"),
                    CheckField(_("Gezondheid, toelichtingen en de gevoelige COA-gegevens opnemen")),
                )
            ],
            [
                _(
                    "Een verslag voor het dossier, altijd in het Nederlands; het wordt niet naar "
                    "de cliënt gestuurd. Zonder het vinkje blijven bijzondere persoonsgegevens "
                    "(AVG art. 9) eruit."
                )
            ],
        ),
    }


class LetterDialog(QDialog):
    prepared_ready = Signal(object)  # a PreparedLetter, shown in the preview
    issued = Signal(int)  # a letter was kept with the dossier

    def __init__(
        self,
        ctx: AppContext,
        dossier_id: int,
        heading: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_dialog")
        self.setWindowTitle(_("Brief maken"))
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.defaults = letters.letter_defaults(ctx, dossier_id)
        self.types = {info.name: info for info in letters.letter_types()}
        self.versions = letters.established_versions(ctx, dossier_id)
        self.languages = {lang.code: lang for lang in letters.letter_languages()}
        self.prepared: PreparedLetter | None = None
        self.preview: LetterPreview | None = None
        self.issued_ids: list[int] = []
        self._busy = False

        intro = QLabel(heading or self.defaults.reference)
        intro.setObjectName("letter_intro")
        intro.setWordWrap(True)
        font = intro.font()
        font.setBold(True)
        intro.setFont(font)

        self.type_combo = self._type_combo()
        self.language_combo = self._language_combo()
        self.language_status = QLabel()
        self.language_status.setObjectName("language_status")
        self.language_status.setWordWrap(True)
        self.language_note = QLabel()
        self.language_note.setObjectName("language_note")
        self.language_note.setWordWrap(True)
        self.language_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        if not self.defaults.client_language_has_letters:
            client = _(language_info(self.defaults.client_language).name)
            self.language_note.setText(
                _("Er zijn nog geen brieven in het {language}; de brief wordt Nederlands.").format(
                    language=client
                )
            )
        self.language_note.setVisible(bool(self.language_note.text()))

        choice = QFormLayout()
        choice.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        choice.addRow(_("&Brief"), self.type_combo)
        choice.addRow(_("&Taal"), self.language_combo)
        choice.addRow("", self.language_status)
        choice.addRow("", self.language_note)

        self.pages = _pages(self.defaults.interpreter_needed, self.versions)
        # The pages in one column with only the chosen one visible, not a QStackedWidget: a
        # stack is as tall as its tallest page and does not pass on the height its wrapped
        # notes need at the dialog's width.
        letter_box = QGroupBox(_("Gegevens voor de brief"))
        pages_layout = QVBoxLayout(letter_box)
        for page in self.pages.values():
            pages_layout.addWidget(page)
        pages_layout.addStretch(1)

        self.contact = FieldForm(self)
        contact_box = self.contact_box = QGroupBox(_("Contactpersoon in de brief"))
        contact_layout = QFormLayout(contact_box)
        for name, text in (
            ("contact_name", required(_("Naam"))),
            ("contact_phone", required(_("Telefoon"))),
            ("contact_email", required(_("E-mail"))),
        ):
            field = TextField()
            self.contact.add(name, field)
            add_row(contact_layout, text, field)
        self.contact.load(self.defaults.fields)

        self.message = ErrorLabel()
        self.message.setObjectName("letter_message")
        self.progress = QLabel()
        self.progress.setObjectName("letter_progress")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        set_button_texts(
            self.buttons,
            {
                QDialogButtonBox.StandardButton.Ok: _("&Voorbeeld bekijken"),
                QDialogButtonBox.StandardButton.Cancel: _("Annuleren"),
            },
        )
        self.buttons.accepted.connect(self.make_letter)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choice)
        layout.addWidget(letter_box)
        layout.addWidget(contact_box)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        # The width on the content, not the dialog: the dialog's size follows its layout's
        # hint, and the notes' wrapped height is computed at that width.
        letter_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 84)

        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self._type_changed()
        self._language_changed()

    # --- choices -----------------------------------------------------------------------------

    def _type_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName("letter_type")
        model = QStandardItemModel(combo)
        unavailable = []
        for info in self.types.values():
            item = QStandardItem(_(info.label))
            item.setData(info.name, Qt.ItemDataRole.UserRole)
            if not info.available:
                # Shown, greyed out, with the reason: the consultant learns it exists and why
                # it cannot be made yet, instead of looking for it.
                item.setEnabled(False)
                item.setToolTip(_(info.reason))
                unavailable.append(f"{_(info.label)}: {_(info.reason)}")
            model.appendRow(item)
        combo.setModel(model)
        combo.setToolTip("\n".join(unavailable))
        fit_combo(combo, 40)
        return combo

    def _language_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName("letter_language")
        for code, lang in self.languages.items():
            name = _(lang.name)
            text = name if name == lang.native_name else f"{name} — {lang.native_name}"
            if not lang.is_source:
                text += "  (" + self._status_text(lang, short=True) + ")"
            combo.addItem(text, code)
            combo.setItemData(
                combo.count() - 1, self._status_text(lang), Qt.ItemDataRole.ToolTipRole
            )
        fit_combo(combo, 48)
        combo.setCurrentIndex(max(combo.findData(self.defaults.language), 0))
        return combo

    @staticmethod
    def _status_text(lang: LetterLanguage, short: bool = False) -> str:
        if lang.is_source:
            return _("Nederlands is de brontekst van elke brief.")
        if short:
            return _("gecontroleerd") if lang.certified else _("niet gecontroleerd")
        text = (
            _("Vertaling gecontroleerd door een beëdigd vertaler.")
            if lang.certified
            else _("Vertaling niet gecontroleerd door een beëdigd vertaler.")
        )
        if lang.missing:
            text += " " + ngettext(
                "Er ontbreekt {count} tekst.", "Er ontbreken {count} teksten.", lang.missing
            ).format(count=lang.missing)
        return text

    def letter_type(self) -> str:
        return str(self.type_combo.currentData())

    def language(self) -> str:
        return str(self.language_combo.currentData())

    def _type_changed(self, *_args: object) -> None:
        current = self.pages.get(self.letter_type())
        if current is None:
            return
        for page in self.pages.values():
            page.setVisible(page is current)
        letter_type = self.letter_type()
        # A report for the file names no contact and is Dutch whatever the language says.
        self.contact_box.setVisible("contact_name" in letters.TYPE_FIELDS.get(letter_type, ()))
        info = self.types.get(letter_type)
        dutch_only = info is not None and info.dutch_only
        self.language_combo.setEnabled(not dutch_only)
        self.language_combo.setToolTip(
            _("Dit stuk is altijd in het Nederlands.") if dutch_only else ""
        )
        # Once the layout has taken in the shown and hidden pages (on the next turn of the
        # event loop), as tall as the chosen letter's fields need at the dialog's width.
        QTimer.singleShot(0, self, self._fit)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit)

    def _fit(self) -> None:
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        height = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else self.sizeHint().height()
        )
        self.resize(self.width(), max(height, self.minimumSizeHint().height()))

    def _language_changed(self, *_args: object) -> None:
        lang = self.languages.get(self.language())
        self.language_status.setText("" if lang is None else self._status_text(lang))
        # Not yet checked by a certified translator: said in the error colour, since the
        # letter may then go out with a translation nobody vouched for.
        uncertified = lang is not None and not lang.is_source and not lang.certified
        palette = self.palette()
        if uncertified:
            palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR)
        self.language_status.setPalette(palette)

    def values(self) -> dict[str, str | bool]:
        page = self.pages[self.letter_type()]
        return {**self.contact.values(), **page.form.values()}

    # --- making the letter -------------------------------------------------------------------

    def make_letter(self, dutch_only: bool = False) -> None:
        """Render off the GUI thread; the preview opens when the letter is ready."""
        if self._busy:
            return
        page = self.pages[self.letter_type()]
        page.form.clear_errors()
        self.contact.clear_errors()
        self.message.set_message(None)
        self._set_busy(True)
        ctx, dossier_id = self.ctx, self.dossier_id
        letter_type, language, values = self.letter_type(), self.language(), self.values()
        run_in_background(
            self,
            lambda: letters.prepare(
                ctx, dossier_id, letter_type, language, values, dutch_only=dutch_only
            ),
            self._prepared,
            on_error=self._failed,
            label=_("Brief wordt gemaakt…"),
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setText(_("Brief wordt gemaakt…") if busy else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def _prepared(self, prepared: PreparedLetter) -> None:
        self._set_busy(False)
        self.prepared = prepared
        preview = LetterPreview.for_prepared(self.ctx, prepared, self)
        preview.issued.connect(self._issued)
        preview.finished.connect(self._preview_closed)
        self.preview = preview
        self.prepared_ready.emit(prepared)
        preview.open()

    def _issued(self, letter_id: int) -> None:
        self.issued_ids.append(letter_id)
        self.issued.emit(letter_id)

    def _preview_closed(self, _result: int) -> None:
        # A kept letter is done with; one only looked at leaves the form as it was, to change.
        if self.preview is not None and self.preview.is_kept:
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, TranslationIncomplete):
            if self.ask_dutch_only(exc):
                self.make_letter(dutch_only=True)
            return
        if isinstance(exc, ValidationFailed):
            messages = error_messages(exc)
            page = self.pages[self.letter_type()]
            page.form.set_errors(messages)
            self.contact.set_errors(messages)
            shown = set(page.form.fields) | set(self.contact.fields)
            leftover = [text for name, text in messages.items() if name not in shown]
            self.message.set_message(
                "\n".join([_("De brief is niet gemaakt. Verbeter de velden met een melding."),
                           *leftover])
            )
            return
        if isinstance(exc, ServiceError):
            self.message.set_message(user_message(exc))
            return
        show_error(self, exc, "".join(traceback.format_exception(exc)))

    def ask_dutch_only(self, exc: TranslationIncomplete) -> bool:
        """Name the missing texts; True when the consultant chooses a Dutch-only letter."""
        language = _(language_info(exc.language).name)
        box = QMessageBox(self)
        box.setObjectName("translation_incomplete")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Vertaling niet compleet"))
        box.setText(
            ngettext(
                "In de vertaling in het {language} ontbreekt {count} tekst. Een brief wordt "
                "nooit half vertaald afgedrukt.",
                "In de vertaling in het {language} ontbreken {count} teksten. Een brief wordt "
                "nooit half vertaald afgedrukt.",
                len(exc.missing),
            ).format(language=language, count=len(exc.missing))
        )
        named = "\n".join(f"• {text}" for text in exc.missing[:MISSING_SHOWN])
        if len(exc.missing) > MISSING_SHOWN:
            named += "\n" + _("… en meer (zie Details).")
        box.setInformativeText(
            _("Zonder vertaling:\n{texts}\n\nDe brief alleen in het Nederlands maken?").format(
                texts=named
            )
        )
        box.setDetailedText("\n\n".join(exc.missing))
        dutch = box.addButton(_("Alleen &Nederlands"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is dutch
