"""Where the database and the files beside it live.

One database file and, next to it, files that share its name: `<db>.keys` (the wrapped database
key), `<db>.keys.new` (only while a re-key is in progress), `<db>.lock` (the single-instance
lock), SQLite's `<db>-wal`/`<db>-shm`, and the folder `backups/`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP_NAME = "InburgeringDesktop"
DB_FILENAME = "inburgering.db"
ENV_DB_PATH = "INBURGERING_DB"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def default_db_path() -> Path:
    """`$INBURGERING_DB` if set, else the per-user data directory of the platform."""
    override = os.environ.get(ENV_DB_PATH)
    if override:
        return Path(override).expanduser()
    # Imported here: platformdirs is only needed when no path was configured.
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def normalize(path: str | os.PathLike[str]) -> Path:
    """An absolute path with symlinks resolved, so that the lock file is the same whichever way a
    user or a shortcut spells the path to one database."""
    return Path(path).expanduser().resolve()


def key_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def pending_key_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys.new")


def lock_file_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def sidecar_paths(db_path: Path) -> list[Path]:
    """SQLite's own files beside a database (they hold database pages, encrypted like the file)."""
    return [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by the owner only.

    Directories that already exist are left alone: the user may have chosen an existing folder
    such as Documents, and changing its mode would surprise them. The files inside are 0600.
    """
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue
        # mkdir's mode is filtered by the umask; chmod states it exactly.
        _chmod_if_posix(directory, PRIVATE_DIR_MODE)
    return path


def tighten(path: Path, mode: int) -> None:
    """Remove group/other access from one of our own files or folders if someone widened it
    (a copy from another machine, an unzip)."""
    if os.name != "posix":
        return
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        os.chmod(path, current & mode)


def _chmod_if_posix(path: Path, mode: int) -> None:
    # Windows has no permission bits; its per-user profile folders are private already.
    if os.name == "posix":
        os.chmod(path, mode)


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable (POSIX only; Windows cannot open a
    directory and commits renames itself)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 from its first moment (O_EXCL: never reuse one)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(fd)
    _chmod_if_posix(path, PRIVATE_FILE_MODE)
