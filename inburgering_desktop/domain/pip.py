"""The PIP (plan inburgering en participatie) as rules: advice, offer, content, versions.

Sources: RULES.md §1 (who is offered what), §2.5 (the PIP as a beschikking, its versions, the
termijn), §2.6 (the leerroutes and the advice), §2.7 (PVT, MAP) and §2.8 (ontzorgen). Numbers come
from `Policy`. The advice explains and never decides: the consultant chooses, and a choice against
the advice or against an age guideline asks for a motivation (`PipWarning`), it never blocks.
What the law does not allow (a component outside the person's offer, ontzorgen too short without
a reason) is refused by `validate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

from dateutil.relativedelta import relativedelta

from inburgering_desktop.domain.enums import (
    Doelgroep,
    EducationLevel,
    LanguageLevel,
    LanguageSkill,
    Leerroute,
    Literacy,
    Offer,
    PipComponent,
    PipVersionStatus,
    Regime,
    ToetsOutcome,
    label,
)
from inburgering_desktop.domain.intake import (
    KEY_EDUCATION,
    KEY_LITERACY,
    KEY_SCHOOL_YEARS,
    Leerbaarheidstoets,
    language_key,
    parse_answers,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.rules import ONE_DAY, age_on, offers
from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ParamValue, ValidationError, format_date

# --- the leerroute advice (RULES.md §2.6) --------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One line of an advice's explanation: a Dutch msgid and its named parameters."""

    message: str
    params: dict[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Advice:
    route: Leerroute
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, kw_only=True)
class AdviceInput:
    """What the advice reads: the age on the date of the advice (rules.age_on), the toets and the
    intake's answers on language, literacy and schooling. Anything may be unknown (None)."""

    age: int
    toets: Leerbaarheidstoets | None = None
    language_levels: Mapping[LanguageSkill, LanguageLevel] = field(default_factory=dict)
    literacy: Literacy | None = None
    school_years: int | None = None
    education: EducationLevel | None = None


def advice_input(
    age: int, toets: Leerbaarheidstoets | None, answers: Mapping[str, str | None]
) -> AdviceInput:
    """The advice's input from the intake's stored answers. An answer that cannot be read counts
    as unknown: the advice must not fail on what `missing_for_finish` reports anyway."""
    values, _errors = parse_answers(answers)
    levels: dict[LanguageSkill, LanguageLevel] = {}
    for skill in LanguageSkill:
        level = values.get(language_key(skill))
        if isinstance(level, LanguageLevel):
            levels[skill] = level
    literacy = values.get(KEY_LITERACY)
    education = values.get(KEY_EDUCATION)
    years = values.get(KEY_SCHOOL_YEARS)
    return AdviceInput(
        age=age,
        toets=toets,
        language_levels=levels,
        literacy=literacy if isinstance(literacy, Literacy) else None,
        school_years=years if isinstance(years, int) and not isinstance(years, bool) else None,
        education=education if isinstance(education, EducationLevel) else None,
    )


def _position(member: StrEnum) -> int:
    # The ordered enums (LanguageLevel, EducationLevel, ToetsOutcome) list their members in
    # ascending order, so the position is the rank.
    return list(type(member)).index(member)


_LOW_LITERACY = frozenset({Literacy.LAAGGELETTERD, Literacy.ANALFABEET})
_LITTLE_SCHOOLING = frozenset({EducationLevel.GEEN, EducationLevel.BASISONDERWIJS})
# A vooropleiding to build on in Dutch education (MvT: the onderwijsroute prepares for mbo, hbo
# or university).
_PRIOR_EDUCATION = frozenset(
    {
        EducationLevel.VOORTGEZET_ONDERWIJS,
        EducationLevel.BEROEPSONDERWIJS,
        EducationLevel.HOGER_ONDERWIJS,
    }
)

_TOETS_REASONS: dict[ToetsOutcome, str] = {
    ToetsOutcome.HOOG: N_("De leerbaarheidstoets gaf een hoge uitkomst."),
    ToetsOutcome.GEMIDDELD: N_("De leerbaarheidstoets gaf een gemiddelde uitkomst."),
    ToetsOutcome.LAAG: N_("De leerbaarheidstoets gaf een lage uitkomst."),
}


def _toets_reason(toets: Leerbaarheidstoets | None) -> Reason:
    if toets is not None and toets.taken and toets.outcome is not None:
        return Reason(_TOETS_REASONS[toets.outcome])
    if toets is not None and toets.exempt_reason is not None:
        return Reason(
            N_("Vrijgesteld van de leerbaarheidstoets: het advies rust alleen op de intake.")
        )
    if toets is not None and toets.no_show:
        return Reason(
            N_(
                "De persoon kwam niet naar de leerbaarheidstoets: het advies rust alleen op de "
                "intake."
            )
        )
    return Reason(
        N_(
            "Er is nog geen uitkomst van de leerbaarheidstoets: het advies rust alleen op de "
            "intake."
        )
    )


