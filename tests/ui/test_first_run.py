"""The first-run wizard, clicked through with real widgets: passphrase rules, the encrypted
database it creates, the recovery code shown once, and the profile it saves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QWizard

from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.settings import get_account_name, get_profile
from inburgering_desktop.store.engine import database_exists, open_database
from inburgering_desktop.store.errors import WrongPassphraseError
from inburgering_desktop.ui import first_run
from inburgering_desktop.ui.first_run import FirstRunWizard
from tests.qt_typing import type_text

PASSPHRASE = "Zeven zwanen zwemmen zuidwaarts 2026"
MUNICIPALITY = "Gemeente Súdwest-Fryslân"
ACCOUNT = "Zoë Ångström-Çelik"


@pytest.fixture
def wizard(qtbot, tmp_path):
    # Not given to qtbot.addWidget: qtbot closes its widgets before fixtures are torn down, and
    # closing a wizard whose database exists asks "Instellen stoppen?" in a modal box that
    # nobody answers offscreen. So this fixture forgets the database first, then closes.
    wizard = FirstRunWizard(tmp_path / "gegevens" / "inburgering.db")
    wizard.show()
    yield wizard
    if wizard.database is not None:
        wizard.database.close()
        wizard.database = None
    wizard.close()
    wizard.deleteLater()


def click(qtbot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def tick(qtbot, check_box) -> None:
    """Click a check box on its box: a stretched check box's centre is empty space."""
    point = QPoint(check_box.height() // 2, check_box.height() // 2)
    qtbot.mouseClick(check_box, Qt.MouseButton.LeftButton, pos=point)


def commit_button(wizard: FirstRunWizard):
    return wizard.button(QWizard.WizardButton.CommitButton)


def to_passphrase_page(qtbot, wizard: FirstRunWizard) -> None:
    assert wizard.currentPage() is wizard.welcome_page
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.passphrase_page


def type_passphrase(wizard: FirstRunWizard, first: str, second: str) -> None:
    fields = wizard.passphrase_page.fields
    fields.first.clear()
    fields.second.clear()
    type_text(fields.first, first)
    type_text(fields.second, second)


def to_recovery_page(qtbot, wizard: FirstRunWizard) -> str:
    to_passphrase_page(qtbot, wizard)
    type_passphrase(wizard, PASSPHRASE, PASSPHRASE)
    assert commit_button(wizard).isEnabled()
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15_000)
    return wizard.recovery_page.panel.code()


def test_wizard_creates_encrypted_database_with_profile_and_account(qtbot, wizard, tmp_path):
    path = wizard.path
    recovery_code = to_recovery_page(qtbot, wizard)
    assert database_exists(path)
    assert len(recovery_code.replace("-", "")) == 28
    assert wizard.recovery_page.panel.code_label.text() == recovery_code
    # The passphrase is gone from the widgets once the database exists.
    assert wizard.passphrase_page.fields.passphrase() == ""

    # "Verder" only after confirming the code is kept; no way back to the creation pages.
    assert not commit_button(wizard).isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    tick(qtbot, wizard.recovery_page.panel.confirmed)
    assert commit_button(wizard).isEnabled()
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentPage() is wizard.profile_page
    # The code leaves the screen with the page.
    assert wizard.recovery_page.panel.code_label.text() == ""

    page = wizard.profile_page
    fields = page.profile_form.form.fields
    type_text(page.account_field.line_edit, ACCOUNT)
    type_text(fields["name"].line_edit, MUNICIPALITY)
    type_text(fields["street"].line_edit, "Marktstraat 15")
    type_text(fields["postal_code"].line_edit, "8601ab")
    type_text(fields["city"].line_edit, "Snits")
    type_text(fields["email"].line_edit, "inburgering@example.nl")
    type_text(fields["signatory_name"].line_edit, "J. de Proef")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.result() == QDialog.DialogCode.Accepted
    ctx = wizard.context
    assert isinstance(ctx, AppContext)
    assert ctx.account == ACCOUNT
    profile = get_profile(ctx)
    assert profile.name == MUNICIPALITY
    assert profile.postal_code == "8601 AB"
    assert profile.city == "Snits"
    assert get_account_name(ctx) == ACCOUNT
    ctx.db.close()

    # Encrypted at rest: no SQLite header, no typed name in the file or its WAL.
    for file in [path, *path.parent.glob(path.name + "-wal")]:
        raw = file.read_bytes()
        assert not raw.startswith(b"SQLite format 3")
        assert MUNICIPALITY.encode() not in raw
        assert ACCOUNT.encode() not in raw

    # The passphrase and the recovery code both open it; another passphrase does not.
    with open_database(path, passphrase=PASSPHRASE) as db:
        assert get_profile(AppContext(db=db, account="")).name == MUNICIPALITY
    with open_database(path, recovery_key=recovery_code) as db:
        assert get_account_name(AppContext(db=db, account="")) == ACCOUNT
    with pytest.raises(WrongPassphraseError):
        open_database(path, passphrase="Een heel ander wachtwoord 123")


def test_short_passphrase_keeps_create_disabled_and_says_why(qtbot, wizard):
    to_passphrase_page(qtbot, wizard)
    fields = wizard.passphrase_page.fields
    type_passphrase(wizard, "kort", "kort")
    assert not commit_button(wizard).isEnabled()
    assert "minstens 12 tekens" in fields.problem.text()
    assert fields.problem.isVisible()
    assert "langer" in fields.hints.text()
    assert fields.strength_label.text() == "Zeer zwak"


