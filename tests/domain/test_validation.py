"""Validation: normalised values, and Dutch messages the consultant can act on."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inburgering_desktop.domain.validation import (
    ValidationError,
    country_codes,
    format_date,
    parse_date,
    parse_optional_date,
    validate_bsn,
    validate_country,
    validate_date_order,
    validate_email,
    validate_iban,
    validate_language,
    validate_name,
    validate_phone,
    validate_postcode,
    validate_v_number,
)


def message(call: object, *args: object, **kwargs: object) -> str:
    """The formatted Dutch text of the ValidationError that `call` raises."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return str(caught.value)


# --- ValidationError -----------------------------------------------------------------------------


def test_validation_error_carries_field_msgid_and_params() -> None:
    error = ValidationError("bsn", "Het BSN moet uit {length} cijfers bestaan.", {"length": 9})
    assert error.field == "bsn"
    assert error.message == "Het BSN moet uit {length} cijfers bestaan."
    assert error.params == {"length": 9}
    assert str(error) == "Het BSN moet uit 9 cijfers bestaan."
    assert isinstance(error, ValueError)


def test_validation_error_survives_pickling() -> None:
    error = ValidationError("bsn", "Het BSN moet uit {length} cijfers bestaan.", {"length": 9})
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.field, copy.message, copy.params) == (error.field, error.message, error.params)


def test_validation_error_params_with_braces_are_literal() -> None:
    error = ValidationError("x", "Onbekend land: {code}", {"code": "{0}{x}"})
    assert str(error) == "Onbekend land: {0}{x}"


# --- BSN -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["111222333", "123456782", " 1112.22.333 ", "1112-22-333"])
def test_validate_bsn_accepts_and_compacts(text: str) -> None:
    assert validate_bsn(text) in {"111222333", "123456782"}


def test_validate_bsn_empty() -> None:
    assert message(validate_bsn, "  ") == "Vul het BSN in."


def test_validate_bsn_non_digits() -> None:
    assert message(validate_bsn, "11122233a") == "Een BSN bestaat alleen uit cijfers."


@pytest.mark.parametrize("text", ["11122233", "1112223334"])
def test_validate_bsn_wrong_length(text: str) -> None:
    assert message(validate_bsn, text) == "Het BSN moet uit 9 cijfers bestaan."


def test_validate_bsn_elfproef_failure() -> None:
    assert message(validate_bsn, "111222334") == (
        "Dit BSN klopt niet (elfproef). Controleer de cijfers."
    )


def test_validate_bsn_all_zeros() -> None:
    assert message(validate_bsn, "000000000") == "Dit BSN bestaat niet."


def test_validate_bsn_uses_the_given_field() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_bsn("1", field="partner_bsn")
    assert caught.value.field == "partner_bsn"


def test_validate_bsn_rejects_non_ascii_digits() -> None:
    # Arabic-Indic digits are digits to str.isdigit but not to a BSN register.
    assert message(validate_bsn, "١١١٢٢٢٣٣٣") == "Een BSN bestaat alleen uit cijfers."


@given(st.lists(st.integers(0, 9), min_size=8, max_size=8))
def test_validate_bsn_property_elfproef_numbers_accepted(digits: list[int]) -> None:
    check = sum((9 - i) * d for i, d in enumerate(digits)) % 11
    if check == 10 or (sum(digits) == 0 and check == 0):
        return  # no valid check digit for this prefix, or the all-zero number
    number = "".join(map(str, digits)) + str(check)
    assert validate_bsn(number) == number
    assert validate_bsn(f"{number[:4]}.{number[4:6]}.{number[6:]}") == number


# --- V-nummer ------------------------------------------------------------------------------------


def test_validate_v_number_accepts_with_separators() -> None:
    assert validate_v_number("12 3456.7890") == "1234567890"


def test_validate_v_number_wrong_length() -> None:
    assert message(validate_v_number, "123456789") == (
        "Het vreemdelingennummer moet uit 10 cijfers bestaan."
    )


def test_validate_v_number_non_digits() -> None:
    assert message(validate_v_number, "12345678A0") == (
        "Een vreemdelingennummer bestaat alleen uit cijfers."
    )


