"""Passphrase strength (an honest estimate) and the hard acceptance rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inburgering_desktop.domain.passphrase import (
    HINT_LONGER,
    HINT_MIX,
    HINT_NOTORIOUS,
    HINT_REPEAT,
    HINT_SEQUENCE,
    MIN_LENGTH,
    check_acceptable,
    strength,
)
from inburgering_desktop.domain.validation import ValidationError

LABELS = ["Zeer zwak", "Zwak", "Redelijk", "Sterk", "Zeer sterk"]


def test_strength_min_length_is_twelve() -> None:
    assert MIN_LENGTH == 12


def test_strength_long_sentence_is_very_strong() -> None:
    result = strength("fiets naar de markt op zaterdag")
    assert result.score == 4
    assert result.label == "Zeer sterk"
    assert result.hints == ()


def test_strength_short_is_very_weak() -> None:
    result = strength("kat")
    assert result.score == 0
    assert HINT_LONGER in result.hints


def test_strength_repetition_is_penalised() -> None:
    result = strength("aaaaaaaaaaaaaaaa")
    assert result.score == 0
    assert HINT_REPEAT in result.hints
    assert strength("abcabcabcabcabc").score == 0


def test_strength_sequence_is_penalised() -> None:
    result = strength("1234567890123")
    assert result.score == 0
    assert HINT_SEQUENCE in result.hints
    assert strength("abcdefghijklmnop").score == 0


def test_strength_notorious_password_is_penalised() -> None:
    result = strength("Wachtwoord2025!")
    assert HINT_NOTORIOUS in result.hints
    assert result.score < strength("Zonnebloem2025!").score


def test_strength_double_letters_in_words_cost_nothing() -> None:
    assert strength("maanboomweek").score == strength("mangobalkwet").score


def test_strength_mixing_classes_adds_a_step() -> None:
    plain = strength("zonnebloemen")
    mixed = strength("Zonnebloem3!")
    assert mixed.score == plain.score + 1
    assert HINT_MIX in plain.hints and HINT_MIX not in mixed.hints


@given(st.text(max_size=80))
def test_strength_property_well_formed(text: str) -> None:
    result = strength(text)
    assert 0 <= result.score <= 4
    assert result.label == LABELS[result.score]
    assert len(set(result.hints)) == len(result.hints)


@given(st.text(alphabet="ab1", min_size=200, max_size=400))
def test_strength_property_fast_on_long_input(text: str) -> None:
    assert strength(text).score >= 0


def test_check_acceptable_too_short() -> None:
    with pytest.raises(ValidationError) as caught:
        check_acceptable("kort", "kort")
    assert caught.value.field == "passphrase"
    assert str(caught.value) == "De wachtzin moet minstens 12 tekens lang zijn."


def test_check_acceptable_rejects_trivial_twelve_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        check_acceptable("aaaaaaaaaaaa", "aaaaaaaaaaaa")
    assert str(caught.value).startswith("Deze wachtzin is te makkelijk te raden.")


def test_check_acceptable_not_the_same_twice() -> None:
    with pytest.raises(ValidationError) as caught:
        check_acceptable("fiets naar de markt", "fiets naar de mark")
    assert caught.value.field == "passphrase_repeat"
    assert str(caught.value) == "De twee wachtzinnen zijn niet gelijk."


def test_check_acceptable_passes() -> None:
    check_acceptable("fiets naar de markt", "fiets naar de markt")
