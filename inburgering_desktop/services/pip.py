"""The PIP (plan inburgering en participatie) of one dossier: concept, vaststelling, versions.

RULES.md §2.5: the PIP is established as a beschikking; every change is a new version with its
own reason and beschikking, and history is kept. The first vastgestelde version's dagtekening
starts the inburgeringstermijn (Dossier.first_pip_date, Wi2021 art. 11); a later version never
moves it. The rules themselves live in domain/pip.py; this module reads the dossier, the intake
and the household, keeps the versions and their audit entries, and makes the task to register
the PIP (or a change of leerroute) with DUO (RULES.md §2.10).

A version is a concept until it is vastgesteld; only one concept at a time, and a vastgestelde
version is never changed again. Every write takes the revision the screen loaded, so a stale
screen cannot overwrite a newer save.

The screens hand over the form as typed (`content_from_form`); scripts and tests may pass a
domain `PipContent` directly. Either way the content is checked by `domain.pip.validate` for
this person, with the warnings on the chosen leerroute: a warning never blocks, but one that asks
for a motivation needs `route_motivation`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from inburgering_desktop.domain import rules
from inburgering_desktop.domain.enums import (
    Doelgroep,
    ExemptionKind,
    HouseholdRelation,
    Leerroute,
    PipComponent,
    PipVersionStatus,
    Regime,
)
from inburgering_desktop.domain.intake import Leerbaarheidstoets
from inburgering_desktop.domain.pip import (
    Advice,
    FieldChange,
    GuidanceAgreement,
    ModuleAgreement,
    Offered,
    OntzorgenAgreement,
    PipContent,
    PipWarning,
    RouteAgreement,
    ZRoutePlan,
    advice_input,
    advise_leerroute,
    components_offered,
    diff_contents,
    needs_motivation,
    route_choice_warnings,
    route_switch_check,
    route_switch_last_day,
    validate,
    z_route_plan,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.register import display_name, facts_for
from inburgering_desktop.domain.rules import age_on
from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import (
    ValidationError,
    format_date,
    parse_date,
    parse_optional_date,
)
from inburgering_desktop.services import auditing, children, tasks
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import (
    ServiceError,
    StaleRecordError,
    ValidationFailed,
)
from inburgering_desktop.services.policy import load_policy
from inburgering_desktop.services.tasks import TaskView
from inburgering_desktop.store.models import (
    Dossier,
    HouseholdMember,
    Intake,
    IntakeAnswer,
    Letter,
    PipVersion,
)

# The task made on vaststelling (RULES.md §2.10: the municipality registers the PIP and every
# change of leerroute with DUO, which runs the exams, the termijn and its own fines on it).
TASK_KIND = "pip_melden_duo"
TASK_TITLE_FIRST = N_("PIP melden aan DUO")
TASK_TITLE_ROUTE_CHANGE = N_("Wijziging leerroute melden aan DUO")
# Days from the vaststelling (or from the day it is recorded, if that is later) to the task's due
# date. We found no legal term for registering the PIP with DUO; this is a working agreement so
# that the registration is done while the beschikking is fresh, not a rule to enforce.
TASK_DUE_DAYS = 5

# Voorschoolse educatie is for toddlers (peuters, roughly 2.5 to 4 years); a new PIP offers a row
# for each child of the household younger than this, or of unknown age.
PRESCHOOL_MAX_AGE = 4

LETTER_TYPE = "pip_beschikking"

NO_PIP_WI2013 = N_("Voor de ondertussengroep (Wi2013) stelt de gemeente geen PIP vast.")
STALE_MESSAGE = N_(
    "Dit PIP is intussen elders gewijzigd. Uw invoer staat nog in het scherm; kopieer wat u wilt "
    "bewaren en laad het PIP opnieuw."
)


# --- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PipVersionView:
    id: int
    dossier_id: int
    number: int
    status: PipVersionStatus
    dagtekening: dt.date | None
    reason: str
    leerroute: Leerroute | None
    content: PipContent
    established_by: str | None
    letter_id: int | None
    revision: int
    created_at: dt.datetime

    @property
    def is_concept(self) -> bool:
        return self.status is PipVersionStatus.CONCEPT


@dataclass(frozen=True)
class ChildInfo:
    """A child of the household, for the voorschoolse educatie rows."""

    name: str
    birth_date: dt.date | None


@dataclass(frozen=True)
class PipOverview:
    """Everything the PIP screen shows for one dossier, read in one transaction."""

    dossier_id: int
    reference: str
    display_name: str
    birth_date: dt.date
    language_code: str
    regime: Regime
    doelgroep: Doelgroep
    pw_benefit: bool
    closed: bool
    today: dt.date
    policy: Policy
    versions: tuple[PipVersionView, ...]  # newest first
    concept: PipVersionView | None
    last_established: PipVersionView | None
    intake_recorded: bool
    advice: Advice | None  # None without any intake data: there is nothing to advise on
    offered: dict[PipComponent, Offered]  # for the concept's (else the last) leerroute
    z_route_plan: ZRoutePlan
    pip_due: rules.Deadline | None
    first_pip_date: dt.date | None  # Dossier.first_pip_date: the termijn counts from it
    termijn: rules.Termijn | None
    route_switch_last_day: dt.date | None
    warnings: tuple[PipWarning, ...]  # on the concept's leerroute, as on today
    tasks: tuple[TaskView, ...]  # open first
    children: tuple[ChildInfo, ...]

    @property
    def pip_possible(self) -> bool:
        """A municipal PIP exists only under the Wi2021 (RULES.md §1)."""
        return self.regime is Regime.WI2021

    @property
    def current_route(self) -> Leerroute | None:
        version = self.concept or self.last_established
        return None if version is None else version.leerroute


def _version_view(row: PipVersion) -> PipVersionView:
    return PipVersionView(
        id=row.id,
        dossier_id=row.dossier_id,
        number=row.number,
        status=row.status,
        dagtekening=row.dagtekening,
        reason=row.reason,
        leerroute=row.leerroute,
        content=PipContent.from_dict(json.loads(row.content or "{}")),
        established_by=row.established_by,
        letter_id=row.letter_id,
        revision=row.revision,
        created_at=row.created_at,
    )


# --- pure helpers for the screen (no database) -------------------------------------------------


def offered_for(overview: PipOverview, route: Leerroute | None) -> dict[PipComponent, Offered]:
    """The components a PIP for this person may contain with `route` (RULES.md §1)."""
    return components_offered(overview.regime, overview.doelgroep, overview.pw_benefit, route)


def choice_warnings(
    overview: PipOverview, route: Leerroute | None, pip_date: dt.date | None = None
) -> list[PipWarning]:
    """The warnings on choosing `route` in the concept, as on `pip_date` (today if None): against
    the advice, the onderwijsroute's age guideline (RULES.md §2.6), and a switch of leerroute
    after the window (RULES.md §2.5). Shown as the consultant chooses; never a block."""
    if route is None:
        return []
    previous = overview.last_established if overview.concept is not None else None
    return _warnings(
        route,
        overview.advice,
        overview.birth_date,
        pip_date or overview.today,
        overview.policy,
        None if previous is None else previous.leerroute,
        None if overview.termijn is None else overview.termijn.start,
    )


def _warnings(
    route: Leerroute,
    advice: Advice | None,
    birth_date: dt.date,
    pip_date: dt.date,
    policy: Policy,
    previous_route: Leerroute | None,
    termijn_start: dt.date | None,
) -> list[PipWarning]:
    found = route_choice_warnings(route, advice, birth_date, pip_date, policy)
    if previous_route is not None and termijn_start is not None:
        switch = route_switch_check(termijn_start, pip_date, previous_route, route, policy)
        if switch is not None:
            found.append(switch)
    return found


# --- the form as typed -------------------------------------------------------------------------

# The form's keys are the paths `validate` reports its errors under ("ontzorgen.months"), so the
# screen shows every message beside the field it is about.
FORM_FLAGS = ("knm", "map", "pvt", "ontzorgen", "maatschappelijke_begeleiding")


def form_values(content: PipContent) -> dict[str, object]:
    """A content as the form shows it: text as typed (dates dd-mm-jjjj), flags as booleans,
    the lists as lists of dicts (overige afspraken one per line)."""
    route = content.leerroute
    ontzorgen = content.ontzorgen
    guidance = content.maatschappelijke_begeleiding
    values: dict[str, object] = {
        "leerroute": "" if route is None else route.route.value,
        "leerroute.provider": "" if route is None else route.provider,
        "leerroute.start": _date_text(route and route.start),
        "leerroute.hours_per_week": _int_text(route and route.hours_per_week),
        "knm": content.knm,
        "map": content.map is not None,
        "map.provider": "" if content.map is None else content.map.provider,
        "map.hours": _int_text(content.map and content.map.hours),
        "pvt": content.pvt is not None,
        "pvt.provider": "" if content.pvt is None else content.pvt.provider,
        "pvt.hours": _int_text(content.pvt and content.pvt.hours),
        "ontzorgen": ontzorgen is not None,
        "ontzorgen.months": _int_text(ontzorgen and ontzorgen.months),
        "ontzorgen.shorter_reason": "" if ontzorgen is None else ontzorgen.shorter_reason,
        "ontzorgen.financial_guidance_start": _date_text(
            ontzorgen and ontzorgen.financial_guidance_start
        ),
        "maatschappelijke_begeleiding": guidance is not None,
        "maatschappelijke_begeleiding.organisation": "" if guidance is None
        else guidance.organisation,
        "maatschappelijke_begeleiding.start": _date_text(guidance and guidance.start),
        "maatschappelijke_begeleiding.end": _date_text(guidance and guidance.end),
        "voorschoolse_educatie": [
            {"child": child, "arrangement": arrangement}
            for child, arrangement in content.voorschoolse_educatie
        ],
        "participatie": [
            {"description": description, "hours_per_week": _int_text(hours)}
            for description, hours in content.participatie
        ],
        "overige_afspraken": "\n".join(content.overige_afspraken),
        "route_motivation": content.route_motivation,
    }
    return values


def _date_text(value: dt.date | None) -> str:
    return "" if value is None else format_date(value)


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


def _text(raw: Mapping[str, object], key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def _flag(raw: Mapping[str, object], key: str) -> bool:
    value = raw.get(key)
    if isinstance(value, str):
        return value.strip().lower() in {"ja", "j", "true", "1", "yes"}
    return bool(value)


_WHOLE_NUMBER = N_("Vul een heel getal in, zonder letters of komma.")


def _int_value(value: object, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not text.isdecimal():  # other scripts' decimal digits too: int() reads them alike
        raise ValidationError(key, _WHOLE_NUMBER)
    return int(text)


class _Collector:
    """Reads fields one by one and keeps every problem, so all are reported at once."""

    def __init__(self, raw: Mapping[str, object]) -> None:
        self.raw = raw
        self.errors: list[ValidationError] = []

    def integer(self, key: str) -> int | None:
        try:
            return _int_value(self.raw.get(key), key)
        except ValidationError as error:
            self.errors.append(error)
            return None

    def date(self, key: str) -> dt.date | None:
        try:
            return parse_optional_date(_text(self.raw, key), key)
        except ValidationError as error:
            self.errors.append(error)
            return None


def _rows(raw: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = raw.get(key) or []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise TypeError(f"{key}: expected a list of rows")
    return [row for row in value if isinstance(row, Mapping)]


def content_from_form(
    raw: Mapping[str, object], offered: Mapping[PipComponent, Offered]
) -> PipContent:
    """The content a form describes. ValidationFailed for what cannot be read (a date, a number);
    what the rules say about the content is `validate`'s, afterwards.

    A component the person is not offered with this leerroute (MAP in the onderwijsroute) is left
    out: the screen does not show it. Whether the municipality pays the leerroute follows from the
    offer (RULES.md §1: only for asielstatushouders); it is not typed. Empty list rows (nothing
    typed in any cell) are skipped; overige afspraken are one per line.
    """
    read = _Collector(raw)
    route_code = _text(raw, "leerroute")
    route: RouteAgreement | None = None
    if route_code:
        try:
            chosen = Leerroute(route_code)
        except ValueError:
            read.errors.append(ValidationError("leerroute", N_("Kies een leerroute.")))
        else:
            paid = PipComponent.LEERROUTE in offered and offered[PipComponent.LEERROUTE].paid
            route = RouteAgreement(
                route=chosen,
                provider=_text(raw, "leerroute.provider"),
                start=read.date("leerroute.start"),
                hours_per_week=read.integer("leerroute.hours_per_week"),
                paid=paid,
            )

    def module(key: str) -> ModuleAgreement | None:
        if not _flag(raw, key) or PipComponent(key) not in offered:
            return None
        return ModuleAgreement(
            provider=_text(raw, f"{key}.provider"), hours=read.integer(f"{key}.hours")
        )

    ontzorgen: OntzorgenAgreement | None = None
    if _flag(raw, "ontzorgen") and PipComponent.ONTZORGEN in offered:
        months = read.integer("ontzorgen.months")
        ontzorgen = OntzorgenAgreement(
            months=0 if months is None else months,  # 0: validate asks for the number
            shorter_reason=_text(raw, "ontzorgen.shorter_reason"),
            financial_guidance_start=read.date("ontzorgen.financial_guidance_start"),
        )
    guidance: GuidanceAgreement | None = None
    if (
        _flag(raw, "maatschappelijke_begeleiding")
        and PipComponent.MAATSCHAPPELIJKE_BEGELEIDING in offered
    ):
        guidance = GuidanceAgreement(
            organisation=_text(raw, "maatschappelijke_begeleiding.organisation"),
            start=read.date("maatschappelijke_begeleiding.start"),
            end=read.date("maatschappelijke_begeleiding.end"),
        )

    preschool = []
    for row in _rows(raw, "voorschoolse_educatie"):
        child, arrangement = _text(row, "child"), _text(row, "arrangement")
        if child or arrangement:
            preschool.append((child, arrangement))
    participation = []
    for row in _rows(raw, "participatie"):
        description = _text(row, "description")
        try:
            hours = _int_value(row.get("hours_per_week"), "participatie")
        except ValidationError as error:
            read.errors.append(error)
            hours = None
        if description or hours is not None:
            participation.append((description, hours))
    other = raw.get("overige_afspraken") or ""
    if isinstance(other, str):
        lines = other.splitlines()
    elif isinstance(other, Sequence):
        lines = [str(item) for item in other]
    else:
        raise TypeError("overige_afspraken: expected text or a list of text")
    agreements = tuple(line.strip() for line in lines if line.strip())

    content = PipContent(
        leerroute=route,
        knm=_flag(raw, "knm") and PipComponent.KNM in offered,
        map=module("map"),
        pvt=module("pvt"),
        ontzorgen=ontzorgen,
        maatschappelijke_begeleiding=guidance,
        voorschoolse_educatie=tuple(preschool)
        if PipComponent.VOORSCHOOLSE_EDUCATIE in offered
        else (),
        participatie=tuple(participation) if PipComponent.PARTICIPATIE in offered else (),
        overige_afspraken=agreements if PipComponent.OVERIGE_AFSPRAKEN in offered else (),
        route_motivation=_text(raw, "route_motivation"),
    )
    if read.errors:
        raise ValidationFailed(read.errors)
    return content


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    """What the rules need of the dossier, read once per call."""

    dossier: Dossier
    policy: Policy
    regime: Regime
    status: rules.DossierStatus


def _person(session: Session, dossier: Dossier, today: dt.date) -> _Person:
    policy = load_policy(session)
    facts = facts_for(dossier, list(dossier.exemptions), list(dossier.extensions))
    status = rules.evaluate(facts, policy, today)
    return _Person(dossier, policy, status.regime, status)


def _versions(session: Session, dossier_id: int) -> list[PipVersion]:
    """The dossier's versions, oldest first."""
    return list(
        session.scalars(
            select(PipVersion)
            .where(PipVersion.dossier_id == dossier_id)
            .order_by(PipVersion.number)
        )
    )


