"""Revision 0002 (letters kept as sent): an existing 0001 register keeps every row, and a
dossier with a stored letter cannot be deleted."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.exc import IntegrityError

from inburgering_desktop.store import migrate, paths
from inburgering_desktop.store.backup import list_backups
from inburgering_desktop.store.models import Dossier, JournalEntry, Letter
from tests.helpers_db import make_database, reopen_database
from tests.store.data import FAMILY_NAME, NOTE, add_dossier

PDF = b"%PDF-1.7 synthetic letter bytes"


def _letter(dossier_id: int) -> Letter:
    return Letter(
        dossier_id=dossier_id,
        letter_type="vrije_brief",
        languages="nl+ar",
        title="Brief over uw inburgering",
        template_version="0.1.0",
        catalog_versions="{}",
        issued_on=dt.date(2026, 11, 23),
        account="Testconsulent",
        sha256=hashlib.sha256(PDF).hexdigest(),
        pdf=PDF,
    )


def test_upgrade_from_0001_keeps_the_register(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    migrate.downgrade(db, "0001")
    with db.connect() as conn:
        assert migrate.current_revision(conn) == "0001"
        assert "letter" not in inspect(conn).get_table_names()
    with db.transaction() as session:
        add_dossier(session)
    db.close()

    with reopen_database(db.path) as upgraded:
        with upgraded.connect() as conn:
            # Up to the head: 0002 and every revision after it.
            assert migrate.current_revision(conn) == migrate.HEAD_REVISION
            assert "letter" in inspect(conn).get_table_names()
        with upgraded.session() as session:
            dossier = session.scalars(select(Dossier)).one()
            assert dossier.family_name == FAMILY_NAME
            assert [entry.text for entry in dossier.journal] == [NOTE]
        with upgraded.transaction() as session:
            session.add(_letter(dossier.id))
        with upgraded.session() as session:
            assert session.scalar(select(func.count()).select_from(Letter)) == 1
        backups = list_backups(paths.backups_dir(db.path))
    assert len(backups) == 1 and "voor-migratie-van-0001" in backups[0].name


def test_a_dossier_with_a_letter_cannot_be_deleted(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    try:
        with db.transaction() as session:
            dossier_id = add_dossier(session).id
            session.add(_letter(dossier_id))
        with pytest.raises(IntegrityError), db.transaction() as session:
            session.execute(delete(JournalEntry))
            session.execute(delete(Dossier).where(Dossier.id == dossier_id))
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Letter)) == 1
            assert session.get(Dossier, dossier_id) is not None
    finally:
        db.close()
