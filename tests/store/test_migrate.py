from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text

from inburgering_desktop.store import migrate, paths
from inburgering_desktop.store.backup import list_backups
from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.errors import DatabaseTooNewError
from inburgering_desktop.store.lock import InstanceLock
from inburgering_desktop.store.models import Base, JournalEntry
from tests.helpers_db import FAST_SCRYPT_N, PASSPHRASE, make_database, reopen_database
from tests.store.data import add_dossier


def _empty_encrypted_database(tmp_path: Path) -> Database:
    """A keyed, empty SQLCipher file with no migrations run."""
    path = tmp_path / "empty.db"
    paths.create_private_file(path)
    lock = InstanceLock(path)
    lock.acquire()
    return Database(path, os.urandom(32), lock)


def _schema(db: Database) -> dict[str, dict[str, tuple[str, bool]]]:
    with db.connect() as conn:
        inspector = inspect(conn)
        return {
            table: {
                col["name"]: (str(col["type"]), bool(col["nullable"]))
                for col in inspector.get_columns(table)
            }
            for table in inspector.get_table_names()
        }


def test_head_revision_constant_matches_the_scripts() -> None:
    script = ScriptDirectory.from_config(migrate._config())
    assert script.get_current_head() == migrate.HEAD_REVISION


def test_upgrade_of_an_empty_database_gives_exactly_the_models(tmp_path: Path) -> None:
    db = _empty_encrypted_database(tmp_path)
    try:
        with db.connect() as conn:
            assert migrate.current_revision(conn) is None
        migrate.upgrade(db)
        schema = _schema(db)
        expected = {
            table.name: {
                col.name: (str(col.type.compile(dialect=db.engine.dialect)), bool(col.nullable))
                for col in table.columns
            }
            for table in Base.metadata.sorted_tables
        }
        assert schema.pop(migrate.VERSION_TABLE)
        assert set(schema) == set(expected)
        for table, columns in expected.items():
            assert set(schema[table]) == set(columns), table
            for name, (_type, nullable) in columns.items():
                assert schema[table][name][1] == nullable, (table, name)
        # Alembic's own comparison: types, indexes, unique and foreign keys, names included.
        with db.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert migrate.current_revision(conn) == migrate.HEAD_REVISION
    finally:
        db.close()


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    try:
        migrate.downgrade(db, "base")
        assert set(_schema(db)) <= {migrate.VERSION_TABLE}
        with db.connect() as conn:
            assert migrate.current_revision(conn) is None
        migrate.upgrade(db)
        assert set(_schema(db)) == {t.name for t in Base.metadata.sorted_tables} | {
            migrate.VERSION_TABLE
        }
    finally:
        db.close()


def test_current_database_is_not_migrated_or_backed_up(db: Database) -> None:
    assert migrate.ensure_current(db) is False
    assert list_backups(paths.backups_dir(db.path)) == []


def test_newer_database_is_refused(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    with db.connect() as conn, conn.begin():
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    with pytest.raises(DatabaseTooNewError):
        reopen_database(db.path)
    with pytest.raises(DatabaseTooNewError):  # the lock was released by the failed open
        reopen_database(db.path)


# The real head, read before any test monkeypatches it; the test revision builds on it, so that
# a new migration does not turn it into a second branch.
REAL_HEAD = migrate.HEAD_REVISION

SECOND_REVISION = f"""
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{REAL_HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # recreate="always": copy + DROP + rename of the parent table, the dangerous case.
    with op.batch_alter_table("dossier", recreate="always") as batch:
        batch.add_column(sa.Column("test_extra", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossier", recreate="always") as batch:
        batch.drop_column("test_extra")
"""


def _install_second_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real migrations plus a test revision 0099 that rebuilds the dossier table (the parent
    of letter, whose RESTRICT key must not stop the rebuild either)."""
    location = tmp_path / "scripts" / "migrations"
    shutil.copytree(
        migrate.script_location(), location, ignore=shutil.ignore_patterns("__pycache__")
    )
    (location / "versions" / "0099_test.py").write_text(SECOND_REVISION)
    monkeypatch.setattr(migrate, "script_location", lambda: location)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0099")


def test_open_backs_up_then_migrates_keeping_child_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_database(tmp_path)
    with db.transaction() as session:
        add_dossier(session)
    db.close()
    # Only now: the database above was made at the real head.
    _install_second_revision(tmp_path, monkeypatch)

    with reopen_database(db.path) as migrated:
        with migrated.connect() as conn:
            assert migrate.current_revision(conn) == "0099"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            columns = {c["name"] for c in inspect(conn).get_columns("dossier")}
            assert "test_extra" in columns
        with migrated.session() as session:
            # The rebuild of dossier did not cascade into its children.
            assert session.scalar(select(func.count()).select_from(JournalEntry)) == 1
        backups = list_backups(paths.backups_dir(db.path))
    assert len(backups) == 1 and f"voor-migratie-van-{REAL_HEAD}" in backups[0].name
    # The backup is the database as it was: at the real head, opening with the same passphrase.
    with reopen_database(backups[0], migrate=False) as old, old.connect() as conn:
        assert migrate.current_revision(conn) == REAL_HEAD


def test_migration_round_trip_with_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_second_revision(tmp_path, monkeypatch)
    db = make_database(tmp_path)
    try:
        with db.connect() as conn:
            assert migrate.current_revision(conn) == "0099"
        with db.transaction() as session:
            add_dossier(session)
        migrate.downgrade(db, REAL_HEAD)
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(JournalEntry)) == 1
    finally:
        db.close()


def test_alembic_is_not_imported_when_the_schema_is_current(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    db.close()
    script = (
        "import sys\n"
        "from inburgering_desktop.store.engine import open_database\n"
        f"db = open_database({str(db.path)!r}, passphrase={PASSPHRASE!r}, "
        f"scrypt_n={FAST_SCRYPT_N})\n"
        "db.close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