def _last_established(
    rows: Sequence[PipVersion], before_number: int | None = None
) -> PipVersion | None:
    established = [
        r
        for r in rows
        if r.status is PipVersionStatus.VASTGESTELD
        and (before_number is None or r.number < before_number)
    ]
    return max(established, key=lambda r: r.number, default=None)


def _intake(
    session: Session, dossier_id: int
) -> tuple[bool, Leerbaarheidstoets | None, dict[str, str | None]]:
    """Whether an intake is recorded, its toets and its answers (the intake service writes them;
    here they are only read for the advice)."""
    intake = session.scalar(select(Intake).where(Intake.dossier_id == dossier_id))
    answers: dict[str, str | None] = {
        row.field_key: row.value
        for row in session.scalars(
            select(IntakeAnswer).where(IntakeAnswer.dossier_id == dossier_id)
        )
    }
    toets = (
        None
        if intake is None
        else Leerbaarheidstoets(
            date=intake.toets_date,
            outcome=intake.toets_outcome,
            no_show=intake.toets_no_show,
            exempt_reason=intake.toets_exempt_reason,
        )
    )
    return intake is not None or bool(answers), toets, answers


def _advice(session: Session, person: _Person, today: dt.date) -> tuple[bool, Advice | None]:
    recorded, toets, answers = _intake(session, person.dossier.id)
    if not recorded:
        return False, None
    age = age_on(person.dossier.birth_date, today)
    return True, advise_leerroute(advice_input(age, toets, answers), person.policy)


