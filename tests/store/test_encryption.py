"""Nothing personal on disk in the clear: database, WAL, backup; and private file modes."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from inburgering_desktop.store import paths
from inburgering_desktop.store.backup import backup
from inburgering_desktop.store.engine import Database
from tests.helpers_db import make_database
from tests.store.data import (
    BSN,
    DRAFT_TEXT,
    FAMILY_NAME,
    GIVEN_NAMES,
    HEALTH_ANSWER,
    NEEDLES,
    NOTE,
    ORIGINAL_SCRIPT,
    add_dossier,
    add_intake_and_draft,
    contains_any,
)


def _write_plain_sqlite(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(
        "CREATE TABLE dossier (family_name, given_names, original, bsn, note, answer, draft)"
    )
    with conn:
        conn.execute(
            "INSERT INTO dossier VALUES (?, ?, ?, ?, ?, ?, ?)",
            (FAMILY_NAME, GIVEN_NAMES, ORIGINAL_SCRIPT, BSN, NOTE, HEALTH_ANSWER, DRAFT_TEXT),
        )
    return conn


def test_the_grep_finds_plaintext_in_a_plain_sqlite_file(tmp_path: Path) -> None:
    """Control: the same check on an unencrypted database does find the data, in the WAL while
    open and in the file after closing, so the tests below are not vacuous."""
    path = tmp_path / "plain.db"
    conn = _write_plain_sqlite(path)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0
    # Every needle: each one the tests below look for can be found when it is there.
    assert contains_any(wal.read_bytes()) == list(NEEDLES)
    conn.close()
    assert contains_any(path.read_bytes()) == list(NEEDLES)


def test_database_and_wal_hold_no_plaintext(db: Database) -> None:
    with db.transaction() as session:
        add_intake_and_draft(session, add_dossier(session).id)
    # The pool still holds the connection: the commit sits in the WAL, not yet checkpointed.
    wal = Path(f"{db.path}-wal")
    assert wal.stat().st_size > 0
    assert contains_any(wal.read_bytes()) == []
    assert contains_any(db.path.read_bytes()) == []
    db.close()
    # Closing checkpoints the WAL into the file; the file still shows nothing.
    assert contains_any(db.path.read_bytes()) == []


def test_backup_holds_no_plaintext(db: Database) -> None:
    with db.transaction() as session:
        add_intake_and_draft(session, add_dossier(session).id)
    target = backup(db)
    assert target.stat().st_size > 0
    assert contains_any(target.read_bytes()) == []


def test_private_modes(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    try:
        with db.transaction() as session:
            add_dossier(session)
        target = backup(db)
        assert stat.S_IMODE(db.path.parent.stat().st_mode) == 0o700
        for path in (
            db.path,
            paths.key_file_path(db.path),
            paths.lock_file_path(db.path),
            Path(f"{db.path}-wal"),
            Path(f"{db.path}-shm"),
            target,
            paths.key_file_path(target),
        ):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    finally:
        db.close()


def test_created_database_file_is_private_even_with_a_lax_umask(tmp_path: Path) -> None:
    previous = os.umask(0o000)
    try:
        db = make_database(tmp_path)
    finally:
        os.umask(previous)
    try:
        assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(paths.key_file_path(db.path).stat().st_mode) == 0o600
        assert stat.S_IMODE(db.path.parent.stat().st_mode) == 0o700
    finally:
        db.close()
