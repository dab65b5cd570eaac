"""Schema migrations (Alembic), run from inside the program; no alembic.ini at run time.

Start-up compares the stored `alembic_version` with `HEAD_REVISION` and imports Alembic only
when they differ: importing Alembic costs ≈0.2 s on top of SQLAlchemy, measured on the
development machine, and on almost every start the schema is already current.
Keep `HEAD_REVISION` equal to the newest file in migrations/versions (a test checks it).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from inburgering_desktop.store.errors import DatabaseTooNewError

# SQLAlchemy is imported inside the functions: the start-up path reads HEAD_REVISION (see
# register_read) before SQLAlchemy is loaded, which it is only once the window is up.
if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

    from inburgering_desktop.store.engine import Database

log = logging.getLogger(__name__)

HEAD_REVISION = "0003"
VERSION_TABLE = "alembic_version"


def script_location() -> Path:
    return Path(__file__).resolve().parent / "migrations"


def current_revision(conn: Connection) -> str | None:
    """The revision stored in the database, None for a database without migrations."""
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    revisions = sorted(conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    # One linear history: more than one row would be branches, which Alembic then sorts out.
    return ",".join(revisions) or None


def ensure_current(db: Database) -> bool:
    """Bring the database to HEAD_REVISION, backing it up first if it holds any tables.
    Returns True if it migrated. DatabaseTooNewError if a newer program wrote it."""
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        revision = current_revision(conn)
        if revision == HEAD_REVISION:
            return False
        has_tables = bool(set(inspect(conn).get_table_names()) - {VERSION_TABLE})
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if revision is not None and not set(revision.split(",")) <= known:
        raise DatabaseTooNewError()
    if has_tables:
        from inburgering_desktop.store.backup import backup

        target = backup(db, label=f"voor-migratie-van-{revision or 'geen'}")
        log.info("backed up to %s before migrating from %s", target.name, revision)
    upgrade(db)
    return True


def upgrade(db: Database, revision: str = "head") -> None:
    """Run the migrations up to `revision` in one transaction."""
    from alembic import command

    _run(db, lambda cfg: command.upgrade(cfg, revision))


def downgrade(db: Database, revision: str = "base") -> None:
    from alembic import command

    _run(db, lambda cfg: command.downgrade(cfg, revision))


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    return config


def _run(db: Database, action: Callable[[Config], object]) -> None:
    config = _config()
    with db.connect(write=True) as conn, _sqlite_foreign_keys_off(conn), conn.begin():
        config.attributes["connection"] = conn
        action(config)
        _check_foreign_keys(conn)


@contextlib.contextmanager
def _sqlite_foreign_keys_off(conn: Connection) -> Iterator[None]:
    """Batch migrations rebuild a SQLite table as copy + DROP + rename. With foreign keys on, the
    DROP of a parent table would run its ON DELETE CASCADE and empty the child tables. The pragma
    is ignored inside a transaction, so it is set on the driver connection before BEGIN."""
    if conn.dialect.name != "sqlite":
        yield
        return
    dbapi_connection = conn.connection.dbapi_connection
    assert dbapi_connection is not None
    dbapi_connection.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _check_foreign_keys(conn: Connection) -> None:
    """With the checks off during the migration, verify before committing that no reference
    dangles; raising here rolls the migration back."""
    if conn.dialect.name != "sqlite":
        return
    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        tables = sorted({str(row[0]) for row in problems})
        raise RuntimeError(f"migration left dangling foreign keys in {', '.join(tables)}")