def _children(session: Session, dossier_id: int) -> tuple[ChildInfo, ...]:
    rows = session.scalars(
        select(HouseholdMember)
        .where(
            HouseholdMember.dossier_id == dossier_id,
            HouseholdMember.relation == HouseholdRelation.CHILD,
        )
        .order_by(HouseholdMember.birth_date, HouseholdMember.id)
    )
    return tuple(ChildInfo(row.name, row.birth_date) for row in rows)


def _overview(session: Session, dossier: Dossier, today: dt.date) -> PipOverview:
    person = _person(session, dossier, today)
    rows = _versions(session, dossier.id)
    views = [_version_view(r) for r in rows]
    concept = next((v for v in views if v.is_concept), None)
    last = next((v for v in reversed(views) if not v.is_concept), None)
    recorded, advice = _advice(session, person, today)
    current = concept or last
    route = None if current is None else current.leerroute
    termijn = person.status.termijn
    overview = PipOverview(
        dossier_id=dossier.id,
        reference=dossier.reference,
        display_name=display_name(dossier.family_name, dossier.given_names),
        birth_date=dossier.birth_date,
        language_code=dossier.language_code,
        regime=person.regime,
        doelgroep=dossier.doelgroep,
        pw_benefit=dossier.pw_benefit,
        closed=dossier.closed_on is not None,
        today=today,
        policy=person.policy,
        versions=tuple(reversed(views)),
        concept=concept,
        last_established=last,
        intake_recorded=recorded,
        advice=advice,
        offered=components_offered(person.regime, dossier.doelgroep, dossier.pw_benefit, route),
        z_route_plan=z_route_plan(person.policy, dossier.doelgroep),
        pip_due=person.status.pip_due,
        first_pip_date=dossier.first_pip_date,
        termijn=termijn,
        route_switch_last_day=None
        if termijn is None
        else route_switch_last_day(termijn.start, person.policy.route_switch_window_months),
        warnings=(),
        tasks=tuple(tasks.tasks_in(session, dossier.id)),
        children=_children(session, dossier.id),
    )
    if concept is not None and concept.leerroute is not None:
        overview = replace(
            overview, warnings=tuple(choice_warnings(overview, concept.leerroute))
        )
    return overview


