"""Add, change and remove the records that hang under a dossier, audited alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from sqlalchemy.orm import Session

from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import auditing
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import NotFoundError, ServiceError
from inburgering_desktop.store.models import Base, Dossier

Child = TypeVar("Child", bound=Base)


def require_dossier(session: Session, dossier_id: int) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFoundError(N_("Dit dossier bestaat niet (meer)."))
    return dossier


CLOSED_MESSAGE = N_("Dit dossier is gesloten. Heropen het dossier om iets te wijzigen.")


def require_open(session: Session, dossier_id: int) -> Dossier:
    """The dossier, if it may still be changed: a closed dossier is a record, kept as it was."""
    dossier = require_dossier(session, dossier_id)
    if dossier.closed_on is not None:
        raise ServiceError(CLOSED_MESSAGE)
    return dossier


def require(session: Session, model: type[Child], child_id: int) -> Child:
    obj = session.get(model, child_id)
    if obj is None:
        raise NotFoundError(N_("Dit onderdeel bestaat niet (meer); ververs het scherm."))
    return obj


def add(
    session: Session,
    ctx: AppContext,
    model: type[Child],
    dossier_id: int,
    values: Mapping[str, object],
) -> Child:
    require_open(session, dossier_id)
    obj = model(dossier_id=dossier_id, **values)
    session.add(obj)
    auditing.record_create(session, ctx.account, obj, dossier_id)
    return obj


def update(
    session: Session,
    ctx: AppContext,
    model: type[Child],
    child_id: int,
    values: Mapping[str, object],
) -> Child:
    obj = require(session, model, child_id)
    require_open(session, obj.dossier_id)  # type: ignore[attr-defined]
    before = auditing.snapshot(obj)
    for key, value in values.items():
        setattr(obj, key, value)
    auditing.record_update(session, ctx.account, obj, before, obj.dossier_id)  # type: ignore[attr-defined]
    return obj


def delete(session: Session, ctx: AppContext, model: type[Child], child_id: int) -> None:
    obj = require(session, model, child_id)
    require_open(session, obj.dossier_id)  # type: ignore[attr-defined]
    auditing.record_delete(session, ctx.account, obj, obj.dossier_id)  # type: ignore[attr-defined]
    session.delete(obj)
