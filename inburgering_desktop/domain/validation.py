"""Checking and normalising what the consultant types.

Every function returns the normalised value or raises `ValidationError`, which carries the field,
a Dutch msgid (marked with `N_`, translated by the ui) and the named parameters for it. A required
value that is empty raises too; for an optional field the caller skips the call when it is empty,
so "empty" has one meaning everywhere (except `validate_name`, whose callers asked for a flag).
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from collections.abc import Mapping
from functools import cache

from babel import Locale
from babel.core import get_global

from inburgering_desktop.domain.text import N_

ParamValue = str | int


class ValidationError(ValueError):
    """A mistake the user can make and fix: shown next to `field`, in Dutch (or translated)."""

    def __init__(
        self, field: str, message: str, params: Mapping[str, ParamValue] | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.params: dict[str, ParamValue] = dict(params or {})

    def __str__(self) -> str:
        # Only the msgid is a format string; the values are inserted literally, so user text
        # with braces in a parameter cannot break or inject formatting.
        return self.message.format(**self.params)

    def __repr__(self) -> str:
        return f"ValidationError(field={self.field!r}, message={self.message!r})"

    def __reduce__(self) -> tuple[type[ValidationError], tuple[str, str, dict[str, ParamValue]]]:
        # Exceptions pickle as (class, args); ours has three arguments, not ValueError's one.
        return (ValidationError, (self.field, self.message, self.params))


# --- dates -------------------------------------------------------------------------------------

# Plausibility bounds for typed dates, not policy: they catch "1025" for "2025" and two-digit
# years. Birth dates of living clients and decision dates all fall well inside them.
MIN_YEAR = 1900
MAX_YEAR = 2100

DATE_FORMAT_HINT = N_("Vul een datum in als dd-mm-jjjj.")

# dd-mm-jjjj and d-m-jjjj with "-", "/" or "." (the same separator twice), and ISO jjjj-mm-dd.
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str, field: str) -> dt.date:
    """A required date typed as dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj, dd.mm.jjjj or jjjj-mm-dd."""
    cleaned = text.strip()
    if match := _DMY.fullmatch(cleaned):
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    elif match := _ISO.fullmatch(cleaned):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        raise ValidationError(field, DATE_FORMAT_HINT)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            field,
            N_("Het jaar moet tussen {minimum} en {maximum} liggen."),
            {"minimum": MIN_YEAR, "maximum": MAX_YEAR},
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            field, N_("Deze datum bestaat niet: {text}."), {"text": cleaned}
        ) from None


def parse_optional_date(text: str, field: str) -> dt.date | None:
    """As `parse_date`, but an empty field means "not known yet"."""
    return None if not text.strip() else parse_date(text, field)


def format_date(value: dt.date) -> str:
    """The Dutch way of writing a date (dd-mm-jjjj), the inverse of `parse_date`."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def validate_date_order(
    earlier: dt.date | None,
    later: dt.date | None,
    field: str,
    message: str,
    params: Mapping[str, ParamValue] | None = None,
) -> None:
    """Raise when `later` is before `earlier` (the same day is allowed); unknown dates pass.

    For example a permit date before the birth date: the caller passes its own msgid, because
    only it knows how to name the two dates.
    """
    if earlier is not None and later is not None and later < earlier:
        all_params: dict[str, ParamValue] = {
            "earlier": format_date(earlier),
            "later": format_date(later),
        }
        all_params.update(params or {})
        raise ValidationError(field, message, all_params)


# --- identifiers ---------------------------------------------------------------------------------

# Separators people type inside numbers; the numbers themselves have none.
_NUMBER_SEPARATORS = " .-"

# A BSN has nine digits (Wet algemene bepalingen burgerservicenummer art. 1). One with a leading
# zero must be typed with that zero: accepting eight digits would also accept a number with a
# digit missing, and the elfproef does not catch every such slip.
BSN_LENGTH = 9

# A vreemdelingennummer (V-nummer, IND/BVV) has ten digits. We know of no check digit we could
# verify, so only the form is checked.
V_NUMBER_LENGTH = 10


def _strip_separators(text: str) -> str:
    return "".join(ch for ch in text.strip() if ch not in _NUMBER_SEPARATORS)


def validate_bsn(text: str, field: str = "bsn") -> str:
    """A burgerservicenummer: nine digits passing the elfproef (via `stdnum.nl.bsn`)."""
    number = _strip_separators(text)
    if not number:
        raise ValidationError(field, N_("Vul het BSN in."))
    if not number.isascii() or not number.isdigit():
        raise ValidationError(field, N_("Een BSN bestaat alleen uit cijfers."))
    if len(number) != BSN_LENGTH:
        raise ValidationError(
            field, N_("Het BSN moet uit {length} cijfers bestaan."), {"length": BSN_LENGTH}
        )
    # Imported here: python-stdnum pulls in ssl and more, a noticeable part of the program's
    # start-up, while the first BSN is checked only when someone types one.
    from stdnum.exceptions import InvalidChecksum
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.nl import bsn as stdnum_bsn

    try:
        return stdnum_bsn.validate(number)
    except InvalidChecksum:
        raise ValidationError(
            field, N_("Dit BSN klopt niet (elfproef). Controleer de cijfers.")
        ) from None
    except StdnumError:
        # 000000000 passes the elfproef arithmetically but is not a number anyone has.
        raise ValidationError(field, N_("Dit BSN bestaat niet.")) from None


