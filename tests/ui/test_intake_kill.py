"""A crash loses at most the last second or two of typing: the intake's autosaved draft survives a
SIGKILL of the whole program.

A child process (sys.executable, offscreen Qt) creates an encrypted database, shows an IntakeTab
for a new dossier, types into a free-text field through QTest, waits until the draft is in the
database, prints a marker line and keeps running its event loop. The test kills it with SIGKILL
(no atexit, no Qt shutdown, no SQLite close; the write-ahead log is left as it was), opens the
database with the test passphrase and finds the typed text in the draft.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from inburgering_desktop.services import drafts
from inburgering_desktop.services.context import AppContext
from tests.helpers_db import DB_NAME, reopen_database

REPO = Path(__file__).resolve().parents[2]
MARKER = "DRAFT-SAVED"
# ASCII goes through QTest.keyClicks; the rest (which QTest cannot type, see STACK.md) through
# the tests' own key-event helper.
TYPED_ASCII = "Wil kapper worden, "
TYPED_UNICODE = "met een eigen zaak in Almere — ‘crème’ en العربية"
TYPED = TYPED_ASCII + TYPED_UNICODE
FIELD = "ambities.toelichting"

CHILD = textwrap.dedent(
    """
    import datetime as dt
    import sys
    from pathlib import Path

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from inburgering_desktop.services import dossiers, drafts
    from inburgering_desktop.services.context import AppContext
    from inburgering_desktop.ui.tabs.intake import IntakeTab
    from tests.helpers_db import make_database
    from tests.qt_typing import type_text

    app = QApplication([])
    db = make_database(Path(sys.argv[1]))
    ctx = AppContext(db=db, account="Testconsulent", today=lambda: dt.date(2026, 11, 23))
    dossier_id = dossiers.create_dossier(
        ctx,
        {
            "family_name": "Proefnaam",
            "given_names": "Zwaantje",
            "birth_date": "14-04-1990",
            "doelgroep": "asielstatushouder",
            "permit_date": "01-03-2026",
        },
    )
    tab = IntakeTab(ctx)
    tab.resize(1000, 800)
    tab.show()
    tab.load(dossier_id)
    editor = tab.form.fields[sys.argv[2]].text_edit
    editor.setFocus()
    QTest.keyClicks(editor, sys.argv[3])
    type_text(editor, sys.argv[4])

    def saved() -> bool:
        draft = drafts.load_draft(ctx, "intake", dossier_id)
        typed = sys.argv[3] + sys.argv[4]
        return draft is not None and draft.payload["intake"].get(sys.argv[2]) == typed

    for _ in range(400):  # at most 20 s
        QTest.qWait(50)
        if saved():
            break
    else:
        print("NO-DRAFT", flush=True)
        sys.exit(3)
    print(f"{sys.argv[5]} {dossier_id}", flush=True)
    app.exec()  # keeps running, the database open, until killed
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_draft_survives_a_sigkill(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path), FIELD, TYPED_ASCII, TYPED_UNICODE, MARKER],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith(MARKER) or line.startswith("NO-DRAFT"):
                found.set()
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        found.wait(timeout=90)
        assert child.poll() is None, f"child ended early: {child.returncode}, {lines}"
    finally:
        child.send_signal(signal.SIGKILL)
        _out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    marker = [line for line in lines if line.startswith(MARKER)]
    assert marker, f"no marker; stdout {lines}, stderr {err[-2000:]}"
    dossier_id = int(marker[0].split()[1])

    # Reopen after the crash: the lock of the dead process is gone, the log is replayed.
    db = reopen_database(tmp_path / "db" / DB_NAME)
    try:
        ctx = AppContext(db=db, account="Testconsulent")
        draft = drafts.load_draft(ctx, "intake", dossier_id)
        assert draft is not None
        assert draft.payload["intake"][FIELD] == TYPED
    finally:
        db.close()
