"""The practical checklist at housing (seed 003 §3): each item with owner, status and date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import ChecklistItemKind, ChecklistStatus
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import children, forms
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.store.models import ChecklistItem


@dataclass(frozen=True)
class ChecklistItemView:
    id: int
    kind: ChecklistItemKind
    owner: str
    status: ChecklistStatus
    status_date: dt.date | None
    note: str


def list_items(ctx: AppContext, dossier_id: int) -> list[ChecklistItemView]:
    order = {kind: i for i, kind in enumerate(ChecklistItemKind)}
    with ctx.db.transaction() as session:
        rows = session.scalars(select(ChecklistItem).where(ChecklistItem.dossier_id == dossier_id))
        views = [
            ChecklistItemView(r.id, r.kind, r.owner, r.status, r.status_date, r.note) for r in rows
        ]
    return sorted(views, key=lambda item: order[item.kind])


def parse_item(raw: Mapping[str, object]) -> dict[str, object]:
    return forms.collect(
        [
            (
                "status",
                lambda: forms.choice(raw, "status", ChecklistStatus, N_("Kies een status.")),
            ),
            ("owner", lambda: v.validate_name(forms.text(raw, "owner"), "owner", required=False)),
            ("status_date", lambda: forms.optional_date(raw, "status_date")),
            ("note", lambda: forms.text(raw, "note")),
        ]
    )


def update_item(ctx: AppContext, item_id: int, raw: Mapping[str, object]) -> None:
    values = parse_item(raw)
    with ctx.db.transaction() as session:
        children.update(session, ctx, ChecklistItem, item_id, values)