def advise_leerroute(inp: AdviceInput, policy: Policy) -> Advice:
    """The leerroute the intake points to, with the reasons in plain Dutch. An advice only.

    Source: RULES.md §2.6 (seed 002 "Taalaanbod"): the toets's outcome and the intake drive it;
    onderwijsroute if young and able, Z-route if B1 is out of reach, otherwise B1 (the route of
    most status holders). "Young" is below `policy.onderwijsroute_warning_age` (MvT: "tot 28
    jaar"; no legal limit). "Able" is a vooropleiding from secondary school up, literacy, and a
    high outcome (or no outcome at all: then the intake alone speaks). "Out of reach" is a low
    outcome with little literacy or schooling, or, without an outcome, both; Dutch already at
    A2 or higher in any skill contradicts that, and then B1 is advised.
    """
    reasons = [_toets_reason(inp.toets)]
    outcome = inp.toets.outcome if inp.toets is not None and inp.toets.taken else None
    low_literacy = inp.literacy in _LOW_LITERACY
    little_schooling = inp.education in _LITTLE_SCHOOLING or (
        inp.education is None and inp.school_years == 0
    )
    if inp.school_years is not None:
        reasons.append(Reason(N_("{years} jaar onderwijs gevolgd."), {"years": inp.school_years}))
    some_dutch = any(
        _position(level) >= _position(LanguageLevel.A2) for level in inp.language_levels.values()
    )

    if outcome is ToetsOutcome.LAAG and low_literacy:
        out_of_reach = N_(
            "Niet of weinig gealfabetiseerd en een lage uitkomst: B1 lijkt niet haalbaar."
        )
    elif outcome is ToetsOutcome.LAAG and little_schooling:
        out_of_reach = N_("Weinig onderwijs gevolgd en een lage uitkomst: B1 lijkt niet haalbaar.")
    elif outcome is None and low_literacy and little_schooling:
        out_of_reach = N_(
            "Niet of weinig gealfabetiseerd en weinig onderwijs gevolgd: B1 lijkt niet haalbaar."
        )
    else:
        out_of_reach = None
    if out_of_reach is not None and not some_dutch:
        return Advice(Leerroute.Z_ROUTE, (*reasons, Reason(out_of_reach)))
    if out_of_reach is not None:
        reasons.append(
            Reason(
                N_("Spreekt, leest of schrijft al Nederlands op A2 of hoger: B1 lijkt bereikbaar.")
            )
        )

    limit = policy.onderwijsroute_warning_age
    able = (
        inp.education in _PRIOR_EDUCATION
        and not low_literacy
        and outcome in (ToetsOutcome.HOOG, None)
    )
    if able and inp.age < limit:
        reasons.append(
            Reason(
                N_("Jonger dan {age} en met vooropleiding: de onderwijsroute ligt voor de hand."),
                {"age": limit},
            )
        )
        return Advice(Leerroute.ONDERWIJSROUTE, tuple(reasons))
    if able:
        reasons.append(
            Reason(
                N_(
                    "Met vooropleiding, maar {age} jaar of ouder: de onderwijsroute is bedoeld "
                    "voor jongere mensen (geen wettelijke grens)."
                ),
                {"age": limit},
            )
        )
    reasons.append(
        Reason(N_("Geen aanwijzing dat B1 buiten bereik ligt: de B1-route is de gewone route."))
    )
    return Advice(Leerroute.B1, tuple(reasons))


# --- warnings on the consultant's choices --------------------------------------------------------


@dataclass(frozen=True)
class PipWarning:
    """A warning about a choice in the PIP: shown, never blocking. With `needs_motivation` the
    consultant writes down why (PipContent.route_motivation; `validate` checks it is there).

    Not called Warning: that would shadow Python's built-in exception class in every module that
    imports it.
    """

    code: str
    message: str  # msgid; params are filled in after translation
    params: dict[str, ParamValue] = field(default_factory=dict)
    needs_motivation: bool = True


def route_choice_warnings(
    chosen: Leerroute,
    advice: Advice | None,
    birth_date: dt.date,
    pip_date: dt.date,
    policy: Policy,
) -> list[PipWarning]:
    """Warnings on the chosen leerroute, each asking for a motivation.

    Sources: RULES.md §2.6 (the advice explains, never decides alone; the municipality may depart
    from the toets's outcome with a motivation, §2.4) and the onderwijsroute's age guideline:
    a warning when the person is `policy.onderwijsroute_warning_age` or older on the date the
    PIP is established (MvT "tot 28 jaar", seed 002 fn. 9; no legal limit, so never a block).
    On the birthday itself the person has that age (rules.age_on), so the warning starts then.
    """
    found: list[PipWarning] = []
    if advice is not None and chosen is not advice.route:
        found.append(
            PipWarning(
                "route_differs_from_advice",
                N_(
                    "De gekozen leerroute ({chosen}) wijkt af van het advies ({advised}). "
                    "Schrijf op waarom."
                ),
                # Labels are msgids: the ui translates them before it formats the message.
                {"chosen": label(chosen), "advised": label(advice.route)},
            )
        )
    age = age_on(birth_date, pip_date)
    if chosen is Leerroute.ONDERWIJSROUTE and age >= policy.onderwijsroute_warning_age:
        found.append(
            PipWarning(
                "onderwijsroute_age",
                N_(
                    "Op de datum van het PIP is de persoon {age} jaar. De onderwijsroute is "
                    "bedoeld voor mensen jonger dan {limit} jaar; dat is geen wettelijke grens. "
                    "Schrijf op waarom deze route toch past."
                ),
                {"age": age, "limit": policy.onderwijsroute_warning_age},
            )
        )
    return found


