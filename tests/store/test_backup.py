from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inburgering_desktop.store import engine, paths
from inburgering_desktop.store.backup import backup, list_backups, prune_backups
from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.errors import DiskFullError
from inburgering_desktop.store.models import Dossier
from tests.helpers_db import FAST_SCRYPT_N, make_database_with_recovery_key, reopen_database
from tests.store.data import FAMILY_NAME, add_dossier


def test_backup_opens_with_the_same_key_and_has_the_data(db: Database) -> None:
    with db.transaction() as session:
        add_dossier(session)
    target = backup(db, label="Handmatig (test)")
    assert target.parent == paths.backups_dir(db.path)
    assert target.name.endswith("-handmatig-test.db")
    # Same database key: the copied key file is byte for byte the database's.
    assert paths.key_file_path(target).read_bytes() == paths.key_file_path(db.path).read_bytes()
    assert db.open_keyed(target).close() is None
    assert not any(p.exists() for p in paths.sidecar_paths(target))
    with reopen_database(target) as copy, copy.session() as session:
        assert session.scalars(select(Dossier.family_name)).one() == FAMILY_NAME


def test_backup_is_a_snapshot(db: Database) -> None:
    with db.transaction() as session:
        add_dossier(session)
    target = backup(db)
    with db.transaction() as session:
        add_dossier(session, reference="D-0002", bsn="111222333")
    with reopen_database(target) as copy, copy.session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 1


def test_backup_to_a_chosen_file_refuses_to_overwrite(db: Database, tmp_path: Path) -> None:
    dest = tmp_path / "usb" / "kopie.db"
    assert backup(db, dest) == dest.resolve()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        backup(db, dest)


def test_backup_still_opens_after_the_database_is_rekeyed(tmp_path: Path) -> None:
    db, recovery_key = make_database_with_recovery_key(tmp_path)
    with db.transaction() as session:
        add_dossier(session)
    target = backup(db)
    engine.rekey(db, "Nieuw-proef-wachtwoord", scrypt_n=FAST_SCRYPT_N)
    db.close()
    with reopen_database(target, recovery_key=recovery_key) as copy, copy.session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 1


def test_backups_in_one_second_get_distinct_names(db: Database) -> None:
    names = {backup(db).name for _ in range(3)}
    assert len(names) == 3
    assert len(list_backups(paths.backups_dir(db.path))) == 3


def test_prune_keeps_the_newest_and_ignores_other_files(db: Database) -> None:
    directory = paths.backups_dir(db.path)
    made = [backup(db) for _ in range(4)]
    stranger = directory / "notities.db"
    stranger.write_text("not ours")
    removed = prune_backups(directory, keep=2)
    assert removed == made[:2]
    assert list_backups(directory) == made[2:]
    assert not any(paths.key_file_path(p).exists() for p in removed)
    assert stranger.exists()


def test_prune_by_database_name(tmp_path: Path) -> None:
    directory = tmp_path / "backups"
    directory.mkdir()
    for name in ("a-20260101T000000Z.db", "a-20260102T000000Z.db", "b-20260101T000000Z.db"):
        (directory / name).write_bytes(b"")
    assert [p.name for p in prune_backups(directory, keep=1, stem="a")] == ["a-20260101T000000Z.db"]
    assert (directory / "b-20260101T000000Z.db").exists()
    with pytest.raises(ValueError):
        prune_backups(directory, keep=-1)


def test_failed_backup_leaves_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Database, path: Path, *, verify: bool = True) -> object:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(Database, "open_keyed", broken)
    with pytest.raises(DiskFullError):
        backup(db)
    assert list(paths.backups_dir(db.path).iterdir()) == []
