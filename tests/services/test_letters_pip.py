"""The PIP beschikking made from a stored PIP version: every component of the version, in Dutch
and in the client's language, the termijn from the FIRST vastgestelde PIP, the bezwaar clause,
dated on the version's dagtekening; a concept or another dossier's version is refused.

The versions are written straight into the store (the pip service is not needed for reading
them). Names, providers and the municipality are synthetic. The Arabic and Tigrinya letters are
also written to /tmp/letters/ (PDF and, where pdftoppm exists, PNG pages) for a person to look
at.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from babel.dates import format_date

from inburgering_desktop.documents import texts as T
from inburgering_desktop.documents.texts import LetterCatalog
from inburgering_desktop.domain.enums import Leerroute, PipVersionStatus
from inburgering_desktop.domain.pip import (
    GuidanceAgreement,
    ModuleAgreement,
    OntzorgenAgreement,
    PipContent,
    RouteAgreement,
)
from inburgering_desktop.services import dossiers, letters, settings
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import NotFoundError, ServiceError, ValidationFailed
from inburgering_desktop.store.models import Dossier, PipVersion
from tests.documents import pdfcheck
from tests.documents.pdfcheck import poppler_text
from tests.services.conftest import person
from tests.services.test_letters import ARABIC_NAME, PROFILE

SHOT_DIR = Path("/tmp/letters")
FIRST_PIP = dt.date(2025, 4, 10)
SECOND_PIP = dt.date(2026, 1, 15)
CHANGE_REASON = "Overstap naar de Z-route: B1 bleek na een half jaar niet haalbaar."
SHORTER = "De uitkering stopt in september, omdat zij dan gaat werken."
ARRANGEMENT = "Peuteropvang De Boomhut, twee ochtenden per week."

CONTENT = PipContent(
    leerroute=RouteAgreement(
        route=Leerroute.B1,
        provider="Taalhuis Proefstad",
        start=dt.date(2025, 6, 2),
        hours_per_week=12,
        paid=True,
    ),
    knm=True,
    map=ModuleAgreement(provider="Werkplein Proefstad", hours=40),
    pvt=ModuleAgreement(provider="Stichting Samen Proefstad", hours=12),
    ontzorgen=OntzorgenAgreement(
        months=4, shorter_reason=SHORTER, financial_guidance_start=dt.date(2025, 9, 1)
    ),
    maatschappelijke_begeleiding=GuidanceAgreement(
        organisation="VluchtelingenWerk Proefstad",
        start=dt.date(2025, 5, 15),
        end=dt.date(2026, 5, 14),
    ),
    voorschoolse_educatie=(("Amal", ARRANGEMENT),),
    participatie=(("Vrijwilligerswerk bij de voedselbank", 4), ("Taalcafé in de bibliotheek", 2)),
    overige_afspraken=("Zwemles voor de kinderen via het Jeugdfonds.",),
    route_motivation="Past bij de uitkomst van de leerbaarheidstoets.",
)
Z_CONTENT = PipContent(
    leerroute=RouteAgreement(
        route=Leerroute.Z_ROUTE, provider="Taalhuis Proefstad", hours_per_week=8, paid=True
    ),
    knm=True,
    pvt=ModuleAgreement(provider="Stichting Samen Proefstad", hours=12),
    participatie=(("Vrijwilligerswerk bij de voedselbank", 6),),
)

# Every component of CONTENT as the Dutch section must state it (whitespace normalised).
DUTCH_PARTS = (
    "Leerroute: de B1-route.",
    "Uw lessen krijgt u bij Taalhuis Proefstad. Start: 2 juni 2025. Omvang: 12 uur per week. "
    "De gemeente betaalt uw lessen.",
    "Kennis van de Nederlandse Maatschappij (KNM)",
    "Module Arbeidsmarkt en Participatie (MAP)",
    "Praktijk: 40 uur. Aanbieder: Werkplein Proefstad.",
    "Participatieverklaringstraject (PVT)",
    "Omvang: 12 uur. Aanbieder: Stichting Samen Proefstad.",
    "de gemeente betaalt 4 maanden lang uw vaste lasten",
    f"Dat is korter dan de gewone duur van 6 maanden. De reden: {SHORTER}",
    "Begeleiding naar financiële zelfredzaamheid: vanaf 1 september 2025",
    "Maatschappelijke begeleiding: VluchtelingenWerk Proefstad helpt u",
    "Periode: van 15 mei 2025 tot en met 14 mei 2026.",
    "Voorschoolse educatie: uw kind Amal gaat naar de voorschoolse educatie.",
    f"Afspraak: {ARRANGEMENT}",
    "Vrijwilligerswerk bij de voedselbank (4 uur per week)",
    "Taalcafé in de bibliotheek (2 uur per week)",
    "Zwemles voor de kinderen via het Jeugdfonds.",
    "Versie van het PIP 1",
    "Datum: 10 april 2025",
    "Uw inburgeringstermijn begint op 11 april 2025 en eindigt op 10 april 2028.",
    "Daarna kan het college u een boete geven.",
    "Dan kunt u bezwaar maken. Stuur uw bezwaar binnen 6 weken na de datum van deze brief naar "
    "het college van burgemeester en wethouders van Proefstad, Postbus 1234, 9999 ZZ Proefstad.",
    "Met vriendelijke groet,",
    "M. de Proef",
    "Klantregisseur inburgering",
)


@pytest.fixture
def dossier_id(ctx: AppContext) -> int:
    settings.save_profile(ctx, PROFILE)
    return dossiers.create_dossier(
        ctx,
        person(
            name_original_script=ARABIC_NAME,
            street="Proefstraat",
            house_number="12",
            postal_code="9999 AA",
            city="Proefstad",
        ),
    )


def add_version(
    ctx: AppContext,
    dossier_id: int,
    number: int,
    content: PipContent,
    dagtekening: dt.date | None,
    *,
    reason: str = "",
) -> int:
    """A PIP version as the pip service stores it; the first vastgestelde one sets the
    dossier's first_pip_date."""
    status = PipVersionStatus.CONCEPT if dagtekening is None else PipVersionStatus.VASTGESTELD
    with ctx.db.transaction() as session:
        version = PipVersion(
            dossier_id=dossier_id,
            number=number,
            status=status,
            dagtekening=dagtekening,
            reason=reason,
            leerroute=content.leerroute.route if content.leerroute else None,
            content=json.dumps(content.to_dict()),
        )
        session.add(version)
        dossier = session.get(Dossier, dossier_id)
        assert dossier is not None
        if dagtekening is not None and dossier.first_pip_date is None:
            dossier.first_pip_date = dagtekening
        session.flush()
        return version.id