def needs_motivation(warnings: Iterable[PipWarning]) -> bool:
    return any(w.needs_motivation for w in warnings)


def route_switch_last_day(termijn_start: dt.date, window_months: int) -> dt.date:
    """The last day on which the leerroute may still be switched: the window is a period of
    `window_months` months that starts on the termijn's first day, counted as the termijn itself
    is (rules.termijn): it ends the day before the same day of the month, `window_months` later.

    Where that day does not exist (a start on 31 August, 18 months later is February), the
    period ends on the month's last day, the later of the two readings, as rules.termijn does for
    29 February: the person never loses a day.
    """
    anniversary = termijn_start + relativedelta(months=window_months)
    if anniversary.day != termijn_start.day:
        return anniversary  # clipped to the end of a shorter month
    return anniversary - ONE_DAY


def route_switch_check(
    termijn_start: dt.date,
    switch_date: dt.date,
    from_route: Leerroute,
    to_route: Leerroute,
    policy: Policy,
) -> PipWarning | None:
    """A warning when a switch of leerroute falls outside the window the law allows.

    Source: RULES.md §2.5: a switch is allowed within 1.5 years of the termijn's start
    (`policy.route_switch_window_months`), except a switch from the onderwijsroute, which is
    always allowed (Wi2021/Bi2021, verify the details). A warning, not a block: the details are
    unverified, and the consultant may know of a ground we do not.
    """
    if from_route is to_route or from_route is Leerroute.ONDERWIJSROUTE:
        return None
    last_day = route_switch_last_day(termijn_start, policy.route_switch_window_months)
    if switch_date <= last_day:
        return None
    return PipWarning(
        "route_switch_after_window",
        N_(
            "Wisselen van leerroute kan alleen tot en met {last_day}: binnen {months} maanden na "
            "de start van de inburgeringstermijn. Alleen een wissel vanuit de onderwijsroute kan "
            "later. De wet staat deze wissel niet toe; schrijf op waarom hij toch nodig is."
        ),
        {"last_day": format_date(last_day), "months": policy.route_switch_window_months},
    )


# --- which components the PIP may contain (RULES.md §1) ------------------------------------------


@dataclass(frozen=True)
class Offered:
    """A component the PIP may contain. `paid`: the municipality provides it at its own cost.
    False for a gezinsmigrant's leerroute and KNM (recorded, but the person chooses and pays a
    course: seed 002), and for voorschoolse educatie, participation activities and other
    agreements, which the PIP records but the inburgering does not pay for."""

    paid: bool


# Recorded in every Wi2021 PIP where relevant (seed 002 §1.2.2), never paid as inburgering.
_RECORDED_ONLY = (
    PipComponent.VOORSCHOOLSE_EDUCATIE,
    PipComponent.PARTICIPATIE,
    PipComponent.OVERIGE_AFSPRAKEN,
)


def components_offered(
    regime: Regime, doelgroep: Doelgroep, pw_benefit: bool, leerroute: Leerroute | None
) -> dict[PipComponent, Offered]:
    """The components a PIP for this person may contain, in PipComponent's order.

    Derived from rules.offers() (RULES.md §1 table), not a second table: the ondertussengroep
    (Wi2013) gets no PIP at all (empty); the leerroute and KNM are always in a Wi2021 PIP, paid
    only for asielstatushouders; MAP not in the onderwijsroute (seed 002 fn. 11); PVT for all;
    maatschappelijke begeleiding for asielstatushouders; ontzorgen only with an asylum permit
    and a Participatiewet benefit (Pw art. 56a). `leerroute` None (not chosen yet) keeps MAP.
    """
    table = offers(regime, doelgroep, pw_benefit)
    if not table[Offer.BREDE_INTAKE_PIP]:
        return {}
    route_paid = table[Offer.LEERROUTE_PAID]
    result: dict[PipComponent, Offered] = {
        PipComponent.LEERROUTE: Offered(paid=route_paid),
        PipComponent.KNM: Offered(paid=route_paid),
    }
    if table[Offer.MAP] and leerroute is not Leerroute.ONDERWIJSROUTE:
        result[PipComponent.MAP] = Offered(paid=True)
    if table[Offer.PVT]:
        result[PipComponent.PVT] = Offered(paid=True)
    if table[Offer.ONTZORGEN]:
        result[PipComponent.ONTZORGEN] = Offered(paid=True)
    if table[Offer.MAATSCHAPPELIJKE_BEGELEIDING]:
        result[PipComponent.MAATSCHAPPELIJKE_BEGELEIDING] = Offered(paid=True)
    for component in _RECORDED_ONLY:
        result[component] = Offered(paid=False)
    return {c: result[c] for c in PipComponent if c in result}


