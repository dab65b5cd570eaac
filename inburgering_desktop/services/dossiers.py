"""The dossier register: create, edit, close, read, list."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from inburgering_desktop.domain import rules
from inburgering_desktop.domain.enums import (
    ChecklistItemKind,
    CloseReason,
    Doelgroep,
    Phase,
    Regime,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ValidationError, parse_date
from inburgering_desktop.services import auditing, children
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.dossier_fields import ALL_FIELDS, parse_dossier_fields
from inburgering_desktop.services.errors import (
    NotFoundError,
    ServiceError,
    StaleRecordError,
    ValidationFailed,
)
from inburgering_desktop.services.policy import load_policy
from inburgering_desktop.store.models import ChecklistItem, Dossier, Exemption, Extension

REFERENCE_PREFIX = "INB"
_SEVERITY_RANK = {"info": 1, "warning": 2, "urgent": 3}


@dataclass(frozen=True)
class DossierView:
    """A dossier as the screens show it: its fields (keyed like the form) and what follows."""

    id: int
    reference: str
    revision: int
    fields: dict[str, object]
    closed_on: dt.date | None
    close_reason: CloseReason | None
    close_note: str
    facts: rules.DossierFacts
    status: rules.DossierStatus

    @property
    def display_name(self) -> str:
        return display_name(self.fields["family_name"], self.fields["given_names"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class DossierSummary:
    """One row of the register list; cheap to build for thousands of dossiers."""

    id: int
    reference: str
    family_name: str
    given_names: str
    name_original_script: str
    bsn: str | None
    v_number: str | None
    birth_date: dt.date
    doelgroep: Doelgroep
    regime: Regime
    phase: Phase
    pip_due: dt.date | None
    termijn_end: dt.date | None
    signal_count: int
    top_severity: str | None
    search_key: str

    @property
    def display_name(self) -> str:
        return display_name(self.family_name, self.given_names)


def display_name(family_name: str, given_names: str) -> str:
    return f"{family_name}, {given_names}" if given_names else family_name


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form for searching: 'Zoë' matches 'zoe'; Arabic
    harakat are dropped so a name typed without vowel marks still matches."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def facts_for(
    d: Any, exemptions: list[Exemption], extensions: list[Extension]
) -> rules.DossierFacts:
    return rules.DossierFacts(
        birth_date=d.birth_date,
        doelgroep=d.doelgroep,
        pw_benefit=d.pw_benefit,
        permit_date=d.permit_date,
        koppeling_date=d.koppeling_date,
        duo_notice_date=d.duo_notice_date,
        brp_date=d.brp_date,
        intake_start_date=d.intake_start_date,
        intake_completed_date=d.intake_completed_date,
        first_pip_date=d.first_pip_date,
        extensions=tuple(
            rules.Extension(
                decided_on=e.decided_on,
                new_end_date=e.new_end_date,
                reason=e.reason,
                reference=e.reference,
            )
            for e in extensions
        ),
        exemptions=tuple(
            rules.Exemption(
                kind=x.kind, decided_on=x.decided_on, ground=x.ground, reference=x.reference
            )
            for x in exemptions
        ),
        closed_on=d.closed_on,
        close_reason=d.close_reason,
        last_meeting_date=None,
    )


def _view(d: Dossier, policy: Policy, today: dt.date) -> DossierView:
    facts = facts_for(d, list(d.exemptions), list(d.extensions))
    return DossierView(
        id=d.id,
        reference=d.reference,
        revision=d.revision,
        fields={key: getattr(d, key) for key in ALL_FIELDS},
        closed_on=d.closed_on,
        close_reason=d.close_reason,
        close_note=d.close_note,
        facts=facts,
        status=rules.evaluate(facts, policy, today),
    )


def load(session: Session, dossier_id: int) -> Dossier:
    dossier = session.get(
        Dossier,
        dossier_id,
        options=[selectinload(Dossier.exemptions), selectinload(Dossier.extensions)],
    )
    if dossier is None:
        raise NotFoundError(N_("Dit dossier bestaat niet (meer)."))
    return dossier


def get_dossier(ctx: AppContext, dossier_id: int) -> DossierView:
    with ctx.db.transaction() as session:
        return _view(load(session, dossier_id), load_policy(session), ctx.today())


def _next_reference(session: Session, year: int) -> str:
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    # Longest first, then highest: as text "INB-2026-9999" sorts above "INB-2026-10000".
    last = session.scalar(
        select(Dossier.reference)
        .where(Dossier.reference.like(prefix + "%"))
        .order_by(func.length(Dossier.reference).desc(), Dossier.reference.desc())
        .limit(1)
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _check_unique(session: Session, values: Mapping[str, object], own_id: int | None) -> None:
    errors = []
    for key, message in (
        ("bsn", N_("Er is al een dossier met dit BSN: {reference}.")),
        ("v_number", N_("Er is al een dossier met dit V-nummer: {reference}.")),
    ):
        value = values.get(key)
        if not value:
            continue
        column = getattr(Dossier, key)
        other = session.scalar(
            select(Dossier.reference).where(column == value, Dossier.id != (own_id or -1))
        )
        if other:
            errors.append(ValidationError(key, message, {"reference": other}))
    if errors:
        raise ValidationFailed(errors)


def create_dossier(ctx: AppContext, raw: Mapping[str, object]) -> int:
    """A new dossier with its practical checklist (seed 003 §3); returns its id."""
    with ctx.db.transaction() as session:
        values = parse_dossier_fields(raw, load_policy(session), ctx.today())
        return insert_dossier(session, ctx, values).id


def insert_dossier(session: Session, ctx: AppContext, values: Mapping[str, object]) -> Dossier:
    """Adds validated values as a new dossier (within the caller's transaction)."""
    _check_unique(session, values, None)
    dossier = Dossier(reference=_next_reference(session, ctx.today().year), **values)
    session.add(dossier)
    session.flush()  # assigns the id the audit entries refer to
    auditing.record_create(session, ctx.account, dossier, dossier.id)
    for kind in ChecklistItemKind:
        item = ChecklistItem(dossier=dossier, kind=kind)
        session.add(item)
        auditing.record_create(session, ctx.account, item, dossier.id)
    return dossier


def update_dossier(
    ctx: AppContext, dossier_id: int, raw: Mapping[str, object], expected_revision: int
) -> DossierView:
    with ctx.db.transaction() as session:
        policy = load_policy(session)
        dossier = load(session, dossier_id)
        if dossier.revision != expected_revision:
            raise StaleRecordError(
                N_(
                    "Dit dossier is intussen elders gewijzigd. Uw invoer staat nog in het "
                    "scherm; kopieer wat u wilt bewaren en open het dossier opnieuw."
                )
            )
        if dossier.closed_on is not None:
            raise ServiceError(children.CLOSED_MESSAGE)
        values = parse_dossier_fields(raw, policy, ctx.today())
        apply_values(session, ctx, dossier, values)
        return _view(dossier, policy, ctx.today())


def apply_values(
    session: Session, ctx: AppContext, dossier: Dossier, values: Mapping[str, object]
) -> bool:
    """Writes validated values onto a dossier, audited; False if nothing changed."""
    if dossier.closed_on is not None and any(
        getattr(dossier, key) != value for key, value in values.items()
    ):
        raise ServiceError(children.CLOSED_MESSAGE)
    _check_unique(session, values, dossier.id)
    before = auditing.snapshot(dossier)
    for key, value in values.items():
        setattr(dossier, key, value)
    return auditing.record_update(session, ctx.account, dossier, before, dossier.id)


def close_dossier(
    ctx: AppContext, dossier_id: int, closed_on: str | dt.date, reason: CloseReason, note: str = ""
) -> DossierView:
    with ctx.db.transaction() as session:
        policy = load_policy(session)
        dossier = load(session, dossier_id)
        if dossier.closed_on is not None:
            raise ServiceError(N_("Dit dossier is al gesloten."))
        day = closed_on if isinstance(closed_on, dt.date) else parse_date(closed_on, "closed_on")
        if day < dossier.birth_date:
            raise ValidationFailed(
                [ValidationError("closed_on", N_("Deze datum ligt vóór de geboortedatum."))]
            )
        before = auditing.snapshot(dossier)
        dossier.closed_on, dossier.close_reason, dossier.close_note = day, reason, note.strip()
        auditing.record_update(session, ctx.account, dossier, before, dossier.id)
        return _view(dossier, policy, ctx.today())


def reopen_dossier(ctx: AppContext, dossier_id: int) -> DossierView:
    with ctx.db.transaction() as session:
        policy = load_policy(session)
        dossier = load(session, dossier_id)
        before = auditing.snapshot(dossier)
        dossier.closed_on, dossier.close_reason, dossier.close_note = None, None, ""
        auditing.record_update(session, ctx.account, dossier, before, dossier.id)
        return _view(dossier, policy, ctx.today())


def evaluate_all(
    session: Session, policy: Policy, today: dt.date
) -> Iterator[tuple[Any, rules.DossierStatus]]:
    """Every dossier row (plain columns) with its derived status, in reference order."""
    exemptions: dict[int, list[Exemption]] = defaultdict(list)
    for x in session.scalars(select(Exemption)):
        exemptions[x.dossier_id].append(x)
    extensions: dict[int, list[Extension]] = defaultdict(list)
    for e in session.scalars(select(Extension)):
        extensions[e.dossier_id].append(e)
    # Plain rows, not ORM objects: building 10,000 identity-mapped objects costs far more.
    for row in session.execute(select(Dossier.__table__).order_by(Dossier.reference)):
        facts = facts_for(row, exemptions[row.id], extensions[row.id])
        yield row, rules.evaluate(facts, policy, today)


def list_summaries(ctx: AppContext) -> list[DossierSummary]:
    """Every dossier as a list row, with its derived regime, phase and deadlines."""
    with ctx.db.transaction() as session:
        return [
            _summary(row, status)
            for row, status in evaluate_all(session, load_policy(session), ctx.today())
        ]


def _summary(d: Any, status: rules.DossierStatus) -> DossierSummary:
    severities = [s.severity for s in status.signals]
    searchable = (
        d.reference,
        d.family_name,
        d.given_names,
        d.name_original_script,
        d.bsn,
        d.v_number,
    )
    return DossierSummary(
        id=d.id,
        reference=d.reference,
        family_name=d.family_name,
        given_names=d.given_names,
        name_original_script=d.name_original_script,
        bsn=d.bsn,
        v_number=d.v_number,
        birth_date=d.birth_date,
        doelgroep=d.doelgroep,
        regime=status.regime,
        phase=status.phase,
        pip_due=status.pip_due.date if status.pip_due else None,
        termijn_end=status.termijn.end if status.termijn else None,
        signal_count=len(severities),
        top_severity=max(severities, key=_SEVERITY_RANK.__getitem__) if severities else None,
        search_key=fold(" ".join(part for part in searchable if part)),
    )
