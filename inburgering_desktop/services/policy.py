"""The municipality's policy parameters: defaults from the domain, overrides in the database."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.store import audit
from inburgering_desktop.store.models import PolicyValue


def load_policy(session: Session) -> Policy:
    overrides = {row.key: json.loads(row.value) for row in session.scalars(select(PolicyValue))}
    return Policy.from_overrides(overrides)


def get_policy(ctx: AppContext) -> Policy:
    with ctx.db.transaction() as session:
        return load_policy(session)


def save_policy(ctx: AppContext, values: Mapping[str, object]) -> Policy:
    """Stores the values that differ from the defaults (validated by the domain first)."""
    with ctx.db.transaction() as session:
        old = load_policy(session)
        new = Policy.from_overrides({**old.overrides(), **values})
        stored = {row.key: row for row in session.scalars(select(PolicyValue))}
        wanted = new.overrides()
        changes: dict[str, tuple[object, object]] = {}
        for key in sorted(set(stored) | set(wanted)):
            before = json.loads(stored[key].value) if key in stored else None
            after = wanted.get(key)
            if before == after:
                continue
            changes[key] = (before, after)
            if after is None:
                session.delete(stored[key])
            elif key in stored:
                stored[key].value = json.dumps(after)
            else:
                session.add(PolicyValue(key=key, value=json.dumps(after)))
        if changes:
            audit.append(
                session,
                account=ctx.account,
                action="update",
                entity="policy_value",
                entity_id="policy",
                dossier_id=None,
                changes=changes,
            )
        return new
