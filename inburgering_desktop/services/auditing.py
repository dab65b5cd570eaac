"""Turning ORM changes into audit entries: one helper so every service records changes alike."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from inburgering_desktop.store import audit
from inburgering_desktop.store.models import Base

# Special-category values (AVG art. 9) appear in the trail only as this word.
CHANGED_MARK = "gewijzigd"
_SKIP = frozenset({"created_at", "updated_at", "revision"})


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(obj: Base) -> dict[str, object]:
    """The column values of a model instance, JSON-able."""
    mapper = inspect(type(obj))
    return {
        col.key: _plain(getattr(obj, col.key))
        for col in mapper.column_attrs
        if col.key not in _SKIP
    }


def special_fields(model: type[Base], *states: Mapping[str, object]) -> frozenset[str]:
    """The columns of `model` to record only as changed, for a row in these states (snapshots).

    `__special__` always; a column of `__special_if__` when its flag is true in any of the
    states: when an intake answer's key is reclassified, neither the old nor the new value shows.
    A flag that is missing from a state says nothing; one that is null counts as true, erring on
    the side of redacting.
    """
    conditional = {
        column
        for column, flag in model.__special_if__.items()
        if any(flag in state and state[flag] is not False for state in states)
    }
    return model.__special__ | conditional


def diff(
    before: Mapping[str, object], after: Mapping[str, object], special: frozenset[str]
) -> dict[str, tuple[object, object]]:
    changes: dict[str, tuple[object, object]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if key in special:
            changes[key] = (CHANGED_MARK if old not in (None, "") else None, CHANGED_MARK)
        else:
            changes[key] = (old, new)
    return changes


def _entity(obj: Base) -> str:
    return type(obj).__tablename__


def record_create(session: Session, account: str, obj: Base, dossier_id: int | None) -> None:
    session.flush()
    after = snapshot(obj)
    changes = diff({}, after, special_fields(type(obj), after))
    audit.append(
        session,
        account=account,
        action="create",
        entity=_entity(obj),
        entity_id=_identity(obj),
        dossier_id=dossier_id,
        changes=changes,
    )


def record_update(
    session: Session,
    account: str,
    obj: Base,
    before: Mapping[str, object],
    dossier_id: int | None,
) -> bool:
    """Audits what changed since `before`; returns False (and writes nothing) if nothing did."""
    session.flush()
    after = snapshot(obj)
    changes = diff(before, after, special_fields(type(obj), before, after))
    if not changes:
        return False
    audit.append(
        session,
        account=account,
        action="update",
        entity=_entity(obj),
        entity_id=_identity(obj),
        dossier_id=dossier_id,
        changes=changes,
    )
    return True


def record_delete(session: Session, account: str, obj: Base, dossier_id: int | None) -> None:
    before = snapshot(obj)
    changes = diff(before, {}, special_fields(type(obj), before))
    audit.append(
        session,
        account=account,
        action="delete",
        entity=_entity(obj),
        entity_id=_identity(obj),
        dossier_id=dossier_id,
        changes=changes,
    )


def _identity(obj: Base) -> str:
    identity = inspect(obj).identity
    return "/".join(str(part) for part in identity) if identity else ""