def flat(text: str) -> str:
    return " ".join(text.split())


def section_text(pdf: bytes, heading_word: str) -> str:
    """The text of the pages from the first one holding `heading_word` on."""
    pages = pdfcheck.pdfa_facts(pdf).page_count
    texts = [poppler_text(pdf, page) for page in range(1, pages + 1)]
    start = next(i for i, text in enumerate(texts) if heading_word in text)
    return "\n".join(texts[start:])


def translated_words(catalog: LetterCatalog, message: str | T.Plural, n: int = 6) -> list[str]:
    """The words of a translation, placeholders left out. Words with a vowel mark (Arabic
    "مثلًا") are skipped: pdftotext puts a mark drawn over a neighbouring letter out of order;
    they are checked by eye on the rendered pages."""
    text = catalog.plural(message, n) if isinstance(message, T.Plural) else catalog.gettext(message)
    words = pdfcheck.letter_words(re.sub(r"\{[^{}]*\}", " ", text))
    return [w for w in words if not any(unicodedata.category(c) == "Mn" for c in w)]


def words_in_order(expected: str, text: str) -> bool:
    """Whether the words of `expected` occur in `text` in that order, as substrings: poppler
    glues a Latin word to the Arabic one beside it ("السببDe") and breaks lines in between."""
    position = 0
    for word in pdfcheck.letter_words(expected):
        found = text.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


def keep_for_a_person(name: str, pdf: bytes) -> None:
    SHOT_DIR.mkdir(parents=True, exist_ok=True)
    target = SHOT_DIR / f"{name}.pdf"
    target.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        for old in SHOT_DIR.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(target), str(SHOT_DIR / name)], check=True
        )


