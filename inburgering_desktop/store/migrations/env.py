"""Alembic environment for Inburgering Desktop.

Run through inburgering_desktop.store.migrate, which passes an open connection (inside a
transaction, foreign keys handled) in `config.attributes["connection"]`. Offline mode renders SQL
for a URL given as `sqlalchemy.url`, for the regional team's DBA.
"""

from __future__ import annotations

from alembic import context

from inburgering_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "no connection: run migrations through inburgering_desktop.store.migrate"
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("offline mode needs sqlalchemy.url (e.g. postgresql://)")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