def test_validate_v_number_empty() -> None:
    assert message(validate_v_number, "") == "Vul het vreemdelingennummer in."


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Testpersoon",
        "Testpersoon-de Vries",
        "Testpersoon <script> & 'quotes' \"x\"",
        "تست‌پرسون",  # Farsi with a zero-width non-joiner
        "ተስትፐርሶን",
        "Тестперсон",
        "Ölçek Testpersoon",
    ],
)
def test_validate_name_keeps_any_script_and_markup_literally(text: str) -> None:
    assert validate_name(text, "name") == text


def test_validate_name_strips_and_collapses_spaces() -> None:
    assert validate_name("  Testpersoon   van  Dam ", "name") == "Testpersoon van Dam"


def test_validate_name_normalises_to_nfc() -> None:
    assert validate_name("Rene\u0301", "name") == "Ren\u00e9"


def test_validate_name_required() -> None:
    assert message(validate_name, "   ", "name") == "Dit veld is verplicht."


def test_validate_name_optional_empty_is_empty() -> None:
    assert validate_name("  ", "middle_name", required=False) == ""


@pytest.mark.parametrize("bad", ["Test\npersoon", "Test\tpersoon", "Test\x00", "Te\u202est"])
def test_validate_name_rejects_control_characters(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_name(bad, "name")
    assert caught.value.message == "Dit veld bevat een onzichtbaar stuurteken (code {codepoint})."
    assert str(caught.value).startswith("Dit veld bevat een onzichtbaar stuurteken (code U+")


def test_validate_name_max_length() -> None:
    assert validate_name("a" * 5, "x", max_length=5) == "aaaaa"
    assert message(validate_name, "a" * 6, "x", max_length=5) == "Gebruik hoogstens 5 tekens."


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["10-04-2025", "10-4-2025", "10/04/2025", "10.04.2025", "2025-04-10", " 10-04-2025 "],
)
def test_parse_date_accepted_forms(text: str) -> None:
    assert parse_date(text, "pip_date") == dt.date(2025, 4, 10)


@pytest.mark.parametrize("text", ["", "10-04-25", "2025/04/10", "10-04/2025", "morgen", "10042025"])
def test_parse_date_wrong_form(text: str) -> None:
    assert message(parse_date, text, "d") == "Vul een datum in als dd-mm-jjjj."


def test_parse_date_nonexistent_date() -> None:
    assert message(parse_date, "31-02-2025", "d") == "Deze datum bestaat niet: 31-02-2025."
    assert message(parse_date, "29-02-2025", "d") == "Deze datum bestaat niet: 29-02-2025."
    assert message(parse_date, "01-13-2025", "d") == "Deze datum bestaat niet: 01-13-2025."


def test_parse_date_leap_day() -> None:
    assert parse_date("29-02-2024", "d") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("text", ["01-01-1899", "01-01-2101", "1025-04-10"])
def test_parse_date_implausible_year(text: str) -> None:
    assert message(parse_date, text, "d") == "Het jaar moet tussen 1900 en 2100 liggen."


def test_parse_date_year_bounds_inclusive() -> None:
    assert parse_date("01-01-1900", "d") == dt.date(1900, 1, 1)
    assert parse_date("31-12-2100", "d") == dt.date(2100, 12, 31)


def test_parse_date_error_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date("x", "birth_date")
    assert caught.value.field == "birth_date"


def test_parse_optional_date() -> None:
    assert parse_optional_date("  ", "d") is None
    assert parse_optional_date("1-2-2025", "d") == dt.date(2025, 2, 1)


def test_format_date_is_dutch() -> None:
    assert format_date(dt.date(2025, 4, 1)) == "01-04-2025"


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_parse_date_property_round_trip(day: dt.date) -> None:
    assert parse_date(format_date(day), "d") == day
    assert parse_date(day.isoformat(), "d") == day


def test_validate_date_order_accepts_order_and_same_day_and_unknown() -> None:
    msg = "De verblijfsvergunning ({later}) kan niet voor de geboortedatum ({earlier}) liggen."
    validate_date_order(dt.date(1990, 1, 1), dt.date(2024, 1, 1), "permit_date", msg)
    validate_date_order(dt.date(2024, 1, 1), dt.date(2024, 1, 1), "permit_date", msg)
    validate_date_order(None, dt.date(2024, 1, 1), "permit_date", msg)
    validate_date_order(dt.date(2024, 1, 1), None, "permit_date", msg)


