from __future__ import annotations

import json

from sqlalchemy import select

from inburgering_desktop.services.context import AppContext
from inburgering_desktop.store import audit
from inburgering_desktop.store.models import AuditEntry


def audit_entries(ctx: AppContext, entity: str | None = None) -> list[dict[str, object]]:
    with ctx.db.transaction() as session:
        query = select(AuditEntry).order_by(AuditEntry.seq)
        if entity:
            query = query.where(AuditEntry.entity == entity)
        return [
            {
                "seq": e.seq,
                "account": e.account,
                "action": e.action,
                "entity": e.entity,
                "dossier_id": e.dossier_id,
                "changes": json.loads(e.changes),
            }
            for e in session.scalars(query)
        ]


def assert_chain_ok(ctx: AppContext) -> None:
    with ctx.db.transaction() as session:
        report = audit.verify(session)
    assert report.ok, report.problem
    assert report.checked > 0
