"""Synthetic people for store tests (never real data)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from inburgering_desktop.domain.enums import Doelgroep
from inburgering_desktop.store.models import Dossier, FormDraft, IntakeAnswer, JournalEntry

FAMILY_NAME = "Proefnaam"
GIVEN_NAMES = "Zwaantje"
BSN = "123456782"
ORIGINAL_SCRIPT = "زوانتيه"
NOTE = "Zwaantje Proefnaam heeft een afspraak bij de huisarts"
# Health data in an intake answer, and a draft of one still being typed.
HEALTH_ANSWER = "Posttraumatische klachten, slaapt slecht"
DRAFT_TEXT = "Concept: verwijzing naar de praktijkondersteuner"
# What must never appear in the clear in any file on disk.
NEEDLES = (
    FAMILY_NAME.encode(),
    GIVEN_NAMES.encode(),
    BSN.encode(),
    ORIGINAL_SCRIPT.encode(),
    HEALTH_ANSWER.encode(),
    DRAFT_TEXT.encode(),
)


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


def add_intake_and_draft(session: Session, dossier_id: int) -> None:
    """A special-category intake answer and an autosaved draft (tables of revision 0003)."""
    session.add(
        IntakeAnswer(
            dossier_id=dossier_id,
            field_key="gezondheid.toelichting",
            value=HEALTH_ANSWER,
            special=True,
        )
    )
    session.add(
        FormDraft(
            dossier_id=dossier_id,
            form_key="intake",
            payload=json.dumps({"gezondheid.toelichting": DRAFT_TEXT}, ensure_ascii=False),
            account="Testconsulent",
        )
    )
    session.flush()
