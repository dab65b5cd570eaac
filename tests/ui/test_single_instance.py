"""Starting the program: one running program per database, the passphrase from the environment,
the dialogs that open or create the database, and the crash hook."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inburgering_desktop import app
from inburgering_desktop.app import PASSPHRASE_ENV, open_or_create
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.settings import save_account_name
from inburgering_desktop.store.engine import database_exists, open_database
from inburgering_desktop.store.errors import AlreadyOpenError, WrongPassphraseError
from inburgering_desktop.ui.first_run import FirstRunWizard
from inburgering_desktop.ui.unlock import UnlockDialog
from tests.helpers_db import PASSPHRASE, make_database
from tests.qt_typing import type_text

REPO = Path(__file__).resolve().parents[2]
# Start-up of a second program that is refused: Python, Qt and our imports, no key derivation.
REFUSAL_SECONDS = 20


def start(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    environment.pop("INBURGERING_DB", None)
    return subprocess.run(
        [sys.executable, *args],
        env=environment,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def db_path(tmp_path) -> Path:
    db = make_database(tmp_path)
    save_account_name(AppContext(db=db, account=""), "Testconsulent")
    path = db.path
    db.close()
    return path


def test_second_program_on_the_same_database_is_refused(db_path):
    with open_database(db_path, passphrase=PASSPHRASE):  # this test process is the first
        began = time.monotonic()
        result = start(
            ["-m", "inburgering_desktop", "--db", str(db_path)], **{PASSPHRASE_ENV: PASSPHRASE}
        )
        elapsed = time.monotonic() - began
    assert result.returncode == 1
    assert elapsed < REFUSAL_SECONDS
    assert "Inburgering Desktop is al geopend met deze database" in result.stderr
    assert "Sluit het andere venster eerst." in result.stderr
    assert PASSPHRASE not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_program_opens_with_the_passphrase_from_the_environment_and_quits(db_path):
    # run_gui's own event loop, stopped by a timer once the main window runs.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from inburgering_desktop.app import run_gui\n"
        "qt = QApplication(sys.argv)\n"
        "def check():\n"
        "    shown = [type(w).__name__ for w in qt.topLevelWidgets() if w.isVisible()]\n"
        "    print('windows:', shown)\n"
        "    qt.quit()\n"
        "QTimer.singleShot(300, check)\n"
        "sys.exit(run_gui(Path(sys.argv[1])))\n"
    )
    result = start(["-c", script, str(db_path)], **{PASSPHRASE_ENV: PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "windows: ['MainWindow']" in result.stdout
    assert PASSPHRASE not in result.stdout + result.stderr
    # Closed on quit: the lock is free again.
    with open_database(db_path, passphrase=PASSPHRASE):
        pass


def test_wrong_passphrase_in_the_environment_exits_with_the_message(db_path):
    result = start(
        ["-m", "inburgering_desktop", "--db", str(db_path)],
        **{PASSPHRASE_ENV: "niet-het-wachtwoord-van-deze-db"},
    )
    assert result.returncode == 1
    assert "Het wachtwoord klopt niet" in result.stderr
    assert "niet-het-wachtwoord-van-deze-db" not in result.stdout + result.stderr


def test_open_or_create_refuses_before_asking_the_passphrase(qtbot, db_path, monkeypatch):
    shown: list[UnlockDialog] = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda self: shown.append(self) or 0)
    with open_database(db_path, passphrase=PASSPHRASE), pytest.raises(AlreadyOpenError):
        open_or_create(db_path)
    assert shown == []  # no passphrase asked for a database that cannot be opened anyway


def test_open_or_create_with_the_environment_passphrase(qtbot, db_path, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    ctx = open_or_create(db_path)
    assert ctx is not None
    try:
        assert ctx.account == "Testconsulent"
        # Read once and removed: no child process inherits it.
        assert PASSPHRASE_ENV not in os.environ
    finally:
        ctx.db.close()


def test_open_or_create_wrong_environment_passphrase_raises(qtbot, db_path, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, "niet-het-wachtwoord-van-deze-db")
    with pytest.raises(WrongPassphraseError):
        open_or_create(db_path)
    with open_database(db_path, passphrase=PASSPHRASE):  # nothing left locked
        pass


def modal_when_shown(cls: type, act) -> None:
    """Act on the modal dialog of type `cls` as soon as its exec() loop shows it."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, cls):
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_open_or_create_asks_the_passphrase_in_the_unlock_dialog(qtbot, db_path):
    def unlock(dialog: UnlockDialog) -> None:
        type_text(dialog.passphrase_edit, PASSPHRASE)
        dialog.unlock_button.click()

    modal_when_shown(UnlockDialog, unlock)
    ctx = open_or_create(db_path)
    assert ctx is not None
    try:
        assert ctx.account == "Testconsulent"
        assert not ctx.db.closed
    finally:
        ctx.db.close()


def test_open_or_create_unlock_cancelled_gives_none(qtbot, db_path):
    modal_when_shown(UnlockDialog, lambda dialog: dialog.cancel_button.click())
    assert open_or_create(db_path) is None
    with open_database(db_path, passphrase=PASSPHRASE):  # nothing left locked
        pass


def test_open_or_create_without_database_runs_the_wizard(qtbot, tmp_path):
    path = tmp_path / "nieuw" / "inburgering.db"
    seen: list[FirstRunWizard] = []

    def stop(wizard: FirstRunWizard) -> None:
        seen.append(wizard)
        wizard.reject()

    modal_when_shown(FirstRunWizard, stop)
    assert open_or_create(path) is None
    assert len(seen) == 1 and seen[0].path == path
    assert not database_exists(path)


def test_without_saved_account_name_the_login_name_is_used(qtbot, tmp_path, monkeypatch):
    db = make_database(tmp_path)
    path = db.path
    db.close()
    monkeypatch.setattr(app, "_login_name", lambda: "proefgebruiker")
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    ctx = open_or_create(path)
    assert ctx is not None
    ctx.db.close()
    assert ctx.account == "proefgebruiker"


def test_crash_hook_writes_a_report_without_personal_data(qtbot, capsys):
    try:
        raise ValueError("BSN 111222333 van Zoë Proefnaam")
    except ValueError as exc:
        app.excepthook(type(exc), exc, exc.__traceback__)
    err = capsys.readouterr().err
    assert "ValueError" in err
    assert "111222333" not in err and "Zoë" not in err
    report = Path(err.rsplit("persoonsgegevens: ", 1)[1].strip())
    text = report.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text
    assert "111222333" not in text and "Zoë" not in text


def test_notice_goes_to_stderr_without_a_box_offscreen(qtbot, capsys, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *args: pytest.fail("modal box offscreen"))
    app.notify(None, "Inburgering Desktop", "Een rustige melding.")
    assert capsys.readouterr().err == "Een rustige melding.\n"
