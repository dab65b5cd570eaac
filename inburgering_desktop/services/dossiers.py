"""The dossier register: create, edit, close, reopen, read one (the whole list: register.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from inburgering_desktop.domain import rules
from inburgering_desktop.domain.enums import (
    ChecklistItemKind,
    CloseReason,
    PipVersionStatus,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.register import display_name, facts_for
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
from inburgering_desktop.store.models import (
    ChecklistItem,
    Dossier,
    FormDraft,
    Intake,
    PipVersion,
)

REFERENCE_PREFIX = "INB"


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
    _check_owned_dates(session, dossier, values)
    before = auditing.snapshot(dossier)
    for key, value in values.items():
        setattr(dossier, key, value)
    return auditing.record_update(session, ctx.account, dossier, before, dossier.id)


def _check_owned_dates(session: Session, dossier: Dossier, values: Mapping[str, object]) -> None:
    """Once the intake and the PIP are kept in the program, their dates follow from them: the
    intake is finished on its tab (after the checks of missing_for_finish) and the termijn
    starts from the first established PIP, which no later change may move (Wi2021 art. 11
    lid 3). Typed by hand they are only for dossiers from before, without those records."""
    errors = []
    changed = {key for key, value in values.items() if getattr(dossier, key) != value}
    if "first_pip_date" in changed and session.scalar(
        select(func.count())
        .select_from(PipVersion)
        .where(
            PipVersion.dossier_id == dossier.id,
            PipVersion.status == PipVersionStatus.VASTGESTELD,
        )
    ):
        errors.append(
            ValidationError(
                "first_pip_date",
                N_(
                    "De dagtekening van het eerste PIP volgt uit het vastgestelde PIP (tabblad "
                    "PIP) en kan hier niet worden gewijzigd."
                ),
            )
        )
    if "intake_completed_date" in changed and session.scalar(
        select(func.count()).select_from(Intake).where(Intake.dossier_id == dossier.id)
    ):
        errors.append(
            ValidationError(
                "intake_completed_date",
                N_("Rond de intake af (of heropen hem) op het tabblad Intake."),
            )
        )
    if errors:
        raise ValidationFailed(errors)


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
        # Unsaved typing of a closed dossier could never be saved (drafts are refused for it);
        # kept, it would only be offered back after a reopening, as if it were current.
        session.execute(delete(FormDraft).where(FormDraft.dossier_id == dossier.id))
        return _view(dossier, policy, ctx.today())


def reopen_dossier(ctx: AppContext, dossier_id: int) -> DossierView:
    with ctx.db.transaction() as session:
        policy = load_policy(session)
        dossier = load(session, dossier_id)
        before = auditing.snapshot(dossier)
        dossier.closed_on, dossier.close_reason, dossier.close_note = None, None, ""
        auditing.record_update(session, ctx.account, dossier, before, dossier.id)
        return _view(dossier, policy, ctx.today())
