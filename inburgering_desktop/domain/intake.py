"""The brede intake as data: life areas, questions, the leerbaarheidstoets, the COA handover.

Source: RULES.md §2.3 (warme overdracht, seed 001) and §2.4 (brede intake, Wi2021 art. 14). The
questions are good practice (Divosa "Handreiking Brede intake en PIP") that will change, so they
are a table (`FIELDS`), not code: the screen draws its form from it, the store keeps one row per
answer under the field's `key`, and the service copies `special` into that row so the audit trail
redacts exactly the special-category answers (AVG art. 9).

Answers travel as text: `serialize_answer` writes the stored form, `parse_answer` reads both
that and what a person typed, so the screens, the services and the import share one place.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from inburgering_desktop.domain.enums import (
    EducationLevel,
    FinancialSituation,
    HealthLimitation,
    IncomeSource,
    LanguageLevel,
    LanguageSkill,
    LifeArea,
    Literacy,
    SelfReliance,
    SocialNetwork,
    ToetsExemptReason,
    ToetsOutcome,
    WorkExperience,
    label,
)
from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ValidationError, parse_date, validate_name


class FieldKind(StrEnum):
    """How an answer is typed and stored. Not shown to anyone, so it has no label."""

    CHOICE = "choice"
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"


AnswerValue = StrEnum | str | int | bool | dt.date

# The store's intake_answer.field_key column is String(64).
MAX_KEY_LENGTH = 64
# Plausibility bounds for typed numbers, not policy: they catch a typing slip ("120" years of
# schooling), nothing more.
MAX_SCHOOL_YEARS = 30
MAX_WORK_YEARS = 60
# As for journal notes (services/journal.py): long enough for any intake note, short enough
# that a paste of a whole document is noticed.
MAX_TEXT_LENGTH = 20_000

# Stored forms of a boolean. Dutch words, like the enum values; "true"/"1" are read too, for
# imports written by other tools.
_YES = "ja"
_NO = "nee"
_TRUE_WORDS = frozenset({_YES, "j", "true", "1", "waar", "yes"})
_FALSE_WORDS = frozenset({_NO, "n", "false", "0", "onwaar", "no"})


@dataclass(frozen=True)
class IntakeField:
    """One question of the brede intake.

    `key` is stored in the database: never rename one, add a new field instead. `label` is a
    msgid. `choices` is the StrEnum of a CHOICE field (its labels live in enums.LABELS).
    `special` marks special-category data (AVG art. 9): the health area, and every free text
    that can hold health facts. `required` fields must be filled before the intake can be
    finished (RULES.md §2.4). `minimum`/`maximum` bound an INTEGER field.
    """

    key: str
    area: LifeArea
    label: str
    kind: FieldKind
    choices: type[StrEnum] | None = None
    special: bool = False
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None


def language_key(skill: LanguageSkill) -> str:
    """The field key of the Dutch level for one skill, e.g. "taal.lezen"."""
    return f"{LifeArea.TAAL.value}.{skill.value}"


# Keys other modules read (pip.py's advice); the rest are only named in the table below.
KEY_LITERACY = "taal.alfabetisering"
KEY_EDUCATION = "opleiding_werk.opleidingsniveau"
KEY_SCHOOL_YEARS = "opleiding_werk.jaren_onderwijs"
KEY_WORK_EXPERIENCE = "opleiding_werk.werkervaring"
KEY_WORK_YEARS = "opleiding_werk.jaren_werkervaring"
KEY_HEALTH = "gezondheid.beperkingen"
KEY_INCOME = "financien.inkomen"

_A = LifeArea
_K = FieldKind


def _notes(area: LifeArea, msgid: str) -> IntakeField:
    # A free note can say anything the person told, health included (as a journal note can:
    # store/models.py JournalEntry), so every note is special whatever its area.
    return IntakeField(f"{area.value}.toelichting", area, msgid, _K.TEXT, special=True)


_LANGUAGE_LABELS: dict[LanguageSkill, str] = {
    LanguageSkill.LEZEN: N_("Niveau Nederlands: lezen"),
    LanguageSkill.SCHRIJVEN: N_("Niveau Nederlands: schrijven"),
    LanguageSkill.LUISTEREN: N_("Niveau Nederlands: luisteren"),
    LanguageSkill.SPREKEN: N_("Niveau Nederlands: spreken"),
}

FIELDS: tuple[IntakeField, ...] = (
    # Taal (RULES.md §2.4: level per skill, literacy).
    *(
        IntakeField(language_key(skill), _A.TAAL, _LANGUAGE_LABELS[skill], _K.CHOICE, LanguageLevel)
        for skill in LanguageSkill
    ),
    IntakeField(KEY_LITERACY, _A.TAAL, N_("Alfabetisering"), _K.CHOICE, Literacy),
    IntakeField("taal.andere_talen", _A.TAAL, N_("Andere talen die de persoon spreekt"), _K.TEXT),
    _notes(_A.TAAL, N_("Taal: toelichting")),
    # Opleiding en werkervaring: part of the legal minimum (RULES.md §2.4).
    IntakeField(
        KEY_EDUCATION,
        _A.OPLEIDING_WERK,
        N_("Hoogste opleiding"),
        _K.CHOICE,
        EducationLevel,
        required=True,
    ),
    IntakeField(
        KEY_SCHOOL_YEARS,
        _A.OPLEIDING_WERK,
        N_("Aantal jaren onderwijs"),
        _K.INTEGER,
        required=True,
        minimum=0,
        maximum=MAX_SCHOOL_YEARS,
    ),
    IntakeField("opleiding_werk.diploma", _A.OPLEIDING_WERK, N_("Diploma's en land"), _K.TEXT),
    IntakeField(
        KEY_WORK_EXPERIENCE,
        _A.OPLEIDING_WERK,
        N_("Werkervaring"),
        _K.CHOICE,
        WorkExperience,
        required=True,
    ),
    # Not required: it means nothing when there is no work experience.
    IntakeField(
        KEY_WORK_YEARS,
        _A.OPLEIDING_WERK,
        N_("Aantal jaren werkervaring"),
        _K.INTEGER,
        minimum=0,
        maximum=MAX_WORK_YEARS,
    ),
    IntakeField("opleiding_werk.beroep", _A.OPLEIDING_WERK, N_("Beroep of soort werk"), _K.TEXT),
    _notes(_A.OPLEIDING_WERK, N_("Opleiding en werk: toelichting")),
    # Gezondheid: part of the legal minimum ("personal circumstances including physical and
    # mental health", RULES.md §2.4); everything here is special-category data.
    IntakeField(
        KEY_HEALTH,
        _A.GEZONDHEID,
        N_("Beperkingen door de lichamelijke of psychische gezondheid"),
        _K.CHOICE,
        HealthLimitation,
        special=True,
        required=True,
    ),
    IntakeField(
        "gezondheid.belemmert_inburgering",
        _A.GEZONDHEID,
        N_("Belemmert de gezondheid het leren of meedoen?"),
        _K.BOOLEAN,
        special=True,
    ),
    _notes(_A.GEZONDHEID, N_("Gezondheid: toelichting")),
    # Financiën (ontzorgen depends on a Participatiewet benefit, RULES.md §2.8).
    IntakeField(KEY_INCOME, _A.FINANCIEN, N_("Inkomen"), _K.CHOICE, IncomeSource),
    IntakeField(
        "financien.situatie", _A.FINANCIEN, N_("Financiële situatie"), _K.CHOICE, FinancialSituation
    ),
    _notes(_A.FINANCIEN, N_("Financiën: toelichting")),
    # Gezin en kinderen: the children themselves are household rows (store: household); here
    # only what the intake adds.
    IntakeField(
        "gezin_kinderen.gezinshereniging",
        _A.GEZIN_KINDEREN,
        N_("Gezinshereniging verwacht"),
        _K.BOOLEAN,
    ),
    _notes(_A.GEZIN_KINDEREN, N_("Gezin en kinderen: samenvatting en toelichting")),
    IntakeField(
        "sociaal_netwerk.netwerk",
        _A.SOCIAAL_NETWERK,
        N_("Sociaal netwerk"),
        _K.CHOICE,
        SocialNetwork,
    ),
    _notes(_A.SOCIAAL_NETWERK, N_("Sociaal netwerk: toelichting")),
    IntakeField(
        "participatie_zelfredzaamheid.zelfredzaamheid",
        _A.PARTICIPATIE_ZELFREDZAAMHEID,
        N_("Zelfredzaamheid"),
        _K.CHOICE,
        SelfReliance,
    ),
    _notes(_A.PARTICIPATIE_ZELFREDZAAMHEID, N_("Participatie en zelfredzaamheid: toelichting")),
    _notes(_A.AMBITIES, N_("Ambities en wensen: werk, opleiding, leven")),
)

FIELDS_BY_KEY: dict[str, IntakeField] = {f.key: f for f in FIELDS}

# The legal minimum of the brede intake (RULES.md §2.4; Wi2021 art. 14): the leerbaarheidstoets
# (recorded apart, `Leerbaarheidstoets`), education and work experience in the country of origin,
# and personal circumstances including physical and mental health. The other areas are good
# practice (Divosa handreiking): shown, counted, never blocking.
REQUIRED_AREAS: frozenset[LifeArea] = frozenset({LifeArea.OPLEIDING_WERK, LifeArea.GEZONDHEID})


def intake_field(key: str) -> IntakeField:
    """The field with this key; KeyError for an unknown key (a programming error)."""
    return FIELDS_BY_KEY[key]


def fields_in(area: LifeArea) -> tuple[IntakeField, ...]:
    """The fields of one life area, in the order the form shows them."""
    return tuple(f for f in FIELDS if f.area is area)


def _check_fields() -> None:
    """The table must be consistent with itself and the store; fail at import, not later."""
    if len(FIELDS_BY_KEY) != len(FIELDS):
        raise RuntimeError("duplicate intake field key")
    for f in FIELDS:
        if not f.key.startswith(f"{f.area.value}.") or len(f.key) > MAX_KEY_LENGTH:
            raise RuntimeError(f"{f.key}: a key is '<area>.<name>', at most {MAX_KEY_LENGTH} long")
        if (f.kind is FieldKind.CHOICE) != (f.choices is not None):
            raise RuntimeError(f"{f.key}: choices belong to CHOICE fields only")
        has_range = f.minimum is not None and f.maximum is not None
        if has_range != (f.kind is FieldKind.INTEGER):
            raise RuntimeError(f"{f.key}: an INTEGER field needs a range, others none")
        if f.area is LifeArea.GEZONDHEID and not f.special:
            raise RuntimeError(f"{f.key}: every health answer is special-category data")
        if f.choices is not None:
            for member in f.choices:
                label(member)  # KeyError: a choice without its Dutch label
    for area in REQUIRED_AREAS:
        if not any(f.required for f in fields_in(area)):
            raise RuntimeError(f"{area}: a required area needs a required field")


_check_fields()


# --- answers as text -----------------------------------------------------------------------------


def is_filled(text: str | None) -> bool:
    """Whether a stored answer counts as given: the store keeps "" for an unanswered field."""
    return text is not None and bool(text.strip())


def parse_answer(f: IntakeField, text: str | None) -> AnswerValue | None:
    """The typed value of an answer, from its stored form or from what a person typed.

    None for an empty answer: during the intake any field may still be open, and whether it
    must be filled is `missing_for_finish`'s question, not this one's. Raises ValidationError
    (field = the key) with a Dutch message for a value that cannot be right.
    """
    if text is None or not text.strip():
        return None
    if f.kind is FieldKind.TEXT:
        return _parse_text(f, text)
    value = text.strip()
    if f.kind is FieldKind.CHOICE:
        assert f.choices is not None  # _check_fields guarantees it
        try:
            return f.choices(value.casefold())
        except ValueError:
            raise ValidationError(f.key, N_("Kies een van de mogelijkheden.")) from None
    if f.kind is FieldKind.INTEGER:
        return _parse_integer(f, value)
    if f.kind is FieldKind.BOOLEAN:
        word = value.casefold()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise ValidationError(f.key, N_("Kies ja of nee."))
    return parse_date(value, f.key)


def _parse_text(f: IntakeField, text: str) -> str:
    # NFC so that the same word typed two ways is the same text; each line is checked as a name
    # is (no invisible bidi or control characters), the line breaks are kept.
    value = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            f.key, N_("Gebruik hoogstens {max_length} tekens."), {"max_length": MAX_TEXT_LENGTH}
        )
    lines = [
        validate_name(line, f.key, required=False, max_length=MAX_TEXT_LENGTH)
        for line in value.split("\n")
    ]
    return "\n".join(lines)


def _parse_integer(f: IntakeField, value: str) -> int:
    assert f.minimum is not None and f.maximum is not None  # _check_fields guarantees it
    digits = value.removeprefix("-")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(f.key, N_("Vul een geheel getal in."))
    number = int(value)
    if not f.minimum <= number <= f.maximum:
        raise ValidationError(
            f.key,
            N_("Vul een getal in van {minimum} tot en met {maximum}."),
            {"minimum": f.minimum, "maximum": f.maximum},
        )
    return number


def serialize_answer(f: IntakeField, value: AnswerValue | None) -> str:
    """The stored form of a value: "" for none, the enum value, digits, "ja"/"nee", an ISO date
    or the text. The inverse of `parse_answer`. TypeError for a value of the wrong kind (a
    programming error, not the user's)."""
    if value is None:
        return ""
    if f.kind is FieldKind.CHOICE and f.choices is not None and isinstance(value, f.choices):
        return value.value
    if f.kind is FieldKind.TEXT and isinstance(value, str) and not isinstance(value, StrEnum):
        return value
    if f.kind is FieldKind.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if f.kind is FieldKind.BOOLEAN and isinstance(value, bool):
        return _YES if value else _NO
    if (
        f.kind is FieldKind.DATE
        and isinstance(value, dt.date)
        and not isinstance(value, dt.datetime)
    ):
        return value.isoformat()
    raise TypeError(f"{f.key}: {type(value).__name__} is not a {f.kind} answer")


def parse_answers(
    answers: Mapping[str, str | None],
) -> tuple[dict[str, AnswerValue], list[ValidationError]]:
    """Every known, filled answer parsed, and the problems with the others. Keys the table does
    not know are skipped: a key is never removed from the table, so such a key is not ours."""
    values: dict[str, AnswerValue] = {}
    errors: list[ValidationError] = []
    for f in FIELDS:
        try:
            value = parse_answer(f, answers.get(f.key))
        except ValidationError as error:
            errors.append(error)
            continue
        if value is not None:
            values[f.key] = value
    return values, errors


# --- completeness --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    """How far one life area is filled in. `complete`: every required field is filled and at
    least one field is, so an optional area left empty shows as not done, without blocking."""

    area: LifeArea
    filled: int
    required: int
    required_filled: int
    total: int

    @property
    def complete(self) -> bool:
        return self.required_filled == self.required and self.filled > 0


def area_completeness(answers: Mapping[str, str | None]) -> dict[LifeArea, Completeness]:
    """Per life area (every one, in the enum's order): answers filled, required, total.

    Source: RULES.md §2.4 (the areas; REQUIRED_AREAS for the legal minimum).
    """
    result: dict[LifeArea, Completeness] = {}
    for area in LifeArea:
        fields = fields_in(area)
        filled = [f for f in fields if is_filled(answers.get(f.key))]
        result[area] = Completeness(
            area=area,
            filled=len(filled),
            required=sum(f.required for f in fields),
            required_filled=sum(f.required for f in filled),
            total=len(fields),
        )
    return result


# --- the leerbaarheidstoets and the two things the person must be told ---------------------------


@dataclass(frozen=True)
class Leerbaarheidstoets:
    """The leerbaarheidstoets as recorded (RULES.md §2.4; Wi2021 art. 14; seed 002 fn. 8).

    It is settled in one of three ways: taken (date and outcome), a no-show (the date of the
    missed appointment: it starts the steps towards a fine, RULES.md §2.11) or an exemption by
    the municipality for a visual or hearing impairment (Wi2021 art. 14 lid 6 and 7 (verify)).
    The exemption's reason is health data.
    """

    date: dt.date | None = None
    outcome: ToetsOutcome | None = None
    no_show: bool = False
    exempt_reason: ToetsExemptReason | None = None

    @property
    def taken(self) -> bool:
        """Taken, with a usable outcome: the only case in which the advice can rely on it."""
        return (
            self.date is not None
            and self.outcome is not None
            and not self.no_show
            and self.exempt_reason is None
        )


_TOETS_ONE_OF_THREE = N_(
    "Leg bij de leerbaarheidstoets één ding vast: de uitkomst, dat de persoon niet kwam, of de "
    "vrijstelling."
)


def toets_problems(toets: Leerbaarheidstoets | None) -> list[ValidationError]:
    """What keeps the toets from being settled (empty when it is). Fields are the store's
    column names (toets_date, toets_outcome, toets_no_show, toets_exempt_reason).

    Source: RULES.md §2.4; Wi2021 art. 14 (the toets is part of the brede intake).
    """
    if toets is None or toets == Leerbaarheidstoets():
        return [
            ValidationError(
                "toets_date",
                N_(
                    "De leerbaarheidstoets is nog niet vastgelegd: vul de datum en de uitkomst "
                    "in, of leg vast dat de persoon niet kwam of is vrijgesteld."
                ),
            )
        ]
    ways = sum((toets.outcome is not None, toets.no_show, toets.exempt_reason is not None))
    if ways > 1:
        return [ValidationError("toets_outcome", _TOETS_ONE_OF_THREE)]
    if toets.exempt_reason is not None:
        return []
    if toets.date is None:
        if toets.no_show:
            message = N_("Vul de datum in waarop de persoon niet naar de leerbaarheidstoets kwam.")
        else:
            message = N_("Vul de datum van de leerbaarheidstoets in.")
        return [ValidationError("toets_date", message)]
    if not toets.no_show and toets.outcome is None:
        return [
            ValidationError("toets_outcome", N_("Vul de uitkomst van de leerbaarheidstoets in."))
        ]
    return []


@dataclass(frozen=True, kw_only=True)
class IntakeChecks:
    """The two things the municipality must tell during the brede intake, as recorded (the date
    each was done), and whether the first applies (RULES.md §2.4).

    `young_child_in_household` has no default: forgetting it would silently drop the duty to
    inform the parents about voor- en vroegschoolse educatie. Which age counts as young is the
    caller's (the household's children and their birth dates live in the store).
    """

    young_child_in_household: bool
    vve_informed_on: dt.date | None = None
    interview_alone_informed_on: dt.date | None = None


# Which children make the parents "parents of young children" who must be told about voor- en
# vroegschoolse educatie (RULES.md §2.4). Not a policy parameter (yet): a child counts while it
# is younger than this many whole years. Source: voorschoolse educatie: 2.5–4 jaar; leerplicht
# vanaf 5 (verify); vroegschoolse educatie runs in groups 1 and 2 (to about 6).
VVE_CHILD_MAX_AGE = 6


def young_child_among(births: Iterable[dt.date | None], on: dt.date) -> bool:
    """Whether a child of the household is young enough for voor- en vroegschoolse educatie.
    A child without a known birth date counts as young: forgetting to inform is the worse
    mistake."""
    return any(
        birth is None or relativedelta(on, birth).years < VVE_CHILD_MAX_AGE for birth in births
    )


def missing_for_finish(
    answers: Mapping[str, str | None],
    toets: Leerbaarheidstoets | None,
    checks: IntakeChecks,
) -> list[ValidationError]:
    """Everything that keeps the brede intake from being finished; empty when it can be.

    Source: RULES.md §2.4 (Wi2021 art. 14): the legal minimum (REQUIRED_AREAS, the fields marked
    `required`), the leerbaarheidstoets settled (`toets_problems`), the parents of a young child
    told about voor- en vroegschoolse educatie, and everyone told of the right to be interviewed
    alone, without a partner present. An answer that cannot be read blocks too: a finished
    intake must not hold a value the PIP would misread.

    The messages name a field and an area by their msgids in `params` ("field", "area"): the ui
    translates those before it formats the message, as with policy parameters.
    """
    _values, problems = parse_answers(answers)
    for f in FIELDS:
        if f.required and not is_filled(answers.get(f.key)):
            problems.append(
                ValidationError(
                    f.key,
                    N_("Nog niet ingevuld: {field} ({area})."),
                    {"field": f.label, "area": label(f.area)},
                )
            )
    problems.extend(toets_problems(toets))
    if checks.young_child_in_household and checks.vve_informed_on is None:
        problems.append(
            ValidationError(
                "vve_informed_on",
                N_(
                    "Leg vast wanneer de ouders zijn geïnformeerd over voor- en vroegschoolse "
                    "educatie."
                ),
            )
        )
    if checks.interview_alone_informed_on is None:
        problems.append(
            ValidationError(
                "interview_alone_informed_on",
                N_(
                    "Leg vast wanneer de persoon is gewezen op het recht om het gesprek alleen te "
                    "voeren, zonder partner."
                ),
            )
        )
    return problems


# --- warme overdracht from COA -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CoaHandover:
    """The warme overdracht from the AZC to the municipality (RULES.md §2.3; seed 001 step 7):
    the NOA assessment, the medical (GCA) and youth health care (JGZ) handovers, risk signals,
    documents, and the person's consent to share. Field names are the store's columns."""

    noa_summary: str = ""
    gca_received: bool = False
    gca_received_on: dt.date | None = None
    jgz_received: bool = False
    jgz_received_on: dt.date | None = None
    risk_signals: str = ""
    documents_received: str = ""
    consent_to_share: bool = False
    consent_on: dt.date | None = None
    no_intake_in_azc: bool = False


# Special-category data (AVG art. 9), as store/models.py CoaHandover.__special__ says: the NOA
# assessment includes PTSS and emotional-stability questionnaires (seed 001 step 3), risk signals
# are often about health, and a list of documents can name a medical referral.
COA_SPECIAL_FIELDS: frozenset[str] = frozenset(
    {"noa_summary", "risk_signals", "documents_received"}
)


def coa_prompts(handover: CoaHandover, *, children_in_household: bool = False) -> list[str]:
    """What the consultant should still do about the warme overdracht: msgids, most urgent first.

    Sources: seed 004 "Actie 2" and seed 000 (contact COA's case manager when someone comes to
    live here without an intake in the AZC); seed 001 step 7 (the GCA and JGZ handovers; the JGZ
    one only matters with children, hence the flag); RULES.md §2.3 (consent recorded, with its
    date). Meant for asielstatushouders coming from an AZC; the caller decides whom to ask.
    """
    prompts: list[str] = []
    if handover.no_intake_in_azc:
        prompts.append(N_("Neem contact op met COA: er is geen intake in het AZC gehouden."))
    if not handover.consent_to_share:
        prompts.append(
            N_(
                "Er is nog geen toestemming vastgelegd om de gegevens van de warme overdracht "
                "te delen."
            )
        )
    elif handover.consent_on is None:
        prompts.append(
            N_("Vul de datum in waarop de persoon toestemming gaf om gegevens te delen.")
        )
    if not handover.gca_received:
        prompts.append(N_("De medische overdracht van het GCA is nog niet ontvangen."))
    elif handover.gca_received_on is None:
        prompts.append(
            N_("Vul de datum in waarop de medische overdracht van het GCA is ontvangen.")
        )
    if children_in_household and not handover.jgz_received:
        prompts.append(N_("De overdracht van de jeugdgezondheidszorg (JGZ) is nog niet ontvangen."))
    elif handover.jgz_received and handover.jgz_received_on is None:
        prompts.append(N_("Vul de datum in waarop de overdracht van de JGZ is ontvangen."))
    return prompts
