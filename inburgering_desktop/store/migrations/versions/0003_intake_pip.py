"""Warme overdracht, brede intake, PIP versions, tasks and autosaved form drafts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Only new tables, so no batch rebuild of an existing one: the data of 0002 is not touched.
Written by hand in the style of 0001: enum columns as the VARCHAR(32) they are, UtcDateTime as
DATETIME WITH TIME ZONE, constraint names as models.NAMING gives them. Tables are created
parents first (pip_version before task, which points at it) and dropped children first.
Downgrading drops every intake answer, PIP version, task and draft; `migrate.ensure_current`
backs the database up before any migration, and a downgrade is a developer's tool, never run by
the program.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = sa.String(length=200)
ENUM = sa.String(length=32)
MOMENT = sa.DateTime(timezone=True)


def _dossier_key(table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["dossier_id"],
        ["dossier.id"],
        name=op.f(f"fk_{table}_dossier_id_dossier"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "coa_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("noa_summary", sa.Text(), nullable=False),
        sa.Column("gca_received", sa.Boolean(), nullable=False),
        sa.Column("gca_received_on", sa.Date(), nullable=True),
        sa.Column("jgz_received", sa.Boolean(), nullable=False),
        sa.Column("jgz_received_on", sa.Date(), nullable=True),
        sa.Column("risk_signals", sa.Text(), nullable=False),
        sa.Column("documents_received", sa.Text(), nullable=False),
        sa.Column("consent_to_share", sa.Boolean(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("no_intake_in_azc", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        _dossier_key("coa_handover", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coa_handover")),
        # One per dossier; the unique constraint's index also serves the foreign key.
        sa.UniqueConstraint("dossier_id", name=op.f("uq_coa_handover_dossier_id")),
    )
    op.create_table(
        "intake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("toets_date", sa.Date(), nullable=True),
        sa.Column("toets_outcome", ENUM, nullable=True),
        sa.Column("toets_no_show", sa.Boolean(), nullable=False),
        sa.Column("toets_exempt_reason", ENUM, nullable=True),
        sa.Column("vve_informed_on", sa.Date(), nullable=True),
        sa.Column("interview_alone_informed_on", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        _dossier_key("intake", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_intake_dossier_id")),
    )
    op.create_table(
        "intake_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("field_key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("special", sa.Boolean(), nullable=False),
        _dossier_key("intake_answer", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_answer")),
        sa.UniqueConstraint(
            "dossier_id", "field_key", name=op.f("uq_intake_answer_dossier_id_field_key")
        ),
    )
    op.create_index(op.f("ix_intake_answer_dossier_id"), "intake_answer", ["dossier_id"])
    op.create_table(
        "pip_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("dagtekening", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("leerroute", ENUM, nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("established_by", NAME, nullable=True),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        # RESTRICT on both: an established PIP and its beschikking are records (models.PipVersion).
        _dossier_key("pip_version", "RESTRICT"),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
            name=op.f("fk_pip_version_letter_id_letter"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pip_version")),
        sa.UniqueConstraint("dossier_id", "number", name=op.f("uq_pip_version_dossier_id_number")),
    )
    op.create_index(op.f("ix_pip_version_dossier_id"), "pip_version", ["dossier_id"])
    op.create_index(op.f("ix_pip_version_letter_id"), "pip_version", ["letter_id"])
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("source_pip_version_id", sa.Integer(), nullable=True),
        _dossier_key("task", "CASCADE"),
        sa.ForeignKeyConstraint(
            ["source_pip_version_id"],
            ["pip_version.id"],
            name=op.f("fk_task_source_pip_version_id_pip_version"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    op.create_index(op.f("ix_task_dossier_id"), "task", ["dossier_id"])
    op.create_index(op.f("ix_task_source_pip_version_id"), "task", ["source_pip_version_id"])
    op.create_table(
        "form_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("saved_at", MOMENT, nullable=False),
        sa.Column("account", NAME, nullable=False),
        _dossier_key("form_draft", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_draft")),
        sa.UniqueConstraint(
            "dossier_id", "form_key", name=op.f("uq_form_draft_dossier_id_form_key")
        ),
    )
    op.create_index(op.f("ix_form_draft_dossier_id"), "form_draft", ["dossier_id"])
    # Nulls are distinct in a unique constraint: this keeps one draft per form for a dossier
    # not created yet. Partial indexes exist on SQLite and PostgreSQL alike.
    op.create_index(
        op.f("uq_form_draft_form_key_without_dossier"),
        "form_draft",
        ["form_key"],
        unique=True,
        sqlite_where=sa.text("dossier_id IS NULL"),
        postgresql_where=sa.text("dossier_id IS NULL"),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too, on SQLite and PostgreSQL alike.
    for table in ("form_draft", "task", "pip_version", "intake_answer", "intake", "coa_handover"):
        op.drop_table(table)
