"""Date rules: regime, duty start, PIP deadline, inburgeringstermijn, working days, meetings."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from inburgering_desktop.domain.enums import Doelgroep, Regime
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.rules import (
    DossierFacts,
    Extension,
    age_on,
    dossier_regime,
    duty_start,
    duty_starts_for,
    is_working_day,
    latest_extension,
    next_meeting_due,
    next_working_day,
    pip_due,
    regime_for,
    shifted,
    termijn,
)

D = dt.date
WI2021_START = D(2022, 1, 1)
POLICY = Policy.defaults()
any_date = st.dates(D(1990, 1, 1), D(2090, 12, 31))

# --- regime_for (RULES.md §1) -------------------------------------------------------------------


def test_regime_for_day_before_cutoff_is_wi2013() -> None:
    assert regime_for(D(2021, 12, 31), WI2021_START) is Regime.WI2013


def test_regime_for_on_cutoff_is_wi2021() -> None:
    assert regime_for(D(2022, 1, 1), WI2021_START) is Regime.WI2021


def test_regime_for_day_after_cutoff_is_wi2021() -> None:
    assert regime_for(D(2022, 1, 2), WI2021_START) is Regime.WI2021


def test_regime_for_follows_the_start_parameter() -> None:
    assert regime_for(D(2022, 3, 1), D(2022, 7, 1)) is Regime.WI2013


def _facts(birth: dt.date, permit: dt.date) -> DossierFacts:
    return DossierFacts(
        birth_date=birth,
        doelgroep=Doelgroep.ASIELSTATUSHOUDER,
        pw_benefit=False,
        permit_date=permit,
    )


def test_dossier_regime_adult_uses_permit_date() -> None:
    assert dossier_regime(_facts(D(1990, 5, 1), D(2021, 6, 1)), POLICY) is Regime.WI2013


def test_dossier_regime_minor_at_permit_uses_duty_start() -> None:
    # Permit in 2021 at 16, 18 in 2023: the duty starts under the Wi2021 (RULES.md §1).
    assert dossier_regime(_facts(D(2005, 3, 1), D(2021, 6, 1)), POLICY) is Regime.WI2021


def test_dossier_regime_minor_turning_18_before_cutoff_is_wi2013() -> None:
    assert dossier_regime(_facts(D(2003, 12, 31), D(2021, 6, 1)), POLICY) is Regime.WI2013


# --- duty_start / duty_starts_for / age_on (RULES.md §1) ----------------------------------------


def test_duty_start_is_the_18th_birthday() -> None:
    assert duty_start(D(2007, 9, 14), 18) == D(2025, 9, 14)


def test_duty_start_29_february_in_common_year_is_28_february() -> None:
    assert duty_start(D(2008, 2, 29), 18) == D(2026, 2, 28)


def test_duty_start_29_february_in_leap_year_stays_29_february() -> None:
    assert duty_start(D(2006, 2, 28), 18) == D(2024, 2, 28)
    assert duty_start(D(2004, 2, 29), 20) == D(2024, 2, 29)


def test_duty_start_follows_the_age_parameter() -> None:
    assert duty_start(D(2007, 9, 14), 16) == D(2023, 9, 14)


def test_duty_starts_for_minor_gives_the_date() -> None:
    assert duty_starts_for(D(2010, 6, 1), D(2024, 1, 15), 18) == D(2028, 6, 1)


def test_duty_starts_for_day_before_18th_birthday_gives_the_date() -> None:
    assert duty_starts_for(D(2006, 6, 1), D(2024, 5, 31), 18) == D(2024, 6, 1)


def test_duty_starts_for_on_18th_birthday_is_none() -> None:
    assert duty_starts_for(D(2006, 6, 1), D(2024, 6, 1), 18) is None


def test_duty_starts_for_adult_is_none() -> None:
    assert duty_starts_for(D(1990, 6, 1), D(2024, 6, 1), 18) is None


def test_duty_starts_for_29_february_birthday() -> None:
    assert duty_starts_for(D(2008, 2, 29), D(2026, 2, 27), 18) == D(2026, 2, 28)
    assert duty_starts_for(D(2008, 2, 29), D(2026, 2, 28), 18) is None


def test_age_on_birthday_and_day_before() -> None:
    assert age_on(D(1997, 4, 10), D(2025, 4, 9)) == 27
    assert age_on(D(1997, 4, 10), D(2025, 4, 10)) == 28


@given(st.dates(D(1940, 1, 1), D(2060, 12, 31)), st.integers(16, 21))
def test_duty_start_property_age_reached_exactly_then(birth: dt.date, age: int) -> None:
    start = duty_start(birth, age)
    assert age_on(birth, start) == age
    assert age_on(birth, start - dt.timedelta(days=1)) == age - 1


# --- pip_due (RULES.md §2.5, Bi2021 art. 5.3) ---------------------------------------------------


def test_pip_due_counts_from_brp_when_later() -> None:
    due = pip_due(D(2025, 1, 6), D(2025, 2, 3), 10)
    assert due is not None
    assert due.date == D(2025, 4, 14)


def test_pip_due_counts_from_duo_notice_when_later() -> None:
    due = pip_due(D(2025, 2, 3), D(2025, 1, 6), 10)
    assert due is not None
    assert due.date == D(2025, 4, 14)


def test_pip_due_same_day_anchors() -> None:
    due = pip_due(D(2025, 3, 1), D(2025, 3, 1), 10)
    assert due is not None and due.date == D(2025, 5, 10)


def test_pip_due_follows_the_weeks_parameter() -> None:
    due = pip_due(D(2025, 3, 1), D(2025, 3, 1), 6)
    assert due is not None and due.date == D(2025, 4, 12)


def test_pip_due_none_without_duo_notice() -> None:
    assert pip_due(None, D(2025, 3, 1), 10) is None


def test_pip_due_none_without_brp_registration() -> None:
    assert pip_due(D(2025, 3, 1), None, 10) is None


def test_pip_due_none_without_either() -> None:
    assert pip_due(None, None, 10) is None


def test_pip_due_has_label_and_source() -> None:
    due = pip_due(D(2025, 3, 1), D(2025, 3, 1), 10)
    assert due is not None
    assert due.label == "Uiterste datum PIP"
    assert "Bi2021 art. 5.3" in due.source and "RULES.md §2.5" in due.source


@given(any_date, any_date, st.integers(1, 52))
def test_pip_due_property_after_both_anchors(notice: dt.date, brp: dt.date, weeks: int) -> None:
    due = pip_due(notice, brp, weeks)
    assert due is not None
    assert due.date > notice and due.date > brp
    assert due.date - max(notice, brp) == dt.timedelta(weeks=weeks)


# --- termijn (RULES.md §2.5, Wi2021 art. 11) ----------------------------------------------------


def test_termijn_example_from_rules() -> None:
    term = termijn(D(2025, 4, 10), (), 3, False)
    assert term is not None
    assert (term.start, term.end, term.original_end) == (
        D(2025, 4, 11),
        D(2028, 4, 10),
        D(2028, 4, 10),
    )
    assert term.extended is False
    assert "Wi2021 art. 11" in term.source


def test_termijn_none_without_pip() -> None:
    assert termijn(None, (), 3, False) is None


def test_termijn_follows_the_years_parameter() -> None:
    term = termijn(D(2025, 4, 10), (), 5, False)
    assert term is not None and term.end == D(2030, 4, 10)


def test_termijn_pip_on_29_february() -> None:
    term = termijn(D(2024, 2, 29), (), 3, False)
    assert term is not None
    assert (term.start, term.end) == (D(2024, 3, 1), D(2027, 2, 28))


def test_termijn_starting_on_29_february_ends_on_28_february() -> None:
    # The period runs from the dagtekening (28 Feb): it ends on that date three years on, not a
    # day earlier as start + 3 years - 1 day would give.
    term = termijn(D(2024, 2, 28), (), 3, False)
    assert term is not None
    assert (term.start, term.end) == (D(2024, 2, 29), D(2027, 2, 28))


def test_termijn_ignores_later_pips_only_first_date_is_an_input() -> None:
    # Art. 11 lid 3: a changed PIP does not move the start. The function cannot even be given
    # a later version: its only PIP input is the first PIP's date.
    params = list(inspect.signature(termijn).parameters)
    assert params == ["first_pip_date", "extensions", "years", "shift_to_working_day"]
    assert [f for f in DossierFacts.__dataclass_fields__ if "pip" in f] == ["first_pip_date"]


def test_termijn_extension_replaces_end_date() -> None:
    extension = Extension(D(2028, 1, 15), D(2029, 1, 10), "ziekte", "DUO-2028-001")
    term = termijn(D(2025, 4, 10), (extension,), 3, False)
    assert term is not None
    assert term.start == D(2025, 4, 11)
    assert term.end == D(2029, 1, 10)
    assert term.original_end == D(2028, 4, 10)
    assert term.extended is True
    assert "DUO-2028-001" in term.source


def test_termijn_latest_extension_by_decision_date_wins_in_any_order() -> None:
    first = Extension(D(2027, 1, 1), D(2028, 10, 1), "ziekte", "A")
    second = Extension(D(2028, 3, 1), D(2028, 8, 1), "correctie", "B")
    for order in ((first, second), (second, first)):
        term = termijn(D(2025, 4, 10), order, 3, False)
        assert term is not None and term.end == D(2028, 8, 1)


def test_termijn_extensions_decided_same_day_take_later_end() -> None:
    a = Extension(D(2028, 3, 1), D(2028, 8, 1), "x", "A")
    b = Extension(D(2028, 3, 1), D(2028, 9, 1), "y", "B")
    assert latest_extension((a, b)) == b
    assert latest_extension((b, a)) == b
    assert latest_extension(()) is None


def test_termijn_extension_date_is_not_shifted() -> None:
    # DUO's date is a decision, not a computation: a Saturday stays a Saturday.
    saturday = D(2029, 1, 6)
    extension = Extension(D(2028, 3, 1), saturday, "ziekte", "DUO-1")
    term = termijn(D(2025, 4, 10), (extension,), 3, True)
    assert term is not None and term.end == saturday


def test_termijn_shift_off_keeps_weekend_end() -> None:
    term = termijn(D(2025, 4, 15), (), 3, False)
    assert term is not None and term.end == D(2028, 4, 15)  # a Saturday


def test_termijn_shift_weekend_moves_to_monday() -> None:
    # 2025-04-26 is King's Day on a Saturday (27 April was a Sunday): Monday 28th.
    term = termijn(D(2022, 4, 26), (), 3, True)
    assert term is not None and term.end == D(2025, 4, 28)


def test_termijn_shift_over_easter() -> None:
    # Good Friday 2028-04-14 (Atw art. 3 lid 2), then the weekend and Easter Monday.
    term = termijn(D(2025, 4, 14), (), 3, True)
    assert term is not None
    assert term.end == D(2028, 4, 18)
    assert term.original_end == D(2028, 4, 18)


def test_termijn_shift_saturday_before_easter() -> None:
    term = termijn(D(2025, 4, 15), (), 3, True)
    assert term is not None and term.end == D(2028, 4, 18)


def test_termijn_shift_easter_monday() -> None:
    term = termijn(D(2024, 3, 29), (), 3, True)
    assert term is not None and term.end == D(2027, 3, 30)


def test_termijn_shift_kings_day() -> None:
    term = termijn(D(2024, 4, 27), (), 3, True)
    assert term is not None and term.end == D(2027, 4, 28)


def test_termijn_shift_liberation_day_every_year_then_ascension() -> None:
    # 5 May counts every year under the Atw, not only every fifth year; 6 May 2027 is Ascension.
    term = termijn(D(2024, 5, 5), (), 3, True)
    assert term is not None and term.end == D(2027, 5, 7)


def test_termijn_shift_christmas_and_weekend() -> None:
    term = termijn(D(2023, 12, 25), (), 3, True)
    assert term is not None and term.end == D(2026, 12, 28)


def test_termijn_shift_working_day_unchanged() -> None:
    term = termijn(D(2025, 4, 12), (), 3, True)
    assert term is not None and term.end == D(2028, 4, 12)


def test_is_working_day_examples() -> None:
    assert is_working_day(D(2025, 4, 22))  # a Tuesday
    assert not is_working_day(D(2025, 4, 19))  # Saturday
    assert not is_working_day(D(2025, 4, 20))  # Easter Sunday
    assert not is_working_day(D(2025, 4, 18))  # Good Friday
    assert not is_working_day(D(2026, 5, 5))  # Liberation Day, not a lustrum year
    assert not is_working_day(D(2026, 1, 1))


def test_next_working_day_examples() -> None:
    assert next_working_day(D(2025, 12, 25)) == D(2025, 12, 29)
    assert next_working_day(D(2025, 12, 29)) == D(2025, 12, 29)


@given(st.dates(D(2000, 1, 1), D(2080, 12, 31)))
def test_termijn_property_three_years_minus_a_day_without_shift(pip: dt.date) -> None:
    term = termijn(pip, (), 3, False)
    assert term is not None
    assert term.start == pip + dt.timedelta(days=1)
    assert term.end == term.original_end
    if term.start.month == 2 and term.start.day == 29:
        assert term.end == pip + relativedelta(years=3)
    else:
        assert term.end == term.start + relativedelta(years=3) - dt.timedelta(days=1)
    # Three years hold one leap day, sometimes none.
    assert (term.end - term.start).days in (3 * 365 - 1, 3 * 365)


def test_termijn_includes_the_leap_day_when_the_period_spans_it() -> None:
    term = termijn(D(2001, 2, 28), (), 3, False)
    assert term is not None
    assert (term.start, term.end) == (D(2001, 3, 1), D(2004, 2, 29))


@given(st.dates(D(2000, 1, 1), D(2080, 12, 31)), st.integers(1, 10))
def test_termijn_property_shift_gives_next_working_day(pip: dt.date, years: int) -> None:
    plain = termijn(pip, (), years, False)
    shifted = termijn(pip, (), years, True)
    assert plain is not None and shifted is not None
    assert is_working_day(shifted.end)
    assert shifted.end >= plain.end
    # The longest run of days off is Good Friday to Easter Monday (4 days).
    assert (shifted.end - plain.end).days <= 4
    days_between = (shifted.end - plain.end).days
    assert all(not is_working_day(plain.end + dt.timedelta(days=i)) for i in range(days_between))


@given(
    st.dates(D(2000, 1, 1), D(2080, 12, 31)),
    st.lists(st.tuples(any_date, any_date), min_size=1, max_size=5),
    st.booleans(),
)
def test_termijn_property_extension_end_is_latest_decision(
    pip: dt.date, decisions: list[tuple[dt.date, dt.date]], shift: bool
) -> None:
    extensions = tuple(Extension(d, end, "reden", f"K{i}") for i, (d, end) in enumerate(decisions))
    term = termijn(pip, extensions, 3, shift)
    assert term is not None
    assert term.extended
    assert term.end == max(decisions)[1]
    assert term.start == pip + dt.timedelta(days=1)


# --- next_meeting_due (RULES.md §2.9) -----------------------------------------------------------


def test_next_meeting_due_none_without_termijn() -> None:
    assert next_meeting_due(None, D(2025, 5, 1), 3) is None


def test_next_meeting_due_from_termijn_start() -> None:
    assert next_meeting_due(D(2025, 4, 11), None, 3) == D(2025, 7, 11)


def test_next_meeting_due_from_last_meeting() -> None:
    assert next_meeting_due(D(2025, 4, 11), D(2025, 6, 2), 3) == D(2025, 9, 2)


def test_next_meeting_due_ignores_meeting_before_termijn() -> None:
    assert next_meeting_due(D(2025, 4, 11), D(2025, 3, 1), 3) == D(2025, 7, 11)


def test_next_meeting_due_month_end_clips() -> None:
    assert next_meeting_due(D(2025, 11, 30), None, 3) == D(2026, 2, 28)


def test_next_meeting_due_follows_the_interval_parameter() -> None:
    assert next_meeting_due(D(2025, 4, 11), None, 6) == D(2025, 10, 11)


@given(any_date, st.one_of(st.none(), any_date), st.integers(1, 24))
def test_next_meeting_due_property_after_start_and_last_meeting(
    start: dt.date, last: dt.date | None, months: int
) -> None:
    due = next_meeting_due(start, last, months)
    assert due is not None
    assert due > start
    if last is not None:
        assert due > last


@pytest.mark.parametrize("months", [1, 3, 12])
def test_next_meeting_due_is_interval_after_base(months: int) -> None:
    assert next_meeting_due(D(2025, 1, 15), D(2025, 2, 10), months) == D(2025, 2, 10) + (
        relativedelta(months=months)
    )


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.integers(min_value=-100, max_value=100),
    st.integers(min_value=-400, max_value=400),
)
def test_shifted_equals_dateutil_relativedelta(day, years, months):
    assert shifted(day, years=years, months=months) == day + relativedelta(
        years=years, months=months
    )


@pytest.mark.parametrize(
    ("day", "years", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 0, 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 0, 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), 1, 0, dt.date(2025, 2, 28)),
        (dt.date(2024, 3, 31), 0, -1, dt.date(2024, 2, 29)),
        (dt.date(2025, 12, 15), 0, 1, dt.date(2026, 1, 15)),
        (dt.date(2026, 1, 15), 0, -13, dt.date(2024, 12, 15)),
    ],
)
def test_shifted_clips_to_the_months_last_day(day, years, months, expected):
    assert shifted(day, years=years, months=months) == expected
