"""Single instance: a second program (another process) is refused while the first has it open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.errors import AlreadyOpenError
from inburgering_desktop.store.lock import InstanceLock
from tests.helpers_db import FAST_SCRYPT_N, PASSPHRASE, make_database, reopen_database

# Runs in another interpreter: exit 3 = refused with AlreadyOpenError, 0 = opened and closed.
OPEN_IN_OTHER_PROCESS = """
import sys
from inburgering_desktop.store.engine import open_database
from inburgering_desktop.store.errors import AlreadyOpenError
try:
    db = open_database(sys.argv[1], passphrase=sys.argv[2], scrypt_n=int(sys.argv[3]))
except AlreadyOpenError:
    sys.exit(3)
if len(sys.argv) > 4:
    print("open", flush=True)
    sys.stdin.read()  # hold the database until killed
db.close()
"""


def _other_process(path: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        OPEN_IN_OTHER_PROCESS,
        str(path),
        PASSPHRASE,
        str(FAST_SCRYPT_N),
        *extra,
    ]


def test_second_process_is_refused_then_allowed_after_close(db: Database) -> None:
    refused = subprocess.run(_other_process(db.path), capture_output=True, timeout=60)
    assert refused.returncode == 3, refused.stderr.decode()
    db.close()
    allowed = subprocess.run(_other_process(db.path), capture_output=True, timeout=60)
    assert allowed.returncode == 0, allowed.stderr.decode()


def test_lock_is_released_when_the_holder_dies(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    db.close()
    holder = subprocess.Popen(
        _other_process(db.path, "hold"), stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == b"open"
        with pytest.raises(AlreadyOpenError):
            reopen_database(db.path)
    finally:
        holder.kill()  # no clean close: the OS must drop the lock
        holder.wait(timeout=60)
    reopen_database(db.path).close()


def test_second_open_in_the_same_process_is_refused(db: Database) -> None:
    with pytest.raises(AlreadyOpenError) as info:
        reopen_database(db.path)
    assert "Sluit het andere venster eerst" in info.value.message


def test_same_database_through_another_path_spelling(db: Database, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(db.path.parent)
    with pytest.raises(AlreadyOpenError):
        reopen_database(link / db.path.name)


def test_instance_lock_release_is_idempotent(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path / "x.db")
    lock.acquire()
    lock.acquire()  # already held by this object: fine
    lock.release()
    lock.release()
    assert not lock.held
