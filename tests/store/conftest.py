from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inburgering_desktop.store.engine import Database
from tests.helpers_db import make_database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_database(tmp_path)
    yield database
    database.close()
