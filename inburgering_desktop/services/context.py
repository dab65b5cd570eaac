"""What every service call needs: the open database, who is working, and what day it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from inburgering_desktop.store.engine import Database


def _today() -> dt.date:
    return dt.date.today()


@dataclass
class AppContext:
    db: Database
    account: str
    # Injected so tests and the deadline report can be run "as of" a given day.
    today: Callable[[], dt.date] = field(default=_today)
