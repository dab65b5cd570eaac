"""Offers (the RULES.md §1 table), phase, signals and the composed dossier status."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inburgering_desktop.domain.enums import (
    CloseReason,
    Doelgroep,
    ExemptionKind,
    Offer,
    Phase,
    Regime,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.rules import (
    DossierFacts,
    Exemption,
    Extension,
    Signal,
    dossier_regime,
    duty_starts_for,
    evaluate,
    offers,
    phase,
    signals,
)

D = dt.date
POLICY = Policy.defaults()
ASIEL = Doelgroep.ASIELSTATUSHOUDER
GEZIN = Doelgroep.GEZINSMIGRANT

# --- offers: every cell of the RULES.md §1 table ------------------------------------------------

# (offer, asielstatushouder, gezinsmigrant, ondertussengroep); ontzorgen for the asylum column
# is tested separately because it depends on the benefit.
TABLE = [
    (Offer.BREDE_INTAKE_PIP, True, True, False),
    (Offer.LEERROUTE_PAID, True, False, False),
    (Offer.MAP, True, True, False),
    (Offer.PVT, True, True, True),
    (Offer.MAATSCHAPPELIJKE_BEGELEIDING, True, False, True),
    (Offer.FINE_BREDE_INTAKE, True, True, False),
    (Offer.FINE_PIP, True, False, False),
]


@pytest.mark.parametrize(("offer", "asiel", "gezin", "wi2013"), TABLE, ids=lambda v: str(v))
@pytest.mark.parametrize("pw_benefit", [False, True])
def test_offers_table_cell(
    offer: Offer, asiel: bool, gezin: bool, wi2013: bool, pw_benefit: bool
) -> None:
    assert offers(Regime.WI2021, ASIEL, pw_benefit)[offer] is asiel
    assert offers(Regime.WI2021, GEZIN, pw_benefit)[offer] is gezin
    assert offers(Regime.WI2013, ASIEL, pw_benefit)[offer] is wi2013
    assert offers(Regime.WI2013, GEZIN, pw_benefit)[offer] is wi2013


def test_offers_ontzorgen_asielstatushouder_with_benefit() -> None:
    assert offers(Regime.WI2021, ASIEL, True)[Offer.ONTZORGEN] is True


def test_offers_ontzorgen_asielstatushouder_without_benefit() -> None:
    assert offers(Regime.WI2021, ASIEL, False)[Offer.ONTZORGEN] is False


@pytest.mark.parametrize("pw_benefit", [False, True])
def test_offers_ontzorgen_never_for_gezinsmigrant(pw_benefit: bool) -> None:
    assert offers(Regime.WI2021, GEZIN, pw_benefit)[Offer.ONTZORGEN] is False


@pytest.mark.parametrize("doelgroep", list(Doelgroep))
@pytest.mark.parametrize("pw_benefit", [False, True])
def test_offers_ontzorgen_never_for_ondertussengroep(
    doelgroep: Doelgroep, pw_benefit: bool
) -> None:
    assert offers(Regime.WI2013, doelgroep, pw_benefit)[Offer.ONTZORGEN] is False


def test_offers_ondertussengroep_gets_pvt_and_begeleiding_only() -> None:
    result = offers(Regime.WI2013, GEZIN, True)
    assert {o for o, on in result.items() if on} == {
        Offer.PVT,
        Offer.MAATSCHAPPELIJKE_BEGELEIDING,
    }


@given(st.sampled_from(Regime), st.sampled_from(Doelgroep), st.booleans())
def test_offers_always_has_every_offer_in_enum_order(
    regime: Regime, doelgroep: Doelgroep, pw_benefit: bool
) -> None:
    assert list(offers(regime, doelgroep, pw_benefit)) == list(Offer)


# --- phase (RULES.md §2) ------------------------------------------------------------------------

TODAY = D(2025, 6, 1)
BASE = DossierFacts(
    birth_date=D(1990, 1, 1), doelgroep=ASIEL, pw_benefit=True, permit_date=D(2024, 9, 1)
)


def facts(**changes: object) -> DossierFacts:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


def test_phase_aangemeld_without_dates() -> None:
    assert phase(BASE, TODAY) is Phase.AANGEMELD


def test_phase_intake_once_started() -> None:
    assert phase(facts(intake_start_date=TODAY), TODAY) is Phase.INTAKE


def test_phase_planned_intake_is_still_aangemeld() -> None:
    assert phase(facts(intake_start_date=D(2025, 6, 2)), TODAY) is Phase.AANGEMELD


def test_phase_pip_in_voorbereiding_after_intake() -> None:
    f = facts(intake_start_date=D(2025, 3, 1), intake_completed_date=D(2025, 4, 1))
    assert phase(f, TODAY) is Phase.PIP_IN_VOORBEREIDING


def test_phase_in_traject_after_first_pip() -> None:
    f = facts(intake_completed_date=D(2025, 4, 1), first_pip_date=D(2025, 5, 1))
    assert phase(f, TODAY) is Phase.IN_TRAJECT


def test_phase_afgerond_when_closed_as_completed() -> None:
    f = facts(
        first_pip_date=D(2022, 5, 1), closed_on=D(2025, 5, 1), close_reason=CloseReason.AFGEROND
    )
    assert phase(f, TODAY) is Phase.AFGEROND


@pytest.mark.parametrize("reason", [r for r in CloseReason if r is not CloseReason.AFGEROND])
def test_phase_gesloten_for_other_close_reasons(reason: CloseReason) -> None:
    f = facts(first_pip_date=D(2024, 5, 1), closed_on=D(2025, 5, 1), close_reason=reason)
    assert phase(f, TODAY) is Phase.GESLOTEN


def test_phase_gesloten_without_reason() -> None:
    assert phase(facts(closed_on=D(2025, 5, 1)), TODAY) is Phase.GESLOTEN


def test_phase_wi2013_stays_aangemeld_until_closed() -> None:
    f = facts(intake_start_date=D(2025, 1, 1), intake_completed_date=D(2025, 2, 1))
    assert phase(f, TODAY, Regime.WI2013) is Phase.AANGEMELD
    closed = dataclasses.replace(f, closed_on=D(2025, 5, 1), close_reason=CloseReason.VERHUISD)
    assert phase(closed, TODAY, Regime.WI2013) is Phase.GESLOTEN


# --- signals (RULES.md §2.5, §2.9) ---------------------------------------------------------------

# DUO notice 2025-03-03, BRP 2025-03-17 (the later): PIP due 2025-05-26.
PIP_DUE = D(2025, 5, 26)
WAITING = facts(duo_notice_date=D(2025, 3, 3), brp_date=D(2025, 3, 17))


def codes(found: tuple[Signal, ...]) -> list[str]:
    return [s.code for s in found]


def only(found: tuple[Signal, ...], code: str) -> Signal:
    matching = [s for s in found if s.code == code]
    assert len(matching) == 1, codes(found)
    return matching[0]


def text(signal: Signal) -> str:
    return signal.message.format(**signal.params)


def test_signals_pip_overdue_is_urgent_with_days() -> None:
    signal = only(signals(WAITING, POLICY, D(2025, 6, 5)), "pip_overdue")
    assert signal.severity == "urgent"
    assert signal.date == PIP_DUE
    assert signal.params == {"date": "26-05-2025", "days": 10}
    assert text(signal) == (
        "Het PIP is te laat: de uiterste datum was 26-05-2025 (10 dag(en) geleden)."
    )


def test_signals_pip_overdue_day_after_due() -> None:
    assert codes(signals(WAITING, POLICY, D(2025, 5, 27))) == ["pip_overdue"]


def test_signals_pip_due_soon_on_the_due_date() -> None:
    signal = only(signals(WAITING, POLICY, PIP_DUE), "pip_due_soon")
    assert signal.severity == "warning"
    assert signal.params["days"] == 0


def test_signals_pip_due_soon_at_the_window_edge() -> None:
    assert codes(signals(WAITING, POLICY, D(2025, 5, 12))) == ["pip_due_soon"]
    assert codes(signals(WAITING, POLICY, D(2025, 5, 11))) == []


def test_signals_pip_due_soon_follows_the_policy() -> None:
    policy = Policy.from_overrides({"pip_due_soon_days": 30})
    assert codes(signals(WAITING, policy, D(2025, 5, 1))) == ["pip_due_soon"]


def test_signals_no_pip_signals_after_first_pip() -> None:
    f = dataclasses.replace(WAITING, first_pip_date=D(2025, 5, 20))
    assert codes(signals(f, POLICY, D(2025, 6, 5))) == []
    # A PIP established after the due date leaves only the information that it was late
    # (tests/domain/test_pip_signals.py).
    late = dataclasses.replace(WAITING, first_pip_date=D(2025, 6, 1))
    assert codes(signals(late, POLICY, D(2025, 6, 5))) == ["pip_late"]


def test_signals_no_pip_signals_while_in_preparation_only_counts_pip() -> None:
    # A completed intake does not stop the clock: only the PIP does.
    f = dataclasses.replace(WAITING, intake_completed_date=D(2025, 5, 1))
    assert codes(signals(f, POLICY, D(2025, 6, 5))) == ["pip_overdue"]


def test_signals_missing_duo_notice_for_wi2021() -> None:
    f = facts(brp_date=D(2025, 3, 17))
    signal = only(signals(f, POLICY, TODAY), "missing_duo_notice")
    assert signal.severity == "info"
    assert signal.params == {"date": "17-03-2025"}


def test_signals_no_missing_duo_notice_without_brp() -> None:
    assert codes(signals(BASE, POLICY, TODAY)) == []


def test_signals_skip_pip_for_wi2013() -> None:
    f = dataclasses.replace(WAITING, permit_date=D(2021, 12, 31))
    assert codes(signals(f, POLICY, D(2025, 6, 5))) == []
    assert (
        codes(signals(facts(permit_date=D(2021, 5, 1), brp_date=D(2025, 3, 17)), POLICY, TODAY))
        == []
    )


def test_signals_minor_gets_info_and_no_pip_signals() -> None:
    f = dataclasses.replace(WAITING, birth_date=D(2008, 2, 29))
    found = signals(f, POLICY, D(2025, 6, 5))
    assert codes(found) == ["minor"]
    assert found[0].date == D(2026, 2, 28)
    assert text(found[0]) == "Minderjarig: de inburgeringsplicht kan ingaan op 28-02-2026."


def test_signals_former_minor_gets_pip_signals_once_adult() -> None:
    f = dataclasses.replace(WAITING, birth_date=D(2007, 5, 1))
    assert codes(signals(f, POLICY, D(2025, 6, 5))) == ["pip_overdue"]


def test_signals_vrijstelling_recorded_and_skips_pip() -> None:
    exemption = Exemption(ExemptionKind.VRIJSTELLING, D(2025, 4, 1), "Nederlands diploma", "V-1")
    f = dataclasses.replace(WAITING, exemptions=(exemption,))
    found = signals(f, POLICY, D(2025, 6, 5))
    assert codes(found) == ["vrijstelling_recorded"]
    assert found[0].severity == "info"
    assert text(found[0]) == "Vrijstelling vastgelegd op 01-04-2025: Nederlands diploma."


def test_signals_ontheffing_recorded_keeps_pip_signals() -> None:
    exemption = Exemption(ExemptionKind.ONTHEFFING, D(2025, 4, 1), "medisch", "DUO-7")
    f = dataclasses.replace(WAITING, exemptions=(exemption,))
    assert codes(signals(f, POLICY, D(2025, 6, 5))) == ["pip_overdue", "ontheffing_recorded"]


def test_signals_none_for_closed_dossier() -> None:
    exemption = Exemption(ExemptionKind.VRIJSTELLING, D(2025, 4, 1), "diploma", "V-1")
    f = dataclasses.replace(
        WAITING,
        exemptions=(exemption,),
        closed_on=D(2025, 4, 2),
        close_reason=CloseReason.VRIJSTELLING,
    )
    assert signals(f, POLICY, D(2025, 6, 5)) == ()


# In traject: PIP 2025-04-10, termijn 2025-04-11 .. 2028-04-10.
TRAJECT = dataclasses.replace(WAITING, first_pip_date=D(2025, 4, 10))


def test_signals_termijn_ending_within_window() -> None:
    found = signals(
        dataclasses.replace(TRAJECT, last_meeting_date=D(2027, 9, 1)), POLICY, D(2027, 10, 10)
    )
    signal = only(found, "termijn_ending")
    assert signal.severity == "warning"
    assert signal.date == D(2028, 4, 10)
    assert text(signal) == "De inburgeringstermijn eindigt op 10-04-2028."


def test_signals_termijn_ending_not_before_window() -> None:
    f = dataclasses.replace(TRAJECT, last_meeting_date=D(2027, 9, 1))
    assert "termijn_ending" not in codes(signals(f, POLICY, D(2027, 10, 9)))


def test_signals_termijn_ending_on_last_day() -> None:
    f = dataclasses.replace(TRAJECT, last_meeting_date=D(2028, 3, 1))
    assert codes(signals(f, POLICY, D(2028, 4, 10))) == ["termijn_ending"]


def test_signals_termijn_expired_is_urgent() -> None:
    f = dataclasses.replace(TRAJECT, last_meeting_date=D(2028, 3, 1))
    signal = only(signals(f, POLICY, D(2028, 4, 11)), "termijn_expired")
    assert signal.severity == "urgent"


def test_signals_termijn_uses_duo_extension() -> None:
    extension = Extension(D(2028, 1, 15), D(2029, 1, 10), "ziekte", "DUO-1")
    f = dataclasses.replace(TRAJECT, extensions=(extension,), last_meeting_date=D(2028, 3, 1))
    assert codes(signals(f, POLICY, D(2028, 4, 11))) == []


def test_signals_meeting_overdue_in_traject() -> None:
    # First talk due three months after the termijn's start: 2025-07-11.
    signal = only(signals(TRAJECT, POLICY, D(2025, 7, 12)), "meeting_overdue")
    assert signal.severity == "warning"
    assert signal.date == D(2025, 7, 11)
    assert signal.params["days"] == 1


def test_signals_meeting_not_overdue_on_due_date() -> None:
    assert codes(signals(TRAJECT, POLICY, D(2025, 7, 11))) == []


def test_signals_meeting_overdue_counts_from_last_meeting() -> None:
    f = dataclasses.replace(TRAJECT, last_meeting_date=D(2025, 7, 1))
    assert codes(signals(f, POLICY, D(2025, 7, 12))) == []
    assert codes(signals(f, POLICY, D(2025, 10, 2))) == ["meeting_overdue"]


def test_signals_meeting_overdue_grace_days() -> None:
    policy = Policy.from_overrides({"meeting_overdue_grace_days": 7})
    assert codes(signals(TRAJECT, policy, D(2025, 7, 18))) == []
    assert codes(signals(TRAJECT, policy, D(2025, 7, 19))) == ["meeting_overdue"]


def test_signals_sorted_urgent_first() -> None:
    exemption = Exemption(ExemptionKind.ONTHEFFING, D(2025, 4, 1), "medisch", "DUO-7")
    f = dataclasses.replace(TRAJECT, exemptions=(exemption,))
    found = signals(f, POLICY, D(2028, 5, 1))
    assert codes(found) == ["termijn_expired", "meeting_overdue", "ontheffing_recorded"]


optional_date = st.one_of(st.none(), st.dates(D(2015, 1, 1), D(2030, 12, 31)))
facts_strategy = st.builds(
    DossierFacts,
    birth_date=st.dates(D(1950, 1, 1), D(2020, 12, 31)),
    doelgroep=st.sampled_from(Doelgroep),
    pw_benefit=st.booleans(),
    permit_date=st.dates(D(2015, 1, 1), D(2030, 12, 31)),
    duo_notice_date=optional_date,
    brp_date=optional_date,
    intake_start_date=optional_date,
    intake_completed_date=optional_date,
    first_pip_date=optional_date,
    extensions=st.lists(
        st.builds(
            Extension,
            decided_on=st.dates(D(2020, 1, 1), D(2035, 1, 1)),
            new_end_date=st.dates(D(2020, 1, 1), D(2035, 1, 1)),
            reason=st.text(max_size=10),
            reference=st.text(max_size=10),
        ),
        max_size=2,
    ).map(tuple),
    exemptions=st.lists(
        st.builds(
            Exemption,
            kind=st.sampled_from(ExemptionKind),
            decided_on=st.dates(D(2020, 1, 1), D(2035, 1, 1)),
            ground=st.text(max_size=10),
            reference=st.text(max_size=10),
        ),
        max_size=2,
    ).map(tuple),
    closed_on=st.one_of(st.none(), st.dates(D(2020, 1, 1), D(2035, 1, 1))),
    close_reason=st.one_of(st.none(), st.sampled_from(CloseReason)),
    last_meeting_date=optional_date,
)


@given(facts_strategy, st.dates(D(2015, 1, 1), D(2035, 12, 31)))
def test_signals_property_well_formed(f: DossierFacts, today: dt.date) -> None:
    found = signals(f, POLICY, today)
    severities = ["urgent", "warning", "info"]
    assert [severities.index(s.severity) for s in found] == sorted(
        severities.index(s.severity) for s in found
    )
    for signal in found:
        text(signal)  # every placeholder has its parameter
    if f.closed_on is not None:
        assert found == ()


# --- evaluate ------------------------------------------------------------------------------------


def test_evaluate_composes_the_status() -> None:
    f = dataclasses.replace(TRAJECT, last_meeting_date=D(2025, 6, 20))
    status = evaluate(f, POLICY, D(2025, 8, 1))
    assert status.regime is Regime.WI2021
    assert status.phase is Phase.IN_TRAJECT
    assert status.duty_starts is None
    assert status.pip_due is not None and status.pip_due.date == PIP_DUE
    assert status.termijn is not None and status.termijn.end == D(2028, 4, 10)
    assert status.next_meeting_due == D(2025, 9, 20)
    assert status.offers == offers(Regime.WI2021, ASIEL, True)
    assert status.signals == ()


def test_evaluate_reads_numbers_from_policy() -> None:
    policy = Policy.from_overrides(
        {
            "pip_weeks": 6,
            "termijn_years": 5,
            "meeting_interval_months": 1,
            "termijnenwet_shift": True,
        }
    )
    status = evaluate(dataclasses.replace(TRAJECT, first_pip_date=D(2025, 4, 15)), policy, TODAY)
    assert status.pip_due is not None and status.pip_due.date == D(2025, 4, 28)
    assert status.termijn is not None
    assert status.termijn.end == D(2030, 4, 15)  # a Monday: unchanged by the shift
    assert status.next_meeting_due == D(2025, 5, 16)


def test_evaluate_wi2013_has_no_pip_termijn_or_meetings() -> None:
    f = dataclasses.replace(TRAJECT, permit_date=D(2021, 6, 1))
    status = evaluate(f, POLICY, TODAY)
    assert status.regime is Regime.WI2013
    assert status.phase is Phase.AANGEMELD
    assert status.pip_due is None
    assert status.termijn is None
    assert status.next_meeting_due is None
    assert status.offers[Offer.BREDE_INTAKE_PIP] is False


def test_evaluate_minor_at_permit_reports_duty_start() -> None:
    f = facts(birth_date=D(2010, 8, 1), permit_date=D(2024, 9, 1))
    status = evaluate(f, POLICY, TODAY)
    assert status.duty_starts == D(2028, 8, 1)
    assert codes(status.signals) == ["minor"]


def test_evaluate_closed_dossier_has_no_next_meeting() -> None:
    f = dataclasses.replace(TRAJECT, closed_on=D(2025, 5, 1), close_reason=CloseReason.VERHUISD)
    status = evaluate(f, POLICY, TODAY)
    assert status.phase is Phase.GESLOTEN
    assert status.next_meeting_due is None
    assert status.signals == ()
    assert status.termijn is not None  # history stays visible


@given(facts_strategy, st.dates(D(2015, 1, 1), D(2035, 12, 31)))
def test_evaluate_property_consistent_with_parts(f: DossierFacts, today: dt.date) -> None:
    status = evaluate(f, POLICY, today)
    assert status.signals == signals(f, POLICY, today)
    if status.regime is Regime.WI2013:
        assert status.pip_due is None and status.termijn is None
    if status.termijn is not None:
        assert status.termijn.start == f.first_pip_date + dt.timedelta(days=1)  # type: ignore[operator]
    if status.next_meeting_due is not None:
        assert status.phase is Phase.IN_TRAJECT


@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2020, 12, 31)),
    permit=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2027, 12, 31)),
    brp_days=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    pip_days=st.one_of(st.none(), st.integers(min_value=0, max_value=500)),
    today=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2032, 12, 31)),
)
def test_evaluate_agrees_with_the_separate_rules(birth, permit, brp_days, pip_days, today):
    """evaluate works some steps out once for speed; it must say what the rules say."""
    brp = permit + dt.timedelta(days=brp_days) if brp_days is not None else None
    facts = DossierFacts(
        birth_date=birth,
        doelgroep=Doelgroep.ASIELSTATUSHOUDER,
        pw_benefit=True,
        permit_date=permit,
        duo_notice_date=brp,
        brp_date=brp,
        first_pip_date=brp + dt.timedelta(days=pip_days) if brp and pip_days is not None else None,
    )
    policy = Policy.defaults()
    status = evaluate(facts, policy, today)
    assert status.regime is dossier_regime(facts, policy)
    assert status.duty_starts == duty_starts_for(birth, permit, policy.duty_age)
    assert status.signals == signals(facts, policy, today)
