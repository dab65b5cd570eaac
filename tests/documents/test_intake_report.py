"""The brede intake report for the file: Dutch labels and values, special-category data only on
request and then in a section of its own. Names and answers are synthetic."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from inburgering_desktop.documents.blocks import Heading
from inburgering_desktop.documents.intake_report import (
    SPECIAL_HEADING,
    SPECIAL_LEFT_OUT,
    TITLE,
    TITLE_SPECIAL,
    Child,
    IntakeReportData,
    intake_verslag,
)
from inburgering_desktop.documents.letter_types import Contact, LetterBasics, Signer
from inburgering_desktop.documents.texts import LetterCatalog
from inburgering_desktop.domain.enums import Doelgroep, ToetsExemptReason, ToetsOutcome
from inburgering_desktop.domain.intake import COA_SPECIAL_FIELDS, CoaHandover, Leerbaarheidstoets
from tests.documents.test_texts import all_texts

HEALTH_NOTE = "Slaapt slecht sinds de reis; huisarts weet ervan."
WORK_NOTE = "Werkte twaalf jaar als kapper."
NOA = "NOA: concentratieproblemen gemeld."
RISK = "Risicosignaal: verwijzing naar de GGZ."
DOCUMENTS = "Verwijsbrief GGZ, diploma's."

DATA = IntakeReportData(
    basics=LetterBasics(
        recipient_name="Zwaantje Proefnaam",
        municipality="Proefstad",
        letter_date=dt.date(2026, 11, 23),
        reference="INB-2026-0001",
        contact=Contact("", "", ""),
        signer=Signer("M. de Proef"),
    ),
    name_original_script="زوانتيه بروفنام",
    birth_date=dt.date(1990, 4, 14),
    doelgroep=Doelgroep.ASIELSTATUSHOUDER,
    language="Arabisch",
    interpreter_needed=True,
    intake_start_date=dt.date(2026, 10, 1),
    intake_completed_date=None,
    answers={
        "taal.lezen": "a1",
        "taal.alfabetisering": "eigen_schrift",
        "opleiding_werk.opleidingsniveau": "voortgezet_onderwijs",
        "opleiding_werk.jaren_onderwijs": "10",
        "opleiding_werk.toelichting": WORK_NOTE,
        "gezondheid.beperkingen": "psychisch",
        "gezondheid.belemmert_inburgering": "ja",
        "gezondheid.toelichting": HEALTH_NOTE,
        "financien.inkomen": "participatiewet",
        "gezin_kinderen.gezinshereniging": "nee",
    },
    toets=Leerbaarheidstoets(date=dt.date(2026, 10, 8), outcome=ToetsOutcome.GEMIDDELD),
    interview_alone_informed_on=dt.date(2026, 10, 1),
    handover=CoaHandover(
        noa_summary=NOA,
        risk_signals=RISK,
        documents_received=DOCUMENTS,
        gca_received=True,
        gca_received_on=dt.date(2026, 9, 20),
        consent_to_share=True,
        consent_on=dt.date(2026, 9, 1),
    ),
    children=(Child("Amal", dt.date(2023, 2, 1)),),
    author="A. Consulent",
)
SPECIAL_TEXTS = (HEALTH_NOTE, WORK_NOTE, NOA, RISK, DOCUMENTS, "Psychische beperkingen")


def report(data: IntakeReportData = DATA) -> str:
    return "\n".join(all_texts(intake_verslag(data, LetterCatalog.load("nl"))))


def test_answers_appear_with_their_dutch_labels_and_values() -> None:
    text = report()
    for expected in (
        "Niveau Nederlands: lezen\nA1",
        "Alfabetisering\nGealfabetiseerd in een ander schrift, niet in het Latijnse",
        "Hoogste opleiding\nVoortgezet onderwijs (middelbare school)",
        "Aantal jaren onderwijs\n10",
        "Inkomen\nUitkering Participatiewet (bijstand)",
        "Gezinshereniging verwacht\nnee",
        "Werkervaring\nniet ingevuld",
        "Geboortedatum\n14 april 1990",
        "Doelgroep\nAsielstatushouder",
        "Leerbaarheidstoets\nafgenomen op 8 oktober 2026, uitkomst: Gemiddeld",
        "Recht op een gesprek alleen, zonder partner\nverteld op 1 oktober 2026",
        "Medische overdracht (GCA) ontvangen\nja, op 20 september 2026",
        "Kind\nAmal, geboren 1 februari 2023",
        "Nog niet ingevuld: Werkervaring (Opleiding en werkervaring).",
        "Opgesteld door\nA. Consulent",
    ):
        assert expected in text, expected


def test_special_category_data_is_left_out_by_default() -> None:
    content = intake_verslag(DATA, LetterCatalog.load("nl"))
    text = "\n".join(all_texts(content))
    assert content.heading == TITLE
    for secret in SPECIAL_TEXTS:
        assert secret not in text, secret
    assert SPECIAL_LEFT_OUT in text
    assert not [b for b in content.blocks if isinstance(b, Heading) and b.text == SPECIAL_HEADING]
    # The health area's questions are all special: only a note says so.
    assert "Beperkingen door de lichamelijke of psychische gezondheid" not in text


def test_special_category_data_in_its_own_section_on_request() -> None:
    content = intake_verslag(replace(DATA, include_special=True), LetterCatalog.load("nl"))
    texts = all_texts(content)
    assert content.heading == TITLE_SPECIAL
    start = texts.index(SPECIAL_HEADING)
    before, after = "\n".join(texts[:start]), "\n".join(texts[start:])
    for secret in SPECIAL_TEXTS:
        assert secret in after and secret not in before, secret
    assert "Beperkingen door de lichamelijke of psychische gezondheid\nPsychische beperkingen" in (
        after
    )
    headings = [b.text for b in content.blocks if isinstance(b, Heading)]
    assert headings.index(SPECIAL_HEADING) > headings.index("Volledigheid")
    assert SPECIAL_LEFT_OUT not in texts
    assert {"noa_summary", "risk_signals", "documents_received"} == COA_SPECIAL_FIELDS


def test_exemption_reason_of_the_toets_is_special() -> None:
    exempt = replace(DATA, toets=Leerbaarheidstoets(exempt_reason=ToetsExemptReason.VISUEEL))
    # The exemption exists only for a visual or hearing impairment: even the word is special.
    assert "Visuele beperking" not in report(exempt)
    assert "vrijgesteld" not in report(exempt)
    assert "bijzonder persoonsgegeven" in report(exempt)
    assert "Visuele beperking" in report(replace(exempt, include_special=True))


def test_an_empty_intake_reports_what_is_missing() -> None:
    empty = replace(
        DATA, answers={}, toets=None, handover=None, children=(), interview_alone_informed_on=None
    )
    text = report(empty)
    assert "Er is geen warme overdracht van COA vastgelegd." in text
    assert "Leerbaarheidstoets\nniet vastgelegd" in text
    assert "De leerbaarheidstoets is nog niet vastgelegd" in text
    assert "Kinderen in het huishouden\ngeen vastgelegd" in text


def test_an_unreadable_stored_answer_is_shown_as_stored() -> None:
    odd = replace(DATA, answers={**DATA.answers, "taal.lezen": "vloeiend"})
    assert "vloeiend (niet te lezen als antwoord op deze vraag)" in report(odd)


def test_the_report_is_dutch_only() -> None:
    with pytest.raises(ValueError, match="Dutch only"):
        intake_verslag(DATA, LetterCatalog.load("ar"))


def test_the_report_asks_for_vve_information_as_finishing_the_intake_does() -> None:
    """A young child and no VVE date: the same open item as "Intake afronden" refuses on."""
    assert "Leg vast wanneer de ouders" in report()  # Amal is three; no VVE date recorded
    informed = replace(DATA, vve_informed_on=dt.date(2026, 10, 1))
    assert "Leg vast wanneer de ouders" not in report(informed)
    older = replace(DATA, children=(Child("Amal", dt.date(2012, 2, 1)),))
    assert "Leg vast wanneer de ouders" not in report(older)
