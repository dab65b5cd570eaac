from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from inburgering_desktop.domain.enums import Doelgroep
from inburgering_desktop.store import audit
from inburgering_desktop.store.engine import Database
from inburgering_desktop.store.models import AuditEntry, AuditHead
from tests.helpers_db import make_database

ACCOUNT = "Testconsulent"


def _append(session, n: int, *, dossier_id: int | None = 7) -> list[AuditEntry]:
    return [
        audit.append(
            session,
            account=ACCOUNT,
            action="update",
            entity="dossier",
            entity_id=dossier_id or 0,
            dossier_id=dossier_id,
            changes={"city": (f"Plaats {i}", f"Plaats {i + 1}")},
        )
        for i in range(n)
    ]


def _with_entries(db: Database, n: int) -> None:
    with db.transaction() as session:
        _append(session, n)


def _raw(db: Database, sql: str) -> None:
    """Tampering as someone with the key and a SQL shell would: outside our code."""
    with db.connect() as conn, conn.begin():
        conn.execute(text(sql))


def _verify(db: Database) -> audit.AuditReport:
    with db.session() as session:
        return audit.verify(session)


def test_empty_log_verifies(db: Database) -> None:
    assert _verify(db) == audit.AuditReport(ok=True, checked=0)


def test_appended_entries_verify(db: Database) -> None:
    _with_entries(db, 5)
    with db.transaction() as session:
        _append(session, 3, dossier_id=None)
    report = _verify(db)
    assert report.ok and report.checked == 8 and report.problem is None
    with db.session() as session:
        head = session.get(AuditHead, audit.HEAD_ID)
        last = session.get(AuditEntry, 8)
        assert (head.seq, head.hash) == (8, last.hash)
        first = session.get(AuditEntry, 1)
        assert first.prev_hash == audit.GENESIS_HASH


def test_entry_fields_and_canonical_changes(db: Database) -> None:
    with db.transaction() as session:
        entry = audit.append(
            session,
            account=ACCOUNT,
            action="create",
            entity="dossier",
            entity_id=12,
            dossier_id=12,
            changes={
                "permit_date": (None, dt.date(2025, 3, 1)),
                "doelgroep": (None, Doelgroep.ASIELSTATUSHOUDER),
                "amount": (decimal.Decimal("1.50"), None),
                "family_name": ("", "Proefnaam – Zwaantje"),
            },
        )
    assert entry.entity_id == "12"
    assert entry.changes == (
        '{"amount":["1.50",null],"doelgroep":[null,"asielstatushouder"],'
        '"family_name":["","Proefnaam – Zwaantje"],"permit_date":[null,"2025-03-01"]}'
    )
    assert entry.at.tzinfo is not None
    assert audit.decode_changes(entry)["permit_date"] == (None, "2025-03-01")


