from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from inburgering_desktop.store import paths


def test_default_db_path_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.ENV_DB_PATH, "~/elders/proef.db")
    assert paths.default_db_path() == Path.home() / "elders" / "proef.db"


def test_default_db_path_in_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(paths.ENV_DB_PATH, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / paths.APP_NAME / paths.DB_FILENAME
    assert paths.default_db_path() == expected


def test_files_beside_the_database() -> None:
    db = Path("/x/inburgering.db")
    assert paths.key_file_path(db) == Path("/x/inburgering.db.keys")
    assert paths.pending_key_file_path(db) == Path("/x/inburgering.db.keys.new")
    assert paths.lock_file_path(db) == Path("/x/inburgering.db.lock")
    assert paths.backups_dir(db) == Path("/x/backups")
    assert Path("/x/inburgering.db-wal") in paths.sidecar_paths(db)


def test_ensure_private_dir_creates_every_missing_level_0700(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"
    previous = os.umask(0o022)
    try:
        paths.ensure_private_dir(target)
    finally:
        os.umask(previous)
    for directory in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_ensure_private_dir_leaves_an_existing_folder_alone(tmp_path: Path) -> None:
    existing = tmp_path / "Documenten"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    paths.ensure_private_dir(existing)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o755


def test_tighten_removes_group_and_other_access(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_text("")
    os.chmod(path, 0o644)
    paths.tighten(path, paths.PRIVATE_FILE_MODE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