# --- the Z-route's hours (RULES.md §2.6) ---------------------------------------------------------


@dataclass(frozen=True)
class ZRoutePlan:
    """Hours over the whole termijn; pace against them is a signal, not a rule (seed 002 fn. 25)."""

    language_hours: int  # Dutch, KNM included
    participation_hours: int
    source: str


Z_ROUTE_SOURCE = "Bi2021 art. 3.14 (verify); seed 002 fn. 10; RULES.md §2.6"


def z_route_plan(policy: Policy, doelgroep: Doelgroep) -> ZRoutePlan:
    """800 hours of Dutch (KNM included) and, for asielstatushouders only, 800 hours of
    participation (policy `z_route_language_hours`, `z_route_participation_hours`)."""
    participation = (
        policy.z_route_participation_hours if doelgroep is Doelgroep.ASIELSTATUSHOUDER else 0
    )
    return ZRoutePlan(policy.z_route_language_hours, participation, Z_ROUTE_SOURCE)


# --- the PIP's content ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RouteAgreement:
    route: Leerroute
    provider: str = ""
    start: dt.date | None = None
    hours_per_week: int | None = None
    paid: bool = False  # by the municipality; components_offered says whether it may be


@dataclass(frozen=True, kw_only=True)
class ModuleAgreement:
    """MAP or PVT: who provides it and its hours (for MAP the hours of practical work)."""

    provider: str = ""
    hours: int | None = None


@dataclass(frozen=True, kw_only=True)
class OntzorgenAgreement:
    months: int
    shorter_reason: str = ""  # required below policy.ontzorgen_min_months
    financial_guidance_start: dt.date | None = None  # course towards financial self-reliance