def pip_overview(ctx: AppContext, dossier_id: int) -> PipOverview:
    with ctx.db.transaction() as session:
        dossier = children.require_dossier(session, dossier_id)
        return _overview(session, dossier, ctx.today())


def get_version(ctx: AppContext, version_id: int) -> PipVersionView:
    with ctx.db.transaction() as session:
        return _version_view(children.require(session, PipVersion, version_id))


def history(
    ctx: AppContext, dossier_id: int
) -> list[tuple[PipVersionView, list[FieldChange]]]:
    """Every version, newest first, with what it changed against the vastgestelde version before
    it (RULES.md §2.5). The first version, with none before it, has no changes listed."""
    with ctx.db.transaction() as session:
        children.require_dossier(session, dossier_id)
        rows = _versions(session, dossier_id)
        views = {row.id: _version_view(row) for row in rows}
        result = []
        for row in rows:
            previous = _last_established(rows, before_number=row.number)
            changes = (
                []
                if previous is None
                else diff_contents(views[previous.id].content, views[row.id].content)
            )
            result.append((views[row.id], changes))
    return list(reversed(result))


# --- writing -----------------------------------------------------------------------------------


def _require_pip_possible(person: _Person) -> None:
    if person.regime is not Regime.WI2021:
        raise ServiceError(NO_PIP_WI2013)


