"""The PIP rules (RULES.md §1, §2.5-2.8): advice, warnings, offer, content, versions, history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from inburgering_desktop.domain import enums
from inburgering_desktop.domain.enums import (
    Doelgroep,
    EducationLevel,
    LanguageLevel,
    LanguageSkill,
    Leerroute,
    Literacy,
    PipComponent,
    PipVersionStatus,
    Regime,
    ToetsExemptReason,
    ToetsOutcome,
)
from inburgering_desktop.domain.intake import (
    KEY_EDUCATION,
    KEY_LITERACY,
    KEY_SCHOOL_YEARS,
    Leerbaarheidstoets,
    language_key,
)
from inburgering_desktop.domain.pip import (
    Advice,
    AdviceInput,
    FieldChange,
    GuidanceAgreement,
    ModuleAgreement,
    Offered,
    OntzorgenAgreement,
    PipContent,
    PipVersionRef,
    RouteAgreement,
    advice_input,
    advise_leerroute,
    components_offered,
    diff_contents,
    first_pip_date,
    route_choice_warnings,
    route_switch_check,
    route_switch_last_day,
    termijn_start_from_versions,
    validate,
    z_route_plan,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.rules import termijn
from inburgering_desktop.domain.validation import ValidationError

D = dt.date
ONE_DAY = dt.timedelta(days=1)
POLICY = Policy.defaults()
YOUNG = POLICY.onderwijsroute_warning_age - 1
ASYL = Doelgroep.ASIELSTATUSHOUDER
GEZIN = Doelgroep.GEZINSMIGRANT


def _toets(outcome: ToetsOutcome) -> Leerbaarheidstoets:
    return Leerbaarheidstoets(date=D(2025, 3, 4), outcome=outcome)


def _messages(advice: Advice) -> list[str]:
    return [r.message for r in advice.reasons]


def _fields(errors: list[ValidationError]) -> list[str]:
    return [e.field for e in errors]


# --- the Leerroute enum moved to the domain ------------------------------------------------------


def test_leerroute_lives_in_the_domain_and_letters_still_import_it() -> None:
    from inburgering_desktop.documents.letter_types import Leerroute as LetterLeerroute

    assert LetterLeerroute is Leerroute
    assert [r.value for r in Leerroute] == ["b1", "onderwijsroute", "z_route"]
    assert [enums.label(r) for r in Leerroute] == ["B1-route", "Onderwijsroute", "Z-route"]


def test_every_pip_enum_member_has_its_own_label() -> None:
    for enum_cls in (Leerroute, PipComponent, PipVersionStatus):
        for member in enum_cls:
            assert enums.label(member)


# --- advice (RULES.md §2.6) ----------------------------------------------------------------------

ABLE = AdviceInput(
    age=YOUNG,
    toets=_toets(ToetsOutcome.HOOG),
    literacy=Literacy.EIGEN_SCHRIFT,
    school_years=12,
    education=EducationLevel.HOGER_ONDERWIJS,
)
UNSCHOOLED = AdviceInput(
    age=40,
    toets=_toets(ToetsOutcome.LAAG),
    literacy=Literacy.ANALFABEET,
    school_years=0,
    education=EducationLevel.GEEN,
)


def test_advice_onderwijsroute_when_young_with_vooropleiding_and_high_outcome() -> None:
    advice = advise_leerroute(ABLE, POLICY)
    assert advice.route is Leerroute.ONDERWIJSROUTE
    assert _messages(advice)[0] == "De leerbaarheidstoets gaf een hoge uitkomst."
    last = advice.reasons[-1]
    assert last.message == (
        "Jonger dan {age} en met vooropleiding: de onderwijsroute ligt voor de hand."
    )
    assert last.params == {"age": POLICY.onderwijsroute_warning_age}


def test_advice_b1_when_able_but_at_the_onderwijsroute_age() -> None:
    advice = advise_leerroute(
        dataclasses.replace(ABLE, age=POLICY.onderwijsroute_warning_age), POLICY
    )
    assert advice.route is Leerroute.B1
    assert any("geen wettelijke grens" in m for m in _messages(advice))


def test_advice_age_follows_the_policy_parameter() -> None:
    later = Policy.from_overrides(
        {"onderwijsroute_warning_age": POLICY.onderwijsroute_warning_age + 2}
    )
    older = dataclasses.replace(ABLE, age=POLICY.onderwijsroute_warning_age + 1)
    assert advise_leerroute(older, later).route is Leerroute.ONDERWIJSROUTE


def test_advice_z_route_when_illiterate_and_low_outcome() -> None:
    advice = advise_leerroute(UNSCHOOLED, POLICY)
    assert advice.route is Leerroute.Z_ROUTE
    assert _messages(advice)[0] == "De leerbaarheidstoets gaf een lage uitkomst."
    assert _messages(advice)[-1] == (
        "Niet of weinig gealfabetiseerd en een lage uitkomst: B1 lijkt niet haalbaar."
    )


def test_advice_z_route_when_little_schooling_and_low_outcome() -> None:
    literate = dataclasses.replace(
        UNSCHOOLED,
        literacy=Literacy.LATIJNS_SCHRIFT,
        education=EducationLevel.BASISONDERWIJS,
        school_years=4,
    )
    advice = advise_leerroute(literate, POLICY)
    assert advice.route is Leerroute.Z_ROUTE
    assert "Weinig onderwijs gevolgd en een lage uitkomst" in _messages(advice)[-1]


def test_advice_z_route_without_toets_when_illiterate_and_unschooled() -> None:
    for toets in (None, Leerbaarheidstoets(date=D(2025, 3, 4), no_show=True)):
        advice = advise_leerroute(dataclasses.replace(UNSCHOOLED, toets=toets), POLICY)
        assert advice.route is Leerroute.Z_ROUTE
        assert "het advies rust alleen op de intake" in _messages(advice)[0]


def test_advice_b1_when_b1_seems_out_of_reach_but_dutch_is_already_a2() -> None:
    speaks = dataclasses.replace(
        UNSCHOOLED, language_levels={LanguageSkill.SPREKEN: LanguageLevel.A2}
    )
    advice = advise_leerroute(speaks, POLICY)
    assert advice.route is Leerroute.B1
    assert any("A2 of hoger" in m for m in _messages(advice))


def test_advice_b1_by_default() -> None:
    middle = dataclasses.replace(ABLE, toets=_toets(ToetsOutcome.GEMIDDELD))
    advice = advise_leerroute(middle, POLICY)
    assert advice.route is Leerroute.B1
    assert _messages(advice)[-1] == (
        "Geen aanwijzing dat B1 buiten bereik ligt: de B1-route is de gewone route."
    )
    assert advise_leerroute(AdviceInput(age=30), POLICY).route is Leerroute.B1


def test_advice_without_toets_outcome_says_so() -> None:
    exempt = Leerbaarheidstoets(exempt_reason=ToetsExemptReason.VISUEEL)
    assert _messages(advise_leerroute(AdviceInput(age=30, toets=exempt), POLICY))[0] == (
        "Vrijgesteld van de leerbaarheidstoets: het advies rust alleen op de intake."
    )
    assert "nog geen uitkomst" in _messages(advise_leerroute(AdviceInput(age=30), POLICY))[0]


def test_advice_reads_the_intakes_stored_answers() -> None:
    answers = {
        language_key(LanguageSkill.LEZEN): "a1",
        KEY_LITERACY: "eigen_schrift",
        KEY_EDUCATION: "hoger_onderwijs",
        KEY_SCHOOL_YEARS: "14",
    }
    inp = advice_input(YOUNG, _toets(ToetsOutcome.HOOG), answers)
    assert inp == AdviceInput(
        age=YOUNG,
        toets=_toets(ToetsOutcome.HOOG),
        language_levels={LanguageSkill.LEZEN: LanguageLevel.A1},
        literacy=Literacy.EIGEN_SCHRIFT,
        school_years=14,
        education=EducationLevel.HOGER_ONDERWIJS,
    )
    assert advise_leerroute(inp, POLICY).route is Leerroute.ONDERWIJSROUTE


def test_advice_treats_unreadable_answers_as_unknown() -> None:
    inp = advice_input(30, None, {KEY_SCHOOL_YEARS: "veel", KEY_EDUCATION: "??"})
    assert inp.school_years is None and inp.education is None
    assert advise_leerroute(inp, POLICY).route is Leerroute.B1


# --- warnings on the chosen route ----------------------------------------------------------------

BIRTH = D(1997, 6, 15)
BIRTHDAY = BIRTH + relativedelta(years=POLICY.onderwijsroute_warning_age)


def test_choice_different_from_the_advice_needs_a_motivation() -> None:
    advice = Advice(Leerroute.B1, ())
    found = route_choice_warnings(Leerroute.Z_ROUTE, advice, BIRTH, D(2020, 1, 1), POLICY)
    assert [w.code for w in found] == ["route_differs_from_advice"]
    assert found[0].needs_motivation
    assert found[0].params == {"chosen": "Z-route", "advised": "B1-route"}


def test_choice_equal_to_the_advice_gives_no_warning() -> None:
    advice = Advice(Leerroute.B1, ())
    assert route_choice_warnings(Leerroute.B1, advice, BIRTH, D(2020, 1, 1), POLICY) == []


def test_onderwijsroute_warning_on_28th_birthday_not_day_before() -> None:
    route = Leerroute.ONDERWIJSROUTE
    assert route_choice_warnings(route, None, BIRTH, BIRTHDAY - ONE_DAY, POLICY) == []
    found = route_choice_warnings(route, None, BIRTH, BIRTHDAY, POLICY)
    assert [w.code for w in found] == ["onderwijsroute_age"]
    assert found[0].needs_motivation
    assert found[0].params == {
        "age": POLICY.onderwijsroute_warning_age,
        "limit": POLICY.onderwijsroute_warning_age,
    }


def test_other_routes_get_no_age_warning() -> None:
    for route in (Leerroute.B1, Leerroute.Z_ROUTE):
        assert route_choice_warnings(route, None, BIRTH, BIRTHDAY, POLICY) == []


def test_onderwijsroute_age_warning_never_blocks_once_motivated() -> None:
    warnings = route_choice_warnings(Leerroute.ONDERWIJSROUTE, None, BIRTH, BIRTHDAY, POLICY)
    content = PipContent(
        leerroute=RouteAgreement(route=Leerroute.ONDERWIJSROUTE, paid=True), knm=True
    )

    def check(pip: PipContent) -> list[ValidationError]:
        return validate(
            pip,
            regime=Regime.WI2021,
            doelgroep=ASYL,
            pw_benefit=False,
            policy=POLICY,
            warnings=warnings,
        )

    assert _fields(check(content)) == ["route_motivation"]
    motivated = dataclasses.replace(content, route_motivation="Heeft een hbo-diploma; wil verder.")
    assert check(motivated) == []


# --- components offered (RULES.md §1) ------------------------------------------------------------

PAID, UNPAID = Offered(paid=True), Offered(paid=False)
RECORDED = {
    PipComponent.VOORSCHOOLSE_EDUCATIE: UNPAID,
    PipComponent.PARTICIPATIE: UNPAID,
    PipComponent.OVERIGE_AFSPRAKEN: UNPAID,
}
# The RULES.md §1 table, written out cell by cell (with MAP; the onderwijsroute drops it).
TABLE: dict[tuple[Regime, Doelgroep, bool], dict[PipComponent, Offered]] = {
    (Regime.WI2021, ASYL, True): {
        PipComponent.LEERROUTE: PAID,
        PipComponent.KNM: PAID,
        PipComponent.MAP: PAID,
        PipComponent.PVT: PAID,
        PipComponent.ONTZORGEN: PAID,
        PipComponent.MAATSCHAPPELIJKE_BEGELEIDING: PAID,
        **RECORDED,
    },
    (Regime.WI2021, ASYL, False): {
        PipComponent.LEERROUTE: PAID,
        PipComponent.KNM: PAID,
        PipComponent.MAP: PAID,
        PipComponent.PVT: PAID,
        PipComponent.MAATSCHAPPELIJKE_BEGELEIDING: PAID,
        **RECORDED,
    },
    (Regime.WI2021, GEZIN, True): {
        PipComponent.LEERROUTE: UNPAID,
        PipComponent.KNM: UNPAID,
        PipComponent.MAP: PAID,
        PipComponent.PVT: PAID,
        **RECORDED,
    },
    (Regime.WI2021, GEZIN, False): {
        PipComponent.LEERROUTE: UNPAID,
        PipComponent.KNM: UNPAID,
        PipComponent.MAP: PAID,
        PipComponent.PVT: PAID,
        **RECORDED,
    },
    (Regime.WI2013, ASYL, True): {},
    (Regime.WI2013, ASYL, False): {},
    (Regime.WI2013, GEZIN, True): {},
    (Regime.WI2013, GEZIN, False): {},
}


@pytest.mark.parametrize(
    ("regime", "doelgroep", "pw_benefit", "leerroute"),
    [(*key, route) for key, route in itertools.product(TABLE, [*Leerroute, None])],
)
def test_components_offered_per_regime_and_doelgroep(
    regime: Regime, doelgroep: Doelgroep, pw_benefit: bool, leerroute: Leerroute | None
) -> None:
    expected = dict(TABLE[(regime, doelgroep, pw_benefit)])
    if leerroute is Leerroute.ONDERWIJSROUTE:
        expected.pop(PipComponent.MAP, None)
    offered = components_offered(regime, doelgroep, pw_benefit, leerroute)
    assert offered == expected
    assert list(offered) == [c for c in PipComponent if c in offered]


def test_map_absent_for_onderwijsroute() -> None:
    for doelgroep in Doelgroep:
        offered = components_offered(Regime.WI2021, doelgroep, True, Leerroute.ONDERWIJSROUTE)
        assert PipComponent.MAP not in offered
        assert PipComponent.MAP in components_offered(Regime.WI2021, doelgroep, True, Leerroute.B1)


def test_gezinsmigrant_leerroute_recorded_but_not_paid() -> None:
    offered = components_offered(Regime.WI2021, GEZIN, False, Leerroute.B1)
    assert offered[PipComponent.LEERROUTE] == UNPAID


def test_ontzorgen_only_for_asielstatushouder_with_pw_benefit() -> None:
    with_ontzorgen = [
        (doelgroep, pw)
        for doelgroep, pw in itertools.product(Doelgroep, (True, False))
        if PipComponent.ONTZORGEN in components_offered(Regime.WI2021, doelgroep, pw, None)
    ]
    assert with_ontzorgen == [(ASYL, True)]


def test_ondertussengroep_gets_no_pip() -> None:
    for doelgroep in Doelgroep:
        assert components_offered(Regime.WI2013, doelgroep, True, Leerroute.B1) == {}


# --- validating the content ----------------------------------------------------------------------

ROUTE_B1 = RouteAgreement(
    route=Leerroute.B1,
    provider="Taalschool Proefstad",
    start=D(2025, 5, 1),
    hours_per_week=12,
    paid=True,
)
FULL = PipContent(
    leerroute=ROUTE_B1,
    knm=True,
    map=ModuleAgreement(provider="Werkplein", hours=POLICY.map_min_practical_hours),
    pvt=ModuleAgreement(provider="Stichting Voorbeeld", hours=POLICY.pvt_min_hours),
    ontzorgen=OntzorgenAgreement(
        months=POLICY.ontzorgen_min_months, financial_guidance_start=D(2025, 10, 1)
    ),
    maatschappelijke_begeleiding=GuidanceAgreement(
        organisation="Stichting Voorbeeld", start=D(2025, 4, 1), end=D(2026, 4, 1)
    ),
    voorschoolse_educatie=(("Kind Een", "Peuterspeelzaal, twee dagdelen"),),
    participatie=(("Taalcafé", 2), ("Vrijwilligerswerk", None)),
    overige_afspraken=("Zwemles",),
)


def _validate(
    content: PipContent, doelgroep: Doelgroep = ASYL, pw_benefit: bool = True
) -> list[ValidationError]:
    return validate(
        content, regime=Regime.WI2021, doelgroep=doelgroep, pw_benefit=pw_benefit, policy=POLICY
    )


def test_complete_pip_for_asielstatushouder_with_benefit_is_valid() -> None:
    assert _validate(FULL) == []


def test_ontzorgen_shorter_than_minimum_refused_without_reason_accepted_with_one() -> None:
    short = OntzorgenAgreement(months=POLICY.ontzorgen_min_months - 1)
    errors = _validate(dataclasses.replace(FULL, ontzorgen=short))
    assert _fields(errors) == ["ontzorgen.shorter_reason"]
    assert errors[0].params == {"minimum": POLICY.ontzorgen_min_months}
    with_reason = dataclasses.replace(short, shorter_reason="De uitkering stopt per 1 augustus.")
    assert _validate(dataclasses.replace(FULL, ontzorgen=with_reason)) == []


def test_ontzorgen_of_the_minimum_or_longer_needs_no_reason() -> None:
    for months in (POLICY.ontzorgen_min_months, POLICY.ontzorgen_min_months + 6):
        assert (
            _validate(dataclasses.replace(FULL, ontzorgen=OntzorgenAgreement(months=months))) == []
        )
    assert _fields(
        _validate(dataclasses.replace(FULL, ontzorgen=OntzorgenAgreement(months=0)))
    ) == ["ontzorgen.months"]


def test_components_not_offered_are_refused() -> None:
    gezin = dataclasses.replace(
        FULL,
        leerroute=dataclasses.replace(ROUTE_B1, paid=False),
    )
    errors = _validate(gezin, doelgroep=GEZIN)
    assert _fields(errors) == ["ontzorgen", "maatschappelijke_begeleiding"]
    assert errors[0].message == "{component} hoort niet bij het aanbod voor deze persoon."
    assert errors[0].params == {"component": "Ontzorgen"}
    no_benefit = _validate(FULL, pw_benefit=False)
    assert _fields(no_benefit) == ["ontzorgen"]


def test_map_in_the_onderwijsroute_is_refused() -> None:
    route = RouteAgreement(route=Leerroute.ONDERWIJSROUTE, paid=True)
    assert _fields(_validate(dataclasses.replace(FULL, leerroute=route))) == ["map"]


def test_paid_leerroute_for_gezinsmigrant_is_refused() -> None:
    content = PipContent(leerroute=RouteAgreement(route=Leerroute.B1, paid=True))
    assert _fields(_validate(content, doelgroep=GEZIN)) == ["leerroute.paid"]
    unpaid = PipContent(leerroute=RouteAgreement(route=Leerroute.B1, paid=False))
    assert _validate(unpaid, doelgroep=GEZIN) == []


def test_pip_for_the_ondertussengroep_is_refused() -> None:
    errors = validate(FULL, regime=Regime.WI2013, doelgroep=ASYL, pw_benefit=True, policy=POLICY)
    assert _fields(errors) == ["leerroute"]
    assert "ondertussengroep" in errors[0].message


def test_a_pip_needs_a_leerroute() -> None:
    assert _fields(_validate(PipContent(), pw_benefit=False)) == ["leerroute"]


def test_pvt_and_map_below_their_minimum_hours_are_refused() -> None:
    short = dataclasses.replace(
        FULL,
        pvt=ModuleAgreement(provider="x", hours=POLICY.pvt_min_hours - 1),
        map=ModuleAgreement(provider="y", hours=POLICY.map_min_practical_hours - 1),
    )
    assert _fields(_validate(short)) == ["pvt.hours", "map.hours"]


def test_implausible_hours_per_week_and_empty_items_are_refused() -> None:
    bad = dataclasses.replace(
        FULL,
        leerroute=RouteAgreement(route=Leerroute.B1, paid=True, hours_per_week=0),
        voorschoolse_educatie=((" ", "Peuterspeelzaal"),),
        participatie=(("", 2),),
        overige_afspraken=("",),
        maatschappelijke_begeleiding=GuidanceAgreement(start=D(2025, 4, 1), end=D(2025, 3, 1)),
    )
    assert _fields(_validate(bad)) == [
        "leerroute.hours_per_week",
        "maatschappelijke_begeleiding.end",
        "voorschoolse_educatie",
        "participatie",
        "overige_afspraken",
    ]


# --- Z-route hours (RULES.md §2.6) ---------------------------------------------------------------


def test_z_route_has_language_hours_for_all_and_participation_for_asielstatushouders() -> None:
    asylum = z_route_plan(POLICY, ASYL)
    assert (asylum.language_hours, asylum.participation_hours) == (
        POLICY.z_route_language_hours,
        POLICY.z_route_participation_hours,
    )
    family = z_route_plan(POLICY, GEZIN)
    assert (family.language_hours, family.participation_hours) == (
        POLICY.z_route_language_hours,
        0,
    )
    assert "3.14" in asylum.source


def test_z_route_hours_follow_the_policy() -> None:
    local = Policy.from_overrides({"z_route_language_hours": 900})
    assert z_route_plan(local, GEZIN).language_hours == local.z_route_language_hours


# --- switching leerroute (RULES.md §2.5) ---------------------------------------------------------

TERMIJN_START = D(2025, 4, 11)


def test_route_switch_window_boundary() -> None:
    months = POLICY.route_switch_window_months
    # A period of `months` starting on the termijn's first day, counted as the termijn is.
    last = TERMIJN_START + relativedelta(months=months) - ONE_DAY
    assert route_switch_last_day(TERMIJN_START, months) == last
    b1, z = Leerroute.B1, Leerroute.Z_ROUTE
    assert route_switch_check(TERMIJN_START, last, b1, z, POLICY) is None
    warning = route_switch_check(TERMIJN_START, last + ONE_DAY, b1, z, POLICY)
    assert warning is not None
    assert warning.code == "route_switch_after_window"
    assert warning.needs_motivation
    assert warning.params == {"last_day": last.strftime("%d-%m-%Y"), "months": months}


def test_route_switch_window_ending_in_a_shorter_month_keeps_its_last_day() -> None:
    # 31 August + 18 months has no 31st: the window runs to the month's last day.
    start = D(2024, 8, 31)
    expected = start + relativedelta(months=POLICY.route_switch_window_months)
    assert expected.day < start.day
    assert route_switch_last_day(start, POLICY.route_switch_window_months) == expected


def test_route_switch_from_onderwijsroute_is_always_allowed() -> None:
    late = TERMIJN_START + relativedelta(years=2)
    assert (
        route_switch_check(TERMIJN_START, late, Leerroute.ONDERWIJSROUTE, Leerroute.B1, POLICY)
        is None
    )
    assert route_switch_check(TERMIJN_START, late, Leerroute.B1, Leerroute.B1, POLICY) is None
    assert route_switch_check(TERMIJN_START, late, Leerroute.Z_ROUTE, Leerroute.B1, POLICY)


def test_route_switch_window_follows_the_policy() -> None:
    longer = Policy.from_overrides(
        {"route_switch_window_months": POLICY.route_switch_window_months + 6}
    )
    day = route_switch_last_day(TERMIJN_START, POLICY.route_switch_window_months) + ONE_DAY
    assert route_switch_check(TERMIJN_START, day, Leerroute.B1, Leerroute.Z_ROUTE, longer) is None


# --- content as JSON -----------------------------------------------------------------------------

_text = st.text(max_size=12)
_dates = st.none() | st.dates(D(1990, 1, 1), D(2090, 12, 31))
_hours = st.none() | st.integers(0, 200)
_modules = st.none() | st.builds(ModuleAgreement, provider=_text, hours=_hours)
_contents = st.builds(
    PipContent,
    leerroute=st.none()
    | st.builds(
        RouteAgreement,
        route=st.sampled_from(Leerroute),
        provider=_text,
        start=_dates,
        hours_per_week=_hours,
        paid=st.booleans(),
    ),
    knm=st.booleans(),
    map=_modules,
    pvt=_modules,
    ontzorgen=st.none()
    | st.builds(
        OntzorgenAgreement,
        months=st.integers(0, 60),
        shorter_reason=_text,
        financial_guidance_start=_dates,
    ),
    maatschappelijke_begeleiding=st.none()
    | st.builds(GuidanceAgreement, organisation=_text, start=_dates, end=_dates),
    voorschoolse_educatie=st.lists(st.tuples(_text, _text), max_size=3).map(tuple),
    participatie=st.lists(st.tuples(_text, _hours), max_size=3).map(tuple),
    overige_afspraken=st.lists(_text, max_size=3).map(tuple),
    route_motivation=_text,
)


@given(_contents)
def test_content_to_dict_from_dict_round_trip_through_json(content: PipContent) -> None:
    stored = json.dumps(content.to_dict())
    assert PipContent.from_dict(json.loads(stored)) == content


def test_content_json_has_stable_keys() -> None:
    content = PipContent(
        leerroute=RouteAgreement(route=Leerroute.Z_ROUTE, start=D(2025, 5, 1), paid=True),
        pvt=ModuleAgreement(provider="Stichting Voorbeeld"),
        participatie=(("Taalcafé", 2),),
    )
    assert content.to_dict() == {
        "schema": 1,
        "leerroute": {
            "route": "z_route",
            "provider": "",
            "start": "2025-05-01",
            "hours_per_week": None,
            "paid": True,
        },
        "knm": False,
        "map": None,
        "pvt": {"provider": "Stichting Voorbeeld", "hours": None},
        "ontzorgen": None,
        "maatschappelijke_begeleiding": None,
        "voorschoolse_educatie": [],
        "participatie": [{"description": "Taalcafé", "hours_per_week": 2}],
        "overige_afspraken": [],
        "route_motivation": "",
    }


def test_content_from_dict_fills_missing_keys_with_defaults() -> None:
    assert PipContent.from_dict({}) == PipContent()
    assert PipContent.from_dict({"knm": True}) == PipContent(knm=True)


@pytest.mark.parametrize(
    "data",
    [
        {"onbekend": 1},
        {"schema": 2},
        {"knm": "ja"},
        {"leerroute": {"route": "c1"}},
        {"leerroute": {"provider": "x"}},
        {"leerroute": {"route": "b1", "hours_per_week": True}},
        {"map": {"provider": "x", "extra": 1}},
        {"ontzorgen": {"shorter_reason": ""}},
        {"participatie": [["Taalcafé", 2]]},
        {"overige_afspraken": "Zwemles"},
        {"maatschappelijke_begeleiding": {"start": "1-4-2025"}},
    ],
)
def test_content_from_dict_refuses_damaged_data(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        PipContent.from_dict(data)


def test_content_lists_its_components() -> None:
    assert FULL.components() == list(PipComponent)
    assert PipContent().components() == []


# --- versions and the termijn (RULES.md §2.5; Wi2021 art. 11) ------------------------------------

V = PipVersionStatus


def test_termijn_starts_day_after_first_vaststelling_ignores_later_versions() -> None:
    versions = [
        PipVersionRef(1, V.VASTGESTELD, D(2025, 4, 10)),
        PipVersionRef(2, V.VASTGESTELD, D(2025, 9, 1)),
        PipVersionRef(3, V.CONCEPT),
    ]
    assert termijn_start_from_versions(versions) == D(2025, 4, 11)
    # In any order, and even when a later version carries an earlier dagtekening.
    backdated = [PipVersionRef(2, V.VASTGESTELD, D(2025, 1, 1)), versions[0]]
    assert termijn_start_from_versions(backdated) == D(2025, 4, 11)


def test_termijn_start_is_the_one_rules_termijn_computes() -> None:
    versions = [PipVersionRef(1, V.VASTGESTELD, D(2025, 4, 10))]
    computed = termijn(first_pip_date(versions), (), POLICY.termijn_years, False)
    assert computed is not None
    assert termijn_start_from_versions(versions) == computed.start


def test_concepts_do_not_start_the_termijn() -> None:
    assert termijn_start_from_versions([]) is None
    assert termijn_start_from_versions([PipVersionRef(1, V.CONCEPT)]) is None
    first_established = [
        PipVersionRef(1, V.CONCEPT),
        PipVersionRef(2, V.VASTGESTELD, D(2025, 6, 2)),
    ]
    assert termijn_start_from_versions(first_established) == D(2025, 6, 3)


def test_store_status_strings_count_as_vastgesteld() -> None:
    @dataclasses.dataclass
    class Row:  # shaped like the store's pip_version row: status is a plain str
        number: int
        status: str
        dagtekening: dt.date | None

    assert first_pip_date([Row(1, "vastgesteld", D(2025, 4, 10))]) == D(2025, 4, 10)


def test_vastgesteld_version_without_dagtekening_is_a_bug() -> None:
    with pytest.raises(ValueError):
        first_pip_date([PipVersionRef(1, V.VASTGESTELD)])


# --- history: differences between versions -------------------------------------------------------


def test_diff_of_equal_contents_is_empty() -> None:
    assert diff_contents(FULL, FULL) == []


def test_diff_lists_only_the_changed_fields_in_order() -> None:
    new = dataclasses.replace(
        FULL,
        leerroute=dataclasses.replace(ROUTE_B1, route=Leerroute.Z_ROUTE, hours_per_week=8),
        route_motivation="Lage uitkomst toets",
    )
    assert diff_contents(FULL, new) == [
        FieldChange("Leerroute", "B1-route", "Z-route", translate_values=True),
        FieldChange("Leerroute: uren per week", "12", "8"),
        FieldChange("Motivering van de keuzes", "", "Lage uitkomst toets"),
    ]


def test_diff_shows_a_component_added_with_its_fields() -> None:
    old = dataclasses.replace(FULL, map=None)
    changes = diff_contents(old, FULL)
    assert changes[0] == FieldChange(
        enums.label(PipComponent.MAP), "nee", "ja", translate_values=True
    )
    assert [c.field_label for c in changes[1:]] == ["MAP: aanbieder", "MAP: uren praktijk"]
    assert changes[2].new_text == str(POLICY.map_min_practical_hours)


def test_diff_compares_list_items_by_position() -> None:
    new = dataclasses.replace(FULL, overige_afspraken=("Zwemles", "Fietsles"))
    assert diff_contents(FULL, new) == [
        FieldChange("Overige afspraak {n}", "", "Fietsles", {"n": 2}),
    ]


def test_diff_writes_dates_the_dutch_way() -> None:
    new = dataclasses.replace(
        FULL,
        leerroute=dataclasses.replace(ROUTE_B1, start=D(2025, 6, 2)),
    )
    assert diff_contents(FULL, new) == [
        FieldChange("Leerroute: startdatum", "01-05-2025", "02-06-2025")
    ]


def test_ontzorgen_left_out_when_offered_is_refused_as_zero_months() -> None:
    without = dataclasses.replace(FULL, ontzorgen=None)
    assert _fields(_validate(without)) == ["ontzorgen.months"]
    assert _validate(without, pw_benefit=False) == []