def test_the_beschikking_states_every_component_of_the_version_in_dutch_and_arabic(
    ctx: AppContext, dossier_id: int
) -> None:
    version_id = add_version(ctx, dossier_id, 1, CONTENT, FIRST_PIP)
    prepared = letters.prepare_pip_beschikking(ctx, dossier_id, version_id)
    assert (prepared.letter_type, prepared.languages) == ("pip_beschikking", "nl+ar")
    assert prepared.issued_on == FIRST_PIP  # dated on the dagtekening, not today
    assert prepared.pip_version_id == version_id
    keep_for_a_person("pip_beschikking_ar", prepared.pdf)

    dutch = flat(poppler_text(prepared.pdf))
    missing = [part for part in DUTCH_PARTS if part not in dutch]
    assert not missing, missing

    arabic = LetterCatalog.load("ar")
    arabic_heading = pdfcheck.letter_words(arabic.gettext(T.PIP_TITLE))[0]
    translated = section_text(prepared.pdf, arabic_heading)
    assert "Leerroute: de B1-route" not in translated
    for message in (
        T.ROUTE_B1,
        T.ROUTE_PROVIDER,
        T.DETAIL_START,
        T.HOURS_PER_WEEK,
        T.ROUTE_PAID,
        T.KNM,
        T.MAP,
        T.DETAIL_PRACTICE,
        T.PVT,
        T.ONTZORGEN,
        T.ONTZORGEN_SHORTER,
        T.FINANCIAL_GUIDANCE,
        T.SOCIAL_GUIDANCE,
        T.PERIOD_FROM_TO,
        T.PRESCHOOL,
        T.PRESCHOOL_ARRANGEMENT,
        T.IN_DUTCH,
        T.PARTICIPATION,
        T.OTHER_AGREEMENTS,
        T.LABEL_PIP_VERSION,
        T.TERMIJN,
        T.PIP_FINE,
        T.OBJECTION_HEADING,
        T.OBJECTION,
        T.OBJECTION_DUO,
        T.CLOSING,
        T.SIGNER_TITLE,
    ):
        absent = [w for w in translated_words(arabic, message) if w not in translated]
        assert not absent, (message, absent)
    # The Dutch texts the consultant typed stay Dutch in the Arabic section; the termijn's end
    # is the Arabic date.
    for typed in (SHORTER, ARRANGEMENT, "Vrijwilligerswerk bij de voedselbank"):
        assert words_in_order(typed, translated), typed
    end = format_date(dt.date(2028, 4, 10), "long", locale="ar")
    assert all(word in translated for word in pdfcheck.letter_words(end))
    assert "2028" in translated and "Postbus 1234, 9999 ZZ Proefstad" in flat(translated)
    assert "M. de Proef" in translated

    facts = pdfcheck.pdfa_facts(prepared.pdf)
    assert (facts.part, facts.conformance) == ("2", "B")
    assert facts.fonts_without_file == []
    assert all(embedded for _name, _type, embedded in pdfcheck.pdffonts(prepared.pdf))
    letter_id = letters.issue(ctx, prepared, dossier_id, "pip_beschikking")
    [kept] = letters.list_letters(ctx, dossier_id)
    assert (kept.id, kept.issued_on) == (letter_id, FIRST_PIP)
    # Kept and linked to its version in one step, whichever screen made it.
    with ctx.db.session() as session:
        assert session.get(PipVersion, version_id).letter_id == letter_id


def test_a_tigrinya_beschikking_renders_the_geez_script(ctx: AppContext, dossier_id: int) -> None:
    version_id = add_version(ctx, dossier_id, 1, CONTENT, FIRST_PIP)
    prepared = letters.prepare_pip_beschikking(ctx, dossier_id, version_id, "ti")
    assert prepared.languages == "nl+ti"
    keep_for_a_person("pip_beschikking_ti", prepared.pdf)
    text = poppler_text(prepared.pdf)
    tigrinya = LetterCatalog.load("ti")
    for message in (T.ROUTE_B1, T.TERMIJN, T.OBJECTION, T.FINANCIAL_GUIDANCE, T.PIP_CHANGED):
        words = translated_words(tigrinya, message)
        if message is T.PIP_CHANGED:
            assert not all(w in text for w in words)  # a first version has not changed
            continue
        assert all(w in text for w in words), message
    assert "\ufffd" not in text
    assert {"NotoSansEthiopic-Regular", "NotoSansEthiopic-Bold"} <= {
        name.split("+")[-1] for name, _type, _embedded in pdfcheck.pdffonts(prepared.pdf)
    }


def test_a_second_version_states_its_reason_and_the_unchanged_termijn(
    ctx: AppContext, dossier_id: int
) -> None:
    add_version(ctx, dossier_id, 1, CONTENT, FIRST_PIP)
    second = add_version(ctx, dossier_id, 2, Z_CONTENT, SECOND_PIP, reason=CHANGE_REASON)
    prepared = letters.prepare_pip_beschikking(ctx, dossier_id, second, "ar")
    assert prepared.issued_on == SECOND_PIP
    dutch = flat(poppler_text(prepared.pdf))
    for part in (
        "Versie van het PIP 2",
        "Datum: 15 januari 2026",
        "Uw PIP is gewijzigd. Dit besluit vervangt ons vorige besluit over uw PIP.",
        f"De reden van de wijziging: {CHANGE_REASON}",
        # Counted from the FIRST PIP (Wi2021 art. 11 lid 3), not from this version's date.
        "Uw inburgeringstermijn begint op 11 april 2025 en eindigt op 10 april 2028.",
        "Door deze wijziging verandert uw inburgeringstermijn niet.",
        "Leerroute: de Z-route (zelfredzaamheidsroute).",
        "Urenplan voor de Z-route: in totaal 800 uur Nederlands, met KNM, en 800 uur "
        "activiteiten om mee te doen in de maatschappij.",
        "Omvang: 8 uur per week.",
        "Vrijwilligerswerk bij de voedselbank (6 uur per week)",
    ):
        assert part in dutch, part
    assert "Ontzorgen" not in dutch and "Module Arbeidsmarkt" not in dutch
    assert "eindigt op 15 januari 2029" not in dutch
    arabic = LetterCatalog.load("ar")
    for message in (T.PIP_CHANGED, T.PIP_CHANGE_REASON, T.TERMIJN_UNCHANGED, T.Z_ROUTE_PLAN):
        absent = [w for w in translated_words(arabic, message) if w not in dutch]
        assert not absent, (message, absent)
    assert dutch.count(CHANGE_REASON) == 2  # Dutch in both sections