@dataclass(frozen=True, kw_only=True)
class GuidanceAgreement:
    """Maatschappelijke begeleiding: by whom, and the period."""

    organisation: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class PipContent:
    """Everything a PIP version says (RULES.md §2.5; seed 002 §1.2.2). A component that is None
    (or an empty tuple) is not part of this PIP. Stored as JSON text (`to_dict`)."""

    leerroute: RouteAgreement | None = None
    knm: bool = False
    map: ModuleAgreement | None = None
    pvt: ModuleAgreement | None = None
    ontzorgen: OntzorgenAgreement | None = None
    maatschappelijke_begeleiding: GuidanceAgreement | None = None
    voorschoolse_educatie: tuple[tuple[str, str], ...] = ()  # (child's name, arrangement)
    participatie: tuple[tuple[str, int | None], ...] = ()  # (description, hours per week)
    overige_afspraken: tuple[str, ...] = ()
    route_motivation: str = ""

    def components(self) -> list[PipComponent]:
        """The components this content includes, in PipComponent's order."""
        present = {
            PipComponent.LEERROUTE: self.leerroute is not None,
            PipComponent.KNM: self.knm,
            PipComponent.MAP: self.map is not None,
            PipComponent.PVT: self.pvt is not None,
            PipComponent.ONTZORGEN: self.ontzorgen is not None,
            PipComponent.MAATSCHAPPELIJKE_BEGELEIDING: self.maatschappelijke_begeleiding
            is not None,
            PipComponent.VOORSCHOOLSE_EDUCATIE: bool(self.voorschoolse_educatie),
            PipComponent.PARTICIPATIE: bool(self.participatie),
            PipComponent.OVERIGE_AFSPRAKEN: bool(self.overige_afspraken),
        }
        return [c for c in PipComponent if present[c]]

    def to_dict(self) -> dict[str, object]:
        """JSON-safe (str, int, bool, None, lists, dicts; dates as ISO strings), stable keys."""
        route = self.leerroute
        ontzorgen = self.ontzorgen
        guidance = self.maatschappelijke_begeleiding
        return {
            "schema": SCHEMA_VERSION,
            "leerroute": None
            if route is None
            else {
                "route": route.route.value,
                "provider": route.provider,
                "start": _iso(route.start),
                "hours_per_week": route.hours_per_week,
                "paid": route.paid,
            },
            "knm": self.knm,
            "map": _module_dict(self.map),
            "pvt": _module_dict(self.pvt),
            "ontzorgen": None
            if ontzorgen is None
            else {
                "months": ontzorgen.months,
                "shorter_reason": ontzorgen.shorter_reason,
                "financial_guidance_start": _iso(ontzorgen.financial_guidance_start),
            },
            "maatschappelijke_begeleiding": None
            if guidance is None
            else {
                "organisation": guidance.organisation,
                "start": _iso(guidance.start),
                "end": _iso(guidance.end),
            },
            "voorschoolse_educatie": [
                {"child": child, "arrangement": arrangement}
                for child, arrangement in self.voorschoolse_educatie
            ],
            "participatie": [
                {"description": description, "hours_per_week": hours}
                for description, hours in self.participatie
            ],
            "overige_afspraken": list(self.overige_afspraken),
            "route_motivation": self.route_motivation,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PipContent:
        """The inverse of `to_dict`. Missing keys take their defaults (an older version's JSON);
        anything else unexpected raises ValueError: stored content is ours, so a surprise is a
        bug or a damaged file, never the user's mistake."""
        _only(data, _TOP_KEYS, "content")
        schema = data.get("schema", SCHEMA_VERSION)
        if schema != SCHEMA_VERSION:
            raise ValueError(f"PIP content schema {schema!r} is not {SCHEMA_VERSION}")
        route = _object(data, "leerroute", _ROUTE_KEYS)
        ontzorgen = _object(data, "ontzorgen", _ONTZORGEN_KEYS)
        guidance = _object(data, "maatschappelijke_begeleiding", _GUIDANCE_KEYS)
        return cls(
            leerroute=None
            if route is None
            else RouteAgreement(
                route=Leerroute(_str(route, "route", required=True)),
                provider=_str(route, "provider"),
                start=_date(route, "start"),
                hours_per_week=_int(route, "hours_per_week"),
                paid=_bool(route, "paid"),
            ),
            knm=_bool(data, "knm"),
            map=_module(data, "map"),
            pvt=_module(data, "pvt"),
            ontzorgen=None
            if ontzorgen is None
            else OntzorgenAgreement(
                months=_required_int(ontzorgen, "months"),
                shorter_reason=_str(ontzorgen, "shorter_reason"),
                financial_guidance_start=_date(ontzorgen, "financial_guidance_start"),
            ),
            maatschappelijke_begeleiding=None
            if guidance is None
            else GuidanceAgreement(
                organisation=_str(guidance, "organisation"),
                start=_date(guidance, "start"),
                end=_date(guidance, "end"),
            ),
            voorschoolse_educatie=tuple(
                (_str(item, "child", required=True), _str(item, "arrangement"))
                for item in _objects(data, "voorschoolse_educatie", ("child", "arrangement"))
            ),
            participatie=tuple(
                (_str(item, "description", required=True), _int(item, "hours_per_week"))
                for item in _objects(data, "participatie", ("description", "hours_per_week"))
            ),
            overige_afspraken=_strings(data, "overige_afspraken"),
            route_motivation=_str(data, "route_motivation"),
        )


# Bumped when a key changes meaning; from_dict then needs a conversion for the old one.
SCHEMA_VERSION = 1
_TOP_KEYS = (
    "schema",
    "leerroute",
    "knm",
    "map",
    "pvt",
    "ontzorgen",
    "maatschappelijke_begeleiding",
    "voorschoolse_educatie",
    "participatie",
    "overige_afspraken",
    "route_motivation",
)


_ROUTE_KEYS = ("route", "provider", "start", "hours_per_week", "paid")
_MODULE_KEYS = ("provider", "hours")
_ONTZORGEN_KEYS = ("months", "shorter_reason", "financial_guidance_start")
_GUIDANCE_KEYS = ("organisation", "start", "end")


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _module_dict(module: ModuleAgreement | None) -> dict[str, object] | None:
    return None if module is None else {"provider": module.provider, "hours": module.hours}


def _only(data: Mapping[str, object], keys: Sequence[str], where: str) -> None:
    unknown = set(data) - set(keys)
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")


def _object(
    data: Mapping[str, object], key: str, keys: Sequence[str]
) -> Mapping[str, object] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError(f"{key}: expected an object, not {type(value).__name__}")
    _only(value, keys, key)
    return value


def _objects(
    data: Mapping[str, object], key: str, keys: Sequence[str]
) -> list[Mapping[str, object]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{key}: expected a list, not {type(value).__name__}")
    items: list[Mapping[str, object]] = []
    for item in value:
        if not isinstance(item, Mapping):
            raise ValueError(f"{key}: expected objects, not {type(item).__name__}")
        _only(item, keys, key)
        items.append(item)
    return items


def _str(data: Mapping[str, object], key: str, required: bool = False) -> str:
    if required and key not in data:
        raise ValueError(f"{key}: missing")
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected text, not {type(value).__name__}")
    return value


def _strings(data: Mapping[str, object], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key}: expected a list of text")
    return tuple(value)


def _bool(data: Mapping[str, object], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{key}: expected true or false, not {type(value).__name__}")
    return value


def _int(data: Mapping[str, object], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    # bool is an int in Python, but true is not a number of hours.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key}: expected a whole number, not {type(value).__name__}")
    return value


def _required_int(data: Mapping[str, object], key: str) -> int:
    value = _int(data, key)
    if value is None:
        raise ValueError(f"{key}: missing")
    return value


def _date(data: Mapping[str, object], key: str) -> dt.date | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected an ISO date, not {type(value).__name__}")
    return dt.date.fromisoformat(value)


def _module(data: Mapping[str, object], key: str) -> ModuleAgreement | None:
    value = _object(data, key, _MODULE_KEYS)
    if value is None:
        return None
    return ModuleAgreement(provider=_str(value, "provider"), hours=_int(value, "hours"))


# --- validation ----------------------------------------------------------------------------------

# Plausibility, not policy: more hours a week than a full-time job plus half is a typing slip.
MAX_HOURS_PER_WEEK = 60


def _hours_per_week_error(key: str, hours: int | None) -> ValidationError | None:
    if hours is None or 1 <= hours <= MAX_HOURS_PER_WEEK:
        return None
    return ValidationError(
        key,
        N_("Vul een aantal uren per week in van 1 tot en met {maximum}."),
        {"maximum": MAX_HOURS_PER_WEEK},
    )


def validate(
    content: PipContent,
    *,
    regime: Regime,
    doelgroep: Doelgroep,
    pw_benefit: bool,
    policy: Policy,
    warnings: Iterable[PipWarning] = (),
) -> list[ValidationError]:
    """Every problem with a PIP's content, for this person; empty when it can be established.

    Sources: RULES.md §1 (a component outside the person's offer, `components_offered`, and a
    paid leerroute for a gezinsmigrant are refused); §2.8 and Pw art. 56a (ontzorgen shorter than
    `policy.ontzorgen_min_months` only with a reason: the benefit ends earlier); §2.7 (PVT at
    least `pvt_min_hours`, MAP at least `map_min_practical_hours` of practical work, both
    verify); §2.6 (a warning that needs a motivation, `warnings`, needs route_motivation).
    Field names are the paths of `to_dict` ("ontzorgen.shorter_reason").
    """
    route = content.leerroute.route if content.leerroute is not None else None
    offered = components_offered(regime, doelgroep, pw_benefit, route)
    if not offered:
        return [
            ValidationError(
                "leerroute",
                N_("Voor de ondertussengroep (Wi2013) stelt de gemeente geen PIP vast."),
            )
        ]
    errors: list[ValidationError] = []
    if content.leerroute is None:
        errors.append(ValidationError("leerroute", N_("Kies een leerroute.")))
    for component in content.components():
        if component not in offered:
            errors.append(
                ValidationError(
                    component.value,
                    N_("{component} hoort niet bij het aanbod voor deze persoon."),
                    {"component": label(component)},  # a msgid: the ui translates it first
                )
            )
    if content.leerroute is not None:
        errors.extend(_route_errors(content.leerroute, offered))
    if content.ontzorgen is not None:
        errors.extend(_ontzorgen_errors(content.ontzorgen, policy))
    elif PipComponent.ONTZORGEN in offered:
        # Pw art. 56a: with an asylum permit and a benefit the municipality ontzorgt; leaving
        # it out is "zero months", which needs the reason a shorter period needs (RULES §2.8).
        errors.append(
            ValidationError(
                "ontzorgen.months",
                N_(
                    "Ontzorgen hoort bij dit PIP (asielstatushouder met een uitkering). Neem het "
                    "op; stopt de uitkering eerder, vul dan een kortere duur in met de reden."
                ),
            )
        )
    pvt_hours = content.pvt.hours if content.pvt is not None else None
    if pvt_hours is not None and pvt_hours < policy.pvt_min_hours:
        errors.append(
            ValidationError(
                "pvt.hours",
                N_("Het participatieverklaringstraject duurt minstens {minimum} uur."),
                {"minimum": policy.pvt_min_hours},
            )
        )
    map_hours = content.map.hours if content.map is not None else None
    if map_hours is not None and map_hours < policy.map_min_practical_hours:
        errors.append(
            ValidationError(
                "map.hours",
                N_("De MAP heeft minstens {minimum} uur praktijk."),
                {"minimum": policy.map_min_practical_hours},
            )
        )
    guidance = content.maatschappelijke_begeleiding
    if guidance is not None and guidance.start and guidance.end and guidance.end < guidance.start:
        errors.append(
            ValidationError(
                "maatschappelijke_begeleiding.end",
                N_("Het einde van de maatschappelijke begeleiding ligt voor het begin."),
            )
        )
    errors.extend(_list_errors(content))
    if needs_motivation(warnings) and not content.route_motivation.strip():
        errors.append(
            ValidationError(
                "route_motivation",
                N_(
                    "Schrijf op waarom deze keuze past: er is een waarschuwing die om een "
                    "motivering vraagt."
                ),
            )
        )
    return errors


def _route_errors(
    route: RouteAgreement, offered: Mapping[PipComponent, Offered]
) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if route.paid and not offered[PipComponent.LEERROUTE].paid:
        errors.append(
            ValidationError(
                "leerroute.paid",
                N_(
                    "De gemeente betaalt de leerroute alleen voor asielstatushouders. Deze persoon "
                    "kiest en betaalt zelf een cursus; het PIP legt de leerroute wel vast."
                ),
            )
        )
    hours_error = _hours_per_week_error("leerroute.hours_per_week", route.hours_per_week)
    if hours_error is not None:
        errors.append(hours_error)
    return errors


def _ontzorgen_errors(ontzorgen: OntzorgenAgreement, policy: Policy) -> list[ValidationError]:
    if ontzorgen.months < 1:
        return [ValidationError("ontzorgen.months", N_("Vul het aantal maanden ontzorgen in."))]
    if ontzorgen.months < policy.ontzorgen_min_months and not ontzorgen.shorter_reason.strip():
        return [
            ValidationError(
                "ontzorgen.shorter_reason",
                N_(
                    "Ontzorgen duurt minstens {minimum} maanden. Korter kan alleen als de "
                    "uitkering eerder stopt: schrijf de reden op."
                ),
                {"minimum": policy.ontzorgen_min_months},
            )
        ]
    return []


def _list_errors(content: PipContent) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if any(not child.strip() for child, _arrangement in content.voorschoolse_educatie):
        errors.append(
            ValidationError(
                "voorschoolse_educatie",
                N_("Vul bij elke afspraak over voorschoolse educatie de naam van het kind in."),
            )
        )
    if any(not description.strip() for description, _hours in content.participatie):
        errors.append(
            ValidationError(
                "participatie", N_("Beschrijf elke participatieactiviteit in een paar woorden.")
            )
        )
    for _description, hours in content.participatie:
        hours_error = _hours_per_week_error("participatie", hours)
        if hours_error is not None:
            errors.append(hours_error)
            break
    if any(not agreement.strip() for agreement in content.overige_afspraken):
        errors.append(ValidationError("overige_afspraken", N_("Een afspraak is leeg.")))
    return errors


# --- versions and their history (RULES.md §2.5) --------------------------------------------------


class PipVersionFacts(Protocol):
    """What the termijn needs of a PIP version; the store's PipVersion row fits."""

    @property
    def number(self) -> int: ...

    @property
    def status(self) -> str: ...

    @property
    def dagtekening(self) -> dt.date | None: ...


@dataclass(frozen=True)
class PipVersionRef:
    """A PIP version's facts as plain values (for services and tests)."""

    number: int
    status: PipVersionStatus
    dagtekening: dt.date | None = None


def first_pip_date(versions: Iterable[PipVersionFacts]) -> dt.date | None:
    """The dagtekening of the first version that was vastgesteld (by version number); None while
    every version is a concept. This is Dossier.first_pip_date, from which rules.termijn counts.

    Source: Wi2021 art. 11 lid 3; RULES.md §2.5: a changed, re-established or replaced PIP never
    moves the start, so later versions are ignored, even one with an earlier dagtekening.
    ValueError for a vastgesteld version without a dagtekening: the pip service sets both at once.
    """
    established = [v for v in versions if v.status == PipVersionStatus.VASTGESTELD]
    if not established:
        return None
    first = min(established, key=lambda v: v.number)
    if first.dagtekening is None:
        raise ValueError(f"PIP version {first.number} is vastgesteld without a dagtekening")
    return first.dagtekening


def termijn_start_from_versions(versions: Iterable[PipVersionFacts]) -> dt.date | None:
    """The inburgeringstermijn's first day: the day after the first vastgestelde PIP's
    dagtekening (Wi2021 art. 11; RULES.md §2.5), the same start rules.termijn computes from
    `first_pip_date(versions)`; rules.termijn gives the end too."""
    first = first_pip_date(versions)
    return None if first is None else first + ONE_DAY


@dataclass(frozen=True)
class FieldChange:
    """One changed line between two PIP versions, for the history view.

    `field_label` is a msgid, formatted with `label_params` after translation ("Overige afspraak
    {n}"). The texts are as the version says them; with `translate_values` they are msgids (a
    leerroute's label, "ja"/"nee") that the ui translates when they are not empty.
    """

    field_label: str
    old_text: str
    new_text: str
    label_params: dict[str, ParamValue] = field(default_factory=dict)
    translate_values: bool = False


_YES = N_("ja")
_NO = N_("nee")


@dataclass(frozen=True)
class _Row:
    key: str
    label: str
    text: str
    params: dict[str, ParamValue] = field(default_factory=dict)
    translate: bool = False


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _flag(key: str, msgid: str, value: bool) -> _Row:
    return _Row(key, msgid, _YES if value else _NO, translate=True)


def _rows(content: PipContent, sizes: tuple[int, int, int]) -> list[_Row]:
    """The content as labelled lines, the same keys for every content: absent parts are empty
    text, and the lists run to `sizes` items, so two versions line up row by row."""
    route = content.leerroute
    rows = [
        _Row(
            "leerroute.route",
            label(PipComponent.LEERROUTE),
            "" if route is None else label(route.route),
            translate=True,
        ),
        _Row("leerroute.provider", N_("Leerroute: aanbieder"), _text(route and route.provider)),
        _Row("leerroute.start", N_("Leerroute: startdatum"), _text(route and route.start)),
        _Row(
            "leerroute.hours_per_week",
            N_("Leerroute: uren per week"),
            _text(route and route.hours_per_week),
        ),
        _flag(
            "leerroute.paid", N_("Leerroute betaald door de gemeente"), bool(route and route.paid)
        ),
        _flag("knm", label(PipComponent.KNM), content.knm),
    ]
    for key, module, provider_label, hours_label in (
        ("map", content.map, N_("MAP: aanbieder"), N_("MAP: uren praktijk")),
        ("pvt", content.pvt, N_("PVT: aanbieder"), N_("PVT: uren")),
    ):
        rows += [
            _flag(key, label(PipComponent(key)), module is not None),
            _Row(f"{key}.provider", provider_label, _text(module and module.provider)),
            _Row(f"{key}.hours", hours_label, _text(module and module.hours)),
        ]
    ontzorgen = content.ontzorgen
    rows += [
        _flag("ontzorgen", label(PipComponent.ONTZORGEN), ontzorgen is not None),
        _Row(
            "ontzorgen.months",
            N_("Ontzorgen: aantal maanden"),
            _text(ontzorgen and ontzorgen.months),
        ),
        _Row(
            "ontzorgen.shorter_reason",
            N_("Ontzorgen: reden voor een kortere duur"),
            _text(ontzorgen and ontzorgen.shorter_reason),
        ),
        _Row(
            "ontzorgen.financial_guidance_start",
            N_("Begeleiding naar financiële zelfredzaamheid: start"),
            _text(ontzorgen and ontzorgen.financial_guidance_start),
        ),
    ]
    guidance = content.maatschappelijke_begeleiding
    rows += [
        _flag(
            "maatschappelijke_begeleiding",
            label(PipComponent.MAATSCHAPPELIJKE_BEGELEIDING),
            guidance is not None,
        ),
        _Row(
            "maatschappelijke_begeleiding.organisation",
            N_("Maatschappelijke begeleiding: organisatie"),
            _text(guidance and guidance.organisation),
        ),
        _Row(
            "maatschappelijke_begeleiding.start",
            N_("Maatschappelijke begeleiding: begin"),
            _text(guidance and guidance.start),
        ),
        _Row(
            "maatschappelijke_begeleiding.end",
            N_("Maatschappelijke begeleiding: einde"),
            _text(guidance and guidance.end),
        ),
    ]
    preschool, participation, other = sizes
    for i in range(preschool):
        child, arrangement = _item(content.voorschoolse_educatie, i, ("", ""))
        n = {"n": i + 1}
        rows += [
            _Row(
                f"voorschoolse_educatie.{i}.child", N_("Voorschoolse educatie {n}: kind"), child, n
            ),
            _Row(
                f"voorschoolse_educatie.{i}.arrangement",
                N_("Voorschoolse educatie {n}: afspraak"),
                arrangement,
                n,
            ),
        ]
    for i in range(participation):
        description, hours = _item(content.participatie, i, ("", None))
        n = {"n": i + 1}
        rows += [
            _Row(f"participatie.{i}.description", N_("Participatieactiviteit {n}"), description, n),
            _Row(
                f"participatie.{i}.hours_per_week",
                N_("Participatieactiviteit {n}: uren per week"),
                _text(hours),
                n,
            ),
        ]
    for i in range(other):
        rows.append(
            _Row(
                f"overige_afspraken.{i}",
                N_("Overige afspraak {n}"),
                _item(content.overige_afspraken, i, ""),
                {"n": i + 1},
            )
        )
    rows.append(_Row("route_motivation", N_("Motivering van de keuzes"), content.route_motivation))
    return rows


T = TypeVar("T")


def _item(items: tuple[T, ...], index: int, missing: T) -> T:
    return items[index] if index < len(items) else missing


def diff_contents(old: PipContent, new: PipContent) -> list[FieldChange]:
    """What changed from one PIP version to the next, line by line, in the content's order.

    Source: RULES.md §2.5 (each change is a new version; history is kept and shown). Lists are
    compared by position: removing the first of three activities shows as changes to all three,
    which is what the two beschikkingen say, line by line.
    """
    sizes = (
        max(len(old.voorschoolse_educatie), len(new.voorschoolse_educatie)),
        max(len(old.participatie), len(new.participatie)),
        max(len(old.overige_afspraken), len(new.overige_afspraken)),
    )
    changes: list[FieldChange] = []
    for before, after in zip(_rows(old, sizes), _rows(new, sizes), strict=True):
        if before.text != after.text:
            changes.append(
                FieldChange(
                    after.label,
                    before.text,
                    after.text,
                    after.params,
                    translate_values=after.translate,
                )
            )
    return changes
