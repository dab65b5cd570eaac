"""The whole register at once: the list's rows and the deadline report's statuses.

Read through `Database.read_register` (the driver, one read transaction, no ORM) and evaluated
by `domain.register`: this module imports no SQLAlchemy, so the program's start can list the
register before SQLAlchemy is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inburgering_desktop.domain import register

if TYPE_CHECKING:
    from inburgering_desktop.services.context import AppContext


def list_summaries(ctx: AppContext) -> list[register.DossierSummary]:
    """Every dossier as a list row, with its derived regime, phase and deadlines."""
    return register.summaries(ctx.db.read_register(), ctx.today())