def validate_v_number(text: str, field: str = "v_number") -> str:
    """A vreemdelingennummer: ten digits; spaces, dots and dashes are ignored."""
    number = _strip_separators(text)
    if not number:
        raise ValidationError(field, N_("Vul het vreemdelingennummer in."))
    if not number.isascii() or not number.isdigit():
        raise ValidationError(field, N_("Een vreemdelingennummer bestaat alleen uit cijfers."))
    if len(number) != V_NUMBER_LENGTH:
        raise ValidationError(
            field,
            N_("Het vreemdelingennummer moet uit {length} cijfers bestaan."),
            {"length": V_NUMBER_LENGTH},
        )
    return number


# IBAN: two letters (country), two check digits, then letters and digits (ISO 13616).
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+")


def validate_iban(text: str, field: str = "iban") -> str:
    """An IBAN in its compact form (no spaces, upper case), checked with `stdnum.iban`
    (checksum, the country's length and structure)."""
    from stdnum import iban as stdnum_iban  # late, as in validate_bsn
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat
    from stdnum.exceptions import ValidationError as StdnumError

    number = stdnum_iban.compact(text)
    if not number:
        raise ValidationError(field, N_("Vul het IBAN in."))
    if not _IBAN_SHAPE.fullmatch(number):
        raise ValidationError(
            field, N_("Een IBAN begint met twee letters en twee cijfers, bijvoorbeeld NL91.")
        )
    country = number[:2]
    try:
        return stdnum_iban.validate(number)
    except InvalidChecksum:
        raise ValidationError(
            field, N_("Dit IBAN klopt niet. Controleer de letters en cijfers.")
        ) from None
    except InvalidComponent:
        raise ValidationError(
            field, N_("Onbekende landcode in het IBAN: {country}."), {"country": country}
        ) from None
    except (InvalidFormat, StdnumError):
        raise ValidationError(
            field,
            N_("Dit IBAN heeft niet de juiste lengte of opbouw voor {country}."),
            {"country": country},
        ) from None


# --- names and free text -------------------------------------------------------------------------

# Explicit bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). Nobody types
# them in a name; pasted in, they reorder the text around them on screen and in letters (the
# "Trojan source" trick), and the documents layer inserts its own isolates. Zero-width
# (non-)joiners and the LRM/RLM marks stay allowed: Persian and Kurdish spelling needs ZWNJ.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters (tab, newline, NUL, ...), lone surrogates and line/paragraph separators.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_SPACES = re.compile(r" {2,}")


def validate_name(text: str, field: str, required: bool = True, max_length: int = 200) -> str:
    """A name or short text: any script, NFC-normalised, trimmed, runs of spaces made one.

    `<`, `&` and quotes are ordinary characters here and are kept as typed: escaping is the job
    of whoever renders the text (STACK.md: ReportLab's Paragraph parses markup).
    """
    # NFC so that "é" typed as one or as two code points is the same name in search and letters.
    value = _SPACES.sub(" ", unicodedata.normalize("NFC", text).strip())
    if not value:
        if required:
            raise ValidationError(field, N_("Dit veld is verplicht."))
        return value
    for ch in value:
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) in _FORBIDDEN_CATEGORIES:
            raise ValidationError(
                field,
                N_("Dit veld bevat een onzichtbaar stuurteken (code {codepoint})."),
                {"codepoint": f"U+{ord(ch):04X}"},
            )
    if len(value) > max_length:
        raise ValidationError(
            field, N_("Gebruik hoogstens {max_length} tekens."), {"max_length": max_length}
        )
    return value


# --- contact details -----------------------------------------------------------------------------

