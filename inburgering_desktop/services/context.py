"""What every service call needs: the open database, who is working, and what day it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the type only: the start-up path imports this before the store's engine
    from inburgering_desktop.store.engine import Database


def _today() -> dt.date:
    return dt.date.today()


@dataclass
class AppContext:
    db: Database
    account: str
    # Injected so tests and the deadline report can be run "as of" a given day.
    today: Callable[[], dt.date] = field(default=_today)


# The setting holding the consultant's account name (services.settings writes it). Here, with no
# SQLAlchemy around, because the program's start reads it through the driver.
ACCOUNT_KEY = "account_name"


def stored_account_name(db: Database) -> str:
    """The account name saved in Instellingen, "" if none was saved yet."""
    return str(db.read_setting(ACCOUNT_KEY, "") or "")
