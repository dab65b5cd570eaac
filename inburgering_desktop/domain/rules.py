"""The rules of the Wet inburgering 2021 as small pure functions (RULES.md).

Each function cites its source: the RULES.md section and the article or seed behind it. Numbers
come from `Policy` (policy.py), never from here. `evaluate` composes the rest into the one status
the ui, the dossier list and the `deadlines --json` command show, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from inburgering_desktop.domain.enums import (
    CloseReason,
    Doelgroep,
    ExemptionKind,
    Offer,
    Phase,
    Regime,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import format_date

ONE_DAY = dt.timedelta(days=1)
_SHORTEST_MONTH = 28  # days: up to this day of the month, every month has the day


def shifted(day: dt.date, *, years: int = 0, months: int = 0) -> dt.date:
    """`day` plus whole years and months, the day clipped to the month's last day: exactly
    dateutil's `day + relativedelta(years=years, months=months)` (31 January + 1 month is 28 or
    29 February; 29 February + 1 year is 28 February).

    Written out because it is the inner loop of evaluating a whole register: relativedelta
    costs about ten microseconds per call, this well under one. A property test checks it
    against relativedelta for every kind of date (tests/domain/test_rules_dates.py).
    """
    total = day.month - 1 + months + 12 * years
    year, month = day.year + total // 12, total % 12 + 1
    last = monthrange(year, month)[1] if day.day > _SHORTEST_MONTH else day.day
    return dt.date(year, month, min(day.day, last))


# --- regime and duty -----------------------------------------------------------------------------


def regime_for(permit_date: dt.date, wi2021_start: dt.date) -> Regime:
    """Wi2013 (the ondertussengroep) for a permit before the Wi2021's start, else Wi2021.

    Source: RULES.md §1; Wi2021 art. 54 (verify); seeds 000, 002 §1.3.4. The start date is the
    policy parameter `wi2021_start_date` (1 January 2022).
    """
    return Regime.WI2013 if permit_date < wi2021_start else Regime.WI2021


def duty_start(birth_date: dt.date, duty_age: int) -> dt.date:
    """The `duty_age`-th birthday, from which someone can be inburgeringsplichtig.

    Source: RULES.md §1 ("the duty starts at 18"); Wi2021 art. 3 (verify). Someone born on
    29 February reaches the age on 28 February in a common year: dateutil's relativedelta clips
    to the last day of the month. We found no rule in the law for this case; the earlier date
    errs towards informing the person in time, and the program always shows the date.
    """
    return shifted(birth_date, years=duty_age)


def duty_starts_for(birth_date: dt.date, reference_date: dt.date, duty_age: int) -> dt.date | None:
    """The date the duty can start if the person is a minor on `reference_date`, else None.

    Source: RULES.md §1: a minor is registered but not inburgeringsplichtig, and the program
    says from which date the duty can start.
    """
    start = duty_start(birth_date, duty_age)
    return start if reference_date < start else None


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Age in whole years on a date (RULES.md §2.6 needs it for the onderwijsroute warning)."""
    return relativedelta(on, birth_date).years


# --- deadlines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    label: str  # msgid
    source: str


PIP_DUE_SOURCE = "Bi2021 art. 5.3 (verify); RULES.md §2.5"


def pip_due(
    duo_notice: dt.date | None, brp_registration: dt.date | None, weeks: int
) -> Deadline | None:
    """The date by which the PIP must be established: `weeks` after DUO's notice of the duty or
    after the BRP registration in this municipality, whichever is later.

    Source: RULES.md §2.5; Bi2021 art. 5.3 (verify). None unless both dates are known: the
    municipality's duty needs both events (it has no one to plan for before the person lives
    here, and no duty to enforce before DUO's notice), so with one of them missing any date we
    showed could only be too early and would raise a false alarm.
    """
    if duo_notice is None or brp_registration is None:
        return None
    anchor = max(duo_notice, brp_registration)
    return Deadline(anchor + dt.timedelta(weeks=weeks), N_("Uiterste datum PIP"), PIP_DUE_SOURCE)


