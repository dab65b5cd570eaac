"""Fast encrypted test databases, for every test package (import as `tests.helpers_db`).

Real SQLCipher encryption and real migrations, only the passphrase KDF is made cheap: scrypt
with n=16 instead of the production cost (≈60 ms), since nearly every test creates a database.
"""

from __future__ import annotations

from pathlib import Path

from inburgering_desktop.store.engine import Database, create_database, open_database

FAST_SCRYPT_N = 16
PASSPHRASE = "Zwaantje-proef-wachtwoord"
DB_NAME = "inburgering.db"


def make_database(tmp_path: Path, *, passphrase: str = PASSPHRASE, name: str = DB_NAME) -> Database:
    """A new, migrated, encrypted database in `tmp_path/db/`; the caller closes it."""
    db, _recovery_key = make_database_with_recovery_key(tmp_path, passphrase=passphrase, name=name)
    return db


def make_database_with_recovery_key(
    tmp_path: Path, *, passphrase: str = PASSPHRASE, name: str = DB_NAME
) -> tuple[Database, str]:
    return create_database(tmp_path / "db" / name, passphrase, scrypt_n=FAST_SCRYPT_N)


def reopen_database(
    path: Path,
    *,
    passphrase: str | None = PASSPHRASE,
    recovery_key: str | None = None,
    migrate: bool = True,
) -> Database:
    """Open a test database again (cheap KDF kept: no re-wrap at production cost)."""
    if recovery_key is not None:
        passphrase = None
    return open_database(
        path,
        passphrase=passphrase,
        recovery_key=recovery_key,
        migrate=migrate,
        scrypt_n=FAST_SCRYPT_N,
    )
