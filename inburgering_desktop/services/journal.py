"""Dated notes on a dossier. Their text may hold special-category data: the audit trail records
only that it changed (store/models.py JournalEntry.__special__)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import children, forms
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.store.models import JournalEntry

MAX_NOTE_LENGTH = 20_000


@dataclass(frozen=True)
class JournalEntryView:
    id: int
    entry_date: dt.date
    author: str
    text: str


def parse_entry(raw: Mapping[str, object]) -> dict[str, object]:
    def note() -> str:
        value = forms.text(raw, "text")
        if not value:
            raise v.ValidationError("text", N_("Schrijf een notitie."))
        if len(value) > MAX_NOTE_LENGTH:
            raise v.ValidationError("text", N_("De notitie is te lang (maximaal 20.000 tekens)."))
        return value

    return forms.collect(
        [
            ("entry_date", lambda: v.parse_date(forms.text(raw, "entry_date"), "entry_date")),
            ("text", note),
        ]
    )


def list_entries(ctx: AppContext, dossier_id: int) -> list[JournalEntryView]:
    with ctx.db.transaction() as session:
        rows = session.scalars(
            select(JournalEntry)
            .where(JournalEntry.dossier_id == dossier_id)
            .order_by(JournalEntry.entry_date.desc(), JournalEntry.id.desc())
        )
        return [JournalEntryView(r.id, r.entry_date, r.author, r.text) for r in rows]


def add_entry(ctx: AppContext, dossier_id: int, raw: Mapping[str, object]) -> int:
    values = parse_entry(raw)
    with ctx.db.transaction() as session:
        return children.add(
            session, ctx, JournalEntry, dossier_id, {**values, "author": ctx.account}
        ).id


def update_entry(ctx: AppContext, entry_id: int, raw: Mapping[str, object]) -> None:
    values = parse_entry(raw)
    with ctx.db.transaction() as session:
        children.update(session, ctx, JournalEntry, entry_id, values)


def delete_entry(ctx: AppContext, entry_id: int) -> None:
    with ctx.db.transaction() as session:
        children.delete(session, ctx, JournalEntry, entry_id)