# The Algemene termijnenwet art. 3: algemeen erkende feestdagen are New Year's Day, Easter
# Monday, Whit Monday, both Christmas days, Ascension Day, the day the King's birthday is
# celebrated and 5 May (every year, unlike the `holidays` library, which has Liberation Day
# only every fifth year), and lid 2 adds Good Friday. We add those two ourselves so that a
# change in the library cannot drop them. Days equated by a decree in the Staatscourant (such as
# the Friday after Ascension Day) are not known in advance and are not included.
_HOLIDAY_COUNTRY = "NL"
_LIBERATION_DAY = (5, 5)  # (month, day)
_GOOD_FRIDAY_BEFORE_EASTER = dt.timedelta(days=2)
_SATURDAY = 5  # date.weekday(): Monday is 0


@cache
def _termijnenwet_holidays(year: int) -> frozenset[dt.date]:
    # Imported here: the library costs a noticeable part of start-up and is only needed when a
    # date is moved to a working day (policy termijnenwet_shift, off by default).
    import holidays

    days = set(holidays.country_holidays(_HOLIDAY_COUNTRY, years=year))
    days.add(dt.date(year, *_LIBERATION_DAY))
    days.add(easter(year) - _GOOD_FRIDAY_BEFORE_EASTER)
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday, Sunday or algemeen erkende feestdag (Algemene termijnenwet art. 1, 3)."""
    return day.weekday() < _SATURDAY and day not in _termijnenwet_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the first working day after it.

    Source: Algemene termijnenwet art. 1 lid 1: a term ending on a Saturday, Sunday or holiday
    runs to the next day that is none of these.
    """
    while not is_working_day(day):
        day += ONE_DAY
    return day


@dataclass(frozen=True)
class Extension:
    """DUO's decision to extend the inburgeringstermijn: recorded, never computed (RULES §2.5)."""

    decided_on: dt.date
    new_end_date: dt.date
    reason: str
    reference: str


@dataclass(frozen=True)
class Termijn:
    start: dt.date
    end: dt.date  # the end in force: DUO's extended end date if there is one
    original_end: dt.date  # the end computed from the first PIP
    extended: bool
    source: str


TERMIJN_SOURCE = "Wi2021 art. 11; RULES.md §2.5"


def latest_extension(extensions: Iterable[Extension]) -> Extension | None:
    """The extension in force: the latest decision; on the same day, the later end date."""
    return max(extensions, key=lambda e: (e.decided_on, e.new_end_date), default=None)


def termijn(
    first_pip_date: dt.date | None,
    extensions: Iterable[Extension],
    years: int,
    shift_to_working_day: bool,
) -> Termijn | None:
    """The inburgeringstermijn: `years` years from the day after the first PIP's dagtekening.

    Source: Wi2021 art. 11; RULES.md §2.5. PIP dated 2025-04-10: start 2025-04-11, end
    2028-04-10. A changed, re-established or replaced PIP never moves the start (art. 11 lid 3):
    that is why this function takes only the date of the FIRST PIP, so a later version cannot be
    passed by mistake.

    The end is the day before the start's anniversary: start + years - 1 day (a PIP dated
    28 February 2001 starts 1 March 2001 and ends 29 February 2004, the leap day included).
    When the start itself is 29 February (PIP dated 28 February of a leap year) the anniversary
    does not exist in a common year; then the end is 28 February, `years` after the dagtekening,
    the later of the two readings, so the person never loses a day.

    With `shift_to_working_day` (policy `termijnenwet_shift`, default off: RULES.md marks it
    verify) a computed end on a weekend or holiday moves to the next working day (Algemene
    termijnenwet art. 1). DUO's extension (`latest_extension`) replaces the end as DUO decided
    it: DUO's own date is never shifted, it is a decision, not a computation.
    """
    if first_pip_date is None:
        return None
    start = first_pip_date + ONE_DAY
    if start.month == 2 and start.day == 29:
        computed_end = shifted(first_pip_date, years=years)
    else:
        computed_end = shifted(start, years=years) - ONE_DAY
    if shift_to_working_day:
        computed_end = next_working_day(computed_end)
    extension = latest_extension(extensions)
    if extension is None:
        return Termijn(start, computed_end, computed_end, False, TERMIJN_SOURCE)
    return Termijn(
        start,
        extension.new_end_date,
        computed_end,
        True,
        f"{TERMIJN_SOURCE}; verlenging DUO {extension.reference} "
        f"({extension.decided_on.isoformat()})",
    )


