from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from inburgering_desktop.store import engine, keys, paths
from inburgering_desktop.store.engine import Database, create_database, open_database
from inburgering_desktop.store.errors import (
    KEY_FILE_MISMATCH,
    KEY_FILE_MISSING,
    REKEY_INTERRUPTED,
    AlreadyOpenError,
    DatabaseExistsError,
    DatabaseNotFoundError,
    DiskFullError,
    DiskIOError,
    KeyFileError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    translate_operational_error,
)
from inburgering_desktop.store.lock import InstanceLock
from inburgering_desktop.store.models import Dossier, JournalEntry, Setting
from tests.helpers_db import (
    FAST_SCRYPT_N,
    PASSPHRASE,
    make_database,
    make_database_with_recovery_key,
    reopen_database,
)
from tests.store.data import BSN, FAMILY_NAME, add_dossier

NEW_PASSPHRASE = "Nieuw-proef-wachtwoord-2026"


def _count_dossiers(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Dossier)) or 0


def _closed_with_one_dossier(tmp_path: Path) -> Path:
    db = make_database(tmp_path)
    with db.transaction() as session:
        add_dossier(session)
    db.close()
    return db.path


# -- create / open --------------------------------------------------------------------------------


def test_create_then_reopen_keeps_data(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    assert engine.database_exists(path)
    with reopen_database(path) as db, db.session() as session:
        dossier = session.scalars(select(Dossier)).one()
        assert (dossier.family_name, dossier.bsn) == (FAMILY_NAME, BSN)
        assert [j.text for j in dossier.journal]


def test_create_refuses_existing_database_or_key_file(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    with pytest.raises(DatabaseExistsError):
        create_database(path, PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    other = tmp_path / "db" / "other.db"
    paths.key_file_path(other).write_text("{}")
    with pytest.raises(DatabaseExistsError):
        create_database(other, PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    assert not other.exists()


def test_failed_create_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_upgrade(db: Database, revision: str = "head") -> None:
        raise RuntimeError("migration failed")

    monkeypatch.setattr(engine.migrations, "upgrade", broken_upgrade)
    path = tmp_path / "db" / "inburgering.db"
    with pytest.raises(RuntimeError):
        create_database(path, PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    assert sorted(p.name for p in path.parent.iterdir()) == [paths.lock_file_path(path).name]
    monkeypatch.undo()
    db, _ = create_database(path, PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    db.close()


def test_open_missing_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseNotFoundError):
        open_database(tmp_path / "nothing.db", passphrase=PASSPHRASE)


def test_open_needs_exactly_one_secret(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    with pytest.raises(ValueError):
        open_database(path)
    with pytest.raises(ValueError):
        open_database(path, passphrase=PASSPHRASE, recovery_key="x")


def test_wrong_passphrase_refused_and_lock_released(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    with pytest.raises(WrongPassphraseError):
        reopen_database(path, passphrase="Zwaantje-fout")
    # The failed attempt must not keep the database locked.
    reopen_database(path).close()


def test_recovery_key_opens_and_a_new_passphrase_can_be_set(tmp_path: Path) -> None:
    db, recovery_key = make_database_with_recovery_key(tmp_path)
    with db.transaction() as session:
        add_dossier(session)
    db.close()
    with pytest.raises(WrongRecoveryKeyError):
        reopen_database(db.path, recovery_key=keys.generate_recovery_key())
    with reopen_database(db.path, recovery_key=recovery_key.lower()) as reopened:
        assert _count_dossiers(reopened) == 1
        engine.set_passphrase(reopened, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    reopen_database(db.path, passphrase=NEW_PASSPHRASE).close()
    reopen_database(db.path, recovery_key=recovery_key).close()


def test_change_passphrase_on_a_closed_database(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    with pytest.raises(WrongPassphraseError):
        engine.change_passphrase(path, "fout", NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    engine.change_passphrase(path, PASSPHRASE, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    with pytest.raises(WrongPassphraseError):
        reopen_database(path, passphrase=PASSPHRASE)
    with reopen_database(path, passphrase=NEW_PASSPHRASE) as db:
        assert _count_dossiers(db) == 1


def test_change_passphrase_of_the_open_database(db: Database) -> None:
    before = db.path.read_bytes()
    engine.change_passphrase(db, PASSPHRASE, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    assert db.path.read_bytes() == before  # re-wrapped only, not re-encrypted
    with db.transaction() as session:  # the open database keeps working
        add_dossier(session)
    db.close()
    with pytest.raises(WrongPassphraseError):
        reopen_database(db.path, passphrase=PASSPHRASE)
    reopen_database(db.path, passphrase=NEW_PASSPHRASE).close()


def test_change_passphrase_of_a_database_open_elsewhere_is_refused(db: Database) -> None:
    with pytest.raises(AlreadyOpenError):
        engine.change_passphrase(db.path, PASSPHRASE, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)


def test_new_recovery_key(tmp_path: Path) -> None:
    db, old = make_database_with_recovery_key(tmp_path)
    new = engine.new_recovery_key(db)
    db.close()
    with pytest.raises(WrongRecoveryKeyError):
        reopen_database(db.path, recovery_key=old)
    reopen_database(db.path, recovery_key=new).close()


def test_missing_key_file(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    paths.key_file_path(path).unlink()
    with pytest.raises(KeyFileError) as info:
        reopen_database(path)
    assert info.value.message == KEY_FILE_MISSING


def test_key_file_of_another_database(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    other = make_database(tmp_path / "other")
    other.close()
    paths.key_file_path(path).write_bytes(paths.key_file_path(other.path).read_bytes())
    with pytest.raises(KeyFileError) as info:
        reopen_database(path)
    assert info.value.message == KEY_FILE_MISMATCH


def test_kdf_parameters_are_raised_on_open(tmp_path: Path) -> None:
    path = _closed_with_one_dossier(tmp_path)
    key_path = paths.key_file_path(path)
    assert keys.passphrase_params(key_path).n == FAST_SCRYPT_N
    open_database(path, passphrase=PASSPHRASE).close()  # production parameters wanted
    assert keys.passphrase_params(key_path) == keys.ScryptParams()
    reopen_database(path).close()


def test_wrong_raw_key_is_refused_on_every_pooled_connection(db: Database) -> None:
    """The engine checks the key itself too, not only open_database's preflight."""
    db.close()
    lock = InstanceLock(db.path)
    lock.acquire()
    wrong = Database(db.path, os.urandom(32), lock)
    try:
        with pytest.raises(KeyFileError) as info:
            wrong.check()
        assert info.value.message == KEY_FILE_MISMATCH
    finally:
        wrong.close()


# -- connections and transactions -----------------------------------------------------------------


def test_connection_pragmas(db: Database) -> None:
    with db.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == engine.BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY


def test_connections_are_pooled(db: Database) -> None:
    seen = set()
    for _ in range(3):
        with db.dbapi_connection() as raw:
            seen.add(id(raw))
    assert len(seen) == 1


def test_transaction_commits_and_rolls_back(db: Database) -> None:
    with db.transaction() as session:
        add_dossier(session)
    with pytest.raises(RuntimeError), db.transaction() as session:
        add_dossier(session, reference="D-0002", bsn="111222333")
        raise RuntimeError("abort")
    assert _count_dossiers(db) == 1


def test_released_savepoint_is_undone_by_outer_rollback(db: Database) -> None:
    """The case the driver's legacy transaction mode gets wrong: SAVEPOINT without a BEGIN
    commits on release, so an outer rollback would not undo it."""
    with pytest.raises(RuntimeError), db.transaction() as session:
        with session.begin_nested():
            add_dossier(session)
        raise RuntimeError("abort")
    assert _count_dossiers(db) == 0


def test_nested_rollback_keeps_outer_work(db: Database) -> None:
    with db.transaction() as session:
        add_dossier(session)
        with pytest.raises(RuntimeError), session.begin_nested():
            add_dossier(session, reference="D-0002", bsn="111222333")
            raise RuntimeError("abort inner")
    assert _count_dossiers(db) == 1


def test_foreign_keys_cascade(db: Database) -> None:
    with db.transaction() as session:
        add_dossier(session)
    with db.connect() as conn, conn.begin():
        conn.execute(text("DELETE FROM dossier"))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(JournalEntry)) == 0


def test_disk_full_is_translated(db: Database) -> None:
    with pytest.raises(DiskFullError) as info, db.transaction() as session:
        # SQLite's own limit stands in for a full disk: same error code (SQLITE_FULL).
        page_count = session.execute(text("PRAGMA page_count")).scalar()
        session.execute(text(f"PRAGMA max_page_count = {page_count}"))
        session.add(Setting(key="groot", value="x" * 200_000))
        session.flush()
    assert "schijf is vol" in info.value.message
    assert _count_dossiers(db) == 0


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database or disk is full", DiskFullError),
        ("disk I/O error", DiskIOError),
        ("database is locked", AlreadyOpenError),
    ],
)
def test_translate_operational_error(message: str, expected: type) -> None:
    assert isinstance(translate_operational_error(sqlite3.OperationalError(message)), expected)


def test_translate_leaves_other_errors_alone() -> None:
    assert translate_operational_error(sqlite3.OperationalError("no such table: x")) is None


def test_datetimes_come_back_aware_utc(db: Database) -> None:
    with db.transaction() as session:
        dossier = add_dossier(session)
        dossier_id = dossier.id
    with db.session() as session:
        created = session.get(Dossier, dossier_id).created_at
    assert created.tzinfo is not None and created.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=5)


def test_non_utc_moments_are_stored_as_the_same_instant(db: Database) -> None:
    amsterdam_summer = dt.timezone(dt.timedelta(hours=2))
    moment = dt.datetime(2026, 6, 1, 12, 0, tzinfo=amsterdam_summer)
    with db.transaction() as session:
        dossier = add_dossier(session)
        dossier.created_at = moment
        dossier_id = dossier.id
    with db.session() as session:
        assert session.get(Dossier, dossier_id).created_at == moment


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive"), db.transaction() as session:
        dossier = add_dossier(session)
        dossier.created_at = dt.datetime(2026, 6, 1, 12, 0)
        session.flush()


def test_repr_does_not_show_the_key(db: Database) -> None:
    assert db._db_key.hex() not in repr(db)
    assert db._db_key.hex() not in repr(db.engine.url)
    assert db._db_key.hex() not in str(db.engine.url)


# -- re-key ---------------------------------------------------------------------------------------


def test_rekey_round_trip(tmp_path: Path) -> None:
    db, old_recovery = make_database_with_recovery_key(tmp_path)
    with db.transaction() as session:
        add_dossier(session)
    db.engine.dispose()
    before = db.path.read_bytes()
    new_recovery = engine.rekey(db, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    assert new_recovery != old_recovery
    # The open database keeps working under the new key.
    assert _count_dossiers(db) == 1
    with db.transaction() as session:
        add_dossier(session, reference="D-0002", bsn="111222333")
    db.close()
    after = db.path.read_bytes()
    # Every page was re-encrypted (SQLCipher keeps the file's 16-byte salt at the start).
    page = 4096
    old_pages = {before[i : i + page] for i in range(0, len(before), page)}
    new_pages = [after[i : i + page] for i in range(0, len(after), page)]
    assert not any(p in old_pages for p in new_pages)
    assert not paths.pending_key_file_path(db.path).exists()

    with reopen_database(db.path, passphrase=NEW_PASSPHRASE) as reopened:
        assert _count_dossiers(reopened) == 2
    with reopen_database(db.path, recovery_key=new_recovery) as reopened:
        assert _count_dossiers(reopened) == 2
    with pytest.raises(WrongPassphraseError):
        reopen_database(db.path, passphrase=PASSPHRASE)
    with pytest.raises(WrongRecoveryKeyError):
        reopen_database(db.path, recovery_key=old_recovery)


def test_old_key_no_longer_decrypts_after_rekey(db: Database) -> None:
    old_key = db._db_key
    engine.rekey(db, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    db.close()
    with pytest.raises(KeyFileError):
        engine._connect_raw(db.path, old_key)


def test_rekey_refused_while_a_session_reads(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
    with db.transaction() as session:
        add_dossier(session)
    reader = db.session()
    reader.begin()
    reader.scalar(select(func.count()).select_from(Dossier))
    try:
        with pytest.raises(AlreadyOpenError):
            engine.rekey(db, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N)
    finally:
        reader.close()
    assert not paths.pending_key_file_path(db.path).exists()
    assert _count_dossiers(db) == 1
    db.close()
    reopen_database(db.path).close()


def _interrupt_rekey_after_encrypting(db: Database) -> None:
    """The state a crash between PRAGMA rekey and the swap of the key files leaves behind."""
    new_key = os.urandom(32)
    keys.rewrap(
        paths.pending_key_file_path(db.path), new_key, NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N
    )
    db.engine.dispose()
    engine._rekey_file(db.path, db._db_key, new_key)
    db.close()


def test_interrupted_rekey_completes_on_open_with_new_passphrase(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    with db.transaction() as session:
        add_dossier(session)
    _interrupt_rekey_after_encrypting(db)
    with pytest.raises(KeyFileError) as info:
        reopen_database(db.path, passphrase=PASSPHRASE)
    assert info.value.message == REKEY_INTERRUPTED
    with reopen_database(db.path, passphrase=NEW_PASSPHRASE) as reopened:
        assert _count_dossiers(reopened) == 1
        # The pending file's recovery key was never shown: a fresh one is, once.
        recovery = reopened.recovery_key_to_show
        assert recovery
    assert not paths.pending_key_file_path(db.path).exists()
    reopen_database(db.path, recovery_key=recovery).close()


def test_stale_pending_key_file_is_removed(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    db.close()
    keys.rewrap(
        paths.pending_key_file_path(db.path), os.urandom(32), NEW_PASSPHRASE, scrypt_n=FAST_SCRYPT_N
    )
    with pytest.raises(WrongPassphraseError):
        reopen_database(db.path, passphrase=NEW_PASSPHRASE)
    with reopen_database(db.path) as reopened:
        assert reopened.recovery_key_to_show is None
    assert not paths.pending_key_file_path(db.path).exists()


def test_key_file_format_on_disk(db: Database) -> None:
    data = json.loads(paths.key_file_path(db.path).read_text())
    assert set(data["wraps"]) == {"passphrase", "recovery"}
    assert data["wraps"]["recovery"]["kdf"] == "hkdf-sha256"
