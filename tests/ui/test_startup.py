"""The fast start (app.py): the register read and evaluated while Qt loads, the window shown
before SQLAlchemy is loaded, and the same outcome as the ordinary path."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inburgering_desktop import app
from inburgering_desktop.services import demo
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.register import list_summaries
from inburgering_desktop.services.settings import save_account_name
from inburgering_desktop.store import paths
from inburgering_desktop.store.errors import AlreadyOpenError, WrongPassphraseError
from inburgering_desktop.store.lock import InstanceLock
from tests.helpers_db import PASSPHRASE, make_database

REPO = Path(__file__).resolve().parents[2]
COUNT = 12

# Runs the real run_gui with a probe that quits once the list is complete, and reports what
# the window showed and whether SQLAlchemy had been loaded by then.
PROBE = """
import sys
from inburgering_desktop import app as app_module

make = app_module._application

def application(argv):
    from PySide6.QtCore import QTimer
    qt = make(argv)
    def probe():
        for widget in qt.topLevelWidgets():
            model = getattr(getattr(widget, "dossier_list", None), "model", None)
            if model is not None and model.total_count >= {count}:
                print("rows", model.total_count)
                print("account", widget.ctx.account)
                print("sqlalchemy", "sqlalchemy" in sys.modules)
                print("editor", widget._editor is not None)
                qt.quit()
                return
        QTimer.singleShot(5, probe)
    QTimer.singleShot(0, probe)
    return qt

app_module._application = application
sys.exit(app_module.run_gui(None, sys.argv[:1]))
"""


@pytest.fixture
def db_path(tmp_path) -> Path:
    db = make_database(tmp_path)
    ctx = AppContext(db=db, account="")
    save_account_name(ctx, "Testconsulent")
    demo.generate(ctx, count=COUNT, seed=7)
    path = db.path
    db.close()
    return path


def test_window_shows_the_whole_register_before_sqlalchemy_is_loaded(db_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "INBURGERING_DB": str(db_path),
        app.PASSPHRASE_ENV: PASSPHRASE,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(count=COUNT)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines == {
        "rows": str(COUNT),
        "account": "Testconsulent",
        "sqlalchemy": "False",
        "editor": "False",
    }


def test_early_open_gives_the_same_rows_as_the_service(db_path):
    early = app.EarlyOpen(db_path, PASSPHRASE, dt.date(2026, 11, 23))
    db = early.result()
    try:
        ctx = AppContext(db=db, account="", today=lambda: dt.date(2026, 11, 23))
        assert early.summaries == list_summaries(ctx)
        assert early.account == "Testconsulent"
    finally:
        db.close()


def test_early_open_with_a_wrong_passphrase_raises_and_keeps_no_lock(db_path):
    early = app.EarlyOpen(db_path, "niet-het-wachtwoord", dt.date(2026, 11, 23))
    with pytest.raises(WrongPassphraseError):
        early.result()
    with InstanceLock(paths.normalize(db_path)):  # free again
        pass


def test_early_open_refuses_a_database_open_elsewhere(db_path):
    with InstanceLock(paths.normalize(db_path)):
        early = app.EarlyOpen(db_path, PASSPHRASE, dt.date(2026, 11, 23))
        with pytest.raises(AlreadyOpenError):
            early.result()


def test_early_open_leaves_an_older_schema_to_the_migration(db_path, monkeypatch):
    from inburgering_desktop.store import register_read

    monkeypatch.setattr(register_read, "HEAD_REVISION", "0001")
    early = app.EarlyOpen(db_path, PASSPHRASE, dt.date(2026, 11, 23))
    db = early.result()
    try:
        assert early.summaries is None  # the window loads the list after the migration
    finally:
        db.close()
