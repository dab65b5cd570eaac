"""Letters kept as sent: the PDF bytes with their digest, type, languages and versions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Only a new table, so no batch rebuild of an existing one: the data of 0001 is not touched.
The foreign key to dossier is RESTRICT (see models.Letter for why). Downgrading drops the table
and with it every stored letter; `migrate.ensure_current` backs the database up before any
migration, and a downgrade is a developer's tool, never run by the program.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("letter_type", sa.String(length=40), nullable=False),
        sa.Column("languages", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("template_version", sa.String(length=64), nullable=False),
        sa.Column("catalog_versions", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossier.id"],
            name=op.f("fk_letter_dossier_id_dossier"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
    )
    op.create_index(op.f("ix_letter_dossier_id"), "letter", ["dossier_id"])


def downgrade() -> None:
    # Dropping the table drops its index too, on SQLite and PostgreSQL alike.
    op.drop_table("letter")
