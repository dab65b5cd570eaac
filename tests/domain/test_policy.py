"""Policy parameters: one table, typed values, validated overrides (RULES.md introduction)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inburgering_desktop.domain.policy import PARAMETERS, Policy, PolicyParameter, parameter
from inburgering_desktop.domain.validation import ValidationError

EXPECTED_DEFAULTS: dict[str, int | bool | dt.date] = {
    "wi2021_start_date": dt.date(2022, 1, 1),
    "duty_age": 18,
    "pip_weeks": 10,
    "termijn_years": 3,
    "termijnenwet_shift": False,
    "meeting_interval_months": 3,
    "onderwijsroute_warning_age": 28,
    "ontzorgen_min_months": 6,
    "route_switch_window_months": 18,
    "pvt_min_hours": 12,
    "map_min_practical_hours": 40,
    "z_route_language_hours": 800,
    "z_route_participation_hours": 800,
    "fine_brede_intake_cents": 25000,
    "fine_pip_cents": 80000,
    "retention_years": 5,
    "pip_due_soon_days": 14,
    "termijn_ending_months": 6,
    "bilingual_months": 6,
    "meeting_overdue_grace_days": 0,
}


def test_policy_defaults_match_rules() -> None:
    policy = Policy.defaults()
    assert {p.key: policy.value(p.key) for p in PARAMETERS} == EXPECTED_DEFAULTS


def test_policy_attribute_access_is_typed() -> None:
    policy = Policy.defaults()
    assert policy.pip_weeks == 10
    assert policy.wi2021_start_date == dt.date(2022, 1, 1)
    assert policy.termijnenwet_shift is False


def test_policy_fields_and_table_agree() -> None:
    assert [f.name for f in dataclasses.fields(Policy)] == [p.key for p in PARAMETERS]


@pytest.mark.parametrize("p", PARAMETERS, ids=lambda p: p.key)
def test_policy_parameter_is_documented(p: PolicyParameter) -> None:
    assert p.label and p.unit
    assert "RULES.md §" in p.source, "every parameter cites its RULES.md section"
    if p.kind is int:
        assert p.minimum is not None and p.maximum is not None
        assert p.minimum <= p.default <= p.maximum  # type: ignore[operator]
    else:
        assert p.minimum is None and p.maximum is None


def test_policy_parameter_lookup() -> None:
    assert parameter("pip_weeks").default == 10
    with pytest.raises(KeyError):
        parameter("no_such_key")


def test_policy_overrides_empty_for_defaults() -> None:
    assert Policy.defaults().overrides() == {}


def test_policy_from_overrides_sets_values_and_round_trips_as_json() -> None:
    policy = Policy.from_overrides(
        {"pip_weeks": 6, "termijnenwet_shift": True, "wi2021_start_date": dt.date(2022, 2, 1)}
    )
    assert policy.pip_weeks == 6
    assert policy.termijnenwet_shift is True
    overrides = policy.overrides()
    assert overrides == {
        "wi2021_start_date": "2022-02-01",
        "pip_weeks": 6,
        "termijnenwet_shift": True,
    }
    assert Policy.from_overrides(json.loads(json.dumps(overrides))) == policy


def test_policy_from_overrides_value_equal_to_default_is_no_override() -> None:
    assert Policy.from_overrides({"pip_weeks": 10}).overrides() == {}


def test_policy_from_overrides_rejects_unknown_key() -> None:
    with pytest.raises(ValidationError) as caught:
        Policy.from_overrides({"pip_weks": 6})
    assert caught.value.field == "pip_weks"
    assert str(caught.value) == "Onbekende beleidsregel: pip_weks."


def test_policy_from_overrides_rejects_out_of_range_naming_the_parameter() -> None:
    with pytest.raises(ValidationError) as caught:
        Policy.from_overrides({"pip_weeks": 0})
    error = caught.value
    assert error.field == "pip_weeks"
    assert error.params["parameter"] == parameter("pip_weeks").label
    assert str(error) == (
        "Termijn voor het vaststellen van het PIP: kies een waarde van 1 tot en met 52."
    )


@pytest.mark.parametrize("raw", ["10", 10.0, True, None])
def test_policy_from_overrides_rejects_non_int(raw: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Policy.from_overrides({"pip_weeks": raw})
    assert str(caught.value).endswith(": vul een geheel getal in.")


@pytest.mark.parametrize("raw", [1, "true", None])
def test_policy_from_overrides_rejects_non_bool(raw: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Policy.from_overrides({"termijnenwet_shift": raw})
    assert str(caught.value).endswith(": kies ja of nee.")


@pytest.mark.parametrize(
    "raw", ["01-01-2022", "2022-02-30", "", 20220101, dt.datetime(2022, 1, 1, 12, 0)]
)
def test_policy_from_overrides_rejects_bad_date(raw: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Policy.from_overrides({"wi2021_start_date": raw})
    assert caught.value.field == "wi2021_start_date"
    assert str(caught.value).endswith(": vul een datum in als jjjj-mm-dd.")


def test_policy_fines_cannot_exceed_the_legal_maximum() -> None:
    # RULES.md §2.11: € 250 and € 800 are maxima; a municipality may fine less, never more.
    with pytest.raises(ValidationError):
        Policy.from_overrides({"fine_brede_intake_cents": 25001})
    assert Policy.from_overrides({"fine_pip_cents": 50000}).fine_pip_cents == 50000


def test_policy_ontzorgen_cannot_go_below_six_months() -> None:
    # Pw art. 56a (RULES.md §2.8): at least six months.
    with pytest.raises(ValidationError):
        Policy.from_overrides({"ontzorgen_min_months": 5})


def test_policy_value_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        Policy.defaults().value("defaults")


def _override_strategy() -> st.SearchStrategy[dict[str, object]]:
    per_key: dict[str, st.SearchStrategy[object]] = {}
    for p in PARAMETERS:
        if p.kind is bool:
            per_key[p.key] = st.booleans()
        elif p.kind is int:
            per_key[p.key] = st.integers(p.minimum, p.maximum)  # type: ignore[arg-type]
        else:
            per_key[p.key] = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    return st.fixed_dictionaries({}, optional=per_key)


@given(_override_strategy())
def test_policy_overrides_round_trip_property(overrides: dict[str, object]) -> None:
    policy = Policy.from_overrides(overrides)
    for key, value in overrides.items():
        assert policy.value(key) == value
    assert Policy.from_overrides(json.loads(json.dumps(policy.overrides()))) == policy