def _require_duty_on(person: _Person, day: dt.date) -> None:
    """A PIP is established only for someone who is inburgeringsplichtig on its dagtekening:
    not for a minor (the duty starts at 18, RULES.md §1) and not after a vrijstelling, which
    ends the duty. Its dagtekening would otherwise start a termijn for nobody."""
    starts = rules.duty_start(person.dossier.birth_date, person.policy.duty_age)
    if day < starts:
        raise ServiceError(
            N_(
                "Op {date} is deze persoon nog minderjarig; de inburgeringsplicht kan ingaan op "
                "{start}. Stel het PIP vast op of na die datum."
            ),
            date=format_date(day),
            start=format_date(starts),
        )
    if any(x.kind is ExemptionKind.VRIJSTELLING for x in person.dossier.exemptions):
        raise ServiceError(
            N_(
                "Er is een vrijstelling vastgelegd: de inburgeringsplicht is beëindigd en er "
                "wordt geen PIP meer vastgesteld."
            )
        )


def _check_revision(row: PipVersion, revision: int) -> None:
    if row.revision != revision:
        raise StaleRecordError(STALE_MESSAGE)


def _require_concept(row: PipVersion) -> None:
    if row.status is not PipVersionStatus.CONCEPT:
        raise ServiceError(
            N_(
                "Versie {number} van het PIP is vastgesteld en kan niet meer worden gewijzigd. "
                "Maak een nieuwe versie."
            ),
            number=row.number,
        )


