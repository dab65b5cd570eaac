"""The PIP deadline after the fact (RULES.md §2.5): a first PIP established after its due date
leaves an information signal, `pip_late`, for the rest of the traject."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from inburgering_desktop.domain.enums import (
    CloseReason,
    Doelgroep,
    ExemptionKind,
    Phase,
)
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.register import DossierRow, RegisterSnapshot, summaries
from inburgering_desktop.domain.rules import (
    DossierFacts,
    Exemption,
    Signal,
    evaluate,
    signals,
)

D = dt.date
POLICY = Policy.defaults()
# DUO notice 2025-03-03, BRP 2025-03-17 (the later): PIP due 10 weeks later, 2025-05-26.
PIP_DUE = D(2025, 5, 26)
WAITING = DossierFacts(
    birth_date=D(1990, 1, 1),
    doelgroep=Doelgroep.ASIELSTATUSHOUDER,
    pw_benefit=True,
    permit_date=D(2024, 9, 1),
    duo_notice_date=D(2025, 3, 3),
    brp_date=D(2025, 3, 17),
    # A recent talk keeps the meeting signal out of these tests.
    last_meeting_date=D(2025, 8, 1),
)
SOON_AFTER = D(2025, 8, 15)


def pip_on(day: dt.date, **changes: object) -> DossierFacts:
    return dataclasses.replace(WAITING, first_pip_date=day, **changes)  # type: ignore[arg-type]


def codes(found: tuple[Signal, ...]) -> list[str]:
    return [s.code for s in found]


def late(found: tuple[Signal, ...]) -> Signal:
    [signal] = [s for s in found if s.code == "pip_late"]
    return signal


def test_pip_late_is_info_with_days_and_due_date() -> None:
    signal = late(signals(pip_on(D(2025, 6, 5)), POLICY, SOON_AFTER))
    assert signal.severity == "info"
    assert signal.date == PIP_DUE
    assert signal.params == {"days": 10, "date": "26-05-2025"}
    assert signal.message.format(**signal.params) == (
        "Het PIP is 10 dag(en) te laat vastgesteld (uiterste datum 26-05-2025)."
    )


def test_pip_late_the_day_after_the_due_date() -> None:
    signal = late(signals(pip_on(PIP_DUE + dt.timedelta(days=1)), POLICY, SOON_AFTER))
    assert signal.params["days"] == 1


@pytest.mark.parametrize("day", [PIP_DUE, D(2025, 5, 1), D(2025, 3, 1)])
def test_pip_on_or_before_the_due_date_is_not_late(day: dt.date) -> None:
    assert codes(signals(pip_on(day), POLICY, SOON_AFTER)) == []


def test_pip_late_stays_visible_for_years() -> None:
    f = pip_on(D(2025, 6, 5), last_meeting_date=D(2027, 12, 1))
    assert "pip_late" in codes(signals(f, POLICY, D(2028, 1, 10)))


def test_pip_late_follows_the_policy_weeks() -> None:
    policy = Policy.from_overrides({"pip_weeks": 12})  # due 2025-06-09
    assert codes(signals(pip_on(D(2025, 6, 5)), policy, SOON_AFTER)) == []


def test_pip_late_replaces_the_overdue_signal() -> None:
    before = signals(WAITING, POLICY, D(2025, 6, 4))
    assert codes(before) == ["pip_overdue"]
    after = signals(pip_on(D(2025, 6, 4)), POLICY, D(2025, 6, 4))
    assert codes(after) == ["pip_late"]


def test_pip_late_needs_both_anchor_dates() -> None:
    # Without DUO's notice there is no due date, so nothing can have been late.
    f = pip_on(D(2025, 12, 1), duo_notice_date=None)
    assert "pip_late" not in codes(signals(f, POLICY, D(2026, 1, 5)))


def test_pip_late_sorts_after_warnings() -> None:
    f = pip_on(D(2025, 6, 5), last_meeting_date=None)
    found = signals(f, POLICY, D(2025, 10, 1))  # first talk was due 2025-09-06
    assert codes(found) == ["meeting_overdue", "pip_late"]


def test_pip_late_not_for_wi2013_minor_vrijstelling_or_closed() -> None:
    day = D(2025, 6, 5)
    assert codes(signals(pip_on(day, permit_date=D(2021, 6, 1)), POLICY, SOON_AFTER)) == []
    assert codes(signals(pip_on(day, birth_date=D(2008, 1, 1)), POLICY, SOON_AFTER)) == [
        "minor"
    ]
    exemption = Exemption(ExemptionKind.VRIJSTELLING, D(2025, 7, 1), "diploma", "V-1")
    assert codes(signals(pip_on(day, exemptions=(exemption,)), POLICY, SOON_AFTER)) == [
        "vrijstelling_recorded"
    ]
    closed = pip_on(day, closed_on=D(2025, 8, 1), close_reason=CloseReason.VERHUISD)
    assert signals(closed, POLICY, SOON_AFTER) == ()


def test_pip_late_in_the_dossier_status() -> None:
    status = evaluate(pip_on(D(2025, 6, 5)), POLICY, SOON_AFTER)
    assert status.phase is Phase.IN_TRAJECT
    assert codes(status.signals) == ["pip_late"]


def test_pip_late_counts_in_the_register_list() -> None:
    row = DossierRow(
        id=1,
        reference="INB-2025-0001",
        family_name="Proefnaam",
        given_names="Zwaantje",
        name_original_script="",
        bsn=None,
        v_number=None,
        birth_date=WAITING.birth_date,
        doelgroep=WAITING.doelgroep,
        pw_benefit=True,
        permit_date=WAITING.permit_date,
        koppeling_date=None,
        duo_notice_date=WAITING.duo_notice_date,
        brp_date=WAITING.brp_date,
        intake_start_date=None,
        intake_completed_date=None,
        first_pip_date=D(2025, 6, 5),
        closed_on=None,
        close_reason=None,
    )
    [summary] = summaries(RegisterSnapshot((row,)), D(2025, 7, 1))
    assert summary.signal_count == 1
    assert summary.top_severity == "info"
