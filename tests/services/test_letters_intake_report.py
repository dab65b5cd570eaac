"""The brede intake report for the file, made from the store: Dutch only, whatever language is
asked; a health answer left out unless the consultant asks for special-category data. The intake
records are written straight into the store (the intake service is not needed for reading them).
Names and answers are synthetic."""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering_desktop.domain.enums import HouseholdRelation, ToetsOutcome
from inburgering_desktop.domain.intake import FIELDS_BY_KEY
from inburgering_desktop.services import dossiers, letters, settings
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.store.models import (
    CoaHandover,
    HouseholdMember,
    Intake,
    IntakeAnswer,
)
from tests.documents import pdfcheck
from tests.documents.pdfcheck import poppler_text
from tests.services.conftest import person
from tests.services.test_letters import ARABIC_NAME, PROFILE

HEALTH_NOTE = "Slaapt slecht sinds de reis; de huisarts weet ervan."
NOA = "NOA-vragenlijst: concentratieproblemen."
ANSWERS = {
    "taal.lezen": "a1",
    "opleiding_werk.opleidingsniveau": "beroepsonderwijs",
    "opleiding_werk.jaren_onderwijs": "12",
    "opleiding_werk.werkervaring": "vakwerk",
    "opleiding_werk.beroep": "Kapper",
    "gezondheid.beperkingen": "lichamelijk",
    "gezondheid.toelichting": HEALTH_NOTE,
    "financien.inkomen": "participatiewet",
}


@pytest.fixture
def dossier_id(ctx: AppContext) -> int:
    settings.save_profile(ctx, PROFILE)
    dossier_id = dossiers.create_dossier(ctx, person(name_original_script=ARABIC_NAME))
    with ctx.db.transaction() as session:
        for key, value in ANSWERS.items():
            session.add(
                IntakeAnswer(
                    dossier_id=dossier_id,
                    field_key=key,
                    value=value,
                    special=FIELDS_BY_KEY[key].special,
                )
            )
        session.add(
            Intake(
                dossier_id=dossier_id,
                toets_date=dt.date(2026, 10, 8),
                toets_outcome=ToetsOutcome.HOOG,
                interview_alone_informed_on=dt.date(2026, 10, 1),
            )
        )
        session.add(
            CoaHandover(
                dossier_id=dossier_id,
                noa_summary=NOA,
                consent_to_share=True,
                consent_on=dt.date(2026, 9, 1),
            )
        )
        session.add(
            HouseholdMember(
                dossier_id=dossier_id,
                relation=HouseholdRelation.CHILD,
                name="Amal Proefnaam",
                birth_date=dt.date(2023, 2, 1),
            )
        )
    return dossier_id


def report(ctx: AppContext, dossier_id: int, language: str = "nl", **fields: bool) -> str:
    prepared = letters.prepare(ctx, dossier_id, "intake_verslag", language, fields)
    assert prepared.languages == "nl" and prepared.language == "nl"
    return " ".join(poppler_text(prepared.pdf).split())


def test_the_report_leaves_out_a_health_answer_by_default(ctx: AppContext, dossier_id: int) -> None:
    # Asked in Arabic, made in Dutch: a document for the file, not for the client.
    text = report(ctx, dossier_id, "ar")
    for expected in (
        "Verslag brede intake",
        "Intern dossierstuk",
        "Zwaantje Proefnaam",
        ARABIC_NAME,
        "Niveau Nederlands: lezen A1",
        "Hoogste opleiding Beroepsonderwijs (zoals mbo)",
        "Werkervaring Geschoold vakwerk",
        "Beroep of soort werk Kapper",
        "Inkomen Uitkering Participatiewet (bijstand)",
        "afgenomen op 8 oktober 2026, uitkomst: Hoog",
        "Toestemming om gegevens te delen ja, op 1 september 2026",
        "Amal Proefnaam, geboren 1 februari 2023",
        "Bijzondere persoonsgegevens (AVG art. 9) staan niet in dit verslag",
    ):
        assert expected in text, expected
    for secret in ("Lichamelijke beperkingen", HEALTH_NOTE, NOA):
        assert secret not in text, secret
    assert "met bijzondere persoonsgegevens" not in text


def test_the_report_includes_the_health_answer_on_request(ctx: AppContext, dossier_id: int) -> None:
    prepared = letters.prepare(ctx, dossier_id, "intake_verslag", "nl", {"include_special": True})
    assert prepared.title == "Verslag brede intake, met bijzondere persoonsgegevens"
    text = " ".join(poppler_text(prepared.pdf).split())
    special = text.index("Bijzondere persoonsgegevens (AVG art. 9) Dit deel bevat")
    for secret in ("Lichamelijke beperkingen", HEALTH_NOTE, NOA):
        assert text.index(secret) > special, secret
    assert "bijzondere persoonsgegevens" in pdfcheck.pdfa_facts(prepared.pdf).info["Keywords"]
    assert all(embedded for _name, _type, embedded in pdfcheck.pdffonts(prepared.pdf))
    letter_id = letters.issue(ctx, prepared, dossier_id, "intake_verslag")
    [kept] = letters.list_letters(ctx, dossier_id)
    assert (kept.id, kept.languages, kept.label) == (
        letter_id,
        ("nl",),
        "Verslag brede intake (voor het dossier)",
    )


def test_a_dossier_without_intake_records_still_gets_a_report(ctx: AppContext) -> None:
    settings.save_profile(ctx, PROFILE)
    dossier_id = dossiers.create_dossier(ctx, person())
    text = report(ctx, dossier_id)
    assert "Er is geen warme overdracht van COA vastgelegd." in text
    assert "Leerbaarheidstoets niet vastgelegd" in text
    assert "Nog open om de brede intake af te ronden" in text


def test_the_report_is_offered_as_dutch_only(ctx: AppContext) -> None:
    info = {i.name: i for i in letters.letter_types()}["intake_verslag"]
    assert info.available and info.dutch_only
    assert letters.TYPE_FIELDS["intake_verslag"] == ("include_special",)
