"""One running program per database: a second one would write the same file behind our back.

An OS file lock (flock on POSIX, LockFileEx on Windows, through `filelock`) on `<db>.lock`, taken
without waiting. The OS drops it when the process dies, so a crash never leaves the database
locked; the lock file itself stays (unlinking a lock file races with a process about to lock it).
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from inburgering_desktop.store.errors import AlreadyOpenError
from inburgering_desktop.store.paths import PRIVATE_FILE_MODE, lock_file_path


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = lock_file_path(db_path)
        # thread_local=False: the database may be closed from another thread than the one that
        # opened it (a worker finishing a backup, the ui on quit).
        self._lock = FileLock(
            self.path, timeout=0, blocking=False, mode=PRIVATE_FILE_MODE, thread_local=False
        )

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> None:
        """Take the lock now or raise AlreadyOpenError (it is held by another process, or by
        another open Database in this one)."""
        if self._lock.is_locked:
            return
        try:
            self._lock.acquire()
        except Timeout:
            raise AlreadyOpenError() from None

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
