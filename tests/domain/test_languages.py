"""The languages table: codes, native names, direction and script (RULES.md §3)."""

from __future__ import annotations

import unicodedata

import pytest
from babel import Locale

from inburgering_desktop.domain.languages import LANGUAGES, Language, language
from inburgering_desktop.domain.validation import ValidationError

REQUIRED = {
    "nl",
    "en",
    "ar",
    "ti",
    "fa",
    "prs",
    "tr",
    "so",
    "uk",
    "ps",
    "ckb",
    "ru",
    "fr",
    "am",
    "kmr",
    "es",
    "de",
    "pl",
    "pt",
}
RIGHT_TO_LEFT = {"ar", "fa", "prs", "ps", "ckb"}
# The Unicode script name each ISO 15924 code stands for (in character names).
SCRIPT_NAMES = {"Latn": "LATIN", "Arab": "ARABIC", "Ethi": "ETHIOPIC", "Cyrl": "CYRILLIC"}
# CLDR has no locale of its own for Dari: it is Persian as written in Afghanistan.
CLDR_LOCALE = {"prs": "fa_AF"}


def test_languages_cover_the_required_set() -> None:
    assert {lang.code for lang in LANGUAGES} >= REQUIRED


def test_languages_codes_unique_and_lower_case() -> None:
    codes = [lang.code for lang in LANGUAGES]
    assert len(codes) == len(set(codes))
    assert all(code == code.lower() for code in codes)


def test_languages_right_to_left_set() -> None:
    assert {lang.code for lang in LANGUAGES if lang.direction == "rtl"} == RIGHT_TO_LEFT


@pytest.mark.parametrize(
    ("code", "native"),
    [
        ("prs", "دری"),
        ("ps", "پښتو"),
        ("ckb", "کوردی"),
        ("ti", "ትግርኛ"),
        ("ar", "العربية"),
        ("fa", "فارسی"),
        ("am", "አማርኛ"),
        ("uk", "Українська"),
        ("kmr", "Kurmancî"),
    ],
)
def test_languages_native_names(code: str, native: str) -> None:
    assert language(code).native_name == native


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_languages_native_name_is_in_its_script(lang: Language) -> None:
    letters = [ch for ch in lang.native_name if ch.isalpha()]
    assert letters
    assert all(SCRIPT_NAMES[lang.script] in unicodedata.name(ch) for ch in letters)


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_languages_direction_agrees_with_cldr(lang: Language) -> None:
    cldr = Locale.parse(CLDR_LOCALE.get(lang.code, lang.code))
    expected = "rtl" if cldr.character_order == "right-to-left" else "ltr"
    assert lang.direction == expected
    assert (lang.script == "Arab") == (lang.direction == "rtl")


def test_language_lookup_ignores_case_and_spaces() -> None:
    assert language(" CKB ").name == "Koerdisch (Sorani)"


def test_language_unknown_raises_dutch_message() -> None:
    with pytest.raises(ValidationError) as caught:
        language("tlh")
    assert caught.value.field == "language"
    assert str(caught.value) == "Onbekende taal: tlh"


def test_every_enum_member_has_its_own_label() -> None:
    from inburgering_desktop.domain import enums

    for enum_cls in (
        enums.Regime,
        enums.Doelgroep,
        enums.Phase,
        enums.ExemptionKind,
        enums.CloseReason,
        enums.ChecklistItemKind,
        enums.ChecklistStatus,
        enums.HouseholdRelation,
        enums.PartnerRole,
        enums.Offer,
    ):
        for member in enum_cls:
            assert enums.label(member)
    # Same string value, different concept, different label.
    assert enums.label(enums.Phase.AFGEROND) == "Afgerond"
    assert enums.label(enums.CloseReason.AFGEROND) == "Inburgering afgerond"
    assert enums.label(enums.ExemptionKind.VRIJSTELLING) == "Vrijstelling"