def next_meeting_due(
    termijn_start: dt.date | None, last_meeting: dt.date | None, interval_months: int
) -> dt.date | None:
    """When the next voortgangsgesprek is due: `interval_months` after the last one, or after
    the termijn's start if there was none since. None without a termijn (no PIP yet).

    Source: RULES.md §2.9; seed 002 "Monitoring" (frequency is local policy,
    `meeting_interval_months`). A talk before the termijn's start (an intake talk) does not
    count: progress talks measure progress against the PIP.
    """
    if termijn_start is None:
        return None
    base = termijn_start if last_meeting is None else max(termijn_start, last_meeting)
    return shifted(base, months=interval_months)


# --- offers --------------------------------------------------------------------------------------


def offers(regime: Regime, doelgroep: Doelgroep, pw_benefit: bool) -> dict[Offer, bool]:
    """Which instruments apply (see `_offers`); a fresh dict the caller may keep or change."""
    return dict(_offers(regime, doelgroep, pw_benefit))


@cache  # eight combinations, asked for once per dossier
def _offers(regime: Regime, doelgroep: Doelgroep, pw_benefit: bool) -> dict[Offer, bool]:
    """Which instruments apply: the RULES.md §1 table, cell by cell (every Offer present).

    Sources per row: brede intake + PIP for both doelgroepen (seed 002 §1.3.2); the leerroute is
    paid for asielstatushouders only, gezinsmigranten choose and pay their own (seed 002); PVT
    for all, for the ondertussengroep too; maatschappelijke begeleiding for asielstatushouders
    and (old arrangement) the ondertussengroep; ontzorgen only with an asylum permit AND a
    Participatiewet benefit (Pw art. 56a); the brede-intake fine binds every
    inburgeringsplichtige (Wi2021 art. 14, verify), the PIP fine only asielstatushouders (seed
    002 §3.6). The ondertussengroep (Wi2013) gets no brede intake, PIP, leerroute or MAP from
    the municipality: DUO runs the old law (RULES.md §1; seeds 000, 002 §1.3.4).
    """
    if regime is Regime.WI2013:
        table = {
            Offer.BREDE_INTAKE_PIP: False,
            Offer.LEERROUTE_PAID: False,
            Offer.MAP: False,
            Offer.PVT: True,
            Offer.MAATSCHAPPELIJKE_BEGELEIDING: True,
            Offer.ONTZORGEN: False,
            Offer.FINE_BREDE_INTAKE: False,
            Offer.FINE_PIP: False,
        }
    else:
        asylum = doelgroep is Doelgroep.ASIELSTATUSHOUDER
        table = {
            Offer.BREDE_INTAKE_PIP: True,
            Offer.LEERROUTE_PAID: asylum,
            Offer.MAP: True,
            Offer.PVT: True,
            Offer.MAATSCHAPPELIJKE_BEGELEIDING: asylum,
            Offer.ONTZORGEN: asylum and pw_benefit,
            Offer.FINE_BREDE_INTAKE: True,
            Offer.FINE_PIP: asylum,
        }
    return {offer: table[offer] for offer in Offer}


# --- the dossier as facts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Exemption:
    """A vrijstelling or ontheffing as recorded (RULES.md §1): type, date, ground, reference."""

    kind: ExemptionKind
    decided_on: dt.date
    ground: str
    reference: str


