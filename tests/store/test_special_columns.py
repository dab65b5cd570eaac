"""Special-category markings (AVG art. 9): every marking names a real column, and a table whose
rows differ (intake answers) is redacted in the audit trail per row."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Boolean, select

from inburgering_desktop.services import auditing
from inburgering_desktop.services.auditing import CHANGED_MARK
from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.models import AuditEntry, Base, IntakeAnswer
from tests.store.data import add_dossier

ACCOUNT = "Testconsulent"
HEALTH = "Posttraumatische klachten"


def _models() -> list[type[Base]]:
    return [mapper.class_ for mapper in Base.registry.mappers]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__tablename__)
def test_markings_name_real_columns(model: type[Base]) -> None:
    columns = model.__table__.columns
    assert model.__special__ <= set(columns.keys())
    for column, flag in model.__special_if__.items():
        assert column in columns and column not in model.__special__
        assert isinstance(columns[flag].type, Boolean), (model.__tablename__, flag)


def _changes(db: Database) -> list[tuple[str, dict[str, list[object]]]]:
    with db.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "intake_answer").order_by(AuditEntry.seq)
        )
        return [(e.action, json.loads(e.changes)) for e in entries]


def test_special_intake_answers_are_audited_as_changed_only(db: Database) -> None:
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        health = IntakeAnswer(
            dossier_id=dossier_id, field_key="gezondheid.toelichting", value=HEALTH, special=True
        )
        work = IntakeAnswer(dossier_id=dossier_id, field_key="werk.ervaring", value="Bakker")
        work.special = False
        unclassified = IntakeAnswer(dossier_id=dossier_id, field_key="nieuw.veld", value="Iets")
        for answer in (health, work, unclassified):
            session.add(answer)
            auditing.record_create(session, ACCOUNT, answer, dossier_id)
    with db.transaction() as session:
        health = session.get(IntakeAnswer, health.id)
        before = auditing.snapshot(health)
        health.value = "Ook hoofdpijn"
        auditing.record_update(session, ACCOUNT, health, before, dossier_id)
        work = session.get(IntakeAnswer, work.id)
        before = auditing.snapshot(work)
        work.value = "Bakker, 6 jaar"
        auditing.record_update(session, ACCOUNT, work, before, dossier_id)
        auditing.record_delete(session, ACCOUNT, health, dossier_id)
        session.delete(health)

    created, created_work, created_unclassified, updated, updated_work, deleted = _changes(db)
    assert created[1]["value"] == [None, CHANGED_MARK]
    assert created[1]["field_key"] == [None, "gezondheid.toelichting"]
    # A row whose flag was never set is redacted: the flag defaults to special.
    assert created_unclassified[1]["value"] == [None, CHANGED_MARK]
    assert created_work[1]["value"] == [None, "Bakker"]
    assert updated == ("update", {"value": [CHANGED_MARK, CHANGED_MARK]})
    assert updated_work == ("update", {"value": ["Bakker", "Bakker, 6 jaar"]})
    assert deleted[0] == "delete" and deleted[1]["value"][0] == CHANGED_MARK
    assert "klachten" not in str(_changes(db)) and "hoofdpijn" not in str(_changes(db))


@pytest.mark.parametrize(("was_special", "is_special"), [(False, True), (True, False)])
def test_a_reclassified_answer_shows_neither_value(
    db: Database, was_special: bool, is_special: bool
) -> None:
    with db.transaction() as session:
        dossier_id = add_dossier(session).id
        answer = IntakeAnswer(
            dossier_id=dossier_id, field_key="gezin.zorg", value="Mantelzorg", special=was_special
        )
        session.add(answer)
        session.flush()
        before = auditing.snapshot(answer)
        answer.special = is_special
        answer.value = "Mantelzorg voor moeder met dementie"
        auditing.record_update(session, ACCOUNT, answer, before, dossier_id)
    [(_action, changes)] = _changes(db)
    assert changes == {
        "special": [was_special, is_special],
        "value": [CHANGED_MARK, CHANGED_MARK],
    }


def test_tables_without_row_markings_are_audited_as_before() -> None:
    assert auditing.special_fields(IntakeAnswer) == frozenset()
    for model in _models():
        if not model.__special_if__:
            assert auditing.special_fields(model, {"special": True}) == model.__special__