def _first_content(
    person: _Person, advice: Advice | None, kids: Sequence[ChildInfo], today: dt.date
) -> PipContent:
    """Version 1 starts from the offer: the advised leerroute (a proposal the consultant may
    change), KNM and the PVT, MAP, ontzorgen for the minimum months and maatschappelijke
    begeleiding where offered, and a voorschoolse-educatie row per toddler of the household."""
    dossier = person.dossier
    route = None if advice is None else advice.route
    offered = components_offered(person.regime, dossier.doelgroep, dossier.pw_benefit, route)
    toddlers = tuple(
        (child.name, "")
        for child in kids
        if child.birth_date is None or age_on(child.birth_date, today) < PRESCHOOL_MAX_AGE
    )
    return PipContent(
        leerroute=None
        if route is None
        else RouteAgreement(route=route, paid=offered[PipComponent.LEERROUTE].paid),
        knm=PipComponent.KNM in offered,
        map=ModuleAgreement() if PipComponent.MAP in offered else None,
        pvt=ModuleAgreement() if PipComponent.PVT in offered else None,
        ontzorgen=OntzorgenAgreement(months=person.policy.ontzorgen_min_months)
        if PipComponent.ONTZORGEN in offered
        else None,
        maatschappelijke_begeleiding=GuidanceAgreement()
        if PipComponent.MAATSCHAPPELIJKE_BEGELEIDING in offered
        else None,
        voorschoolse_educatie=toddlers,
    )


def new_concept(ctx: AppContext, dossier_id: int, reason: str | None = None) -> int:
    """A new concept version; its id. Version 1 needs no reason and starts from the offer and the
    advice; a later version needs the reason for the change and starts as a copy of the last
    vastgestelde version. Only one concept at a time; none for the ondertussengroep."""
    today = ctx.today()
    with ctx.db.transaction() as session:
        dossier = children.require_open(session, dossier_id)
        person = _person(session, dossier, today)
        _require_pip_possible(person)
        rows = _versions(session, dossier_id)
        concept = next((r for r in rows if r.status is PipVersionStatus.CONCEPT), None)
        if concept is not None:
            raise ServiceError(
                N_(
                    "Er is al een concept (versie {number}). Werk dat concept bij of verwijder "
                    "het eerst."
                ),
                number=concept.number,
            )
        number = max((r.number for r in rows), default=0) + 1
        previous = _last_established(rows)
        text = (reason or "").strip()
        if previous is None:
            _recorded, advice = _advice(session, person, today)
            content = _first_content(person, advice, _children(session, dossier_id), today)
        else:
            if not text:
                raise ValidationFailed(
                    [
                        ValidationError(
                            "reason",
                            N_(
                                "Schrijf op waarom het PIP verandert: elke nieuwe versie is "
                                "een nieuwe beschikking met een eigen reden."
                            ),
                        )
                    ]
                )
            content = _version_view(previous).content
        row = PipVersion(
            dossier_id=dossier_id,
            number=number,
            status=PipVersionStatus.CONCEPT,
            reason=text,
            leerroute=None if content.leerroute is None else content.leerroute.route,
            content=_json(content),
        )
        session.add(row)
        auditing.record_create(session, ctx.account, row, dossier_id)
        return row.id