@dataclass(frozen=True, kw_only=True)
class DossierFacts:
    """What the register knows about one person, as the rules need it. Dates not yet known
    are None; the services fill this from the store. Keyword-only, so that two dates can never
    be swapped by position; `pw_benefit` has no default because forgetting it would silently
    withhold ontzorgen."""

    birth_date: dt.date
    doelgroep: Doelgroep
    pw_benefit: bool
    permit_date: dt.date
    koppeling_date: dt.date | None = None
    duo_notice_date: dt.date | None = None
    brp_date: dt.date | None = None
    intake_start_date: dt.date | None = None
    intake_completed_date: dt.date | None = None
    first_pip_date: dt.date | None = None
    extensions: tuple[Extension, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    closed_on: dt.date | None = None
    close_reason: CloseReason | None = None
    last_meeting_date: dt.date | None = None


def dossier_regime(facts: DossierFacts, policy: Policy) -> Regime:
    """The dossier's regime, from the permit date or, for someone who was a minor then, from
    the date the duty starts.

    Source: RULES.md §1 (regime "derived from the date of the residence permit (or of the
    duty's start)"); Wi2021 art. 54 (verify). A minor with a 2021 permit who turns 18 in 2023
    only becomes inburgeringsplichtig in 2023, so under the Wi2021.
    """
    starts = duty_starts_for(facts.birth_date, facts.permit_date, policy.duty_age)
    return regime_for(starts or facts.permit_date, policy.wi2021_start_date)


def phase(facts: DossierFacts, today: dt.date, regime: Regime | None = None) -> Phase:
    """Where the dossier stands, derived from its dates (never stored; enums.Phase).

    Source: the process order of RULES.md §2. A recorded closing date closes the dossier
    (AFGEROND when the inburgering was completed, GESLOTEN otherwise); then the first PIP means
    IN_TRAJECT, a completed intake PIP_IN_VOORBEREIDING, an intake that has started INTAKE
    (a planned intake in the future does not count), else AANGEMELD.

    Pass the `regime` (as `evaluate` does) to apply RULES.md §1: a Wi2013 dossier gets no brede
    intake or PIP from the municipality, so it stays AANGEMELD until it is closed, even where the
    consultant tracks an intake. Without it the phase follows the dates alone.
    """
    if facts.closed_on is not None:
        return Phase.AFGEROND if facts.close_reason is CloseReason.AFGEROND else Phase.GESLOTEN
    if regime is Regime.WI2013:
        return Phase.AANGEMELD
    if facts.first_pip_date is not None:
        return Phase.IN_TRAJECT
    if facts.intake_completed_date is not None:
        return Phase.PIP_IN_VOORBEREIDING
    if facts.intake_start_date is not None and facts.intake_start_date <= today:
        return Phase.INTAKE
    return Phase.AANGEMELD


# --- signals -------------------------------------------------------------------------------------

Severity = Literal["info", "warning", "urgent"]
# The one ranking of severities (higher is more urgent): signal order, the list's sort, colours.
SEVERITY_RANK: dict[Severity, int] = {"info": 1, "warning": 2, "urgent": 3}


@dataclass(frozen=True)
class Signal:
    """Something the consultant should notice. `message` is a msgid with {named} placeholders
    filled from `params` after translation; dates in params are written dd-mm-jjjj, and `date`
    carries the date itself for sorting and for showing the weekday (RULES.md §2.5)."""

    code: str
    severity: Severity
    message: str
    params: dict[str, str | int] = field(default_factory=dict)
    date: dt.date | None = None


def _exemption_signal(exemption: Exemption) -> Signal:
    params: dict[str, str | int] = {
        "date": format_date(exemption.decided_on),
        "ground": exemption.ground,
        "reference": exemption.reference,
    }
    if exemption.kind is ExemptionKind.VRIJSTELLING:
        return Signal(
            "vrijstelling_recorded",
            "info",
            N_("Vrijstelling vastgelegd op {date}: {ground}."),
            params,
            exemption.decided_on,
        )
    return Signal(
        "ontheffing_recorded",
        "info",
        N_("Ontheffing door DUO vastgelegd op {date}: {ground}."),
        params,
        exemption.decided_on,
    )


def _pip_signals(facts: DossierFacts, policy: Policy, today: dt.date) -> list[Signal]:
    """Before the first PIP: the PIP deadline and a missing DUO notice (RULES.md §2.2, §2.5)."""
    found: list[Signal] = []
    if facts.brp_date is not None and facts.duo_notice_date is None:
        # Without DUO's notice the PIP deadline cannot be computed: ask for it.
        found.append(
            Signal(
                "missing_duo_notice",
                "info",
                N_(
                    "Ingeschreven in de BRP op {date}, maar de kennisgeving van DUO over de "
                    "inburgeringsplicht is nog niet vastgelegd."
                ),
                {"date": format_date(facts.brp_date)},
                facts.brp_date,
            )
        )
    due = pip_due(facts.duo_notice_date, facts.brp_date, policy.pip_weeks)
    if due is None:
        return found
    days_left = (due.date - today).days
    params: dict[str, str | int] = {"date": format_date(due.date), "days": abs(days_left)}
    if days_left < 0:
        found.append(
            Signal(
                "pip_overdue",
                "urgent",
                N_("Het PIP is te laat: de uiterste datum was {date} ({days} dag(en) geleden)."),
                params,
                due.date,
            )
        )
    elif days_left <= policy.pip_due_soon_days:
        found.append(
            Signal(
                "pip_due_soon",
                "warning",
                N_("Het PIP moet uiterlijk op {date} zijn vastgesteld (nog {days} dag(en))."),
                params,
                due.date,
            )
        )
    return found


def _pip_late_signal(facts: DossierFacts, policy: Policy) -> Signal | None:
    """After the first PIP: whether it was established after the PIP's due date (RULES.md §2.5;
    Bi2021 art. 5.3, verify). Information, not a warning: nothing can be done about it any more,
    but it stays visible for the whole traject, in the list and in the dossier, because the
    municipality reports on its deadlines and a late PIP may explain a later problem.
    """
    if facts.first_pip_date is None:
        return None
    due = pip_due(facts.duo_notice_date, facts.brp_date, policy.pip_weeks)
    if due is None or facts.first_pip_date <= due.date:
        return None
    return Signal(
        "pip_late",
        "info",
        N_("Het PIP is {days} dag(en) te laat vastgesteld (uiterste datum {date})."),
        {"days": (facts.first_pip_date - due.date).days, "date": format_date(due.date)},
        due.date,
    )


def _traject_signals(
    facts: DossierFacts, policy: Policy, today: dt.date, term: Termijn | None
) -> list[Signal]:
    """After the first PIP: a PIP established late (kept as information), termijn ending or
    expired, progress talk overdue (RULES.md §2.5, §2.9)."""
    found: list[Signal] = []
    late = _pip_late_signal(facts, policy)
    if late is not None:
        found.append(late)
    if term is None:
        return found
    params: dict[str, str | int] = {
        "date": format_date(term.end),
        "days": abs((term.end - today).days),
    }
    if today > term.end:
        found.append(
            Signal(
                "termijn_expired",
                "urgent",
                N_("De inburgeringstermijn is verstreken op {date}."),
                params,
                term.end,
            )
        )
    elif today >= shifted(term.end, months=-policy.termijn_ending_months):
        found.append(
            Signal(
                "termijn_ending",
                "warning",
                N_("De inburgeringstermijn eindigt op {date}."),
                params,
                term.end,
            )
        )
    due = next_meeting_due(term.start, facts.last_meeting_date, policy.meeting_interval_months)
    if due is not None and today > due + dt.timedelta(days=policy.meeting_overdue_grace_days):
        found.append(
            Signal(
                "meeting_overdue",
                "warning",
                N_(
                    "Het voortgangsgesprek is te laat: het was gepland uiterlijk op {date} "
                    "({days} dag(en) geleden)."
                ),
                {"date": format_date(due), "days": (today - due).days},
                due,
            )
        )
    return found


def signals(facts: DossierFacts, policy: Policy, today: dt.date) -> tuple[Signal, ...]:
    """What the consultant should notice today, most urgent first (then by date).

    Source: RULES.md §2.5 and §2.9 (signals, never blocks). None for a closed dossier. Signals
    about the duty (PIP deadline, a PIP established late, missing DUO notice, termijn, progress
    talks) are skipped for the ondertussengroep (no municipal PIP, RULES.md §1), for a person
    who is a minor today (not yet inburgeringsplichtig) and after a vrijstelling (it ends the
    duty). An ontheffing only narrows the duty as DUO decides, so the signals stay and the
    consultant judges.
    """
    regime = dossier_regime(facts, policy)
    return _signals(
        facts,
        policy,
        today,
        regime,
        phase(facts, today, regime),
        _termijn(facts, policy),
        duty_start(facts.birth_date, policy.duty_age),
    )


def _signals(
    facts: DossierFacts,
    policy: Policy,
    today: dt.date,
    regime: Regime,
    current: Phase,
    term: Termijn | None,
    starts: dt.date,
) -> tuple[Signal, ...]:
    """`signals` with what `evaluate` has already worked out; `starts` is the duty_start."""
    if current in (Phase.AFGEROND, Phase.GESLOTEN):
        return ()
    found = [_exemption_signal(e) for e in facts.exemptions]
    minor = today < starts
    if minor:
        found.append(
            Signal(
                "minor",
                "info",
                N_("Minderjarig: de inburgeringsplicht kan ingaan op {date}."),
                {"date": format_date(starts)},
                starts,
            )
        )
    exempted = bool(facts.exemptions) and any(
        e.kind is ExemptionKind.VRIJSTELLING for e in facts.exemptions
    )
    if regime is Regime.WI2021 and not minor and not exempted:
        if current is Phase.IN_TRAJECT:
            found.extend(_traject_signals(facts, policy, today, term))
        else:
            found.extend(_pip_signals(facts, policy, today))
    if len(found) < 2:  # most dossiers: nothing to order (this runs for every dossier)
        return tuple(found)
    return tuple(sorted(found, key=_signal_order))


def _signal_order(s: Signal) -> tuple[int, bool, dt.date]:
    return (-SEVERITY_RANK[s.severity], s.date is None, s.date or dt.date.min)


def top_severity(found: Iterable[Signal]) -> Severity | None:
    """The most urgent severity among the signals, None without any."""
    return max((s.severity for s in found), key=SEVERITY_RANK.__getitem__, default=None)


# --- everything together -------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierStatus:
    regime: Regime
    phase: Phase
    duty_starts: dt.date | None  # when the person was a minor at the permit date
    pip_due: Deadline | None
    termijn: Termijn | None
    next_meeting_due: dt.date | None
    offers: dict[Offer, bool]
    signals: tuple[Signal, ...]


def evaluate(facts: DossierFacts, policy: Policy, today: dt.date) -> DossierStatus:
    """The whole status of one dossier; every number comes from `policy` (RULES.md throughout).

    The PIP deadline and the termijn exist only under the Wi2021 (RULES.md §1: the
    ondertussengroep has no PIP and no municipal termijn). The PIP deadline stays visible after
    the PIP, so the list can show whether it was met. The next progress talk is due only while
    the dossier is in traject.
    """
    # dossier_regime and duty_starts_for, with the birthday worked out once (this runs for
    # every dossier at every start).
    starts = duty_start(facts.birth_date, policy.duty_age)
    starts_after_permit = starts if facts.permit_date < starts else None
    regime = regime_for(starts_after_permit or facts.permit_date, policy.wi2021_start_date)
    current = phase(facts, today, regime)
    wi2021 = regime is Regime.WI2021
    term = _termijn(facts, policy) if wi2021 else None
    meeting = (
        next_meeting_due(term.start, facts.last_meeting_date, policy.meeting_interval_months)
        if term is not None and current is Phase.IN_TRAJECT
        else None
    )
    return DossierStatus(
        regime=regime,
        phase=current,
        duty_starts=starts_after_permit,
        pip_due=(
            pip_due(facts.duo_notice_date, facts.brp_date, policy.pip_weeks) if wi2021 else None
        ),
        termijn=term,
        next_meeting_due=meeting,
        offers=offers(regime, facts.doelgroep, facts.pw_benefit),
        # Traject signals exist only under the Wi2021, where `term` is computed.
        signals=_signals(facts, policy, today, regime, current, term, starts),
    )


def _termijn(facts: DossierFacts, policy: Policy) -> Termijn | None:
    return termijn(
        facts.first_pip_date, facts.extensions, policy.termijn_years, policy.termijnenwet_shift
    )