# RFC 5321 limits a path to 254 characters; the pattern is deliberately lenient (one @, a dot in
# the domain, no spaces): the only real check of an address is a mail that arrives.
EMAIL_MAX_LENGTH = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def validate_email(text: str, field: str = "email") -> str:
    """An e-mail address, trimmed, its domain in lower case (domains are case-insensitive)."""
    value = text.strip()
    if not value:
        raise ValidationError(field, N_("Vul het e-mailadres in."))
    if len(value) > EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(value):
        raise ValidationError(
            field, N_("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
        )
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


# Lenient on purpose: clients have foreign numbers in every notation. E.164 allows at most 15
# digits after the country code prefix; fewer than 6 digits is no subscriber number anywhere.
PHONE_MIN_DIGITS = 6
PHONE_MAX_DIGITS = 15
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_INTERNATIONAL_PREFIX = "00"


def validate_phone(text: str, field: str = "phone") -> str:
    """A telephone number of digits with an optional leading +, spaces, dashes or brackets;
    returned trimmed with runs of spaces made one."""
    value = _SPACES.sub(" ", text.strip())
    if not value:
        raise ValidationError(field, N_("Vul het telefoonnummer in."))
    digits = "".join(ch for ch in value if ch in string.digits)
    if value.startswith(_INTERNATIONAL_PREFIX):
        digits = digits[len(_INTERNATIONAL_PREFIX) :]
    if not _PHONE.fullmatch(value) or not PHONE_MIN_DIGITS <= len(digits) <= PHONE_MAX_DIGITS:
        raise ValidationError(
            field,
            N_("Vul een geldig telefoonnummer in: cijfers, eventueel met +, spaties of streepjes."),
        )
    return value


# A Dutch postcode: four digits not starting with 0, then two letters (PostNL).
_POSTCODE = re.compile(r"([1-9][0-9]{3})\s*([A-Za-z]{2})")


def validate_postcode(text: str, field: str = "postcode") -> str:
    """A Dutch postcode, normalised to "1234 AB"."""
    value = text.strip()
    if not value:
        raise ValidationError(field, N_("Vul de postcode in."))
    match = _POSTCODE.fullmatch(value)
    if not match:
        raise ValidationError(field, N_("Vul een postcode in als 1234 AB."))
    return f"{match.group(1)} {match.group(2).upper()}"


# --- languages and countries ---------------------------------------------------------------------


def validate_language(code: str, field: str = "language") -> str:
    """A language code from `languages.LANGUAGES`, normalised (lower case)."""
    # Imported here because languages.py raises our ValidationError: importing it at the top
    # would make the two modules import each other.
    from inburgering_desktop.domain.languages import language

    try:
        return language(code).code
    except ValidationError as error:
        raise ValidationError(field, error.message, error.params) from None


# Countries come from Babel's CLDR data (already a dependency; stdnum has no country list).
# CLDR's territory list is wider than ISO 3166-1, so we take its two-letter codes minus those
# ISO reserves for user assignment (AA, QM-QZ, XA-XZ, ZZ) and those it reserves exceptionally
# or that are regions (AC, CP, CQ, DG, EA, EU, EZ, IC, TA, UN; QO is CLDR's own). That leaves the
# 249 officially assigned codes. XK (Kosovo) is user-assigned but is what the EU and the IND
# use; people from Kosovo are among our clients, so it is added.
_USER_ASSIGNED_FIRST_LETTERS_Q = "MNOPQRSTUVWXYZ"
_EXCEPTIONAL_CODES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "TA", "UN"})
_KOSOVO = "XK"
# Alpha-3 codes come from CLDR's territory aliases, which also keep withdrawn ISO codes
# (Burma, Zaire, the GDR, metropolitan France, East Timor, South Yemen) pointing at today's
# countries; those would misstate where someone was born, so they are refused.
_WITHDRAWN_ALPHA3 = frozenset({"BUR", "ZAR", "DDR", "FXX", "TMP", "YMD"})
_ALPHA2_LENGTH = 2
_ALPHA3_LENGTH = 3


def _is_user_assigned(code: str) -> bool:
    return (
        code in {"AA", "ZZ"}
        or code.startswith("X")
        or (code.startswith("Q") and code[1] in _USER_ASSIGNED_FIRST_LETTERS_Q)
    )


@cache
def country_codes() -> dict[str, str]:
    """Every accepted country code (alpha-2 and alpha-3) mapped to its alpha-2 code."""
    territories = Locale("en").territories
    alpha2 = {
        code
        for code in territories
        if len(code) == _ALPHA2_LENGTH
        and code.isalpha()
        and not _is_user_assigned(code)
        and code not in _EXCEPTIONAL_CODES
    } | {_KOSOVO}
    codes = {code: code for code in alpha2}
    aliases: Mapping[str, list[str]] = get_global("territory_aliases")
    for alias, targets in aliases.items():
        if (
            len(alias) == _ALPHA3_LENGTH
            and alias.isalpha()
            and len(targets) == 1
            and targets[0] in alpha2
            and alias not in _WITHDRAWN_ALPHA3
        ):
            codes[alias] = targets[0]
    return codes


def validate_country(code: str, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 or alpha-3 country code (or XK), returned as alpha-2 upper case."""
    value = code.strip().upper()
    if not value:
        raise ValidationError(field, N_("Vul het land in."))
    try:
        return country_codes()[value]
    except KeyError:
        raise ValidationError(field, N_("Onbekend land: {code}"), {"code": code.strip()}) from None