def test_hash_is_documented_formula(db: Database) -> None:
    import hashlib

    with db.transaction() as session:
        entry = _append(session, 1)[0]
    with db.session() as session:
        stored = session.get(AuditEntry, entry.seq)
        record = {
            "seq": stored.seq,
            "at": stored.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "account": stored.account,
            "action": stored.action,
            "entity": stored.entity,
            "entity_id": stored.entity_id,
            "dossier_id": stored.dossier_id,
            "changes": stored.changes,
        }
        payload = stored.prev_hash + json.dumps(
            record, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        assert hashlib.sha256(payload.encode()).hexdigest() == stored.hash


def test_special_category_content_is_never_recorded(db: Database) -> None:
    with db.transaction() as session:
        entry = audit.append(
            session,
            account=ACCOUNT,
            action="update",
            entity="journal_entry",
            entity_id=3,
            dossier_id=1,
            changes={"text": ("", "Bezoek huisarts: depressie"), "entry_date": (None, "x")},
        )
    assert "depressie" not in entry.changes
    assert audit.decode_changes(entry)["text"] == ("", audit.REDACTED)
    assert audit.decode_changes(entry)["entry_date"] == (None, "x")


def test_unknown_action_and_value_types_are_refused(db: Database) -> None:
    with db.transaction() as session:
        with pytest.raises(ValueError):
            audit.append(
                session,
                account=ACCOUNT,
                action="wipe",
                entity="dossier",
                entity_id=1,
                dossier_id=1,
                changes={},
            )
        with pytest.raises(TypeError):
            audit.append(
                session,
                account=ACCOUNT,
                action="update",
                entity="dossier",
                entity_id=1,
                dossier_id=1,
                changes={"x": (object(), None)},
            )


def test_altered_changes_are_reported_with_their_seq(db: Database) -> None:
    _with_entries(db, 5)
    _raw(db, """UPDATE audit_entry SET changes = '{"city":["A","B"]}' WHERE seq = 3""")
    report = _verify(db)
    assert not report.ok
    assert report.first_bad_seq == 3
    assert report.problem == "Regel 3 is gewijzigd (hash klopt niet)"
    assert report.problem_msgid == audit.ENTRY_ALTERED and report.problem_args == {"seq": 3}
    assert report.checked == 2


@pytest.mark.parametrize(
    "assignment",
    [
        "account = 'Iemand anders'",
        "action = 'delete'",
        "entity = 'setting'",
        "entity_id = '99'",
        "dossier_id = NULL",
        "at = '2020-01-01 00:00:00.000000'",
    ],
)
def test_any_altered_field_is_reported(db: Database, assignment: str) -> None:
    _with_entries(db, 3)
    _raw(db, f"UPDATE audit_entry SET {assignment} WHERE seq = 2")
    report = _verify(db)
    assert (report.ok, report.first_bad_seq) == (False, 2)


def test_recomputed_hash_without_chain_is_caught(db: Database) -> None:
    """Editing an entry and fixing its own hash still breaks the link from the next entry."""
    _with_entries(db, 4)
    with db.transaction() as session:
        entry = session.get(AuditEntry, 2)
        entry.account = "Iemand anders"
        entry.hash = audit.entry_hash(entry)
    report = _verify(db)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert report.problem == audit.ENTRY_OUT_OF_CHAIN.format(seq=3)


def test_deleted_middle_entry_is_named(db: Database) -> None:
    _with_entries(db, 6)
    _raw(db, "DELETE FROM audit_entry WHERE seq = 4")
    report = _verify(db)
    assert (report.ok, report.first_bad_seq, report.problem) == (False, 4, "Regel 4 ontbreekt")


def test_deleted_run_of_entries_is_named(db: Database) -> None:
    _with_entries(db, 8)
    _raw(db, "DELETE FROM audit_entry WHERE seq IN (3, 4, 5)")
    report = _verify(db)
    assert report.first_bad_seq == 3
    assert report.problem == "Regels 3 tot en met 5 ontbreken"


def test_deleted_middle_entry_with_renumbering_is_caught(db: Database) -> None:
    _with_entries(db, 5)
    _raw(db, "DELETE FROM audit_entry WHERE seq = 3")
    _raw(db, "UPDATE audit_entry SET seq = seq - 1 WHERE seq > 3")
    _raw(db, "UPDATE audit_head SET seq = 4")
    report = _verify(db)
    assert (report.ok, report.first_bad_seq) == (False, 3)


def test_deleted_last_entries_are_detected(db: Database) -> None:
    _with_entries(db, 5)
    _raw(db, "DELETE FROM audit_entry WHERE seq >= 4")
    report = _verify(db)
    assert report.ok is False
    assert report.first_bad_seq == 4
    assert report.problem == "De laatste regels (vanaf 4) ontbreken"
    assert report.checked == 3


def test_deleted_everything_but_the_head_is_detected(db: Database) -> None:
    _with_entries(db, 2)
    _raw(db, "DELETE FROM audit_entry")
    report = _verify(db)
    assert (report.ok, report.first_bad_seq) == (False, 1)


def test_tampered_or_missing_head_is_detected(db: Database) -> None:
    _with_entries(db, 3)
    _raw(db, "UPDATE audit_head SET hash = 'x'")
    assert _verify(db).problem == "De kop van het logboek klopt niet"
    _raw(db, "DELETE FROM audit_head")
    assert _verify(db).problem == "De kop van het logboek ontbreekt"


def test_reordered_chain_is_detected(db: Database) -> None:
    _with_entries(db, 5)
    # Swap the contents of entries 2 and 3, keeping each row's seq.
    _raw(db, "UPDATE audit_entry SET seq = -2 WHERE seq = 2")
    _raw(db, "UPDATE audit_entry SET seq = 2 WHERE seq = 3")
    _raw(db, "UPDATE audit_entry SET seq = 3 WHERE seq = -2")
    report = _verify(db)
    assert (report.ok, report.first_bad_seq) == (False, 2)


def test_rollback_leaves_no_entry(db: Database) -> None:
    _with_entries(db, 2)
    with pytest.raises(RuntimeError), db.transaction() as session:
        _append(session, 3)
        raise RuntimeError("the change failed")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 2
    assert _verify(db).ok


def test_entries_for_dossier(db: Database) -> None:
    with db.transaction() as session:
        _append(session, 2, dossier_id=1)
        _append(session, 3, dossier_id=2)
        _append(session, 1, dossier_id=1)
    with db.session() as session:
        assert [e.seq for e in audit.entries_for_dossier(session, 1)] == [1, 2, 6]
        assert [e.seq for e in audit.entries_for_dossier(session, 1, newest_first=True)] == [
            6,
            2,
            1,
        ]


def test_verify_reads_what_is_stored_not_the_session_cache(db: Database) -> None:
    with db.session() as session:
        with session.begin():
            _append(session, 2)
        _raw(db, "UPDATE audit_entry SET account = 'x' WHERE seq = 1")
        # This session still holds seq 1 with the old account in its identity map.
        assert audit.verify(session).first_bad_seq == 1


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.text(max_size=30),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)
_changes = st.dictionaries(
    st.text(min_size=1, max_size=12), st.tuples(_values, _values), max_size=4
)
_appends = st.lists(
    st.tuples(
        st.sampled_from(sorted(audit.ACTIONS)),
        st.sampled_from(["dossier", "journal_entry", "exemption", "setting", "Dossier"]),
        st.one_of(st.integers(min_value=0, max_value=10**6), st.text(min_size=1, max_size=20)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
        st.text(min_size=1, max_size=40),
        _changes,
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = make_database(Path(tmp_path_factory.mktemp("audit-hypothesis")))
    yield database
    database.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(_appends, min_size=1, max_size=3))
def test_any_sequence_of_appends_verifies(shared_db: Database, batches: list) -> None:
    with shared_db.transaction() as session:
        session.execute(text("DELETE FROM audit_entry"))
        session.execute(text("DELETE FROM audit_head"))
    total = 0
    for batch in batches:
        with shared_db.transaction() as session:
            for action, entity, entity_id, dossier_id, account, changes in batch:
                audit.append(
                    session,
                    account=account,
                    action=action,
                    entity=entity,
                    entity_id=entity_id,
                    dossier_id=dossier_id,
                    changes=changes,
                )
        total += len(batch)
    report = _verify(shared_db)
    assert report.ok, report.problem
    assert report.checked == total


def test_long_lived_session_does_not_reuse_a_stale_head(db: Database) -> None:
    with db.session() as long_lived:
        with long_lived.begin():
            _append(long_lived, 1)
        _with_entries(db, 2)  # another session moves the head on
        with long_lived.begin():
            assert _append(long_lived, 1)[0].seq == 4
    assert _verify(db).ok
