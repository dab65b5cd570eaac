"""Unlocking with the passphrase or the recovery code, and changing the passphrase or the key,
with real widgets and real encrypted databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.settings import get_profile, save_profile
from inburgering_desktop.store.engine import open_database
from inburgering_desktop.store.errors import WrongPassphraseError, WrongRecoveryKeyError
from inburgering_desktop.ui.passphrase_dialogs import ChangePassphraseDialog, RecoveryCodeDialog
from inburgering_desktop.ui.unlock import Page, UnlockDialog
from tests.helpers_db import PASSPHRASE, make_database_with_recovery_key
from tests.qt_typing import type_text

NEW_PASSPHRASE = "Een nieuwe zin voor het slot, 77 keer"
OTHER_PASSPHRASE = "Weer een andere zin voor de sleutel 88"


@pytest.fixture
def closed_db(tmp_path) -> tuple[Path, str]:
    """A database on disk, not open: (path, recovery code)."""
    db, recovery_code = make_database_with_recovery_key(tmp_path)
    path = db.path
    db.close()
    return path, recovery_code


@pytest.fixture
def dialog(qtbot, closed_db):
    dialog = UnlockDialog(closed_db[0])
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    if dialog.database is not None:
        dialog.database.close()


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def submit_and_wait(qtbot, dialog: UnlockDialog) -> None:
    click(qtbot, dialog.unlock_button)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=15_000)


def test_wrong_passphrase_is_said_calmly_and_the_dialog_stays(qtbot, dialog):
    assert not dialog.unlock_button.isEnabled()  # nothing typed yet
    type_text(dialog.passphrase_edit, "Verkeerd-wachtwoord-ë")
    submit_and_wait(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.database is None
    assert dialog.passphrase_error.text().startswith("Het wachtwoord klopt niet.")
    assert dialog.passphrase_error.isVisible()
    # Selected for retyping, not thrown away; no lock-out after several tries.
    assert dialog.passphrase_edit.selectedText() == "Verkeerd-wachtwoord-ë"
    for _attempt in range(3):
        submit_and_wait(qtbot, dialog)
    assert dialog.unlock_button.isEnabled()

    type_text(dialog.passphrase_edit, PASSPHRASE)  # replaces the selection
    submit_and_wait(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.database is not None
    assert not dialog.database.closed
    assert dialog.passphrase_edit.text() == ""


def test_enter_in_the_field_unlocks(qtbot, dialog):
    type_text(dialog.passphrase_edit, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    assert dialog.database is not None


def test_recovery_code_opens_and_then_requires_a_new_passphrase(qtbot, dialog, closed_db):
    path, recovery_code = closed_db
    click(qtbot, dialog.forgot_button)
    assert dialog.page() == Page.RECOVERY
    assert dialog.recovery_edit.isVisible()

    type_text(dialog.recovery_edit, "ABCD-EFGH")
    submit_and_wait(qtbot, dialog)
    assert "typefout" in dialog.recovery_error.text()
    assert dialog.recovery_edit.text() == "ABCD-EFGH"

    # Typed in lower case with spaces instead of dashes: still the code.
    dialog.recovery_edit.clear()
    type_text(dialog.recovery_edit, recovery_code.lower().replace("-", " "))
    submit_and_wait(qtbot, dialog)
    assert dialog.page() == Page.NEW_PASSPHRASE
    assert dialog.result() != QDialog.DialogCode.Accepted  # not in before a new passphrase
    assert dialog.recovery_edit.text() == ""

    fields = dialog.new_fields
    type_text(fields.first, "te kort")
    type_text(fields.second, "te kort")
    assert not dialog.unlock_button.isEnabled()
    assert "minstens 12 tekens" in fields.problem.text()
    fields.clear()
    type_text(fields.first, NEW_PASSPHRASE)
    type_text(fields.second, NEW_PASSPHRASE)
    assert dialog.unlock_button.isEnabled()
    submit_and_wait(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    database = dialog.database
    assert database is not None and not database.closed
    database.close()

    with open_database(path, passphrase=NEW_PASSPHRASE):
        pass
    with pytest.raises(WrongPassphraseError):
        open_database(path, passphrase=PASSPHRASE)
    with open_database(path, recovery_key=recovery_code):  # the recovery code keeps working
        pass


def test_wrong_recovery_code_of_the_right_form_is_refused(qtbot, dialog, tmp_path):
    other_db, other_code = make_database_with_recovery_key(tmp_path / "ander")
    other_db.close()
    click(qtbot, dialog.forgot_button)
    type_text(dialog.recovery_edit, other_code)
    submit_and_wait(qtbot, dialog)
    assert dialog.page() == Page.RECOVERY
    assert dialog.recovery_error.text().startswith("De herstelcode klopt niet.")
    click(qtbot, dialog.back_button)
    assert dialog.page() == Page.PASSPHRASE


def test_stopping_before_the_new_passphrase_closes_the_database(qtbot, dialog, closed_db):
    path, recovery_code = closed_db
    click(qtbot, dialog.forgot_button)
    type_text(dialog.recovery_edit, recovery_code)
    submit_and_wait(qtbot, dialog)
    assert dialog.page() == Page.NEW_PASSPHRASE
    click(qtbot, dialog.cancel_button)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.database is None
    # The lock is free and the old passphrase still works.
    with open_database(path, passphrase=PASSPHRASE):
        pass


def test_database_open_elsewhere_is_said_in_the_dialog(qtbot, dialog, closed_db):
    with open_database(closed_db[0], passphrase=PASSPHRASE):
        type_text(dialog.passphrase_edit, PASSPHRASE)
        submit_and_wait(qtbot, dialog)
        assert "al geopend" in dialog.passphrase_error.text()
        assert dialog.database is None


# --- changing the passphrase -------------------------------------------------------------------


@pytest.fixture
def opened(tmp_path):
    """An open database in its context, with its recovery code."""
    db, recovery_code = make_database_with_recovery_key(tmp_path)
    yield AppContext(db=db, account="Testconsulent"), recovery_code
    db.close()


@pytest.fixture
def ctx(opened) -> AppContext:
    return opened[0]


@pytest.fixture
def recovery_code(opened) -> str:
    return opened[1]


@pytest.fixture
def change_dialog(qtbot, ctx):
    dialog = ChangePassphraseDialog(ctx)
    dialog.show()
    yield dialog
    # Closed by hand: qtbot would close it while a new code is on screen, which is refused.
    dialog.done(QDialog.DialogCode.Rejected)
    dialog.deleteLater()


def fill_change(dialog: ChangePassphraseDialog, current: str, new: str) -> None:
    dialog.current.clear()
    dialog.new_fields.clear()
    type_text(dialog.current, current)
    type_text(dialog.new_fields.first, new)
    type_text(dialog.new_fields.second, new)


def test_change_passphrase_checks_the_current_one_and_rewraps(
    qtbot, change_dialog, ctx, recovery_code
):
    dialog = change_dialog
    assert not dialog.ok_button.isEnabled()
    fill_change(dialog, "niet het wachtwoord", NEW_PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.current_error.isVisible(), timeout=15_000)
    assert dialog.current_error.text().startswith("Het wachtwoord klopt niet.")
    assert dialog.isVisible()

    fill_change(dialog, PASSPHRASE, NEW_PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)

    # The open database keeps working; on disk the new passphrase and the old code open it.
    save_profile(ctx, {"name": "Gemeente Proefdorp"})
    path = ctx.db.path
    ctx.db.close()
    with open_database(path, passphrase=NEW_PASSPHRASE) as db:
        assert get_profile(AppContext(db=db, account="")).name == "Gemeente Proefdorp"
    with pytest.raises(WrongPassphraseError):
        open_database(path, passphrase=PASSPHRASE)
    with open_database(path, recovery_key=recovery_code):
        pass


def test_new_key_shows_a_new_recovery_code_once(qtbot, change_dialog, ctx, recovery_code):
    dialog = change_dialog
    save_profile(ctx, {"name": "Gemeente Súdwest-Fryslân"})
    dialog.rekey_choice.setChecked(True)
    assert dialog.ok_button.text() == "Nieuwe sleutel maken"
    fill_change(dialog, "niet het wachtwoord", OTHER_PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.current_error.isVisible(), timeout=15_000)
    assert not dialog._showing_code()

    fill_change(dialog, PASSPHRASE, OTHER_PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(dialog._showing_code, timeout=30_000)
    new_code = dialog.recovery_panel.code()
    assert new_code and new_code != recovery_code
    # Nothing to cancel now, and no closing before the code is kept.
    assert not dialog.cancel_button.isVisible()
    assert not dialog.ok_button.isEnabled()
    dialog.reject()
    assert dialog.isVisible()
    box = dialog.recovery_panel.confirmed
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.height() // 2, 5))
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.recovery_panel.code_label.text() == ""

    # The open database works under the new key; on disk only the new secrets open it.
    assert get_profile(ctx).name == "Gemeente Súdwest-Fryslân"
    path = ctx.db.path
    ctx.db.close()
    with open_database(path, passphrase=OTHER_PASSPHRASE):
        pass
    with open_database(path, recovery_key=new_code):
        pass
    with pytest.raises(WrongRecoveryKeyError):
        open_database(path, recovery_key=recovery_code)
    with pytest.raises(WrongPassphraseError):
        open_database(path, passphrase=PASSPHRASE)


def test_recovery_code_dialog_cannot_be_dismissed_unconfirmed(qtbot):
    dialog = RecoveryCodeDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    dialog.reject()
    assert dialog.isVisible()
    dialog.panel.confirmed.setChecked(True)
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
