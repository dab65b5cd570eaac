"""Validation of a dossier's own fields: the one place the screens and the JSON import share.

Input is what a person typed (strings; booleans for check boxes); output is typed values keyed by
the model's column names. Every field is checked and all problems are reported at once, so the form
can show each message beside its field and keep everything that was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.enums import Doelgroep, Regime
from inburgering_desktop.domain.policy import Policy
from inburgering_desktop.domain.rules import regime_for
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services.errors import ValidationFailed

NAME_FIELDS = ("family_name", "given_names", "name_original_script", "street", "city")
DATE_FIELDS = (
    "birth_date",
    "permit_date",
    "koppeling_date",
    "duo_notice_date",
    "brp_date",
    "intake_start_date",
    "intake_completed_date",
    "first_pip_date",
)
REQUIRED = frozenset({"family_name", "birth_date", "permit_date", "doelgroep", "language_code"})
BOOL_FIELDS = ("interpreter_needed", "pw_benefit")
ALL_FIELDS = (
    *NAME_FIELDS,
    *DATE_FIELDS,
    *BOOL_FIELDS,
    "bsn",
    "v_number",
    "nationality",
    "country_of_birth",
    "language_code",
    "phone",
    "email",
    "house_number",
    "postal_code",
    "doelgroep",
)


def _text(raw: Mapping[str, object], key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _bool(raw: Mapping[str, object], key: str) -> bool:
    value = raw.get(key, False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "ja", "yes", "waar"}
    return bool(value)


def _optional(parser: Callable[[str], object], text: str) -> object:
    return parser(text) if text else None


def parse_dossier_fields(
    raw: Mapping[str, object], policy: Policy, today: dt.date
) -> dict[str, object]:
    """Typed values for every dossier field in `raw`, or ValidationFailed with all problems."""
    errors: list[v.ValidationError] = []
    out: dict[str, object] = {}

    def attempt(key: str, fn: Callable[[], object]) -> None:
        try:
            out[key] = fn()
        except v.ValidationError as exc:
            errors.append(exc)

    for key in NAME_FIELDS:
        attempt(key, lambda k=key: v.validate_name(_text(raw, k), k, required=k in REQUIRED))
    for key in DATE_FIELDS:
        text = _text(raw, key)
        if not text and key in REQUIRED:
            errors.append(v.ValidationError(key, N_("Dit veld is verplicht.")))
            continue
        attempt(key, lambda k=key, t=text: v.parse_date(t, k) if t else None)
    for key in BOOL_FIELDS:
        out[key] = _bool(raw, key)

    attempt("bsn", lambda: _optional(v.validate_bsn, _text(raw, "bsn")))
    attempt("v_number", lambda: _optional(v.validate_v_number, _text(raw, "v_number")))
    attempt("nationality", lambda: _country(_text(raw, "nationality"), "nationality"))
    attempt(
        "country_of_birth", lambda: _country(_text(raw, "country_of_birth"), "country_of_birth")
    )
    attempt(
        "language_code",
        lambda: v.validate_language(_text(raw, "language_code") or "nl", "language_code"),
    )
    attempt("phone", lambda: v.validate_phone(_text(raw, "phone")) if _text(raw, "phone") else "")
    attempt("email", lambda: v.validate_email(_text(raw, "email")) if _text(raw, "email") else "")
    attempt("house_number", lambda: _text(raw, "house_number")[:20])
    attempt(
        "postal_code",
        lambda: (
            v.validate_postcode(_text(raw, "postal_code"), "postal_code")
            if _text(raw, "postal_code")
            else ""
        ),
    )
    attempt("doelgroep", lambda: _doelgroep(_text(raw, "doelgroep")))

    for key in ("bsn", "v_number"):
        out.setdefault(key, None)
    if not errors:
        errors.extend(_cross_checks(out, policy, today))
    if errors:
        raise ValidationFailed(errors)
    return out


def _country(text: str, field: str) -> str:
    return v.validate_country(text, field) if text else ""


def _doelgroep(text: str) -> Doelgroep:
    try:
        return Doelgroep(text)
    except ValueError:
        raise v.ValidationError("doelgroep", N_("Kies een doelgroep.")) from None


def _cross_checks(
    values: Mapping[str, object], policy: Policy, today: dt.date
) -> list[v.ValidationError]:
    """Facts that cannot be true together; judgement calls are signals elsewhere, not errors."""
    errors: list[v.ValidationError] = []
    birth = values["birth_date"]
    assert isinstance(birth, dt.date)
    if birth > today:
        errors.append(v.ValidationError("birth_date", N_("De geboortedatum ligt in de toekomst.")))
    for key in DATE_FIELDS[1:]:
        value = values.get(key)
        if isinstance(value, dt.date) and value < birth:
            errors.append(v.ValidationError(key, N_("Deze datum ligt vóór de geboortedatum.")))
    start, done = values.get("intake_start_date"), values.get("intake_completed_date")
    if isinstance(start, dt.date) and isinstance(done, dt.date) and done < start:
        errors.append(
            v.ValidationError(
                "intake_completed_date",
                N_("De intake kan niet eerder zijn afgerond dan ze begon."),
            )
        )
    permit = values["permit_date"]
    assert isinstance(permit, dt.date)
    # Wi2021 art. 54 (RULES.md §1): the ondertussengroep falls under the old law, which has no PIP.
    if values.get("first_pip_date") and regime_for(permit, policy.wi2021_start_date) is (
        Regime.WI2013
    ):
        errors.append(
            v.ValidationError(
                "first_pip_date",
                N_(
                    "Deze persoon valt onder de Wet inburgering 2013 (ondertussengroep); "
                    "daarvoor stelt de gemeente geen PIP vast."
                ),
            )
        )
    return errors


# The Dutch name of each field, for messages that are not shown beside the field itself
# (import reports, the command line).
FIELD_LABELS: dict[str, str] = {
    "family_name": N_("Achternaam"),
    "given_names": N_("Voornamen"),
    "name_original_script": N_("Naam in eigen schrift"),
    "bsn": N_("BSN"),
    "v_number": N_("V-nummer"),
    "birth_date": N_("Geboortedatum"),
    "nationality": N_("Nationaliteit"),
    "country_of_birth": N_("Geboorteland"),
    "language_code": N_("Taal"),
    "interpreter_needed": N_("Tolk nodig"),
    "phone": N_("Telefoon"),
    "email": N_("E-mail"),
    "street": N_("Straat"),
    "house_number": N_("Huisnummer"),
    "postal_code": N_("Postcode"),
    "city": N_("Woonplaats"),
    "doelgroep": N_("Doelgroep"),
    "pw_benefit": N_("Participatiewetuitkering"),
    "permit_date": N_("Datum verblijfsvergunning"),
    "koppeling_date": N_("Datum koppeling"),
    "duo_notice_date": N_("Datum melding inburgeringsplicht (DUO)"),
    "brp_date": N_("Datum inschrijving BRP"),
    "intake_start_date": N_("Start brede intake"),
    "intake_completed_date": N_("Brede intake afgerond"),
    "first_pip_date": N_("Dagtekening eerste PIP"),
}