def test_a_family_migrant_chooses_and_pays_the_route_and_gets_no_fine_clause(
    ctx: AppContext,
) -> None:
    settings.save_profile(ctx, PROFILE)
    dossier_id = dossiers.create_dossier(
        ctx, person(doelgroep="gezinsmigrant", pw_benefit=False, language_code="tr")
    )
    content = PipContent(
        leerroute=RouteAgreement(route=Leerroute.Z_ROUTE, hours_per_week=6), knm=True
    )
    version_id = add_version(ctx, dossier_id, 1, content, FIRST_PIP)
    prepared = letters.prepare_pip_beschikking(ctx, dossier_id, version_id)
    assert prepared.languages == "nl+tr"
    text = flat(poppler_text(prepared.pdf))
    assert (
        "U kiest zelf waar u de lessen volgt en u betaalt ze zelf. Uw leerroute staat wel in "
        "dit plan." in text
    )
    assert "De gemeente betaalt uw lessen." not in text
    assert "Urenplan voor de Z-route: in totaal 800 uur Nederlands, met KNM. Deze uren" in text
    assert "boete" not in text  # the PIP fine is for asielstatushouders only
    turkish = LetterCatalog.load("tr").gettext(T.ROUTE_SELF_PAID)
    assert flat(turkish) in text


def test_only_a_vastgestelde_version_of_this_dossier_gets_a_beschikking(
    ctx: AppContext, dossier_id: int
) -> None:
    first = add_version(ctx, dossier_id, 1, CONTENT, FIRST_PIP)
    concept = add_version(ctx, dossier_id, 2, Z_CONTENT, None, reason=CHANGE_REASON)
    with pytest.raises(ServiceError, match="Versie 2 van het PIP is nog een concept"):
        letters.prepare_pip_beschikking(ctx, dossier_id, concept)
    other = dossiers.create_dossier(ctx, person(bsn="", v_number=""))
    with pytest.raises(NotFoundError, match="hoort niet"):
        letters.prepare_pip_beschikking(ctx, other, first)
    with pytest.raises(NotFoundError, match="hoort niet"):
        letters.prepare_pip_beschikking(ctx, dossier_id, concept + 100)
    base = letters.letter_defaults(ctx, dossier_id).fields
    for value, message in (
        ("", "Kies de vastgestelde versie van het PIP"),
        ("twee", "Dit is geen versie van het PIP: twee."),
    ):
        with pytest.raises(ValidationFailed) as raised:
            letters.prepare(
                ctx, dossier_id, "pip_beschikking", "nl", {**base, "pip_version_id": value}
            )
        [error] = raised.value.errors
        assert error.field == "pip_version_id" and message in str(error)
    # The versions the letter form offers: vastgesteld only, newest first.
    newer = add_version(ctx, dossier_id, 3, Z_CONTENT, SECOND_PIP, reason=CHANGE_REASON)
    offered = letters.established_versions(ctx, dossier_id)
    assert [(v.id, v.number, v.dagtekening) for v in offered] == [
        (newer, 3, SECOND_PIP),
        (first, 1, FIRST_PIP),
    ]
    assert [v.leerroute for v in offered] == ["z_route", "b1"]


def test_the_objection_clause_needs_the_municipality_address(
    ctx: AppContext, dossier_id: int
) -> None:
    version_id = add_version(ctx, dossier_id, 1, CONTENT, FIRST_PIP)
    settings.save_profile(ctx, {**PROFILE, "street": "", "postal_code": "", "city": ""})
    with pytest.raises(ServiceError, match="adres van de gemeente"):
        letters.prepare_pip_beschikking(ctx, dossier_id, version_id, "nl")


def test_the_pip_beschikking_is_offered(ctx: AppContext) -> None:
    info = {i.name: i for i in letters.letter_types()}
    assert info["pip_beschikking"].available and not info["pip_beschikking"].dutch_only
    assert letters.TYPE_FIELDS["pip_beschikking"][0] == "pip_version_id"
