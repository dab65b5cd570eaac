"""The encrypted database: creating, opening, sessions and transactions, re-keying.

Everything SQLite/SQLCipher-specific stays in this package. Services see `Database`, SQLAlchemy
`Session`s and the models; a PostgreSQL deployment would provide another `Database` with the same
methods.

Connections: SQLAlchemy's `sqlite+pysqlcipher` dialect over `sqlcipher3`, pooled. With the raw
key a new connection costs about a millisecond, but each holds its own cache of decrypted pages,
so the pool stays small. The raw database key travels as the URL password, which is how that
dialect issues `PRAGMA key` on every new connection; the URL masks it when printed. On each new
connection we then verify the key by reading `sqlite_master` and set the per-connection pragmas.

SQLAlchemy is imported when the first engine is built, not with this module: a `Database` is
unlocked and the register read (register_read, through the driver) before SQLAlchemy is loaded,
so the window can show while SQLAlchemy loads in the background (app.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from inburgering_desktop.store import keys, paths, register_read
from inburgering_desktop.store import migrate as migrations
from inburgering_desktop.store.errors import (
    KEY_FILE_MISMATCH,
    KEY_FILE_MISSING,
    REKEY_INTERRUPTED,
    DatabaseExistsError,
    DatabaseNotFoundError,
    KeyFileError,
    StoreError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    translate_operational_error,
)
from inburgering_desktop.store.lock import InstanceLock

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from inburgering_desktop.domain.register import RegisterSnapshot


def _log_info(message: str, *args: object) -> None:
    # logging is imported only here: the program's start never logs and need not load it.
    import logging

    logging.getLogger(__name__).info(message, *args)


# A writer waits this long for another connection's write to finish before "database is locked".
BUSY_TIMEOUT_MS = 5_000
# The ui thread and one worker at a time need a connection each; a little slack for overlap.
POOL_SIZE = 2
MAX_OVERFLOW = 3
# Execution option marking the write engine: its transactions start with BEGIN IMMEDIATE.
_WRITE_OPTION = "inburgering_write"

# Per-connection settings, applied after the key has been verified.
_CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",  # off by default in SQLite; the models rely on ON DELETE
    "PRAGMA journal_mode = WAL",  # readers and the writer do not block each other
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    # In WAL mode NORMAL never corrupts the database and a commit survives a crash of the
    # program; only a power cut or OS crash can undo the commits made since the last checkpoint
    # (at most a few seconds of work, still on the consultant's screen). FULL would fsync the WAL
    # on every commit, slowing each save, which is not worth it on a single-user desktop.
    "PRAGMA synchronous = NORMAL",
    # Sorts and temporary tables stay in memory, never in temporary files SQLCipher may not
    # encrypt.
    "PRAGMA temp_store = MEMORY",
)


class Database:
    """An open, unlocked database. Hold one per program; close it on exit."""

    def __init__(self, path: Path, db_key: bytes, lock: InstanceLock) -> None:
        self.path = path
        self._db_key = db_key
        self._lock = lock
        self._closed = False
        # Set when the user must be shown a recovery key that was made while opening (after an
        # interrupted re-key); the ui shows it once and clears it.
        self.recovery_key_to_show: str | None = None
        # Built on first use (see the module docstring); the lock makes a warm-up thread and
        # the GUI thread agree on one engine.
        self._engine: Engine | None = None
        self._write_engine_: Engine | None = None
        self._engine_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        return self._engines()[0]

    @property
    def _write_engine(self) -> Engine:
        return self._engines()[1]

    def _engines(self) -> tuple[Engine, Engine]:
        engine, write_engine = self._engine, self._write_engine_
        if engine is not None and write_engine is not None and not self._closed:
            return engine, write_engine
        with self._engine_lock:
            if self._closed:
                raise RuntimeError("database is closed")
            if self._engine is None or self._write_engine_ is None:
                self._engine = _make_engine(self.path, self._db_key)
                self._write_engine_ = self._engine.execution_options(**{_WRITE_OPTION: True})
            return self._engine, self._write_engine_

    def warm_up(self) -> None:
        """Load SQLAlchemy and open the first pooled connection now (a background thread calls
        this after start-up), so the first service call does not pay for it."""
        # RuntimeError: closed meanwhile (the program quit during start-up).
        with contextlib.suppress(RuntimeError), _translated_errors(), self.engine.connect():
            pass

    # -- sessions ------------------------------------------------------------------------------

    def session(self) -> Session:
        """A Session for reading (the caller closes it). Objects stay usable after commit: a
        desktop shows them long after the transaction that loaded them."""
        from sqlalchemy.orm import Session

        return Session(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, rollback on any exception.

        Starts with BEGIN IMMEDIATE, taking SQLite's write lock at once: a transaction that first
        reads and then writes could otherwise fail with "database is locked" when another
        connection committed in between, which busy_timeout cannot wait out. Driver errors the
        user can act on (disk full, disk error, locked) arrive as StoreError subclasses.
        """
        from sqlalchemy.orm import Session

        session = Session(self._write_engine, expire_on_commit=False)
        try:
            with _translated_errors(), session.begin():
                yield session
        finally:
            session.close()

    # -- lower level, for the store package ---------------------------------------------------

    def connect(self, *, write: bool = False) -> Connection:
        """A Core connection (the caller closes it); `write` makes its transactions start with
        BEGIN IMMEDIATE, as in `transaction()`."""
        return (self._write_engine if write else self.engine).connect()

    @contextlib.contextmanager
    def dbapi_connection(self) -> Iterator[Any]:
        """A pooled, keyed sqlcipher3 connection (backup uses SQLite's backup API on it)."""
        with self.engine.connect() as conn:
            yield conn.connection.dbapi_connection

    @contextlib.contextmanager
    def raw_connection(self) -> Iterator[Any]:
        """A keyed sqlcipher3 connection of its own, outside the pool and SQLAlchemy (autocommit;
        closed afterwards). About a millisecond to open with the raw key."""
        with _translated_errors():
            conn = _connect_raw(self.path, self._db_key)
            try:
                # The pool's per-connection settings that matter for reading (foreign keys and
                # journal mode concern writers). SQLite gives -wal and -shm the database file's
                # own mode (0600), so this path needs no umask of its own.
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA temp_store = MEMORY")
                yield conn
            finally:
                conn.close()

    def read_register(self) -> RegisterSnapshot:
        """Every dossier's plain columns for the rules, in one read transaction (register_read)."""
        with self.raw_connection() as conn, _translated_errors():
            return register_read.read_register(conn)

    def read_setting(self, key: str, default: object = None) -> object:
        with self.raw_connection() as conn, _translated_errors():
            return register_read.read_setting(conn, key, default)

    def schema_is_current(self) -> bool:
        with self.raw_connection() as conn, _translated_errors():
            return register_read.schema_is_current(conn)

    def open_keyed(self, path: Path, *, verify: bool = True) -> Any:
        """A sqlcipher3 connection to `path` keyed with this database's key (a backup target)."""
        return _connect_raw(path, self._db_key, verify=verify)

    def check(self) -> None:
        """Connect once: raises if the key or the file is wrong."""
        with _translated_errors(), self.engine.connect():
            pass

    # -- lifetime ----------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close pooled connections and release the single-instance lock. Close sessions first:
        a connection still checked out is closed only when it is returned."""
        if self._closed:
            return
        try:
            with self._engine_lock:  # waits for an engine being built right now
                self._closed = True
                if self._engine is not None:
                    self._engine.dispose()
        finally:
            self._lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        # Never the key: this may end up in a log or a crash report.
        return f"<Database {self.path.name} {'closed' if self._closed else 'open'}>"

    def _dispose_engine(self) -> None:
        """Close the pooled connections; the next use builds a new engine."""
        with self._engine_lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = self._write_engine_ = None

    def _replace_key(self, db_key: bytes) -> None:
        self._dispose_engine()
        self._db_key = db_key


# -- module API ------------------------------------------------------------------------------------


def database_exists(path: str | os.PathLike[str]) -> bool:
    return paths.normalize(path).is_file()


def create_database(
    path: str | os.PathLike[str], passphrase: str, *, scrypt_n: int | None = None
) -> tuple[Database, str]:
    """Create a new encrypted database with its key file; returns it open, with the recovery key
    to show the user once. Refuses if a database or key file is already there."""
    db_path = paths.normalize(path)
    key_path = paths.key_file_path(db_path)
    if db_path.exists() or key_path.exists():
        raise DatabaseExistsError()
    paths.ensure_private_dir(db_path.parent)
    lock = InstanceLock(db_path)
    lock.acquire()
    created: list[Path] = []
    db: Database | None = None
    try:
        # Again under the lock: another process may have created it in between.
        if db_path.exists() or key_path.exists():
            raise DatabaseExistsError()
        db_key, recovery_key = keys.create_key_file(key_path, passphrase, scrypt_n=scrypt_n)
        created.append(key_path)
        # Created 0600 before SQLite touches it, so it is never readable by others, not even
        # between open() and a later chmod.
        paths.create_private_file(db_path)
        created.append(db_path)
        db = Database(db_path, db_key, lock)
        with _private_umask(), _translated_errors():
            migrations.upgrade(db)
    except BaseException:
        if db is not None:
            db._dispose_engine()
        for created_path in [*created, *paths.sidecar_paths(db_path)]:
            with contextlib.suppress(FileNotFoundError):
                created_path.unlink()
        lock.release()
        raise
    _log_info("created database %s", db_path.name)
    return db, recovery_key


def open_database(
    path: str | os.PathLike[str],
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    migrate: bool = True,
    scrypt_n: int | None = None,
) -> Database:
    """Open with the passphrase or the recovery key (exactly one).

    The single-instance lock is taken first, so a second program fails at once and without
    spending the key derivation. If the database is at an older schema it is backed up and
    migrated (unless `migrate=False`). If the passphrase wrapping uses weaker scrypt parameters
    than `scrypt_n`/the default, it is re-wrapped with the current ones.
    After opening with the recovery key, ask the user for a new passphrase (`set_passphrase`).
    """
    db = unlock_database(path, passphrase=passphrase, recovery_key=recovery_key, scrypt_n=scrypt_n)
    prepare_database(db, migrate=migrate)
    return db


def unlock_database(
    path: str | os.PathLike[str],
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    scrypt_n: int | None = None,
    ahead: keys.DerivedAhead | None = None,
) -> Database:
    """The first half of `open_database`: the lock and the key, checked against the file, but
    neither the schema nor SQLAlchemy yet. Finish with `prepare_database` (or, when
    `Database.schema_is_current()`, read through the driver first: app.py's start-up).
    `ahead`: the passphrase's derivation for the key file, made earlier (keys.derive_ahead)."""
    if (passphrase is None) == (recovery_key is None):
        raise ValueError("give either a passphrase or a recovery key")
    db_path = paths.normalize(path)
    if not db_path.is_file():
        raise DatabaseNotFoundError()
    lock = InstanceLock(db_path)
    lock.acquire()
    try:
        _tighten_modes(db_path)
        db_key, to_show = _unlock(db_path, passphrase, recovery_key, scrypt_n, ahead)
        db = Database(db_path, db_key, lock)
    except BaseException:
        lock.release()
        raise
    db.recovery_key_to_show = to_show
    return db


def prepare_database(db: Database, *, migrate: bool = True) -> None:
    """The second half of `open_database`: back up and migrate an older schema (or, with
    `migrate=False`, only check that the file opens). Closes `db` if that fails."""
    try:
        with _private_umask():
            if migrate:
                with _translated_errors():
                    migrations.ensure_current(db)
            else:
                db.check()
    except BaseException:
        db.close()
        raise


def change_passphrase(
    db_or_path: Database | str | os.PathLike[str],
    old_passphrase: str,
    new_passphrase: str,
    *,
    scrypt_n: int | None = None,
) -> None:
    """Re-wrap the key under a new passphrase; WrongPassphraseError if `old_passphrase` is wrong.
    Works on the open Database of this program, or on a closed database file (then it takes the
    single-instance lock for the moment)."""
    if isinstance(db_or_path, Database):
        key_path = paths.key_file_path(db_or_path.path)
        db_key = keys.unlock_with_passphrase(key_path, old_passphrase)
        if db_key != db_or_path._db_key:
            raise KeyFileError(KEY_FILE_MISMATCH)
        keys.set_passphrase(key_path, db_key, new_passphrase, scrypt_n=scrypt_n)
        return
    db_path = paths.normalize(db_or_path)
    if not db_path.is_file():
        raise DatabaseNotFoundError()
    with InstanceLock(db_path):
        keys.change_passphrase(
            paths.key_file_path(db_path), old_passphrase, new_passphrase, scrypt_n=scrypt_n
        )


def set_passphrase(db: Database, new_passphrase: str, *, scrypt_n: int | None = None) -> None:
    """A new passphrase without knowing the old one: for a database opened with the recovery
    key. The recovery key keeps working."""
    keys.set_passphrase(paths.key_file_path(db.path), db._db_key, new_passphrase, scrypt_n=scrypt_n)


def new_recovery_key(db: Database) -> str:
    """Replace the recovery key (the sheet was lost or seen by someone); the old one stops
    working. Show the returned key to the user once."""
    return keys.replace_recovery_key(paths.key_file_path(db.path), db._db_key)


def rekey(db: Database, new_passphrase: str, *, scrypt_n: int | None = None) -> str:
    """Encrypt the whole database under a new random key; returns the new recovery key.

    For when the old key file may have been copied together with the passphrase or the recovery
    key. Old backups keep their own key files and keep opening with the old secrets.
    Close all sessions first: the pool is closed and re-keying needs the database to itself.

    Crash safety: the new key file is written beside the old one as `<db>.keys.new` first; SQLCipher
    re-encrypts in one transaction; only then does the new key file replace the old one. If the
    program dies in between, `open_database` finds whichever key file opens the database.
    """
    key_path = paths.key_file_path(db.path)
    pending_path = paths.pending_key_file_path(db.path)
    new_key = secrets.token_bytes(keys.DB_KEY_BYTES)
    recovery_key = keys.rewrap(pending_path, new_key, new_passphrase, scrypt_n=scrypt_n)
    db._dispose_engine()
    try:
        with _translated_errors():
            _rekey_file(db.path, db._db_key, new_key)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            pending_path.unlink()
        raise
    # The file is under the new key now: switch first, so that this program keeps working even
    # if swapping the key files fails (the next open then finishes the swap).
    db._replace_key(new_key)
    os.replace(pending_path, key_path)
    paths.fsync_dir(key_path.parent)
    _log_info("re-keyed database %s", db.path.name)
    return recovery_key


# -- internals ------------------------------------------------------------------------------------


def _make_engine(path: Path, db_key: bytes) -> Engine:
    from sqlalchemy import URL, create_engine, event
    from sqlalchemy.pool import QueuePool

    def creator() -> Any:
        conn = sqlcipher.connect(str(path), check_same_thread=False)
        # Before the key, so that a failing key check does not print SQLCipher's log to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        return conn

    # URL.create, not a string: no quoting problems, and the password is masked in repr().
    url = URL.create("sqlite+pysqlcipher", password=keys.raw_key_pragma_value(db_key))
    engine = create_engine(
        url,
        creator=creator,
        poolclass=QueuePool,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, connection_record: object) -> None:
    # Runs after the dialect's own connect hook has issued PRAGMA key.
    try:
        _verify_key(dbapi_connection)
    except BaseException:
        dbapi_connection.close()
        raise
    # SQLAlchemy's documented pysqlite recipe: the driver's own transaction handling does not
    # BEGIN before SELECT, DDL or SAVEPOINT, so transactions and savepoints would not be real.
    # The driver is put in autocommit and `_on_begin` emits BEGIN itself.
    dbapi_connection.isolation_level = None
    for pragma in _CONNECTION_PRAGMAS:
        dbapi_connection.execute(pragma)


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _verify_key(dbapi_connection: Any) -> None:
    """SQLCipher accepts any key without complaint; the first read tells whether it was right."""
    try:
        dbapi_connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        translated = translate_operational_error(exc)
        if translated is not None:
            raise translated from exc
        # "file is not a database": another key, a damaged file, or not a SQLCipher file.
        raise KeyFileError(KEY_FILE_MISMATCH) from exc


def _connect_raw(path: Path, db_key: bytes, *, verify: bool = True) -> Any:
    """A keyed sqlcipher3 connection outside the pool, in autocommit mode."""
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{keys.raw_key_pragma_value(db_key)}"')
        if verify:
            _verify_key(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _key_opens(path: Path, db_key: bytes) -> bool:
    try:
        conn = _connect_raw(path, db_key)
    except KeyFileError:
        return False
    conn.close()
    return True


def _rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    conn = _connect_raw(path, old_key)
    try:
        # Leave WAL first: that checkpoints and removes the -wal file (pages under the old key),
        # and the re-key then runs as one transaction through a rollback journal, so a crash
        # midway leaves the old key in force. A pool connection still checked out makes this fail
        # with "database is locked".
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlcipher.OperationalError("database is locked")
        conn.execute(f'PRAGMA rekey = "{keys.raw_key_pragma_value(new_key)}"')
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _unlock(
    db_path: Path,
    passphrase: str | None,
    recovery_key: str | None,
    scrypt_n: int | None,
    ahead: keys.DerivedAhead | None = None,
) -> tuple[bytes, str | None]:
    """The database key from whichever key file opens the database; a recovery key to show if a
    new one had to be made. See `rekey` for why there can be two key files."""
    key_path = paths.key_file_path(db_path)
    pending_path = paths.pending_key_file_path(db_path)
    candidates = [p for p in (key_path, pending_path) if p.exists()]
    if not candidates:
        raise KeyFileError(KEY_FILE_MISSING)
    errors: dict[Path, StoreError] = {}
    for candidate in candidates:
        try:
            if passphrase is not None:
                db_key = keys.unlock_with_passphrase(candidate, passphrase, ahead)
            else:
                assert recovery_key is not None
                db_key = keys.unlock_with_recovery_key(candidate, recovery_key)
        except (WrongPassphraseError, WrongRecoveryKeyError, KeyFileError) as exc:
            errors[candidate] = exc
            continue
        if not _key_opens(db_path, db_key):
            errors[candidate] = KeyFileError(KEY_FILE_MISMATCH)
            continue
        to_show = None
        if candidate == pending_path:
            # The re-key finished but the key files were not swapped: finish it now. The new
            # recovery key was never shown, so make another one and have the ui show it.
            os.replace(pending_path, key_path)
            paths.fsync_dir(key_path.parent)
            if passphrase is not None:
                to_show = keys.rewrap(key_path, db_key, passphrase, scrypt_n=scrypt_n)
        else:
            # A stale pending file: the re-key never happened (its key does not open the file).
            with contextlib.suppress(FileNotFoundError):
                pending_path.unlink()
            if passphrase is not None:
                wanted = keys.default_scrypt_params(scrypt_n)
                if keys.passphrase_params(key_path).cost < wanted.cost:
                    keys.set_passphrase(key_path, db_key, passphrase, scrypt_n=scrypt_n)
        return db_key, to_show
    main_error = errors.get(key_path)
    if (
        pending_path in errors
        and main_error is not None
        and main_error.message == KEY_FILE_MISMATCH
    ):
        # The old key file unlocked but no longer fits: the database was re-keyed and only the
        # new passphrase opens the pending key file.
        raise KeyFileError(REKEY_INTERRUPTED)
    raise main_error or errors[pending_path]


def _is_operational_error(exc: Exception) -> bool:
    if isinstance(exc, sqlcipher.OperationalError):
        return True
    # SQLAlchemy's wrapper; if SQLAlchemy was never imported, no error can be one of its own.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.OperationalError)


def _tighten_modes(db_path: Path) -> None:
    for path in (db_path, paths.key_file_path(db_path), *paths.sidecar_paths(db_path)):
        if path.exists():
            paths.tighten(path, paths.PRIVATE_FILE_MODE)


@contextlib.contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        if not _is_operational_error(exc):
            raise
        translated = translate_operational_error(exc)
        if translated is None:
            raise
        raise translated from exc


@contextlib.contextmanager
def _private_umask() -> Iterator[None]:
    """New files (SQLite's -wal and -shm) readable by the owner only. SQLite already gives them the
    database file's mode; this covers anything it creates otherwise. The umask is per process, so
    this is used only around opening and creating, before the ui runs other threads."""
    if os.name != "posix":
        yield
        return
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)
