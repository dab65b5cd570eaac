"""Autosaved form drafts: what was typed but not saved yet, for any form.

A form saves its typed values every couple of seconds while it is dirty, and offers them back
when it is opened again (after a crash, a closed window, a power cut). A draft is scratch, not a
record: nothing here is audited, and the form discards its draft when it saves or is cancelled
(store/models.py FormDraft says why).

The payload is a JSON object of the form's typed values as they were typed: strings, numbers,
booleans, null, lists and objects of those. Dates go in as ISO strings ("2026-11-23") or as the
text in the field, never as `datetime.date`: a draft holds input that may not parse yet, and
JSON has no date type. Anything else is a programming error (TypeError), not a user error.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.sql.elements import ColumnElement

from inburgering_desktop.services import children
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.store.models import FormDraft, utcnow

FORM_KEY_LENGTH = 64


@dataclass(frozen=True)
class Draft:
    form_key: str
    dossier_id: int | None
    payload: dict[str, Any]
    saved_at: dt.datetime
    account: str


@dataclass(frozen=True)
class DraftSummary:
    """A draft without its payload: for "there is unsaved input" lists, which need no content."""

    form_key: str
    dossier_id: int | None
    saved_at: dt.datetime
    account: str


def save_draft(
    ctx: AppContext, form_key: str, dossier_id: int | None, payload: Mapping[str, Any]
) -> None:
    """Keep `payload` as the one draft of this form for this dossier (None: a new dossier).

    One short transaction: a read of the dossier and the draft, then one INSERT or UPDATE, or
    nothing when the payload is what is stored already (a form re-sending unchanged values does
    not rewrite the file). A closed dossier refuses, as it refuses every change.
    """
    _check_form_key(form_key)
    text = _encode(payload)
    with ctx.db.transaction() as session:
        if dossier_id is not None:
            # A draft of a closed dossier could never be saved: refuse it while typing starts.
            children.require_open(session, dossier_id)
        draft = session.scalars(_select(form_key, dossier_id)).one_or_none()
        if draft is None:
            session.add(
                FormDraft(
                    dossier_id=dossier_id,
                    form_key=form_key,
                    payload=text,
                    saved_at=utcnow(),
                    account=ctx.account,
                )
            )
        elif draft.payload != text:
            draft.payload = text
            draft.saved_at = utcnow()
            draft.account = ctx.account


def load_draft(ctx: AppContext, form_key: str, dossier_id: int | None) -> Draft | None:
    """The draft of this form for this dossier, or None."""
    _check_form_key(form_key)
    with ctx.db.session() as session:
        draft = session.scalars(_select(form_key, dossier_id)).one_or_none()
        if draft is None:
            return None
        return Draft(
            form_key=draft.form_key,
            dossier_id=draft.dossier_id,
            payload=json.loads(draft.payload),
            saved_at=draft.saved_at,
            account=draft.account,
        )


def discard_draft(ctx: AppContext, form_key: str, dossier_id: int | None) -> None:
    """Remove the draft (the form was saved or cancelled); nothing happens if there is none.

    Allowed on a closed dossier too: removing scratch input changes nothing of the record, and a
    leftover draft would otherwise be offered for ever.
    """
    _check_form_key(form_key)
    with ctx.db.transaction() as session:
        session.execute(delete(FormDraft).where(*_where(form_key, dossier_id)))


def list_drafts(ctx: AppContext) -> list[DraftSummary]:
    """Every draft, newest first, without payloads (for a "restore unsaved input?" overview)."""
    with ctx.db.session() as session:
        rows = session.execute(
            select(
                FormDraft.form_key, FormDraft.dossier_id, FormDraft.saved_at, FormDraft.account
            ).order_by(FormDraft.saved_at.desc(), FormDraft.id.desc())
        )
        return [DraftSummary(*row) for row in rows]


# -- internals ------------------------------------------------------------------------------------


def _encode(payload: Mapping[str, Any]) -> str:
    if not isinstance(payload, Mapping):
        raise TypeError(f"a draft payload is a JSON object, not {type(payload).__name__}")
    if not all(isinstance(key, str) for key in payload):
        # json.dumps would turn 1 into "1" silently, and the form would get back other keys.
        raise TypeError("a draft payload's keys are field names (str)")
    # No `default=`: a date or Decimal raises TypeError here instead of being stored as
    # something load_draft would hand back as a different type. sort_keys makes equal payloads
    # equal text, so an unchanged form is recognised and not rewritten.
    return json.dumps(
        dict(payload), ensure_ascii=False, allow_nan=False, sort_keys=True, separators=(",", ":")
    )


def _check_form_key(form_key: str) -> None:
    if not form_key or len(form_key) > FORM_KEY_LENGTH:
        raise ValueError(f"form_key must be 1 to {FORM_KEY_LENGTH} characters: {form_key!r}")


def _where(form_key: str, dossier_id: int | None) -> tuple[ColumnElement[bool], ...]:
    # `dossier_id = NULL` is never true in SQL: a new dossier's draft needs IS NULL.
    dossier = (
        FormDraft.dossier_id.is_(None) if dossier_id is None else FormDraft.dossier_id == dossier_id
    )
    return (FormDraft.form_key == form_key, dossier)


def _select(form_key: str, dossier_id: int | None) -> Select[tuple[FormDraft]]:
    return select(FormDraft).where(*_where(form_key, dossier_id))
