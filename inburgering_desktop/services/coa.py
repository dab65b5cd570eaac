"""The warme overdracht from COA (RULES.md §2.3; seed 001 step 7): one form per dossier.

What arrived from the AZC (the NOA assessment, the medical GCA and youth health care JGZ
handovers, risk signals, documents) and the person's consent to share it. The three free texts
are special-category data (domain COA_SPECIAL_FIELDS, store CoaHandover.__special__): the audit
trail records only that they changed. The row is created on the first save and edited as a form,
with optimistic locking on its revision (0 = no row yet).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from inburgering_desktop.domain import intake as domain
from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import Doelgroep, HouseholdRelation
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import auditing, children, forms
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import StaleRecordError, ValidationFailed
from inburgering_desktop.store.models import CoaHandover, HouseholdMember

# The form's field names are the store's columns and the domain dataclass's fields.
COA_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(domain.CoaHandover))
_FLAGS = ("gca_received", "jgz_received", "consent_to_share", "no_intake_in_azc")
_TEXTS = ("noa_summary", "risk_signals", "documents_received")
# (date column, the flag it belongs to, message when the date is given without the flag)
_DATED_FLAGS: tuple[tuple[str, str, str], ...] = (
    (
        "gca_received_on",
        "gca_received",
        N_("Vink ook aan dat de medische overdracht van het GCA is ontvangen."),
    ),
    (
        "jgz_received_on",
        "jgz_received",
        N_("Vink ook aan dat de overdracht van de JGZ is ontvangen."),
    ),
    ("consent_on", "consent_to_share", N_("Vink ook aan dat de persoon toestemming gaf.")),
)

STALE_MESSAGE = N_(
    "De warme overdracht is intussen elders gewijzigd. Uw invoer staat nog in het scherm; "
    "kopieer wat u wilt bewaren en laad de intake opnieuw."
)
FUTURE_MESSAGE = N_("Deze datum ligt in de toekomst.")


@dataclass(frozen=True)
class CoaHandoverView:
    """The handover as stored (an empty one before the first save), its revision (0: no row
    yet) and what the consultant should still do about it (msgids, domain `coa_prompts`).

    Prompts are given for asielstatushouders only: a gezinsmigrant never lived in an AZC."""

    dossier_id: int
    handover: domain.CoaHandover
    revision: int
    prompts: tuple[str, ...]


def handover_of(row: CoaHandover | None) -> domain.CoaHandover:
    if row is None:
        return domain.CoaHandover()
    return domain.CoaHandover(**{name: getattr(row, name) for name in COA_FIELDS})


def read(session: Session, dossier_id: int) -> CoaHandoverView:
    """The view within the caller's session (the intake service builds its own view with it)."""
    dossier = children.require_dossier(session, dossier_id)
    row = _row(session, dossier_id)
    handover = handover_of(row)
    prompts: tuple[str, ...] = ()
    if dossier.doelgroep is Doelgroep.ASIELSTATUSHOUDER:
        has_children = bool(
            session.scalar(
                select(
                    exists().where(
                        HouseholdMember.dossier_id == dossier_id,
                        HouseholdMember.relation == HouseholdRelation.CHILD,
                    )
                )
            )
        )
        prompts = tuple(domain.coa_prompts(handover, children_in_household=has_children))
    return CoaHandoverView(dossier_id, handover, 0 if row is None else row.revision, prompts)


def get_coa_handover(ctx: AppContext, dossier_id: int) -> CoaHandoverView:
    with ctx.db.session() as session:
        return read(session, dossier_id)


def parse_coa_handover(raw: Mapping[str, object], today: dt.date) -> dict[str, object]:
    """The typed values of the form, or ValidationFailed with a Dutch message per field.

    Check boxes arrive as booleans (a form) or as "ja"/"nee" text (an import); dates as
    dd-mm-jjjj or ISO. A date is the day something was received or given: not in the future,
    and not without its check box.
    """

    def day(key: str) -> dt.date | None:
        value = forms.optional_date(raw, key)
        if value is not None and value > today:
            raise v.ValidationError(key, FUTURE_MESSAGE)
        return value

    checks = [(key, lambda key=key: parse_flag(raw, key)) for key in _FLAGS]
    checks += [(key, lambda key=key: day(key)) for key, _flag, _msg in _DATED_FLAGS]
    checks += [(key, lambda key=key: free_text(raw, key)) for key in _TEXTS]
    values = forms.collect(checks)
    problems = [
        v.ValidationError(key, message)
        for key, flag_key, message in _DATED_FLAGS
        if values[key] is not None and not values[flag_key]
    ]
    if problems:
        raise ValidationFailed(problems)
    return values


def parse_flag(raw: Mapping[str, object], key: str) -> bool:
    """A check box: a boolean from a form, "ja"/"nee" (or true/false, 1/0) from an import,
    missing or empty as false."""
    value = raw.get(key)
    if isinstance(value, bool):
        return value
    word = forms.text(raw, key).casefold()
    if word in {"", "nee", "n", "false", "0", "no", "onwaar"}:
        return False
    if word in {"ja", "j", "true", "1", "yes", "waar"}:
        return True
    raise v.ValidationError(key, N_("Kies ja of nee."))


def free_text(raw: Mapping[str, object], key: str) -> str:
    """A note of several lines: NFC, trimmed, each line checked as a name is (no invisible
    bidi or control characters), at most MAX_TEXT_LENGTH characters; "" when empty.
    The same rules as the intake's free-text answers (domain intake._parse_text)."""
    text = raw.get(key)
    value = "" if text is None else str(text)
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(value) > domain.MAX_TEXT_LENGTH:
        raise v.ValidationError(
            key,
            N_("Gebruik hoogstens {max_length} tekens."),
            {"max_length": domain.MAX_TEXT_LENGTH},
        )
    return "\n".join(
        v.validate_name(line, key, required=False, max_length=domain.MAX_TEXT_LENGTH)
        for line in value.split("\n")
    )


def save_coa_handover(
    ctx: AppContext, dossier_id: int, raw: Mapping[str, object], revision: int
) -> CoaHandoverView:
    """Validate and store the whole form; creates the row on the first save (revision 0).

    StaleRecordError when the row was saved elsewhere since `revision`; a closed dossier
    refuses. Audited: a create, or an update with what changed (the free texts as
    "gewijzigd"); nothing is written when nothing changed.
    """
    values = parse_coa_handover(raw, ctx.today())
    with ctx.db.transaction() as session:
        children.require_open(session, dossier_id)
        row = _row(session, dossier_id)
        if (0 if row is None else row.revision) != revision:
            raise StaleRecordError(STALE_MESSAGE)
        if row is None:
            row = CoaHandover(dossier_id=dossier_id, **values)
            session.add(row)
            auditing.record_create(session, ctx.account, row, dossier_id)
        else:
            before = auditing.snapshot(row)
            for key, value in values.items():
                setattr(row, key, value)
            auditing.record_update(session, ctx.account, row, before, dossier_id)
        session.flush()
        return read(session, dossier_id)


def _row(session: Session, dossier_id: int) -> CoaHandover | None:
    return session.scalar(select(CoaHandover).where(CoaHandover.dossier_id == dossier_id))