def _json(content: PipContent) -> str:
    return json.dumps(content.to_dict(), ensure_ascii=False, sort_keys=True)


def _check_content(
    session: Session,
    person: _Person,
    row: PipVersion,
    content: PipContent,
    pip_date: dt.date,
    rows: Sequence[PipVersion],
) -> None:
    """`validate` for this person with the warnings as on `pip_date`; ValidationFailed."""
    dossier = person.dossier
    _recorded, advice = _advice(session, person, pip_date)
    previous = _last_established(rows, before_number=row.number)
    previous_content = None if previous is None else _version_view(previous).content
    previous_route = None if previous is None else previous.leerroute
    termijn = person.status.termijn
    route = None if content.leerroute is None else content.leerroute.route
    warnings = (
        []
        if route is None
        else _warnings(
            route,
            advice,
            dossier.birth_date,
            pip_date,
            person.policy,
            previous_route,
            None if termijn is None else termijn.start,
        )
    )
    errors = validate(
        content,
        regime=person.regime,
        doelgroep=dossier.doelgroep,
        pw_benefit=dossier.pw_benefit,
        policy=person.policy,
        warnings=warnings,
    )
    # A switch of leerroute that raises a warning needs its own motivation: the one copied from
    # the previous version explains the old route, not the switch.
    if (
        previous_content is not None
        and route is not None
        and route is not previous_route
        and needs_motivation(warnings)
        and content.route_motivation.strip()
        and content.route_motivation.strip() == previous_content.route_motivation.strip()
    ):
        errors.append(
            ValidationError(
                "route_motivation",
                N_(
                    "De leerroute verandert ten opzichte van versie {number}: vul de motivering "
                    "aan met de reden voor deze wissel."
                ),
                {"number": previous.number},  # type: ignore[union-attr]
            )
        )
    if errors:
        raise ValidationFailed(errors)


def _offered_for_row(person: _Person, raw: Mapping[str, object]) -> dict[PipComponent, Offered]:
    code = _text(raw, "leerroute")
    route = Leerroute(code) if code in {r.value for r in Leerroute} else None
    dossier = person.dossier
    return components_offered(person.regime, dossier.doelgroep, dossier.pw_benefit, route)


def save_concept(
    ctx: AppContext,
    version_id: int,
    raw_or_content: Mapping[str, object] | PipContent,
    revision: int,
) -> PipOverview:
    """Save a concept's content, checked for this person (domain validate, with the warnings as
    on today); the fresh overview. Audited (the content itself only as "gewijzigd")."""
    today = ctx.today()
    with ctx.db.transaction() as session:
        row = children.require(session, PipVersion, version_id)
        dossier = children.require_open(session, row.dossier_id)
        person = _person(session, dossier, today)
        _require_pip_possible(person)
        _check_revision(row, revision)
        _require_concept(row)
        if isinstance(raw_or_content, PipContent):
            content = raw_or_content
        else:
            content = content_from_form(raw_or_content, _offered_for_row(person, raw_or_content))
        _check_content(session, person, row, content, today, _versions(session, dossier.id))
        before = auditing.snapshot(row)
        row.content = _json(content)
        row.leerroute = None if content.leerroute is None else content.leerroute.route
        auditing.record_update(session, ctx.account, row, before, dossier.id)
        return _overview(session, dossier, today)


