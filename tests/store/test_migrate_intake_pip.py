"""Revision 0003 (warme overdracht, brede intake, PIP versions, tasks, form drafts): an existing
0002 register keeps every row, and the new tables' keys and constraints hold."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inburgering_desktop.domain.enums import Leerroute, PipVersionStatus, ToetsOutcome
from inburgering_desktop.store import migrate, paths
from inburgering_desktop.store.backup import list_backups
from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.models import (
    Base,
    CoaHandover,
    Dossier,
    FormDraft,
    Intake,
    IntakeAnswer,
    JournalEntry,
    Letter,
    PipVersion,
    Task,
)
from tests.helpers_db import make_database, reopen_database
from tests.store.data import FAMILY_NAME, NOTE, add_dossier, add_intake_and_draft

NEW_TABLES = {"coa_handover", "intake", "intake_answer", "pip_version", "task", "form_draft"}
PDF = b"%PDF-1.7 synthetic beschikking bytes"


def _letter(dossier_id: int) -> Letter:
    return Letter(
        dossier_id=dossier_id,
        letter_type="pip_beschikking",
        languages="nl+ar",
        title="Beschikking plan inburgering en participatie",
        template_version="0.1.0",
        catalog_versions="{}",
        issued_on=dt.date(2026, 11, 23),
        account="Testconsulent",
        sha256=hashlib.sha256(PDF).hexdigest(),
        pdf=PDF,
    )


def _pip(dossier_id: int, number: int = 1, letter_id: int | None = None) -> PipVersion:
    return PipVersion(dossier_id=dossier_id, number=number, letter_id=letter_id)


def _count(db: Database, model: type[Base]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_upgrade_from_0002_keeps_the_register(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    migrate.downgrade(db, "0002")
    with db.connect() as conn:
        assert migrate.current_revision(conn) == "0002"
        assert not NEW_TABLES & set(inspect(conn).get_table_names())
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        session.add(_letter(dossier_id))
    db.close()

    with reopen_database(db.path) as upgraded:
        with upgraded.connect() as conn:
            assert migrate.current_revision(conn) == "0003"
            assert set(inspect(conn).get_table_names()) >= NEW_TABLES
        with upgraded.session() as session:
            dossier = session.scalars(select(Dossier)).one()
            assert dossier.family_name == FAMILY_NAME
            assert [entry.text for entry in dossier.journal] == [NOTE]
            letter = session.scalars(select(Letter)).one()
            assert letter.pdf == PDF
        # The new tables work on the old rows.
        with upgraded.transaction() as session:
            add_intake_and_draft(session, dossier_id)
            pip = _pip(dossier_id, letter_id=letter.id)
            session.add(pip)
            session.flush()
            session.add(
                Task(
                    dossier_id=dossier_id,
                    kind="pip_melden_duo",
                    created_on=dt.date(2026, 11, 23),
                    source_pip_version_id=pip.id,
                )
            )
        assert _count(upgraded, PipVersion) == _count(upgraded, Task) == 1
        with upgraded.session() as session:
            # Defaults, and enum columns read back as the domain's enums.
            assert session.scalars(select(PipVersion)).one().status is PipVersionStatus.CONCEPT
        backups = list_backups(paths.backups_dir(db.path))
    assert len(backups) == 1 and "voor-migratie-van-0002" in backups[0].name


def test_downgrade_to_0002_drops_only_the_new_tables(tmp_path: Path) -> None:
    db = make_database(tmp_path)
    try:
        with db.transaction() as session:
            dossier_id = add_dossier(session).id
            session.add(_letter(dossier_id))
            add_intake_and_draft(session, dossier_id)
        migrate.downgrade(db, "0002")
        with db.connect() as conn:
            assert not NEW_TABLES & set(inspect(conn).get_table_names())
        assert _count(db, JournalEntry) == _count(db, Letter) == 1
        migrate.upgrade(db)
        assert _count(db, IntakeAnswer) == 0
    finally:
        db.close()


@pytest.mark.parametrize(
    ("make", "other"),
    [
        (lambda d: Intake(dossier_id=d), lambda d: Intake(dossier_id=d)),
        (lambda d: CoaHandover(dossier_id=d), lambda d: CoaHandover(dossier_id=d)),
        (
            lambda d: IntakeAnswer(dossier_id=d, field_key="taal.lezen", value="A1"),
            lambda d: IntakeAnswer(dossier_id=d, field_key="taal.lezen", value="A2"),
        ),
        (lambda d: _pip(d, 1), lambda d: _pip(d, 1)),
        (
            lambda d: FormDraft(dossier_id=d, form_key="pip", payload="{}", account="x"),
            lambda d: FormDraft(dossier_id=d, form_key="pip", payload="{}", account="x"),
        ),
        # Nulls are distinct in a unique constraint: the partial index catches these.
        (
            lambda d: FormDraft(dossier_id=None, form_key="person", payload="{}", account="x"),
            lambda d: FormDraft(dossier_id=None, form_key="person", payload="{}", account="x"),
        ),
    ],
    ids=["intake", "coa_handover", "intake_answer", "pip_number", "draft", "draft_new_dossier"],
)
def test_one_row_per_key(db: Database, make, other) -> None:
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        session.add(make(dossier_id))
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(other(dossier_id))


def test_different_keys_coexist(db: Database) -> None:
    with db.transaction() as session:
        first = add_dossier(session).id
        second = add_dossier(session, reference="D-0002", bsn="111222333").id
        for dossier_id in (first, second):
            session.add(Intake(dossier_id=dossier_id))
            session.add(_pip(dossier_id, 1))
            session.add(FormDraft(dossier_id=dossier_id, form_key="pip", payload="{}", account="x"))
        session.add(_pip(first, 2))
        session.add(FormDraft(dossier_id=None, form_key="pip", payload="{}", account="x"))
        session.add(FormDraft(dossier_id=None, form_key="person", payload="{}", account="x"))
    assert _count(db, PipVersion) == 3 and _count(db, FormDraft) == 4


def test_deleting_a_dossier_removes_its_scratch_and_intake_but_not_a_pip(db: Database) -> None:
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        add_intake_and_draft(session, dossier_id)
        session.add(Intake(dossier_id=dossier_id))
        session.add(CoaHandover(dossier_id=dossier_id))
        session.add(Task(dossier_id=dossier_id, kind="x", created_on=dt.date(2026, 11, 23)))
        session.add(_pip(dossier_id))
    # An established PIP is a record, like a letter: RESTRICT.
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(delete(Dossier).where(Dossier.id == dossier_id))
    assert _count(db, PipVersion) == 1
    # Deliberately: the PIP first, then the dossier takes everything else with it.
    with db.transaction() as session:
        session.execute(delete(PipVersion))
        session.execute(delete(Dossier).where(Dossier.id == dossier_id))
    for model in (IntakeAnswer, FormDraft, Intake, CoaHandover, Task, JournalEntry):
        assert _count(db, model) == 0, model.__tablename__


def test_a_beschikking_linked_to_a_pip_cannot_be_deleted(db: Database) -> None:
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        letter = _letter(dossier_id)
        session.add(letter)
        session.flush()
        session.add(_pip(dossier_id, letter_id=letter.id))
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(delete(Letter))
    assert _count(db, Letter) == 1


def test_a_task_outlives_its_concept_pip(db: Database) -> None:
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        pip = _pip(dossier_id)
        session.add(pip)
        session.flush()
        task = Task(
            dossier_id=dossier_id,
            kind="pip_melden_duo",
            title="PIP melden bij DUO",
            created_on=dt.date(2026, 11, 23),
            due_on=dt.date(2026, 12, 7),
            source_pip_version_id=pip.id,
        )
        session.add(task)
    with db.transaction() as session:
        session.execute(delete(PipVersion))
    with db.session() as session:
        kept = session.get(Task, task.id)
        assert kept is not None and kept.source_pip_version_id is None


@pytest.mark.parametrize(
    ("model", "column", "newer", "stale_value"),
    [
        (CoaHandover, "risk_signals", "Eerder signaal", "Nieuw signaal"),
        (Intake, "toets_outcome", ToetsOutcome.HOOG, ToetsOutcome.LAAG),
        (PipVersion, "leerroute", Leerroute.B1, Leerroute.Z_ROUTE),
    ],
)
def test_a_stale_editor_cannot_overwrite_a_newer_save(
    db: Database, model: type[Base], column: str, newer: object, stale_value: object
) -> None:
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        row = _pip(dossier_id) if model is PipVersion else model(dossier_id=dossier_id)
        session.add(row)
    with db.session() as stale_session:
        stale = stale_session.get(model, row.id)
        stale_session.commit()  # loaded at revision 1, as a form opened earlier
        with db.transaction() as session:  # another window saves first
            setattr(session.get(model, row.id), column, newer)
        assert _revision(db, model, row.id) == 2
        setattr(stale, column, stale_value)
        with pytest.raises(StaleDataError):
            stale_session.commit()
    with db.session() as session:
        assert getattr(session.get(model, row.id), column) == newer


def _revision(db: Database, model: type[Base], row_id: int) -> int:
    with db.session() as session:
        return session.get(model, row_id).revision
