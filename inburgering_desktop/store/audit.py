"""The tamper-evident audit trail: who changed what, when, chained by SHA-256.

Services call `append` in the same Session and transaction as the change itself, so a change and
its audit entry are committed or rolled back together.

Each entry's `hash` is the SHA-256 (lower-case hex) of the UTF-8 bytes of

    prev_hash + canonical_json({"seq", "at", "account", "action", "entity", "entity_id",
                                "dossier_id", "changes"})

where canonical JSON is `json.dumps(..., sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`, `at` is written as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC), `entity_id` as the
stored string, `dossier_id` as an integer or null, and `changes` as the exact stored JSON text
(itself canonical JSON of `{field: [old, new]}`). `prev_hash` of the first entry is 64 zeros.
`AuditHead` (row id 1) holds the last seq and hash, updated with every entry, so that entries
deleted from the end are noticed too.

What the chain proves: any edit, deletion or reordering of entries by someone without this
program's code is detected. Someone who can write the database and recompute every hash can
rewrite history; the database encryption, not the chain, keeps such a person out.

Special-category fields (a model's `__special__`, AVG art. 9) are recorded as changed, never
with their content: the audit trail outlives deletions of the data it describes.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inburgering_desktop.domain.text import N_
from inburgering_desktop.store.models import AuditEntry, AuditHead, Base

ACTIONS = frozenset({"create", "update", "delete"})
GENESIS_HASH = "0" * 64
HEAD_ID = 1
# Stored instead of a special-category value; an empty value stays visible as empty. The same
# word services/auditing.py writes, so redacting what it already redacted changes nothing.
REDACTED = "gewijzigd"

# Problems `verify` reports: msgids with {placeholders}; `problem` carries the filled-in Dutch.
ENTRY_ALTERED = N_("Regel {seq} is gewijzigd (hash klopt niet)")
ENTRY_MISSING = N_("Regel {seq} ontbreekt")
ENTRIES_MISSING = N_("Regels {first} tot en met {last} ontbreken")
ENTRY_OUT_OF_CHAIN = N_(
    "Regel {seq} sluit niet aan op de regel ervoor (regels verwisseld of vervangen)"
)
TAIL_MISSING = N_("De laatste regels (vanaf {seq}) ontbreken")
HEAD_WRONG = N_("De kop van het logboek klopt niet")
HEAD_MISSING = N_("De kop van het logboek ontbreekt")


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None
    # For the ui's translation: `_(problem_msgid).format(**problem_args)`.
    problem_msgid: str | None = None
    problem_args: Mapping[str, int] = field(default_factory=dict)


def append(
    session: Session,
    *,
    account: str,
    action: str,
    entity: str,
    entity_id: str | int,
    dossier_id: int | None,
    changes: Mapping[str, tuple[object, object]],
) -> AuditEntry:
    """Add the next entry to the chain in `session`'s transaction and flush it.

    `entity` is the table name (e.g. "journal_entry") or the model class name; `changes` maps a
    field to (old, new). Values may be str, int, bool, None, date, datetime, Decimal, enum, UUID
    or lists/dicts of those.
    """
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {sorted(ACTIONS)}, not {action!r}")
    special = _special_fields(entity)
    changes_json = canonical_json(
        {
            name: [_redact(old, name in special), _redact(new, name in special)]
            for name, (old, new) in changes.items()
        }
    )
    # FOR UPDATE serialises appends on PostgreSQL; SQLite's BEGIN IMMEDIATE already has.
    # populate_existing: a long-lived session may hold the head from an earlier transaction.
    head = session.get(AuditHead, HEAD_ID, with_for_update=True, populate_existing=True)
    if head is None:
        head = AuditHead(id=HEAD_ID, seq=0, hash=GENESIS_HASH)
        session.add(head)
    entry = AuditEntry(
        seq=head.seq + 1,
        # Microseconds are the finest unit SQLite (as text) and PostgreSQL both keep exactly.
        at=dt.datetime.now(dt.UTC),
        account=account,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        dossier_id=dossier_id,
        changes=changes_json,
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    head.seq = entry.seq
    head.hash = entry.hash
    session.flush()
    return entry


def verify(session: Session) -> AuditReport:
    """Walk the whole chain and the head; report the first problem found."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    # populate_existing: check what is stored, not objects this session already holds.
    entries = session.scalars(
        select(AuditEntry)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=500, populate_existing=True)
    )
    for entry in entries:
        if entry.seq != expected_seq:
            if entry.seq - expected_seq == 1:
                return _bad(checked, expected_seq, ENTRY_MISSING, seq=expected_seq)
            return _bad(
                checked, expected_seq, ENTRIES_MISSING, first=expected_seq, last=entry.seq - 1
            )
        if entry_hash(entry) != entry.hash:
            return _bad(checked, entry.seq, ENTRY_ALTERED, seq=entry.seq)
        if entry.prev_hash != prev_hash:
            return _bad(checked, entry.seq, ENTRY_OUT_OF_CHAIN, seq=entry.seq)
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    last_seq = expected_seq - 1
    head = session.get(AuditHead, HEAD_ID, populate_existing=True)
    if head is None:
        if last_seq == 0:
            return AuditReport(ok=True, checked=0)
        return _bad(checked, None, HEAD_MISSING)
    if head.seq > last_seq:
        return _bad(checked, last_seq + 1, TAIL_MISSING, seq=last_seq + 1)
    if head.seq != last_seq or head.hash != prev_hash:
        return _bad(checked, None, HEAD_WRONG)
    return AuditReport(ok=True, checked=checked)


def entries_for_dossier(
    session: Session, dossier_id: int, *, newest_first: bool = False
) -> list[AuditEntry]:
    order = AuditEntry.seq.desc() if newest_first else AuditEntry.seq
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.dossier_id == dossier_id).order_by(order)
        )
    )


def decode_changes(entry: AuditEntry) -> dict[str, tuple[Any, Any]]:
    """`{field: (old, new)}` as stored (dates as ISO strings)."""
    return {name: (pair[0], pair[1]) for name, pair in json.loads(entry.changes).items()}


# -- hashing --------------------------------------------------------------------------------------


def entry_hash(entry: AuditEntry) -> str:
    record = {
        "seq": entry.seq,
        "at": _format_at(entry.at),
        "account": entry.account,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "dossier_id": entry.dossier_id,
        "changes": entry.changes,
    }
    return hashlib.sha256((entry.prev_hash + canonical_json(record)).encode("utf-8")).hexdigest()


def canonical_json(value: object) -> str:
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_json_default,
    )


def _json_default(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return _format_at(value)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=canonical_json)
    raise TypeError(f"audit: cannot record a value of type {type(value).__name__}")


def _format_at(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        # Only from a database that dropped the zone; the model stores UTC.
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _special_fields(entity: str) -> frozenset[str]:
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if entity in (cls.__name__, getattr(cls, "__tablename__", None)):
            return cls.__special__
    return frozenset()


def _redact(value: object, special: bool) -> object:
    if not special or value is None or value == "":
        return value
    return REDACTED


def _bad(checked: int, first_bad_seq: int | None, msgid: str, **args: int) -> AuditReport:
    return AuditReport(
        ok=False,
        checked=checked,
        first_bad_seq=first_bad_seq,
        problem=msgid.format(**args),
        problem_msgid=msgid,
        problem_args=args,
    )