def establish(
    ctx: AppContext, version_id: int, dagtekening: dt.date | str, revision: int
) -> PipOverview:
    """Vaststellen: the concept becomes a beschikking dated `dagtekening`; the fresh overview.

    The content is checked again with the warnings as on the dagtekening (the onderwijsroute's
    age counts on the PIP's date). The first version's dagtekening becomes
    Dossier.first_pip_date, from which the termijn runs (audited; it changes the dossier's
    revision); a later version never moves it (Wi2021 art. 11 lid 3). A task to register the PIP
    with DUO is made for the first version and for every change of leerroute (RULES.md §2.10).
    """
    today = ctx.today()
    if isinstance(dagtekening, str):
        try:
            day = parse_date(dagtekening, "dagtekening")
        except ValidationError as error:
            raise ValidationFailed([error]) from None
    else:
        day = dagtekening
    with ctx.db.transaction() as session:
        row = children.require(session, PipVersion, version_id)
        dossier = children.require_open(session, row.dossier_id)
        person = _person(session, dossier, today)
        _require_pip_possible(person)
        _check_revision(row, revision)
        _require_concept(row)
        rows = _versions(session, dossier.id)
        previous = _last_established(rows, before_number=row.number)
        _check_dagtekening(day, today, previous)
        _require_duty_on(person, day)
        content = _version_view(row).content
        _check_content(session, person, row, content, day, rows)

        before = auditing.snapshot(row)
        row.status = PipVersionStatus.VASTGESTELD
        row.dagtekening = day
        row.established_by = ctx.account
        auditing.record_update(session, ctx.account, row, before, dossier.id)

        if previous is None and dossier.first_pip_date is None:
            # Set once, by the first vaststelling. A date already recorded by hand (a PIP made
            # before the register kept versions) is the first PIP and stays.
            before_dossier = auditing.snapshot(dossier)
            dossier.first_pip_date = day
            auditing.record_update(session, ctx.account, dossier, before_dossier, dossier.id)

        route = None if content.leerroute is None else content.leerroute.route
        title = None
        if previous is None:
            title = TASK_TITLE_FIRST
        elif route is not previous.leerroute:
            title = TASK_TITLE_ROUTE_CHANGE
        if title is not None:
            due = max(day, today) + dt.timedelta(days=TASK_DUE_DAYS)
            tasks.add_task(session, ctx, dossier.id, TASK_KIND, title, due, row.id)
        session.flush()
        # A fresh evaluation: the termijn now exists.
        session.refresh(dossier)
        return _overview(session, dossier, today)


def _check_dagtekening(day: dt.date, today: dt.date, previous: PipVersion | None) -> None:
    if day > today:
        raise ValidationFailed(
            [
                ValidationError(
                    "dagtekening",
                    N_("De dagtekening ligt in de toekomst. Stel het PIP vast op de dag zelf."),
                )
            ]
        )
    if previous is not None and previous.dagtekening is not None and day < previous.dagtekening:
        raise ValidationFailed(
            [
                ValidationError(
                    "dagtekening",
                    N_(
                        "De dagtekening ligt vóór die van versie {number} ({date}). Een nieuwe "
                        "versie komt na de vorige."
                    ),
                    {"number": previous.number, "date": format_date(previous.dagtekening)},
                )
            ]
        )


def link_letter(ctx: AppContext, version_id: int, letter_id: int) -> None:
    """Record the beschikking letter that was issued for a vastgestelde version. A letter made
    again later for the same version (another language, say) takes its place; every letter
    stays in the dossier (Documenten) and the audit trail keeps the earlier link.
    `letters.issue` does this itself for a beschikking prepared from a version."""
    with ctx.db.transaction() as session:
        attach_letter(session, ctx.account, version_id, letter_id)


def attach_letter(session: Session, account: str, version_id: int, letter_id: int) -> None:
    """`link_letter` inside the caller's transaction (the one that keeps the letter)."""
    row = children.require(session, PipVersion, version_id)
    children.require_open(session, row.dossier_id)
    if row.status is not PipVersionStatus.VASTGESTELD:
        raise ServiceError(
            N_("Een beschikking hoort bij een vastgestelde versie, niet bij een concept.")
        )
    letter = session.get(Letter, letter_id)
    if letter is None or letter.dossier_id != row.dossier_id:
        raise ServiceError(N_("Deze brief hoort niet bij dit dossier."))
    if letter.letter_type != LETTER_TYPE:
        raise ServiceError(N_("Deze brief is geen PIP-beschikking."))
    before = auditing.snapshot(row)
    row.letter_id = letter_id
    auditing.record_update(session, account, row, before, row.dossier_id)


def delete_concept(ctx: AppContext, version_id: int, revision: int | None = None) -> None:
    """Throw a concept away (audited). A vastgestelde version is a decision and stays."""
    with ctx.db.transaction() as session:
        row = children.require(session, PipVersion, version_id)
        children.require_open(session, row.dossier_id)
        if revision is not None:
            _check_revision(row, revision)
        if row.status is not PipVersionStatus.CONCEPT:
            raise ServiceError(
                N_("Versie {number} is vastgesteld: een beschikking wordt niet verwijderd."),
                number=row.number,
            )
        auditing.record_delete(session, ctx.account, row, row.dossier_id)
        session.delete(row)

