from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from inburgering_desktop.services.context import AppContext
from tests.helpers_db import make_database

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def ctx(tmp_path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    context = AppContext(db=db, account="Testconsulent", today=lambda: TODAY)
    yield context
    db.close()


def person(**overrides: object) -> dict[str, object]:
    """A valid, synthetic person as a form would submit it."""
    raw: dict[str, object] = {
        "family_name": "Proefnaam",
        "given_names": "Zwaantje",
        "name_original_script": "",
        "bsn": "111222333",
        "v_number": "1234567890",
        "birth_date": "14-04-1990",
        "nationality": "SY",
        "country_of_birth": "SY",
        "language_code": "ar",
        "interpreter_needed": True,
        "doelgroep": "asielstatushouder",
        "pw_benefit": True,
        "permit_date": "01-03-2025",
        "duo_notice_date": "01-04-2025",
        "brp_date": "15-05-2025",
    }
    raw.update(overrides)
    return raw
