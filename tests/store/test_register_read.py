"""The register read through the driver (store/register_read.py) against the ORM's reading."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from inburgering_desktop.domain import rules
from inburgering_desktop.domain.enums import CloseReason, Doelgroep, ExemptionKind
from inburgering_desktop.domain.register import DossierRow
from inburgering_desktop.store import migrate
from inburgering_desktop.store.models import Dossier, Exemption, Extension, PolicyValue, Setting
from tests.store.data import add_dossier


def _fill(db):
    with db.transaction() as session:
        first = add_dossier(session, reference="INB-2025-0002")
        first.duo_notice_date = dt.date(2025, 4, 1)
        first.brp_date = dt.date(2025, 5, 2)
        first.first_pip_date = dt.date(2025, 7, 10)
        first.pw_benefit = True
        second = add_dossier(session, reference="INB-2025-0001", bsn="111222333")
        second.doelgroep = Doelgroep.GEZINSMIGRANT
        second.closed_on = dt.date(2026, 1, 5)
        second.close_reason = CloseReason.VERHUISD
        session.add(
            Exemption(
                dossier_id=first.id,
                kind=ExemptionKind.ONTHEFFING,
                decided_on=dt.date(2025, 9, 1),
                ground="medisch",
                reference="DUO-1",
            )
        )
        session.add(
            Extension(
                dossier_id=first.id,
                decided_on=dt.date(2027, 1, 1),
                new_end_date=dt.date(2029, 1, 10),
                reason="ziekte",
                reference="DUO-2",
            )
        )
        session.add(PolicyValue(key="pip_weeks", value=json.dumps(12)))
        session.add(Setting(key="account_name", value=json.dumps("Testconsulent")))


def test_register_read_matches_the_orm_field_by_field(db):
    _fill(db)
    snapshot = db.read_register()
    with db.session() as session:
        orm_rows = session.scalars(select(Dossier).order_by(Dossier.reference)).all()
        expected = [DossierRow(*(getattr(d, f) for f in DossierRow._fields)) for d in orm_rows]
    assert list(snapshot.dossiers) == expected
    assert [row.reference for row in snapshot.dossiers] == ["INB-2025-0001", "INB-2025-0002"]
    assert isinstance(snapshot.dossiers[0].birth_date, dt.date)
    assert snapshot.dossiers[0].close_reason is CloseReason.VERHUISD
    assert snapshot.dossiers[1].pw_benefit is True


def test_register_read_carries_exemptions_extensions_and_policy(db):
    _fill(db)
    snapshot = db.read_register()
    first_id = snapshot.dossiers[1].id
    assert snapshot.exemptions[first_id] == (
        rules.Exemption(ExemptionKind.ONTHEFFING, dt.date(2025, 9, 1), "medisch", "DUO-1"),
    )
    assert snapshot.extensions[first_id][0].new_end_date == dt.date(2029, 1, 10)
    assert snapshot.policy().pip_weeks == 12
    assert db.read_setting("account_name") == "Testconsulent"
    assert db.read_setting("missing", "standaard") == "standaard"


def test_schema_is_current_follows_the_head_revision(db, monkeypatch):
    assert db.schema_is_current()
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9999")
    from inburgering_desktop.store import register_read

    monkeypatch.setattr(register_read, "HEAD_REVISION", "9999")
    assert not db.schema_is_current()


def test_the_register_is_read_without_sqlalchemy_loaded(tmp_path):
    """The program's start lists the register before SQLAlchemy is imported (app.py)."""
    import subprocess
    import sys

    from tests.helpers_db import PASSPHRASE, make_database

    db = make_database(tmp_path)
    path = db.path
    db.close()
    script = (
        "import sys\n"
        "from inburgering_desktop.store.engine import unlock_database\n"
        "from inburgering_desktop.services.context import stored_account_name\n"
        "from inburgering_desktop.services.register import list_summaries\n"
        f"db = unlock_database({str(path)!r}, passphrase={PASSPHRASE!r})\n"
        "assert db.schema_is_current()\n"
        "db.read_register()\n"
        "stored_account_name(db)\n"
        "db.close()\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
