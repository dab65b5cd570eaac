"""Reading the whole register through the driver, without SQLAlchemy or the ORM.

The register list, the deadline report and the program's start all need every dossier's plain
columns at once. Through the ORM that costs the SQLAlchemy import (about half a second on the
development machine, paid before the first window could show anything) plus an object per row;
through the DB-API cursor it costs a few milliseconds. The SQL is plain SELECTs that any database
runs; what is specific is the conversion of SQLite's stored text (dates as ISO strings, booleans
as 0/1), which is why this lives in `store/` (ARCHITECTURE.md: nothing SQLite-specific outside).

One read transaction (BEGIN ... COMMIT): in WAL mode a snapshot that writers do not wait for,
so the dossiers, exemptions and extensions always belong together.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from inburgering_desktop.domain import rules
from inburgering_desktop.domain.enums import CloseReason, Doelgroep, ExemptionKind
from inburgering_desktop.domain.register import DossierRow, RegisterSnapshot
from inburgering_desktop.store.migrate import HEAD_REVISION, VERSION_TABLE

# The columns of domain.register.DossierRow, in its order.
_DOSSIER_COLUMNS = ", ".join(DossierRow._fields)


def _date(value: Any) -> dt.date | None:
    # SQLAlchemy's Date type stores 'YYYY-MM-DD' on SQLite; other drivers return dates.
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _dossier_row(raw: tuple[Any, ...]) -> DossierRow:
    """One row in DossierRow's field order, converted. Written out field by field (not a loop
    over converters): it runs for every dossier at every start, and this is three times faster.
    tests/store/test_register_read.py checks it against the ORM's reading of the same rows."""
    (
        id_,
        reference,
        family_name,
        given_names,
        name_original_script,
        bsn,
        v_number,
        birth_date,
        doelgroep,
        pw_benefit,
        permit_date,
        koppeling_date,
        duo_notice_date,
        brp_date,
        intake_start_date,
        intake_completed_date,
        first_pip_date,
        closed_on,
        close_reason,
    ) = raw
    return DossierRow(
        id_,
        reference,
        family_name,
        given_names,
        name_original_script,
        bsn,
        v_number,
        _date(birth_date),  # type: ignore[arg-type]
        Doelgroep(doelgroep),
        bool(pw_benefit),
        _date(permit_date),  # type: ignore[arg-type]
        koppeling_date and _date(koppeling_date),
        duo_notice_date and _date(duo_notice_date),
        brp_date and _date(brp_date),
        intake_start_date and _date(intake_start_date),
        intake_completed_date and _date(intake_completed_date),
        first_pip_date and _date(first_pip_date),
        closed_on and _date(closed_on),
        close_reason and CloseReason(close_reason),
    )


def read_register(conn: Any) -> RegisterSnapshot:
    """Every dossier (reference order) with its exemptions, extensions and the policy overrides.

    `conn` is a keyed DB-API connection in autocommit mode (no transaction open).
    """
    conn.execute("BEGIN")
    try:
        raw_rows = conn.execute(
            f"SELECT {_DOSSIER_COLUMNS} FROM dossier ORDER BY reference"
        ).fetchall()
        exemptions: dict[int, list[rules.Exemption]] = defaultdict(list)
        for dossier_id, kind, decided_on, ground, reference in conn.execute(
            "SELECT dossier_id, kind, decided_on, ground, reference FROM exemption ORDER BY id"
        ):
            exemptions[dossier_id].append(
                rules.Exemption(
                    kind=ExemptionKind(kind),
                    decided_on=_date(decided_on),  # type: ignore[arg-type]
                    ground=ground,
                    reference=reference,
                )
            )
        extensions: dict[int, list[rules.Extension]] = defaultdict(list)
        for dossier_id, decided_on, new_end_date, reason, reference in conn.execute(
            "SELECT dossier_id, decided_on, new_end_date, reason, reference FROM extension "
            "ORDER BY id"
        ):
            extensions[dossier_id].append(
                rules.Extension(
                    decided_on=_date(decided_on),  # type: ignore[arg-type]
                    new_end_date=_date(new_end_date),  # type: ignore[arg-type]
                    reason=reason,
                    reference=reference,
                )
            )
        overrides = {
            key: json.loads(value)
            for key, value in conn.execute("SELECT key, value FROM policy_value")
        }
    finally:
        conn.execute("COMMIT")
    return RegisterSnapshot(
        dossiers=tuple(_dossier_row(raw) for raw in raw_rows),
        exemptions={key: tuple(found) for key, found in exemptions.items()},
        extensions={key: tuple(found) for key, found in extensions.items()},
        policy_overrides=overrides,
    )


def read_setting(conn: Any, key: str, default: object = None) -> object:
    """One value of the `setting` table (JSON), as services.settings stores it."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return default if row is None else json.loads(row[0])


def schema_is_current(conn: Any) -> bool:
    """True when the database is at HEAD_REVISION, so no migration has to run before reading."""
    try:
        rows = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    except Exception as exc:  # no version table yet: a database from before any migration
        if "no such table" in str(exc).lower():
            return False
        raise
    return [row[0] for row in rows] == [HEAD_REVISION]
