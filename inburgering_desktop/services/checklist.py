"""The practical checklist at housing (seed 003 §3): each item with owner, status and date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import ChecklistItemKind, ChecklistStatus
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import children
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ValidationFailed
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
    errors: list[v.ValidationError] = []
    values: dict[str, object] = {}
    try:
        values["status"] = ChecklistStatus(str(raw.get("status", "")))
    except ValueError:
        errors.append(v.ValidationError("status", N_("Kies een status.")))
    try:
        values["owner"] = v.validate_name(str(raw.get("owner") or ""), "owner", required=False)
    except v.ValidationError as exc:
        errors.append(exc)
    date_text = str(raw.get("status_date") or "").strip()
    try:
        values["status_date"] = v.parse_date(date_text, "status_date") if date_text else None
    except v.ValidationError as exc:
        errors.append(exc)
    values["note"] = str(raw.get("note") or "").strip()
    if errors:
        raise ValidationFailed(errors)
    return values


def update_item(ctx: AppContext, item_id: int, raw: Mapping[str, object]) -> None:
    values = parse_item(raw)
    with ctx.db.transaction() as session:
        children.update(session, ctx, ChecklistItem, item_id, values)
