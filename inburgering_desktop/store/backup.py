"""Backups: encrypted copies made with SQLite's online backup API while the program runs.

A backup is keyed with the same database key, so it is encrypted exactly like the database, and
its key file is copied beside it (`<backup>.keys`). It therefore opens with `open_database` and
the passphrase or recovery key valid when it was made, even after a later re-key.
File names carry a UTC timestamp, so they sort in the order they were made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from inburgering_desktop.store import paths
from inburgering_desktop.store.errors import translate_operational_error

if TYPE_CHECKING:
    from inburgering_desktop.store.engine import Database

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
_LABEL_MAX = 40
# <stem>-YYYYMMDDTHHMMSSZ[-n][-label].db
_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?(?:-(?P<label>[a-z0-9-]+))?\.db$"
)


def backup(db: Database, dest: Path | None = None, label: str = "") -> Path:
    """Copy the open database to `dest`, by default a new timestamped file in the backups folder.
    Returns the path of the backup. Refuses to overwrite an existing file."""
    if dest is None:
        directory = paths.ensure_private_dir(paths.backups_dir(db.path))
        # Our own folder: tighten it even if it was created or copied with a looser mode.
        paths.tighten(directory, paths.PRIVATE_DIR_MODE)
        dest = _new_backup_path(directory, db.path.stem, label)
    else:
        dest = paths.normalize(dest)
        paths.ensure_private_dir(dest.parent)
        paths.create_private_file(dest)
    try:
        _copy(db, dest)
        _copy_private(paths.key_file_path(db.path), paths.key_file_path(dest))
        paths.fsync_dir(dest.parent)
    except BaseException as exc:
        for leftover in (dest, paths.key_file_path(dest), *paths.sidecar_paths(dest)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        translated = translate_operational_error(exc) if isinstance(exc, Exception) else None
        if translated is not None:
            raise translated from exc
        raise
    log.info("backup written: %s", dest.name)
    return dest


def list_backups(directory: Path, *, stem: str | None = None) -> list[Path]:
    """Backups in `directory` made by `backup()`, oldest first (optionally of one database)."""
    found: list[tuple[str, int, str, Path]] = []
    if not directory.is_dir():
        return []
    for path in directory.iterdir():
        match = _BACKUP_NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        if stem is not None and match["stem"] != stem:
            continue
        found.append((match["stamp"], int(match["n"] or 0), path.name, path))
    return [entry[-1] for entry in sorted(found)]


def prune_backups(
    directory: Path, keep: int = DEFAULT_KEEP, *, stem: str | None = None
) -> list[Path]:
    """Delete all but the newest `keep` backups (with their key files). Returns what was
    removed. Files that do not look like our backups are never touched."""
    if keep < 0:
        raise ValueError("keep must be zero or more")
    backups = list_backups(directory, stem=stem)
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        for part in (path, paths.key_file_path(path), *paths.sidecar_paths(path)):
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
    return doomed


def _new_backup_path(directory: Path, stem: str, label: str) -> Path:
    """A fresh file, created 0600 with O_EXCL; a counter separates backups within one second."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = f"-{clean}" if (clean := _clean_label(label)) else ""
    for n in range(1000):
        counter = f"-{n}" if n else ""
        candidate = directory / f"{stem}-{stamp}{counter}{suffix}.db"
        try:
            paths.create_private_file(candidate)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(directory / f"{stem}-{stamp}{suffix}.db")


def _clean_label(label: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return cleaned[:_LABEL_MAX].strip("-")


def _copy(db: Database, dest: Path) -> None:
    # The target is keyed before the copy; verify=False because it is still empty.
    target = db.open_keyed(dest, verify=False)
    try:
        with db.dbapi_connection() as source:
            # All pages in one step: a stepwise backup restarts whenever another connection
            # writes, and one step gives a consistent snapshot of a committed state.
            source.backup(target)
        # Leave the copy as a single file, like a database after a clean close.
        target.execute("PRAGMA journal_mode = DELETE")
        target.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        target.close()
    with open(dest, "rb+") as handle:
        os.fsync(handle.fileno())


def _copy_private(source: Path, dest: Path) -> None:
    """Copy a small file into a new 0600 file (never over an existing one)."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, paths.PRIVATE_FILE_MODE)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())
