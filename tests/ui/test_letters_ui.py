"""Brief maken, the preview and the Documenten tab with real widgets on a real test database.

A client with an Arabic name gets an invitation typed into the dialog, made off the GUI thread,
looked at in the QPdfView, kept with the dossier, listed on the Documenten tab and shown again
from the stored bytes. The dialog, the preview and the tab are grabbed into
/tmp/ui-shots/letters/ for a person to look at. All names and places are synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from inburgering_desktop.documents import texts as T
from inburgering_desktop.documents.texts import LetterCatalog
from inburgering_desktop.services import dossiers, letters, settings
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.ui import letter_preview
from inburgering_desktop.ui.dossier_editor import DossierEditor
from inburgering_desktop.ui.form_fields import TextField
from inburgering_desktop.ui.letter_dialog import LetterDialog
from inburgering_desktop.ui.letter_preview import LetterPreview
from inburgering_desktop.ui.main_window import MainWindow
from inburgering_desktop.ui.tabs.documents import DIGEST, LANGUAGES, TYPE, DocumentsTab
from tests.documents.pdfcheck import poppler_text
from tests.helpers_db import make_database
from tests.qt_typing import type_text

TODAY = dt.date(2026, 11, 23)
SHOT_DIR = Path("/tmp/ui-shots/letters")
ARABIC_NAME = "زوانتيه بروفنام"
PLACE = "Stadhuis Proefstad, Markt 1 — zaal Zoë"
JOB_TIMEOUT_MS = 20_000


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    yield AppContext(db=db, account="M. de Proef", today=lambda: TODAY)
    db.close()


@pytest.fixture
def dossier_id(ctx: AppContext) -> int:
    settings.save_profile(
        ctx,
        {
            "name": "Gemeente Proefstad",
            "department": "Team Inburgering",
            "street": "Postbus 1234",
            "postal_code": "9999 ZZ",
            "city": "Proefstad",
            "phone": "14 0999",
            "email": "inburgering@proefstad.example",
            "signatory_name": "M. de Proef",
        },
    )
    return dossiers.create_dossier(
        ctx,
        {
            "family_name": "Proefnaam",
            "given_names": "Zwaantje",
            "name_original_script": ARABIC_NAME,
            "birth_date": "14-04-1990",
            "doelgroep": "asielstatushouder",
            "pw_benefit": True,
            "language_code": "ar",
            "interpreter_needed": True,
            "permit_date": "01-03-2025",
            "street": "Proefstraat",
            "house_number": "12",
            "postal_code": "9999 AA",
            "city": "Proefstad",
        },
    )


def open_dialog(qtbot, ctx: AppContext, dossier_id: int) -> LetterDialog:
    dialog = LetterDialog(ctx, dossier_id, "Proefnaam, Zwaantje (INB-2026-0001)")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def text_field(dialog: LetterDialog, name: str) -> TextField:
    page = dialog.pages[dialog.letter_type()]
    field = page.form.fields.get(name) or dialog.contact.fields[name]
    assert isinstance(field, TextField)
    return field


def type_into(dialog: LetterDialog, name: str, text: str) -> None:
    line_edit = text_field(dialog, name).line_edit
    line_edit.setFocus()
    line_edit.selectAll()
    type_text(line_edit, text)


def fill_invitation(dialog: LetterDialog) -> None:
    type_into(dialog, "date", "01-12-2026")
    type_into(dialog, "time", "09:30")
    type_into(dialog, "place", PLACE)


def make(qtbot, dialog: LetterDialog) -> LetterPreview:
    """Click "Voorbeeld bekijken" and wait for the background job and the PDF view."""
    with qtbot.waitSignal(dialog.prepared_ready, timeout=JOB_TIMEOUT_MS):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    preview = dialog.preview
    assert preview is not None
    wait_for_pdf(qtbot, preview)
    return preview


def wait_for_pdf(qtbot, preview: LetterPreview) -> None:
    qtbot.waitUntil(
        lambda: preview.document.status() == QPdfDocument.Status.Ready, timeout=JOB_TIMEOUT_MS
    )
    qtbot.waitUntil(preview.isVisible)


def grab(widget: QWidget, name: str, qtbot, settle_ms: int = 50) -> None:
    """Save a picture for a person to look at, once pending layout (the letter dialog fits
    its height on the next turn of the event loop) and QPdfView's asynchronous page painting
    have had their moment."""
    qtbot.wait(settle_ms)
    SHOT_DIR.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOT_DIR / name))


def test_invitation_for_an_arabic_name_is_made_previewed_kept_and_listed(
    qtbot, ctx: AppContext, dossier_id: int
) -> None:
    dialog = open_dialog(qtbot, ctx, dossier_id)
    assert dialog.language() == "ar"
    assert "niet gecontroleerd door een beëdigd vertaler" in dialog.language_status.text()
    model = dialog.type_combo.model()
    offered = {model.item(row).data(0x0100): model.item(row) for row in range(model.rowCount())}
    assert offered["pip_beschikking"].isEnabled() and offered["intake_verslag"].isEnabled()
    assert not offered["overzicht_ontzorgen"].isEnabled()
    assert "vaste lasten" in offered["overzicht_ontzorgen"].toolTip()
    assert offered["uitnodiging_brede_intake"].isEnabled()
    assert "nog niet" in dialog.type_combo.toolTip()
    assert text_field(dialog, "contact_email").value() == "inburgering@proefstad.example"

    fill_invitation(dialog)
    grab(dialog, "letter_dialog.png", qtbot)
    preview = make(qtbot, dialog)
    prepared = dialog.prepared
    assert prepared is not None and prepared.languages == "nl+ar"
    assert preview.document.pageCount() >= 2
    assert ARABIC_NAME in poppler_text(preview.pdf)
    assert PLACE in " ".join(poppler_text(preview.pdf).split())
    assert preview.translation_note.isVisible()
    assert "Nog niet vastgelegd" in preview.status.text()
    grab(preview, "letter_preview.png", qtbot, settle_ms=600)

    with qtbot.waitSignal(dialog.issued) as issued:
        preview.keep_button.click()
    letter_id = issued.args[0]
    assert not preview.keep_button.isEnabled()
    assert letters.stored_pdf(ctx, letter_id) == prepared.pdf
    preview.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    editor = DossierEditor(ctx)
    qtbot.addWidget(editor)
    editor.resize(1000, 640)
    editor.show()
    editor.open_dossier(dossier_id)
    editor.tabs.setCurrentIndex(editor.DOCUMENTS_TAB)
    tab = editor.documents_tab
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, TYPE).text() == "Uitnodiging voor de brede intake"
    assert tab.table.item(0, LANGUAGES).text() == "Nederlands + Arabisch"
    assert tab.table.item(0, DIGEST).text() == prepared.sha256[:12]
    assert "beëdigd" in tab.table.item(0, LANGUAGES).toolTip()
    grab(editor, "documents_tab.png", qtbot)

    tab.show_button.click()
    stored_preview = tab.preview
    assert stored_preview is not None
    wait_for_pdf(qtbot, stored_preview)
    assert stored_preview.pdf == prepared.pdf
    assert "niet opnieuw gemaakt" in stored_preview.status.text()
    assert not stored_preview.keep_button.isVisible()
    stored_preview.close_button.click()


def test_reprint_shows_the_stored_letter_after_the_name_changed(
    qtbot, ctx: AppContext, dossier_id: int
) -> None:
    defaults = letters.letter_defaults(ctx, dossier_id).fields
    prepared = letters.prepare(
        ctx, dossier_id, "vrije_brief", "nl", {**defaults, "subject": "Taal", "text": "Tekst."}
    )
    letters.issue(ctx, prepared, dossier_id, "vrije_brief")
    view = dossiers.get_dossier(ctx, dossier_id)
    raw = {k: ("" if value is None else value) for k, value in view.fields.items()}
    raw.update(given_names="Hernoemd", birth_date="14-04-1990", permit_date="01-03-2025")
    dossiers.update_dossier(ctx, dossier_id, raw, view.revision)
    tab = DocumentsTab(ctx)
    qtbot.addWidget(tab)
    tab.load(dossier_id)
    tab.show_button.click()
    assert tab.preview is not None and tab.preview.pdf == prepared.pdf
    assert "Zwaantje" in poppler_text(tab.preview.pdf)
    tab.preview.close()


def test_bad_input_is_shown_beside_the_fields(qtbot, ctx: AppContext, dossier_id: int) -> None:
    dialog = open_dialog(qtbot, ctx, dossier_id)
    type_into(dialog, "date", "31-02-2027")
    type_into(dialog, "time", "half tien")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(
        lambda: not dialog._busy and text_field(dialog, "date").error() != "",
        timeout=JOB_TIMEOUT_MS,
    )
    assert text_field(dialog, "date").error() == "Deze datum bestaat niet: 31-02-2027."
    assert text_field(dialog, "time").error().startswith("Vul een tijd in als uu:mm")
    assert text_field(dialog, "place").error() == "Dit veld is verplicht."
    assert "niet gemaakt" in dialog.message.text()
    assert dialog.preview is None
    assert text_field(dialog, "place").line_edit.text() == ""
    assert text_field(dialog, "date").value() == "31-02-2027"  # what was typed stays


@pytest.fixture
def arabic_without_one_text(monkeypatch: pytest.MonkeyPatch) -> str:
    from babel.messages.pofile import read_po, write_po

    with T.po_path("ar").open("rb") as po:
        catalog = read_po(po)
    catalog.delete(T.INTAKE_ALONE)
    buffer = BytesIO()
    write_po(buffer, catalog)
    monkeypatch.setattr(
        LetterCatalog, "_cache", {"ar": LetterCatalog.from_po(buffer.getvalue(), "ar")}
    )
    return T.INTAKE_ALONE


def answer_message_box(choice: str, seen: list[str]) -> None:
    """Click the button named `choice` on the next message box, recording its texts."""

    def run() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, run)
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        SHOT_DIR.mkdir(parents=True, exist_ok=True)
        box.grab().save(str(SHOT_DIR / "translation_incomplete.png"))
        for button in box.buttons():
            if button.text().replace("&", "") == choice:
                button.click()
                return
        raise AssertionError(f"no button {choice!r}")

    QTimer.singleShot(0, run)


def test_incomplete_translation_names_the_texts_and_offers_dutch_only(
    qtbot, ctx: AppContext, dossier_id: int, arabic_without_one_text: str
) -> None:
    dialog = open_dialog(qtbot, ctx, dossier_id)
    fill_invitation(dialog)
    seen: list[str] = []
    answer_message_box("Annuleren", seen)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(seen) and not dialog._busy, timeout=JOB_TIMEOUT_MS)
    assert "Arabisch" in seen[0] and arabic_without_one_text in seen[0]
    assert dialog.preview is None

    answer_message_box("Alleen Nederlands", seen)
    preview = make(qtbot, dialog)
    assert dialog.prepared is not None and dialog.prepared.languages == "nl"
    assert "Alleen Nederlands" in preview.translation_note.text()
    preview.close_button.click()


def test_print_and_save_as_keep_the_letter_first(
    qtbot, ctx: AppContext, dossier_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    defaults = letters.letter_defaults(ctx, dossier_id).fields
    prepared = letters.prepare(
        ctx,
        dossier_id,
        "uitnodiging_voortgangsgesprek",
        "nl",
        {**defaults, "date": "02-12-2026", "time": "14:00", "place": PLACE},
    )
    preview = LetterPreview.for_prepared(ctx, prepared)
    qtbot.addWidget(preview)
    preview.show()
    wait_for_pdf(qtbot, preview)

    printed = tmp_path / "printed.pdf"
    # Screen resolution keeps the rasterised pages small; the path is the same as at 300 dpi.
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    monkeypatch.setattr(letter_preview, "ask_printer", lambda *_args: printer)
    with qtbot.waitSignal(preview.issued):
        preview.print_button.click()
    assert printed.read_bytes().startswith(b"%PDF")
    assert poppler_text(printed.read_bytes()).count("\f") == preview.document.pageCount()
    [kept] = letters.list_letters(ctx, dossier_id)
    assert kept.sha256 == prepared.sha256

    saved = tmp_path / "bewaard"
    monkeypatch.setattr(letter_preview, "ask_save_path", lambda *_args: saved)
    preview.save_button.click()  # kept already: saving does not keep it twice
    assert saved.read_bytes() == prepared.pdf
    assert len(letters.list_letters(ctx, dossier_id)) == 1

    tab = DocumentsTab(ctx)
    qtbot.addWidget(tab)
    tab.load(dossier_id)
    copy = tmp_path / "kopie.pdf"
    monkeypatch.setattr("inburgering_desktop.ui.tabs.documents.ask_save_path", lambda *_args: copy)
    tab.save_button.click()
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == prepared.sha256


def test_warning_form_uses_the_policy_fine(qtbot, ctx: AppContext, dossier_id: int) -> None:
    dialog = open_dialog(qtbot, ctx, dossier_id)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("waarschuwing"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("nl"))
    ground = dialog.pages["waarschuwing"].form.fields["ground"]
    ground.combo.setCurrentIndex(ground.combo.findData("brede_intake"))  # type: ignore[attr-defined]
    type_into(dialog, "fact_date", "16-11-2026")
    type_into(dialog, "respond_before", "07-12-2026")
    details = dialog.pages["waarschuwing"].form.fields["details"]
    details.text_edit.setFocus()  # type: ignore[attr-defined]
    type_text(details.text_edit, "U was niet op de afspraak; wij hebben u gebeld.")  # type: ignore[attr-defined]
    grab(dialog, "letter_dialog_waarschuwing.png", qtbot)
    preview = make(qtbot, dialog)
    text = " ".join(poppler_text(preview.pdf).split())
    assert "€ 250,00" in text and "wij hebben u gebeld." in text
    assert not preview.translation_note.isVisible()
    preview.close_button.click()


def test_brief_maken_in_the_dossier_menu(qtbot, ctx: AppContext, dossier_id: int) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    assert window.letter_action.shortcut() == QKeySequence("Ctrl+Shift+B")
    assert not window.letter_action.isEnabled()
    dossier_menu = window.menuBar().actions()[2].menu()
    assert window.letter_action in dossier_menu.actions()
    window.open_dossier(dossier_id)
    assert window.letter_action.isEnabled()
    window.letter_action.trigger()
    dialog = window.editor.findChild(LetterDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.language() == "ar"
    dialog.reject()


def test_pip_beschikking_from_a_version_and_the_intake_report(
    qtbot, ctx: AppContext, dossier_id: int
) -> None:
    from tests.services.test_letters_pip import CONTENT, FIRST_PIP, add_version

    dialog = open_dialog(qtbot, ctx, dossier_id)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("pip_beschikking"))
    picker = dialog.pages["pip_beschikking"].form.fields["pip_version_id"]
    assert picker.combo.count() == 1 and picker.value() == ""  # type: ignore[attr-defined]
    dialog.reject()

    version_id = add_version(ctx, dossier_id, 1, CONTENT, FIRST_PIP)
    dialog = open_dialog(qtbot, ctx, dossier_id)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("pip_beschikking"))
    picker = dialog.pages["pip_beschikking"].form.fields["pip_version_id"]
    assert picker.value() == str(version_id)  # type: ignore[attr-defined]
    assert "Versie 1" in picker.combo.currentText()  # type: ignore[attr-defined]
    assert dialog.language_combo.isEnabled() and dialog.contact_box.isVisibleTo(dialog)
    grab(dialog, "letter_dialog_pip.png", qtbot)
    preview = make(qtbot, dialog)
    assert dialog.prepared is not None and dialog.prepared.pip_version_id == version_id
    text = " ".join(poppler_text(preview.pdf).split())
    assert "Versie van het PIP 1" in text and "eindigt op 10 april 2028" in text
    preview.close_button.click()

    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("intake_verslag"))
    assert not dialog.language_combo.isEnabled()
    assert not dialog.contact_box.isVisibleTo(dialog)
    grab(dialog, "letter_dialog_intake_verslag.png", qtbot)
    preview = make(qtbot, dialog)
    assert dialog.prepared is not None and dialog.prepared.languages == "nl"
    assert "Verslag brede intake" in poppler_text(preview.pdf)
    preview.close_button.click()
