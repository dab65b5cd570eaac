"""The brede intake as data (RULES.md §2.3, §2.4): fields, completeness, toets, COA handover."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inburgering_desktop.domain import enums
from inburgering_desktop.domain.enums import (
    EducationLevel,
    HealthLimitation,
    LanguageLevel,
    LanguageSkill,
    LifeArea,
    ToetsExemptReason,
    ToetsOutcome,
    WorkExperience,
)
from inburgering_desktop.domain.intake import (
    COA_SPECIAL_FIELDS,
    FIELDS,
    KEY_EDUCATION,
    KEY_HEALTH,
    KEY_SCHOOL_YEARS,
    KEY_WORK_EXPERIENCE,
    MAX_KEY_LENGTH,
    MAX_SCHOOL_YEARS,
    REQUIRED_AREAS,
    CoaHandover,
    FieldKind,
    IntakeChecks,
    IntakeField,
    Leerbaarheidstoets,
    area_completeness,
    coa_prompts,
    fields_in,
    intake_field,
    language_key,
    missing_for_finish,
    parse_answer,
    parse_answers,
    serialize_answer,
    toets_problems,
)
from inburgering_desktop.domain.validation import ValidationError

D = dt.date
TOETS_TAKEN = Leerbaarheidstoets(date=D(2025, 3, 4), outcome=ToetsOutcome.GEMIDDELD)
CHECKS_DONE = IntakeChecks(
    young_child_in_household=False, interview_alone_informed_on=D(2025, 3, 1)
)
# The legal minimum, filled in (synthetic).
MINIMUM: dict[str, str | None] = {
    KEY_EDUCATION: EducationLevel.VOORTGEZET_ONDERWIJS.value,
    KEY_SCHOOL_YEARS: "10",
    KEY_WORK_EXPERIENCE: WorkExperience.VAKWERK.value,
    KEY_HEALTH: HealthLimitation.GEEN.value,
}


def _fields(errors: list[ValidationError]) -> list[str]:
    return [e.field for e in errors]


# --- the field table -----------------------------------------------------------------------------


def test_every_intake_enum_member_has_its_own_label() -> None:
    for enum_cls in (
        enums.LifeArea,
        enums.LanguageSkill,
        enums.LanguageLevel,
        enums.Literacy,
        enums.EducationLevel,
        enums.WorkExperience,
        enums.HealthLimitation,
        enums.IncomeSource,
        enums.FinancialSituation,
        enums.SocialNetwork,
        enums.SelfReliance,
        enums.ToetsOutcome,
        enums.ToetsExemptReason,
    ):
        for member in enum_cls:
            assert enums.label(member)
    # Same value "geen" in several vocabularies, each with its own wording.
    assert enums.label(LanguageLevel.GEEN) != enums.label(EducationLevel.GEEN)


def test_field_keys_never_change() -> None:
    # They are database keys (intake_answer.field_key): a rename loses every stored answer.
    # Adding a field is fine; extend this list then.
    assert [f.key for f in FIELDS] == [
        "taal.lezen",
        "taal.schrijven",
        "taal.luisteren",
        "taal.spreken",
        "taal.alfabetisering",
        "taal.andere_talen",
        "taal.toelichting",
        "opleiding_werk.opleidingsniveau",
        "opleiding_werk.jaren_onderwijs",
        "opleiding_werk.diploma",
        "opleiding_werk.werkervaring",
        "opleiding_werk.jaren_werkervaring",
        "opleiding_werk.beroep",
        "opleiding_werk.toelichting",
        "gezondheid.beperkingen",
        "gezondheid.belemmert_inburgering",
        "gezondheid.toelichting",
        "financien.inkomen",
        "financien.situatie",
        "financien.toelichting",
        "gezin_kinderen.gezinshereniging",
        "gezin_kinderen.toelichting",
        "sociaal_netwerk.netwerk",
        "sociaal_netwerk.toelichting",
        "participatie_zelfredzaamheid.zelfredzaamheid",
        "participatie_zelfredzaamheid.toelichting",
        "ambities.toelichting",
    ]


def test_keys_are_area_dot_name_and_fit_the_store_column() -> None:
    for f in FIELDS:
        assert f.key.startswith(f"{f.area.value}.")
        assert len(f.key) <= MAX_KEY_LENGTH


def test_every_life_area_has_a_free_text_field() -> None:
    for area in LifeArea:
        assert any(f.kind is FieldKind.TEXT for f in fields_in(area)), area


def test_language_level_per_skill_is_a_choice_on_the_cefr_scale() -> None:
    for skill in LanguageSkill:
        f = intake_field(language_key(skill))
        assert f.area is LifeArea.TAAL
        assert f.kind is FieldKind.CHOICE
        assert f.choices is LanguageLevel
    assert language_key(LanguageSkill.LEZEN) == "taal.lezen"


def test_structured_answers_are_choices_and_numbers() -> None:
    kinds = {f.key: f.kind for f in FIELDS}
    assert kinds["taal.alfabetisering"] is FieldKind.CHOICE
    assert kinds[KEY_EDUCATION] is FieldKind.CHOICE
    assert kinds[KEY_SCHOOL_YEARS] is FieldKind.INTEGER
    assert kinds[KEY_WORK_EXPERIENCE] is FieldKind.CHOICE
    assert kinds["opleiding_werk.jaren_werkervaring"] is FieldKind.INTEGER
    assert kinds[KEY_HEALTH] is FieldKind.CHOICE
    assert kinds["financien.inkomen"] is FieldKind.CHOICE
    assert intake_field("financien.inkomen").choices is enums.IncomeSource
    assert "participatiewet" in {member.value for member in enums.IncomeSource}
    assert kinds["sociaal_netwerk.netwerk"] is FieldKind.CHOICE
    assert kinds["participatie_zelfredzaamheid.zelfredzaamheid"] is FieldKind.CHOICE
    assert kinds["ambities.toelichting"] is FieldKind.TEXT


def test_health_area_and_free_notes_are_special_category() -> None:
    for f in fields_in(LifeArea.GEZONDHEID):
        assert f.special, f.key
    for f in FIELDS:
        if f.key.endswith(".toelichting"):
            assert f.special, f.key
    # Only short factual texts, which hold no health data, are not special.
    plain_texts = {f.key for f in FIELDS if f.kind is FieldKind.TEXT and not f.special}
    assert plain_texts == {"taal.andere_talen", "opleiding_werk.diploma", "opleiding_werk.beroep"}


def test_required_areas_are_the_legal_minimum() -> None:
    # RULES.md §2.4: education and work experience, and health; the toets is recorded apart.
    legal_minimum = {LifeArea.OPLEIDING_WERK, LifeArea.GEZONDHEID}
    assert legal_minimum == REQUIRED_AREAS
    required = {f.key for f in FIELDS if f.required}
    assert required == {KEY_EDUCATION, KEY_SCHOOL_YEARS, KEY_WORK_EXPERIENCE, KEY_HEALTH}
    assert all(intake_field(key).area in REQUIRED_AREAS for key in required)


# --- completeness --------------------------------------------------------------------------------


def test_area_completeness_counts_filled_required_and_total() -> None:
    answers = {KEY_EDUCATION: "hoger_onderwijs", "opleiding_werk.beroep": "Boekhouder"}
    result = area_completeness(answers)
    work = result[LifeArea.OPLEIDING_WERK]
    assert (work.filled, work.required, work.required_filled, work.total) == (2, 3, 1, 7)
    assert not work.complete
    assert list(result) == list(LifeArea)


def test_area_complete_when_its_required_fields_are_filled() -> None:
    result = area_completeness(MINIMUM)
    assert result[LifeArea.OPLEIDING_WERK].complete
    assert result[LifeArea.GEZONDHEID].complete


def test_blank_answer_counts_as_not_filled() -> None:
    result = area_completeness({KEY_HEALTH: "   ", "gezondheid.toelichting": None})
    assert result[LifeArea.GEZONDHEID].filled == 0


def test_optional_area_is_complete_once_anything_is_recorded() -> None:
    assert not area_completeness({})[LifeArea.AMBITIES].complete
    assert area_completeness({"ambities.toelichting": "Verpleegkundige worden"})[
        LifeArea.AMBITIES
    ].complete


# --- finishing the intake ------------------------------------------------------------------------


def test_intake_can_finish_with_legal_minimum_toets_and_told_items() -> None:
    assert missing_for_finish(MINIMUM, TOETS_TAKEN, CHECKS_DONE) == []


def test_each_empty_required_field_blocks_finishing_with_its_name() -> None:
    answers = {**MINIMUM, KEY_HEALTH: ""}
    problems = missing_for_finish(answers, TOETS_TAKEN, CHECKS_DONE)
    assert _fields(problems) == [KEY_HEALTH]
    assert problems[0].message == "Nog niet ingevuld: {field} ({area})."
    assert problems[0].params == {
        "field": intake_field(KEY_HEALTH).label,
        "area": "Gezondheid",
    }


def test_good_practice_areas_never_block_finishing() -> None:
    # Taal, financiën, ... left empty: only the legal minimum counts (RULES.md §2.4).
    assert missing_for_finish(MINIMUM, TOETS_TAKEN, CHECKS_DONE) == []
    assert not area_completeness(MINIMUM)[LifeArea.TAAL].complete


def test_unreadable_answer_blocks_finishing() -> None:
    answers = {**MINIMUM, KEY_SCHOOL_YEARS: "veel"}
    assert _fields(missing_for_finish(answers, TOETS_TAKEN, CHECKS_DONE)) == [KEY_SCHOOL_YEARS]


def test_unknown_answer_keys_are_ignored() -> None:
    answers = {**MINIMUM, "oud.veld": "x"}
    assert missing_for_finish(answers, TOETS_TAKEN, CHECKS_DONE) == []
    assert "oud.veld" not in parse_answers(answers)[0]


def test_toets_not_recorded_blocks_finishing() -> None:
    for toets in (None, Leerbaarheidstoets()):
        assert _fields(missing_for_finish(MINIMUM, toets, CHECKS_DONE)) == ["toets_date"]


def test_toets_settled_by_date_and_outcome() -> None:
    assert toets_problems(TOETS_TAKEN) == []
    assert TOETS_TAKEN.taken


def test_toets_outcome_without_date_or_date_without_outcome_blocks() -> None:
    assert _fields(toets_problems(Leerbaarheidstoets(outcome=ToetsOutcome.HOOG))) == ["toets_date"]
    assert _fields(toets_problems(Leerbaarheidstoets(date=D(2025, 3, 4)))) == ["toets_outcome"]


def test_toets_no_show_settles_it_with_the_date_of_the_missed_appointment() -> None:
    assert toets_problems(Leerbaarheidstoets(date=D(2025, 3, 4), no_show=True)) == []
    assert _fields(toets_problems(Leerbaarheidstoets(no_show=True))) == ["toets_date"]
    assert not Leerbaarheidstoets(date=D(2025, 3, 4), no_show=True).taken


@pytest.mark.parametrize("reason", list(ToetsExemptReason))
def test_toets_exemption_for_visual_or_hearing_impairment_settles_it(
    reason: ToetsExemptReason,
) -> None:
    toets = Leerbaarheidstoets(exempt_reason=reason)
    assert toets_problems(toets) == []
    assert missing_for_finish(MINIMUM, toets, CHECKS_DONE) == []
    assert not toets.taken


def test_toets_recorded_two_ways_at_once_is_refused() -> None:
    for toets in (
        Leerbaarheidstoets(date=D(2025, 3, 4), outcome=ToetsOutcome.HOOG, no_show=True),
        Leerbaarheidstoets(outcome=ToetsOutcome.LAAG, exempt_reason=ToetsExemptReason.VISUEEL),
        Leerbaarheidstoets(no_show=True, exempt_reason=ToetsExemptReason.AUDITIEF),
    ):
        assert _fields(toets_problems(toets)) == ["toets_outcome"]


def test_vve_information_required_only_with_a_young_child() -> None:
    with_child = dataclasses.replace(CHECKS_DONE, young_child_in_household=True)
    assert _fields(missing_for_finish(MINIMUM, TOETS_TAKEN, with_child)) == ["vve_informed_on"]
    told = dataclasses.replace(with_child, vve_informed_on=D(2025, 3, 1))
    assert missing_for_finish(MINIMUM, TOETS_TAKEN, told) == []


def test_right_to_be_interviewed_alone_must_always_be_told() -> None:
    checks = IntakeChecks(young_child_in_household=False)
    problems = missing_for_finish(MINIMUM, TOETS_TAKEN, checks)
    assert _fields(problems) == ["interview_alone_informed_on"]
    assert "zonder partner" in problems[0].message


def test_intake_checks_need_the_young_child_fact() -> None:
    with pytest.raises(TypeError):
        IntakeChecks()  # type: ignore[call-arg]


# --- parsing and serialising answers -------------------------------------------------------------


def test_empty_answer_parses_as_none() -> None:
    for f in FIELDS:
        assert parse_answer(f, "") is None
        assert parse_answer(f, None) is None
        assert parse_answer(f, "  ") is None


def test_integer_out_of_range_refused_in_dutch() -> None:
    f = intake_field(KEY_SCHOOL_YEARS)
    with pytest.raises(ValidationError) as caught:
        parse_answer(f, str(MAX_SCHOOL_YEARS + 1))
    assert caught.value.field == KEY_SCHOOL_YEARS
    assert str(caught.value) == f"Vul een getal in van 0 tot en met {MAX_SCHOOL_YEARS}."
    with pytest.raises(ValidationError):
        parse_answer(f, "-1")
    assert parse_answer(f, f" {MAX_SCHOOL_YEARS} ") == MAX_SCHOOL_YEARS


def test_integer_must_be_a_whole_number() -> None:
    f = intake_field(KEY_SCHOOL_YEARS)
    for text in ("tien", "1.5", "٣", "+3"):
        with pytest.raises(ValidationError) as caught:
            parse_answer(f, text)
        assert str(caught.value) == "Vul een geheel getal in."


def test_choice_must_be_one_of_its_values() -> None:
    f = intake_field(language_key(LanguageSkill.SPREKEN))
    assert parse_answer(f, "A2") is LanguageLevel.A2
    with pytest.raises(ValidationError) as caught:
        parse_answer(f, "C3")
    assert str(caught.value) == "Kies een van de mogelijkheden."


def test_boolean_reads_ja_and_nee() -> None:
    f = intake_field("gezondheid.belemmert_inburgering")
    assert parse_answer(f, "ja") is True
    assert parse_answer(f, "Nee") is False
    assert parse_answer(f, "true") is True
    with pytest.raises(ValidationError):
        parse_answer(f, "misschien")


def test_date_answers_read_dutch_and_iso_and_store_iso() -> None:
    f = IntakeField("taal.test_datum", LifeArea.TAAL, "Datum", FieldKind.DATE)
    assert parse_answer(f, "04-03-2025") == D(2025, 3, 4)
    assert parse_answer(f, "2025-03-04") == D(2025, 3, 4)
    assert serialize_answer(f, D(2025, 3, 4)) == "2025-03-04"


def test_text_keeps_line_breaks_and_refuses_invisible_controls() -> None:
    f = intake_field("taal.toelichting")
    assert (
        parse_answer(f, " Leest  Arabisch\r\nSchrijft weinig ") == "Leest Arabisch\nSchrijft weinig"
    )
    with pytest.raises(ValidationError):
        parse_answer(f, "Naam\u202eevil")


def test_serialize_refuses_a_value_of_the_wrong_kind() -> None:
    with pytest.raises(TypeError):
        serialize_answer(intake_field(KEY_SCHOOL_YEARS), "10")
    with pytest.raises(TypeError):
        serialize_answer(intake_field(KEY_EDUCATION), LanguageLevel.A1)
    with pytest.raises(TypeError):
        serialize_answer(intake_field("gezondheid.belemmert_inburgering"), 1)
    assert serialize_answer(intake_field(KEY_EDUCATION), None) == ""


_line = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    min_size=1,
    max_size=20,
)


def _values_for(f: IntakeField) -> st.SearchStrategy[object]:
    if f.kind is FieldKind.CHOICE:
        assert f.choices is not None
        return st.sampled_from(list(f.choices))
    if f.kind is FieldKind.INTEGER:
        return st.integers(f.minimum, f.maximum)
    if f.kind is FieldKind.BOOLEAN:
        return st.booleans()
    if f.kind is FieldKind.DATE:
        return st.dates(D(1900, 1, 1), D(2100, 12, 31))
    # Lines of NFC text, as parse_answer leaves them.
    return st.lists(_line, min_size=1, max_size=3).map(
        lambda lines: "\n".join(unicodedata.normalize("NFC", line) for line in lines)
    )


@st.composite
def _field_and_value(draw: st.DrawFn) -> tuple[IntakeField, object]:
    f = draw(st.sampled_from(FIELDS))
    return f, draw(_values_for(f))


@given(_field_and_value())
def test_serialize_then_parse_gives_the_same_answer(pair: tuple[IntakeField, object]) -> None:
    f, value = pair
    parsed = parse_answer(f, serialize_answer(f, value))  # type: ignore[arg-type]
    if f.kind is FieldKind.TEXT:
        # parse_answer normalises spacing within a line; the stored text is then stable.
        assert parse_answer(f, serialize_answer(f, parsed)) == parsed
    else:
        assert parsed == value


# --- warme overdracht from COA -------------------------------------------------------------------

HANDOVER_DONE = CoaHandover(
    noa_summary="NOA afgenomen",
    gca_received=True,
    gca_received_on=D(2025, 2, 1),
    jgz_received=True,
    jgz_received_on=D(2025, 2, 2),
    consent_to_share=True,
    consent_on=D(2025, 1, 20),
)


def test_coa_prompt_contact_coa_when_no_intake_in_the_azc() -> None:
    prompts = coa_prompts(dataclasses.replace(HANDOVER_DONE, no_intake_in_azc=True))
    assert prompts == ["Neem contact op met COA: er is geen intake in het AZC gehouden."]


def test_coa_prompt_flags_missing_consent_and_its_date() -> None:
    no_consent = dataclasses.replace(HANDOVER_DONE, consent_to_share=False, consent_on=None)
    assert coa_prompts(no_consent) == [
        "Er is nog geen toestemming vastgelegd om de gegevens van de warme overdracht te delen."
    ]
    no_date = dataclasses.replace(HANDOVER_DONE, consent_on=None)
    assert len(coa_prompts(no_date)) == 1
    assert "datum" in coa_prompts(no_date)[0]


def test_coa_prompt_for_the_gca_handover_and_the_jgz_only_with_children() -> None:
    nothing = CoaHandover(consent_to_share=True, consent_on=D(2025, 1, 20))
    assert coa_prompts(nothing) == ["De medische overdracht van het GCA is nog niet ontvangen."]
    assert len(coa_prompts(nothing, children_in_household=True)) == 2


def test_coa_prompts_empty_when_the_handover_is_complete() -> None:
    assert coa_prompts(HANDOVER_DONE) == []
    assert coa_prompts(HANDOVER_DONE, children_in_household=True) == []


def test_coa_special_fields_are_handover_fields() -> None:
    names = {f.name for f in dataclasses.fields(CoaHandover)}
    assert {"noa_summary", "risk_signals"} <= COA_SPECIAL_FIELDS <= names


# --- layering ------------------------------------------------------------------------------------


def test_intake_and_pip_import_no_qt_and_no_sql() -> None:
    code = (
        "import sys\n"
        "import inburgering_desktop.domain.intake, inburgering_desktop.domain.pip\n"
        "bad = {m for m in sys.modules if m.split('.')[0] in {'PySide6', 'sqlalchemy', "
        "'sqlcipher3'} or m.startswith(('inburgering_desktop.store', "
        "'inburgering_desktop.services', 'inburgering_desktop.ui'))}\n"
        "assert not bad, bad\n"
    )
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, check=False
    )
    assert result.returncode == 0, result.stderr