def test_validate_date_order_rejects_reversed_dates() -> None:
    msg = "De verblijfsvergunning ({later}) kan niet voor de geboortedatum ({earlier}) liggen."
    with pytest.raises(ValidationError) as caught:
        validate_date_order(dt.date(1990, 5, 1), dt.date(1990, 4, 30), "permit_date", msg)
    assert caught.value.field == "permit_date"
    assert str(caught.value) == (
        "De verblijfsvergunning (30-04-1990) kan niet voor de geboortedatum (01-05-1990) liggen."
    )


# --- contact details -----------------------------------------------------------------------------


def test_validate_email_accepts_and_lowercases_domain() -> None:
    assert validate_email(" Test.Persoon@Voorbeeld.NL ") == "Test.Persoon@voorbeeld.nl"


@pytest.mark.parametrize("text", ["testpersoon", "a@b", "a b@c.nl", "a@@c.nl", "@c.nl", "a@c."])
def test_validate_email_rejects(text: str) -> None:
    assert message(validate_email, text) == (
        "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."
    )


def test_validate_email_empty() -> None:
    assert message(validate_email, "") == "Vul het e-mailadres in."


@pytest.mark.parametrize(
    "text", ["0612345678", "+31 6 1234 5678", "06-12345678", "+31 (0)20 123 4567", "0031612345678"]
)
def test_validate_phone_accepts(text: str) -> None:
    assert validate_phone(text) == text


def test_validate_phone_collapses_spaces() -> None:
    assert validate_phone("  06   1234 5678 ") == "06 1234 5678"


@pytest.mark.parametrize("text", ["06-1234567a", "12345", "++31612345678", "0612+345678", "1" * 16])
def test_validate_phone_rejects(text: str) -> None:
    assert message(validate_phone, text) == (
        "Vul een geldig telefoonnummer in: cijfers, eventueel met +, spaties of streepjes."
    )


@pytest.mark.parametrize("text", ["1234AB", "1234 ab", " 1234  Ab "])
def test_validate_postcode_normalises(text: str) -> None:
    assert validate_postcode(text) == "1234 AB"


@pytest.mark.parametrize("text", ["0123 AB", "123 AB", "1234 A", "1234 ABC", "AB 1234"])
def test_validate_postcode_rejects(text: str) -> None:
    assert message(validate_postcode, text) == "Vul een postcode in als 1234 AB."


def test_validate_iban_accepts_and_compacts() -> None:
    assert validate_iban("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    assert validate_iban("GB82 WEST 1234 5698 7654 32") == "GB82WEST12345698765432"


def test_validate_iban_checksum() -> None:
    assert message(validate_iban, "NL91ABNA0417164301") == (
        "Dit IBAN klopt niet. Controleer de letters en cijfers."
    )


def test_validate_iban_shape() -> None:
    assert message(validate_iban, "1234ABNA") == (
        "Een IBAN begint met twee letters en twee cijfers, bijvoorbeeld NL91."
    )


def test_validate_iban_empty() -> None:
    assert message(validate_iban, " ") == "Vul het IBAN in."


# --- languages and countries ---------------------------------------------------------------------


def test_validate_language_normalises() -> None:
    assert validate_language(" PRS ") == "prs"


def test_validate_language_unknown() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_language("xx", field="letter_language")
    assert caught.value.field == "letter_language"
    assert str(caught.value) == "Onbekende taal: xx"


@pytest.mark.parametrize(
    ("code", "alpha2"),
    [
        ("NL", "NL"),
        ("nld", "NL"),
        ("SY", "SY"),
        ("SYR", "SY"),
        ("eri", "ER"),
        ("AFG", "AF"),
        ("XK", "XK"),
        ("ua", "UA"),
        ("PSE", "PS"),
    ],
)
def test_validate_country_accepts_alpha2_and_alpha3(code: str, alpha2: str) -> None:
    assert validate_country(code) == alpha2


@pytest.mark.parametrize("code", ["EU", "ZZ", "QO", "UN", "DDR", "SUN", "Nederland", "N1", "XA"])
def test_validate_country_rejects_non_countries(code: str) -> None:
    assert message(validate_country, code) == f"Onbekend land: {code}"


def test_validate_country_empty() -> None:
    assert message(validate_country, "") == "Vul het land in."


def test_country_codes_cover_iso_3166_plus_kosovo() -> None:
    codes = country_codes()
    alpha2 = {c for c in codes if len(c) == 2}
    assert len(alpha2) == 249 + 1  # the officially assigned codes and XK
    assert all(codes[c] == c for c in alpha2)
    assert {codes[c] for c in codes if len(c) == 3} == alpha2
