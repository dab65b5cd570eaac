"""The brede intake (Wi2021 art. 14; RULES.md §2.4): answers per life area, the
leerbaarheidstoets, the two things the person must be told, finishing and reopening.

The questions, their validation and what blocks finishing are the domain's (domain/intake.py);
this module stores them. One Intake row per dossier (created on the first save) holds the toets
and the two "told" dates and carries the revision the form was loaded at: every save that
changes anything bumps it, so a stale form is refused (StaleRecordError) instead of silently
overwriting a newer save. The answers are IntakeAnswer rows, one per field, with the domain's
`special` flag copied in, so that the audit trail shows a special-category answer (health, every
free note) only as "gewijzigd".

The start and completion dates are the dossier's own key dates (Dossier.intake_start_date /
intake_completed_date): the first save sets the start date to today when it is empty, and
finishing sets the completion date. Both change the dossier row and so bump Dossier.revision,
as update_dossier would (IntakeView.dossier_revision): an open dossier form must reload.

A finished intake is a record the PIP builds on: its answers, toets and dates are refused until
it is reopened. The warme overdracht (services/coa.py) stays editable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inburgering_desktop.domain import intake as domain
from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import (
    Doelgroep,
    HouseholdRelation,
    LifeArea,
    ToetsExemptReason,
    ToetsOutcome,
)
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import auditing, children, coa, forms
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, StaleRecordError, ValidationFailed
from inburgering_desktop.store.models import (
    AuditEntry,
    CoaHandover,
    HouseholdMember,
    Intake,
    IntakeAnswer,
)

TOETS_FIELDS: tuple[str, ...] = (
    "toets_date",
    "toets_outcome",
    "toets_no_show",
    "toets_exempt_reason",
)
INFORMED_FIELDS: tuple[str, ...] = ("vve_informed_on", "interview_alone_informed_on")
COMPLETED_FIELD = "intake_completed_date"

STALE_MESSAGE = N_(
    "De intake is intussen elders gewijzigd. Uw invoer staat nog in het scherm; kopieer wat u "
    "wilt bewaren en laad de intake opnieuw."
)
FINISHED_MESSAGE = N_("De brede intake is afgerond. Heropen de intake om iets te wijzigen.")
ALREADY_FINISHED_MESSAGE = N_("De brede intake is al afgerond op {date}.")
NOT_FINISHED_MESSAGE = N_("De brede intake is nog niet afgerond.")
FUTURE_MESSAGE = coa.FUTURE_MESSAGE
CHOOSE_MESSAGE = N_("Kies een van de mogelijkheden.")

# The entities whose audit entries say when the intake's form was last saved.
_FORM_ENTITIES = (Intake.__tablename__, IntakeAnswer.__tablename__, CoaHandover.__tablename__)


@dataclass(frozen=True)
class IntakeView:
    """The brede intake of one dossier as the screens show it.

    `answers` holds every field of domain.FIELDS by key, in its stored form ("" when not
    answered). `revision` is the Intake row's (0 before the first save): pass it back to the
    save functions. `missing` is domain.missing_for_finish: empty when the intake can be
    finished; its messages name fields by msgid in their params (translate those first).
    `last_saved_at` is the moment of the last audited save of this form (intake, answers or
    warme overdracht), for comparing with an autosaved draft.
    """

    dossier_id: int
    revision: int
    answers: dict[str, str]
    toets: domain.Leerbaarheidstoets
    checks: domain.IntakeChecks
    coa: coa.CoaHandoverView
    completeness: dict[LifeArea, domain.Completeness]
    missing: tuple[v.ValidationError, ...]
    young_child_in_household: bool
    children_in_household: bool
    doelgroep: Doelgroep
    intake_start_date: dt.date | None
    intake_completed_date: dt.date | None
    dossier_revision: int
    closed: bool
    last_saved_at: dt.datetime | None

    @property
    def finished(self) -> bool:
        return self.intake_completed_date is not None

    @property
    def can_finish(self) -> bool:
        return not self.missing and not self.finished and not self.closed


# --- reading -------------------------------------------------------------------------------------


def get_intake(ctx: AppContext, dossier_id: int) -> IntakeView:
    with ctx.db.session() as session:
        return _view(session, dossier_id, ctx.today())


def _view(session: Session, dossier_id: int, today: dt.date) -> IntakeView:
    dossier = children.require_dossier(session, dossier_id)
    row = _intake_row(session, dossier_id)
    answers = {f.key: "" for f in domain.FIELDS}
    for key, value in session.execute(
        select(IntakeAnswer.field_key, IntakeAnswer.value).where(
            IntakeAnswer.dossier_id == dossier_id
        )
    ):
        if key in answers:
            answers[key] = value
    kids = session.scalars(
        select(HouseholdMember.birth_date).where(
            HouseholdMember.dossier_id == dossier_id,
            HouseholdMember.relation == HouseholdRelation.CHILD,
        )
    ).all()
    young = domain.young_child_among(kids, today)
    toets = _toets_of(row)
    checks = domain.IntakeChecks(
        young_child_in_household=young,
        vve_informed_on=None if row is None else row.vve_informed_on,
        interview_alone_informed_on=None if row is None else row.interview_alone_informed_on,
    )
    last_saved = session.scalar(
        select(func.max(AuditEntry.at)).where(
            AuditEntry.dossier_id == dossier_id, AuditEntry.entity.in_(_FORM_ENTITIES)
        )
    )
    return IntakeView(
        dossier_id=dossier_id,
        revision=0 if row is None else row.revision,
        answers=answers,
        toets=toets,
        checks=checks,
        coa=coa.read(session, dossier_id),
        completeness=domain.area_completeness(answers),
        missing=tuple(domain.missing_for_finish(answers, toets, checks)),
        young_child_in_household=young,
        children_in_household=bool(kids),
        doelgroep=dossier.doelgroep,
        intake_start_date=dossier.intake_start_date,
        intake_completed_date=dossier.intake_completed_date,
        dossier_revision=dossier.revision,
        closed=dossier.closed_on is not None,
        last_saved_at=_aware(last_saved),
    )


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    # func.max bypasses the UtcDateTime column type: SQLite hands back text or a naive value.
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _toets_of(row: Intake | None) -> domain.Leerbaarheidstoets:
    if row is None:
        return domain.Leerbaarheidstoets()
    return domain.Leerbaarheidstoets(
        date=row.toets_date,
        outcome=row.toets_outcome,
        no_show=row.toets_no_show,
        exempt_reason=row.toets_exempt_reason,
    )


def _intake_row(session: Session, dossier_id: int) -> Intake | None:
    return session.scalar(select(Intake).where(Intake.dossier_id == dossier_id))


# --- validating what was typed -------------------------------------------------------------------


def parse_answers(raw: Mapping[str, object]) -> dict[str, str]:
    """Every answer in `raw` checked with the domain's parse_answer and put in its stored form
    (serialize_answer: "a1", "12", "ja", the text NFC-normalised; "" for an empty answer).

    ValidationFailed lists a Dutch message per field (field = the key). A key the domain does
    not know is a programming error (ValueError), not the user's.
    """
    unknown = sorted(key for key in raw if key not in domain.FIELDS_BY_KEY)
    if unknown:
        raise ValueError(f"unknown intake fields: {unknown}")
    stored: dict[str, str] = {}
    errors: list[v.ValidationError] = []
    for key, value in raw.items():
        f = domain.FIELDS_BY_KEY[key]
        try:
            parsed = domain.parse_answer(f, None if value is None else str(value))
        except v.ValidationError as error:
            errors.append(error)
            continue
        stored[key] = domain.serialize_answer(f, parsed)
    if errors:
        raise ValidationFailed(errors)
    return stored


def parse_toets(raw: Mapping[str, object], today: dt.date) -> dict[str, object]:
    """The leerbaarheidstoets's columns from the form. Saving may leave it unsettled (a date
    without an outcome yet); recording it two ways at once (an outcome and a no-show, say) is
    refused, as is a toets taken or missed in the future."""

    def choice(key: str, enum_cls: type[ToetsOutcome] | type[ToetsExemptReason]) -> object:
        text = forms.text(raw, key)
        return None if not text else forms.choice(raw, key, enum_cls, CHOOSE_MESSAGE)

    values = forms.collect(
        [
            ("toets_date", lambda: forms.optional_date(raw, "toets_date")),
            ("toets_outcome", lambda: choice("toets_outcome", ToetsOutcome)),
            ("toets_no_show", lambda: coa.parse_flag(raw, "toets_no_show")),
            ("toets_exempt_reason", lambda: choice("toets_exempt_reason", ToetsExemptReason)),
        ]
    )
    toets = domain.Leerbaarheidstoets(
        date=values["toets_date"],  # type: ignore[arg-type]
        outcome=values["toets_outcome"],  # type: ignore[arg-type]
        no_show=bool(values["toets_no_show"]),
        exempt_reason=values["toets_exempt_reason"],  # type: ignore[arg-type]
    )
    ways = sum((toets.outcome is not None, toets.no_show, toets.exempt_reason is not None))
    if ways > 1:
        # With more than one way recorded, the domain's only problem is "one of the three".
        raise ValidationFailed(domain.toets_problems(toets))
    if toets.date is not None and toets.date > today and (toets.outcome or toets.no_show):
        raise ValidationFailed([v.ValidationError("toets_date", FUTURE_MESSAGE)])
    return values


def parse_informed(raw: Mapping[str, object], today: dt.date) -> dict[str, object]:
    """The dates on which the two "told" items were done (empty: not yet); not in the future."""

    def day(key: str) -> dt.date | None:
        value = forms.optional_date(raw, key)
        if value is not None and value > today:
            raise v.ValidationError(key, FUTURE_MESSAGE)
        return value

    return forms.collect([(key, lambda key=key: day(key)) for key in INFORMED_FIELDS if key in raw])


# --- saving --------------------------------------------------------------------------------------


def save_intake(
    ctx: AppContext, dossier_id: int, raw: Mapping[str, object], revision: int
) -> IntakeView:
    """The whole intake form at once (what the screen's Opslaan does): answers by field key,
    the toets (TOETS_FIELDS) and the told dates (INFORMED_FIELDS), in one transaction, every
    problem reported together. Keys that are absent are left as stored."""
    answers_raw = {k: val for k, val in raw.items() if k in domain.FIELDS_BY_KEY}
    rest = {k: val for k, val in raw.items() if k not in domain.FIELDS_BY_KEY}
    unknown = sorted(set(rest) - set(TOETS_FIELDS) - set(INFORMED_FIELDS))
    if unknown:
        raise ValueError(f"unknown intake fields: {unknown}")
    errors: list[v.ValidationError] = []
    answers: dict[str, str] = {}
    columns: dict[str, object] = {}
    for parse in (
        lambda: answers.update(parse_answers(answers_raw)),
        lambda: columns.update(parse_toets(rest, ctx.today()) if _has_toets(rest) else {}),
        lambda: columns.update(parse_informed(rest, ctx.today())),
    ):
        try:
            parse()
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return _write(ctx, dossier_id, revision, answers, columns)


def save_answers(
    ctx: AppContext, dossier_id: int, raw: Mapping[str, str], revision: int
) -> IntakeView:
    """Store the answers in `raw` (field key → text as typed or stored); the others stay.

    Every answer is validated with the domain (ValidationFailed, a Dutch message per field).
    The first save creates the Intake row and, when the dossier has no intake start date yet,
    sets it to today (audited). StaleRecordError when the intake was saved since `revision`;
    a closed dossier and a finished intake refuse.
    """
    return _write(ctx, dossier_id, revision, parse_answers(raw), {})


def save_toets(
    ctx: AppContext, dossier_id: int, raw: Mapping[str, object], revision: int
) -> IntakeView:
    """Store the leerbaarheidstoets: toets_date, toets_outcome (ToetsOutcome value or ""),
    toets_no_show (bool) and toets_exempt_reason (ToetsExemptReason value or ""). As
    save_answers for the row, the start date, the revision and refusals."""
    return _write(ctx, dossier_id, revision, {}, parse_toets(raw, ctx.today()))


def record_informed(
    ctx: AppContext, dossier_id: int, which: str, on_date: dt.date | str | None
) -> IntakeView:
    """Record the day one of the two "told" items was done (None or "": not done after all).

    `which` is "vve_informed_on" (parents told about voor- en vroegschoolse educatie) or
    "interview_alone_informed_on" (told of the right to be interviewed alone). An action on
    its own rather than a form: it takes no revision, and bumps the intake's.
    """
    if which not in INFORMED_FIELDS:
        raise ValueError(f"which must be one of {INFORMED_FIELDS}, not {which!r}")
    text = on_date.isoformat() if isinstance(on_date, dt.date) else (on_date or "")
    return _write(ctx, dossier_id, None, {}, parse_informed({which: text}, ctx.today()))


def _has_toets(raw: Mapping[str, object]) -> bool:
    return any(key in raw for key in TOETS_FIELDS)


def _write(
    ctx: AppContext,
    dossier_id: int,
    revision: int | None,
    answers: Mapping[str, str],
    columns: Mapping[str, object],
) -> IntakeView:
    """One transaction: checks, the Intake row (created or updated), the answers, the start
    date; all audited. Validation has been done by the caller. `revision` None: an action
    that does not come from a loaded form, no stale check."""
    today = ctx.today()
    with ctx.db.transaction() as session:
        dossier = children.require_open(session, dossier_id)
        if dossier.intake_completed_date is not None:
            raise ServiceError(FINISHED_MESSAGE)
        row = _intake_row(session, dossier_id)
        if revision is not None and (0 if row is None else row.revision) != revision:
            raise StaleRecordError(STALE_MESSAGE)
        if row is None:
            row = Intake(dossier_id=dossier_id, **columns)
            session.add(row)
            auditing.record_create(session, ctx.account, row, dossier_id)
            row_changed = True
        else:
            before = auditing.snapshot(row)
            for key, value in columns.items():
                setattr(row, key, value)
            # The flush bumps the revision (version_id_col) when a column changed.
            row_changed = auditing.record_update(session, ctx.account, row, before, dossier_id)
        answers_changed = _upsert_answers(session, ctx, dossier_id, answers)
        if answers_changed and not row_changed:
            # Only answers changed: the form's revision must still move on. Setting the
            # version column ourselves keeps the WHERE revision = old check of the UPDATE.
            row.revision = row.revision + 1
            session.flush()
        if (row_changed or answers_changed) and dossier.intake_start_date is None:
            before = auditing.snapshot(dossier)
            dossier.intake_start_date = today
            auditing.record_update(session, ctx.account, dossier, before, dossier_id)
        session.flush()
        return _view(session, dossier_id, today)


def _upsert_answers(
    session: Session, ctx: AppContext, dossier_id: int, answers: Mapping[str, str]
) -> bool:
    """Create or update one row per answer, audited (special rows as "gewijzigd"); an empty
    answer without a row writes nothing. True when anything changed."""
    if not answers:
        return False
    rows = {
        r.field_key: r
        for r in session.scalars(select(IntakeAnswer).where(IntakeAnswer.dossier_id == dossier_id))
    }
    changed = False
    for key, value in answers.items():
        f = domain.FIELDS_BY_KEY[key]
        row = rows.get(key)
        if row is None:
            if not value:
                continue
            row = IntakeAnswer(dossier_id=dossier_id, field_key=key, value=value, special=f.special)
            session.add(row)
            auditing.record_create(session, ctx.account, row, dossier_id)
            changed = True
            continue
        before = auditing.snapshot(row)
        row.value = value
        row.special = f.special
        changed = auditing.record_update(session, ctx.account, row, before, dossier_id) or changed
    return changed


# --- finishing and reopening ---------------------------------------------------------------------


def finish_intake(ctx: AppContext, dossier_id: int, on_date: dt.date | str) -> IntakeView:
    """Mark the brede intake finished on `on_date` (Dossier.intake_completed_date, audited;
    the dossier's revision moves on as with update_dossier).

    Refused with ValidationFailed listing every domain.missing_for_finish problem (messages
    name fields by msgid in their params), or a date problem on "intake_completed_date" (not in
    the future, not before the start). A finished intake or a closed dossier refuses too.
    """
    today = ctx.today()
    day = (
        on_date
        if isinstance(on_date, dt.date)
        else forms.collect([(COMPLETED_FIELD, lambda: v.parse_date(on_date, COMPLETED_FIELD))])[
            COMPLETED_FIELD
        ]
    )
    assert isinstance(day, dt.date)
    with ctx.db.transaction() as session:
        dossier = children.require_open(session, dossier_id)
        if dossier.intake_completed_date is not None:
            raise ServiceError(
                ALREADY_FINISHED_MESSAGE, date=v.format_date(dossier.intake_completed_date)
            )
        if day > today:
            raise ValidationFailed([v.ValidationError(COMPLETED_FIELD, FUTURE_MESSAGE)])
        start = dossier.intake_start_date
        if start is not None and day < start:
            raise ValidationFailed(
                [
                    v.ValidationError(
                        COMPLETED_FIELD,
                        N_("De intake kan niet eerder zijn afgerond dan ze begon ({date})."),
                        {"date": v.format_date(start)},
                    )
                ]
            )
        view = _view(session, dossier_id, today)
        if view.missing:
            raise ValidationFailed(view.missing)
        before = auditing.snapshot(dossier)
        dossier.intake_completed_date = day
        if start is None:  # cleared on the dossier form meanwhile: the intake began at the latest
            dossier.intake_start_date = day
        auditing.record_update(session, ctx.account, dossier, before, dossier_id)
        session.flush()
        return _view(session, dossier_id, today)


def reopen_intake(ctx: AppContext, dossier_id: int) -> IntakeView:
    """Undo finishing (the completion date is cleared, audited), so the answers can change."""
    with ctx.db.transaction() as session:
        dossier = children.require_open(session, dossier_id)
        if dossier.intake_completed_date is None:
            raise ServiceError(NOT_FINISHED_MESSAGE)
        before = auditing.snapshot(dossier)
        dossier.intake_completed_date = None
        auditing.record_update(session, ctx.account, dossier, before, dossier_id)
        session.flush()
        return _view(session, dossier_id, ctx.today())
