"""Synthetic people for store tests (never real data)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from inburgering_desktop.domain.enums import Doelgroep
from inburgering_desktop.store.models import Dossier, JournalEntry

FAMILY_NAME = "Proefnaam"
GIVEN_NAMES = "Zwaantje"
BSN = "123456782"
ORIGINAL_SCRIPT = "زوانتيه"
NOTE = "Zwaantje Proefnaam heeft een afspraak bij de huisarts"
# What must never appear in the clear in any file on disk.
NEEDLES = (FAMILY_NAME.encode(), GIVEN_NAMES.encode(), BSN.encode(), ORIGINAL_SCRIPT.encode())


def add_dossier(session: Session, *, reference: str = "D-0001", bsn: str = BSN) -> Dossier:
    dossier = Dossier(
        reference=reference,
        family_name=FAMILY_NAME,
        given_names=GIVEN_NAMES,
        name_original_script=ORIGINAL_SCRIPT,
        bsn=bsn,
        birth_date=dt.date(1990, 4, 14),
        doelgroep=Doelgroep.ASIELSTATUSHOUDER,
        permit_date=dt.date(2025, 3, 1),
    )
    dossier.journal.append(JournalEntry(entry_date=dt.date(2025, 6, 2), text=NOTE))
    session.add(dossier)
    session.flush()
    return dossier


def contains_any(data: bytes, needles: tuple[bytes, ...] = NEEDLES) -> list[bytes]:
    return [needle for needle in needles if needle in data]