def test_trivial_passphrase_of_full_length_is_refused(qtbot, wizard):
    to_passphrase_page(qtbot, wizard)
    fields = wizard.passphrase_page.fields
    type_passphrase(wizard, "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa")
    assert not commit_button(wizard).isEnabled()
    assert "te makkelijk te raden" in fields.problem.text()
    assert "herhalingen" in fields.hints.text()


def test_mismatched_passphrase_keeps_create_disabled(qtbot, wizard):
    to_passphrase_page(qtbot, wizard)
    fields = wizard.passphrase_page.fields
    type_text(fields.first, PASSPHRASE)
    # Nothing typed in the second field yet: not a mistake to point out.
    assert not commit_button(wizard).isEnabled()
    assert not fields.problem.isVisible()
    type_text(fields.second, PASSPHRASE[:-1])
    assert not commit_button(wizard).isEnabled()
    assert fields.problem.text() == "De twee wachtzinnen zijn niet gelijk."
    type_text(fields.second, PASSPHRASE[-1])
    assert commit_button(wizard).isEnabled()
    assert not fields.problem.isVisible()
    assert fields.strength_label.text() in {"Sterk", "Zeer sterk"}


def test_passphrase_with_diacritics_is_typed_and_accepted(qtbot, wizard):
    to_passphrase_page(qtbot, wizard)
    sentence = "Één café, drie ruïnes en één ﬁets"
    type_passphrase(wizard, sentence, sentence)
    assert commit_button(wizard).isEnabled()


def test_invalid_profile_keeps_typed_text_and_shows_messages(qtbot, wizard):
    to_recovery_page(qtbot, wizard)
    wizard.recovery_page.panel.confirmed.setChecked(True)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.profile_page
    fields = page.profile_form.form.fields
    type_text(fields["name"].line_edit, MUNICIPALITY)
    type_text(fields["postal_code"].line_edit, "12AB")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.currentPage() is page
    assert fields["postal_code"].error() == "Vul een postcode in als 1234 AB."
    assert fields["postal_code"].value() == "12AB"
    assert fields["name"].value() == MUNICIPALITY
    assert page.account_field.error() == "Dit veld is verplicht."
    # Nothing was saved while the form had mistakes.
    assert get_profile(wizard.context).name == ""

    fields["postal_code"].line_edit.clear()
    type_text(fields["postal_code"].line_edit, "1234 AB")
    type_text(page.account_field.line_edit, ACCOUNT)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert get_profile(wizard.context).postal_code == "1234 AB"
    wizard.context.db.close()


def test_cancel_after_creation_keeps_the_database_and_says_so(qtbot, wizard, monkeypatch):
    asked: list[str] = []

    def answer(parent, title, text, action):
        asked.append(text)
        return True

    monkeypatch.setattr(first_run, "confirm", answer)
    recovery_code = to_recovery_page(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)

    assert wizard.result() == QDialog.DialogCode.Rejected
    assert wizard.database is None and wizard.context is None
    assert "blijft bewaard" in asked[0]
    assert "Instellingen" in asked[0]
    assert "herstelcode" in asked[0]  # not yet confirmed as kept: said plainly
    # Closed (lock released) and valid: it opens with the passphrase and the recovery code.
    assert database_exists(wizard.path)
    with open_database(wizard.path, passphrase=PASSPHRASE):
        pass
    with open_database(wizard.path, recovery_key=recovery_code):
        pass


def test_cancel_can_be_taken_back(qtbot, wizard, monkeypatch):
    monkeypatch.setattr(first_run, "confirm", lambda *args: False)
    to_recovery_page(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.isVisible()
    assert wizard.currentPage() is wizard.recovery_page
    assert wizard.database is not None


def test_cancel_before_creation_leaves_nothing(qtbot, wizard):
    to_passphrase_page(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.result() == QDialog.DialogCode.Rejected
    assert not database_exists(wizard.path)
    assert not Path(str(wizard.path) + ".keys").exists()


def test_failed_creation_is_explained_and_can_be_retried(qtbot, wizard, monkeypatch):
    from inburgering_desktop.store import engine
    from inburgering_desktop.store.errors import DiskFullError

    real_create = engine.create_database
    calls: list[int] = []

    def full_disk_once(path, passphrase):
        calls.append(1)
        if len(calls) == 1:
            raise DiskFullError()
        return real_create(path, passphrase)

    monkeypatch.setattr(engine, "create_database", full_disk_once)
    to_passphrase_page(qtbot, wizard)
    type_passphrase(wizard, PASSPHRASE, PASSPHRASE)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.create_page
    qtbot.waitUntil(lambda: page.retry_button.isVisible(), timeout=15_000)
    assert "schijf is vol" in page.error.text()
    assert wizard.currentPage() is page
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15_000)
    assert database_exists(wizard.path)


def test_recovery_code_can_be_printed(qtbot, wizard, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from inburgering_desktop.ui import passphrase_dialogs

    pdf = tmp_path / "herstelcode.pdf"

    def to_pdf(parent, printer: QPrinter) -> bool:
        # Instead of the print dialog: a PDF file, which needs no printer or window.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        return True

    monkeypatch.setattr(passphrase_dialogs, "ask_printer", to_pdf)
    code = to_recovery_page(qtbot, wizard)
    panel = wizard.recovery_page.panel
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert panel.status.text() == "Afgedrukt."
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert code in text
        assert "Herstelcode" in text


def test_recovery_code_can_be_copied_and_is_cleared_after(qtbot, wizard):
    from PySide6.QtGui import QGuiApplication

    code = to_recovery_page(qtbot, wizard)
    panel = wizard.recovery_page.panel
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == code
    panel.confirmed.setChecked(True)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    # Leaving the page takes the code out of the clipboard we put it in.
    assert QGuiApplication.clipboard().text() != code
