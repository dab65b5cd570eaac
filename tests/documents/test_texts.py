"""The letter types: every letter renders in every language, data goes in literally, and
right-to-left sections isolate dates, amounts and names.

Names and places are synthetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency

from inburgering_desktop.documents import texts as T
from inburgering_desktop.documents.blocks import (
    Block,
    BulletList,
    Heading,
    KeyValueTable,
    Paragraph,
    Signature,
    Spacer,
)
from inburgering_desktop.documents.letter_types import (
    FSI,
    LETTER_TYPES,
    LRI,
    PDI,
    Appointment,
    Contact,
    CostKind,
    FixedCostLine,
    FreeLetterData,
    GuidanceArrangement,
    IncompleteTranslation,
    IntakeInvitationData,
    Leerroute,
    LetterBasics,
    LetterContent,
    MeetingInvitationData,
    ModuleArrangement,
    OntzorgenArrangement,
    OntzorgenOverviewData,
    ParticipationActivity,
    PipBeschikkingData,
    PreschoolArrangement,
    Signer,
    WarningData,
    WarningGround,
    ZRouteHours,
    bilingual,
    overzicht_ontzorgen,
    pip_beschikking,
    uitnodiging_brede_intake,
    uitnodiging_voortgangsgesprek,
    vrije_brief,
    waarschuwing,
)
from inburgering_desktop.documents.texts import LETTER_LANGUAGES, RTL_LANGUAGES, LetterCatalog

NAME = '<Fatou> & "Zoë" N\'Diaye-Ba'
LONG_WORD = "Langeafstandsvrijwilligerswerkcoördinatiebijeenkomst" * 4  # 208 letters, no space
assert len(LONG_WORD) >= 200
ARABIC_NAME = "أحمد التجربة"
MUNICIPALITY = "Proefstad"
REFERENCE = "INB-2025-0042"
PHONE = "+31 6 1234 5678"
EMAIL = "m.deproef@proefstad.example"
LOCATION = "Stadhuis, Markt 1 & <zaal 3>, 9999 ZZ Proefstad"
LETTER_DATE = dt.date(2025, 4, 10)
CONTROLS = {LRI, FSI, PDI}


def basics(name: str = NAME) -> LetterBasics:
    return LetterBasics(
        recipient_name=name,
        municipality=MUNICIPALITY,
        letter_date=LETTER_DATE,
        reference=REFERENCE,
        contact=Contact("M. de Proef", PHONE, EMAIL),
        signer=Signer("M. de Proef"),
    )


APPOINTMENT = Appointment(dt.date(2025, 4, 24), dt.time(9, 30), LOCATION, interpreter=True)

PIP = PipBeschikkingData(
    basics=basics(),
    leerroute=Leerroute.B1,
    termijn_start=dt.date(2025, 4, 11),
    termijn_end=dt.date(2028, 4, 10),
    objection_address="Postbus 1234, 9999 ZZ Proefstad",
    pip_fine_applies=True,
    language_provider=LONG_WORD,
    route_start=dt.date(2025, 6, 2),
    route_hours_per_week=12,
    route_paid=True,
    knm=True,
    map=ModuleArrangement("Werkplein <Proefstad>", 40),
    pvt=ModuleArrangement('Stichting "Samen" & Co', 12),
    ontzorgen=OntzorgenArrangement(
        months=4,
        minimum_months=6,
        shorter_reason="De uitkering stopt in september: zij gaat dan werken.",
        financial_guidance_start=dt.date(2025, 9, 1),
    ),
    social_guidance=GuidanceArrangement(
        "VluchtelingenWerk Proefstad", dt.date(2025, 5, 15), dt.date(2026, 5, 14)
    ),
    preschool=(
        PreschoolArrangement("Amal", "Peuteropvang De Boomhut, twee ochtenden per week."),
        PreschoolArrangement("Yonas"),
    ),
    participation_activities=(
        ParticipationActivity("Vrijwilligerswerk bij de voedselbank", 4),
        ParticipationActivity("Taalcafé in de bibliotheek"),
    ),
    other_agreements=("Zwemles voor de kinderen via het Jeugdfonds.",),
)

ONTZORGEN = OntzorgenOverviewData(
    basics=basics(),
    lines=(
        FixedCostLine(CostKind.HUUR, "Woonstichting De Proef", 65000, dt.date(2025, 5, 1),
                      dt.date(2025, 10, 1)),
        FixedCostLine(CostKind.ZORGVERZEKERING, "Zorgverzekeraar Proef", 13895,
                      dt.date(2025, 5, 1), dt.date(2026, 4, 1)),
        FixedCostLine(CostKind.OVERIG, "Verzekeraar & Zn.", 1250, dt.date(2025, 6, 1),
                      dt.date(2025, 11, 1), description="Inboedelverzekering"),
    ),
)  # fmt: skip

WARNING = WarningData(
    basics=basics(),
    ground=WarningGround.BREDE_INTAKE,
    fact_date=dt.date(2025, 3, 27),
    respond_before=dt.date(2025, 4, 24),
    max_fine_cents=25000,
    new_appointment=APPOINTMENT,
    details="U liet weten dat u ziek was,\nmaar wij kregen geen nieuwe afspraak van u.",
)

FREE = FreeLetterData(
    basics=basics(),
    subject="Uw vraag over <de> bus & trein",
    body=f"Eerste alinea met {LONG_WORD}.\n\nTweede alinea,\nmet een regelovergang.\n\n\n",
)

CASES: dict[str, tuple[Callable[..., LetterContent], Any]] = {
    "uitnodiging_brede_intake": (
        uitnodiging_brede_intake,
        IntakeInvitationData(basics(), APPOINTMENT),
    ),
    "pip_beschikking": (pip_beschikking, PIP),
    "uitnodiging_voortgangsgesprek": (
        uitnodiging_voortgangsgesprek,
        MeetingInvitationData(basics(), APPOINTMENT),
    ),
    "overzicht_ontzorgen": (overzicht_ontzorgen, ONTZORGEN),
    "waarschuwing": (waarschuwing, WARNING),
    "vrije_brief": (vrije_brief, FREE),
}


def block_texts(block: Block) -> Iterator[str]:
    if isinstance(block, (Heading, Paragraph)):
        yield block.text
    elif isinstance(block, KeyValueTable):
        for key, value in block.rows:
            yield key
            yield value
    elif isinstance(block, BulletList):
        yield from block.items
    elif isinstance(block, Signature):
        yield block.name
        yield block.title
    else:
        assert isinstance(block, Spacer)


def all_texts(content: LetterContent) -> list[str]:
    texts = [content.heading, content.date_line]
    if content.binding_note:
        texts.append(content.binding_note)
    for block in content.blocks:
        texts.extend(block_texts(block))
    return texts


def render(kind: str, lang: str) -> LetterContent:
    letter, data = CASES[kind]
    return letter(data, LetterCatalog.load(lang))


def test_every_letter_type_is_covered() -> None:
    assert set(CASES) == set(LETTER_TYPES)
    for kind, (letter, _data) in CASES.items():
        assert LETTER_TYPES[kind] is letter


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
@pytest.mark.parametrize("kind", sorted(CASES))
def test_letter_renders_in_every_language(kind: str, lang: str) -> None:
    content = render(kind, lang)
    catalog = LetterCatalog.load(lang)
    assert content.language == lang
    assert content.direction == ("rtl" if lang in RTL_LANGUAGES else "ltr")
    kinds = (Heading, Paragraph, KeyValueTable, BulletList, Signature, Spacer)
    assert content.blocks and all(isinstance(b, kinds) for b in content.blocks)
    assert isinstance(content.blocks[-1], Signature)
    texts = all_texts(content)
    assert all(isinstance(t, str) and t.strip() for t in texts)
    # Every placeholder was filled: no "{name}" reaches paper (the test data has no braces).
    assert not [t for t in texts if "{" in t or "}" in t]
    if lang == T.SOURCE_LANGUAGE:
        assert content.binding_note is None
    else:
        assert content.binding_note == catalog.gettext(T.LEGALLY_BINDING)
        assert content.binding_note != T.LEGALLY_BINDING
    flat = content.all_blocks()
    assert isinstance(flat[0], Heading) and flat[0].text == content.heading


@pytest.mark.parametrize("lang", [code for code in LETTER_LANGUAGES if code != "nl"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_translation_has_the_structure_of_the_dutch_letter(kind: str, lang: str) -> None:
    """Same blocks in the same order, same number of rows and items: the translated section
    cannot say more or less than the Dutch one."""

    def shape(blocks: Iterable[Block]) -> list[tuple[str, int]]:
        return [(type(b).__name__, len(list(block_texts(b)))) for b in blocks]

    dutch, translated = render(kind, "nl"), render(kind, lang)
    # The not-translated note is the one block only a translated section has.
    note = LetterCatalog.load(lang).gettext(T.NOT_TRANSLATED)
    kept = [b for b in translated.blocks if not (isinstance(b, Paragraph) and b.text == note)]
    assert shape(dutch.blocks) == shape(kept)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_dutch_section_contains_the_data_literally(kind: str) -> None:
    content = render(kind, "nl")
    joined = "\n".join(all_texts(content))
    assert not CONTROLS & set(joined), "no isolates around Latin data in a Dutch section"
    for value in (NAME, MUNICIPALITY, REFERENCE, PHONE, EMAIL, "10 april 2025"):
        assert value in joined, value
    assert f"Geachte {NAME}," in joined


def test_dutch_pip_states_every_part() -> None:
    joined = "\n".join(all_texts(render("pip_beschikking", "nl")))
    for value in (
        LONG_WORD,
        "Start: 2 juni 2025. Omvang: 12 uur per week. De gemeente betaalt uw lessen.",
        "Kennis van de Nederlandse Maatschappij (KNM)",
        "Werkplein <Proefstad>",
        'Stichting "Samen" & Co',
        "Praktijk: 40 uur. Aanbieder: Werkplein <Proefstad>.",
        "Omvang: 12 uur. Aanbieder: Stichting",
        "4 maanden lang",
        "Dat is korter dan de gewone duur van 6 maanden. De reden: De uitkering stopt in "
        "september: zij gaat dan werken.",
        "Begeleiding naar financiële zelfredzaamheid: vanaf 1 september 2025",
        "VluchtelingenWerk Proefstad helpt u",
        "Periode: van 15 mei 2025 tot en met 14 mei 2026.",
        "uw kind Amal",
        "Afspraak: Peuteropvang De Boomhut, twee ochtenden per week.",
        "uw kind Yonas",
        "Vrijwilligerswerk bij de voedselbank (4 uur per week)",
        "Taalcafé in de bibliotheek",
        "Zwemles voor de kinderen via het Jeugdfonds.",
        "Versie van het PIP",
        "begint op 11 april 2025 en eindigt op 10 april 2028.",
        "binnen 6 weken",
        "Postbus 1234, 9999 ZZ Proefstad",
        "college van burgemeester en wethouders van Proefstad",
        "DUO",
        "boete",
    ):
        assert value in joined, value


def test_pip_fine_is_only_mentioned_when_it_applies() -> None:
    from dataclasses import replace

    without = pip_beschikking(replace(PIP, pip_fine_applies=False), LetterCatalog.load("nl"))
    assert T.PIP_FINE not in all_texts(without)
    assert T.PIP_FINE in all_texts(render("pip_beschikking", "nl"))


def test_optional_pip_parts_are_left_out() -> None:
    minimal = PipBeschikkingData(
        basics=basics(),
        leerroute=Leerroute.Z_ROUTE,
        termijn_start=dt.date(2025, 4, 11),
        termijn_end=dt.date(2028, 4, 10),
        objection_address="Postbus 1234, 9999 ZZ Proefstad",
        pip_fine_applies=False,
    )
    content = pip_beschikking(minimal, LetterCatalog.load("en"))
    agreements = next(b for b in content.blocks if isinstance(b, BulletList))
    assert agreements.items == (LetterCatalog.load("en").gettext(T.ROUTE_Z),)
    assert LetterCatalog.load("en").gettext(T.NOT_TRANSLATED) not in all_texts(content)


def test_a_later_version_says_why_it_changed_and_that_the_termijn_stays() -> None:
    from dataclasses import replace

    reason = "Overstap naar de Z-route: B1 bleek niet haalbaar."
    second = replace(PIP, version=2, change_reason=reason)
    content = pip_beschikking(second, LetterCatalog.load("nl"))
    dutch = all_texts(content)
    assert T.PIP_CHANGED in dutch and T.TERMIJN_UNCHANGED in dutch
    assert f"De reden van de wijziging: {reason}" in dutch
    table = next(b for b in content.blocks if isinstance(b, KeyValueTable))
    assert ("Versie van het PIP", "2") in table.rows
    first = all_texts(render("pip_beschikking", "nl"))
    assert T.PIP_CHANGED not in first and T.TERMIJN_UNCHANGED not in first
    # A translated section keeps the Dutch reason and says, in its language, that it is Dutch.
    arabic = LetterCatalog.load("ar")
    texts = "\n".join(all_texts(pip_beschikking(second, arabic)))
    marked = arabic.gettext(T.IN_DUTCH).format(text=f"{FSI}{reason}{PDI}")
    assert arabic.gettext(T.PIP_CHANGE_REASON).format(reason=marked) in texts
    assert arabic.gettext(T.TERMIJN_UNCHANGED) in texts


def test_who_pays_the_route_and_the_z_route_hours() -> None:
    from dataclasses import replace

    family = replace(
        PIP,
        leerroute=Leerroute.Z_ROUTE,
        route_paid=False,
        z_route=ZRouteHours(800, 0),
        pip_fine_applies=False,
        social_guidance=GuidanceArrangement(start=dt.date(2025, 5, 15)),
    )
    texts = "\n".join(all_texts(pip_beschikking(family, LetterCatalog.load("nl"))))
    assert T.ROUTE_SELF_PAID in texts and T.ROUTE_PAID not in texts
    assert "Urenplan voor de Z-route: in totaal 800 uur Nederlands, met KNM. Deze" in texts
    assert "activiteiten om mee te doen in de maatschappij. Deze uren" not in texts
    assert T.SOCIAL_GUIDANCE_GENERAL + " Periode: vanaf 15 mei 2025." in texts
    asylum = replace(family, route_paid=True, z_route=ZRouteHours(800, 800))
    texts = "\n".join(all_texts(pip_beschikking(asylum, LetterCatalog.load("nl"))))
    assert "in totaal 800 uur Nederlands, met KNM, en 800 uur activiteiten" in texts
    # The hours plan belongs to the Z-route only.
    b1 = replace(asylum, leerroute=Leerroute.B1)
    assert "Urenplan" not in "\n".join(all_texts(pip_beschikking(b1, LetterCatalog.load("nl"))))
    # Nothing said about payment when it is not known.
    unknown = replace(PIP, route_paid=None)
    texts = "\n".join(all_texts(pip_beschikking(unknown, LetterCatalog.load("nl"))))
    assert T.ROUTE_PAID not in texts and T.ROUTE_SELF_PAID not in texts


def test_ontzorgen_reason_only_when_shorter_than_the_minimum() -> None:
    from dataclasses import replace

    assert PIP.ontzorgen is not None
    six = replace(PIP, ontzorgen=replace(PIP.ontzorgen, months=6))
    texts = "\n".join(all_texts(pip_beschikking(six, LetterCatalog.load("nl"))))
    assert "6 maanden lang" in texts and "korter dan" not in texts
    assert "De uitkering stopt in september" not in texts


def test_dutch_amounts_and_months_in_the_ontzorgen_overview() -> None:
    joined = "\n".join(all_texts(render("overzicht_ontzorgen", "nl")))
    nbsp = "\N{NO-BREAK SPACE}"
    for value in (f"€{nbsp}650,00", f"€{nbsp}138,95", f"€{nbsp}12,50", "mei 2025", "oktober 2025",
                  "april 2026", "Woonstichting De Proef", "Verzekeraar & Zn.",
                  "Inboedelverzekering"):  # fmt: skip
        assert value in joined, value


def test_dutch_warning_is_a_warning_with_the_right_to_respond() -> None:
    content = render("waarschuwing", "nl")
    texts = all_texts(content)
    joined = "\n".join(texts)
    assert "27 maart 2025" in joined and "vóór 24 april 2025" in joined
    assert T.WARNING_NOT_A_FINE in texts
    assert "maximaal €\N{NO-BREAK SPACE}250,00" in joined
    assert "donderdag 24 april 2025" in joined  # the new appointment, with its weekday
    assert "U liet weten dat u ziek was,\nmaar wij kregen geen nieuwe afspraak van u." in texts
    assert T.WARNING_DUTY_INTAKE in texts and T.WARNING_DUTY_PIP not in texts


def test_free_letter_keeps_the_dutch_text_in_every_section() -> None:
    for lang in ("nl", "en", "ar", "ti"):
        content = render("vrije_brief", lang)
        paragraphs = [b for b in content.blocks if isinstance(b, Paragraph)]
        body = [p for p in paragraphs if p.direction == "ltr"]
        assert [p.text for p in body] == [
            f"Eerste alinea met {LONG_WORD}.",
            "Tweede alinea,\nmet een regelovergang.",
        ]
        note = LetterCatalog.load(lang).gettext(T.NOT_TRANSLATED)
        texts = [p.text for p in paragraphs]
        if lang == "nl":
            assert T.NOT_TRANSLATED not in texts
        else:
            # The note comes right before the Dutch body.
            assert texts.index(note) == texts.index(body[0].text) - 1
        subject = dict(content.blocks[0].rows)[  # type: ignore[attr-defined]
            LetterCatalog.load(lang).gettext(T.LABEL_SUBJECT)
        ]
        assert FREE.subject in subject


@pytest.mark.parametrize("lang", sorted(RTL_LANGUAGES))
def test_rtl_sections_isolate_dates_amounts_and_names(lang: str) -> None:
    catalog = LetterCatalog.load(lang)
    locale = catalog.locale

    def date(d: dt.date, width: str = "long") -> str:
        return f"{FSI}{format_date(d, width, locale=locale)}{PDI}"

    def money(cents: int) -> str:
        amount = format_currency(Decimal(cents).scaleb(-2), "EUR", locale=locale)
        return f"{LRI}{amount}{PDI}"

    warning = "\n".join(all_texts(render("waarschuwing", lang)))
    for expected in (date(WARNING.fact_date), date(WARNING.respond_before), money(25000),
                     date(APPOINTMENT.date, "full"), f"{FSI}{NAME}{PDI}", f"{FSI}{LOCATION}{PDI}",
                     f"{LRI}{PHONE}{PDI}", f"{LRI}{EMAIL}{PDI}", f"{LRI}{REFERENCE}{PDI}",
                     date(LETTER_DATE)):  # fmt: skip
        assert expected in warning, (lang, expected)

    pip = "\n".join(all_texts(render("pip_beschikking", lang)))
    activity = PIP.participation_activities[0].description
    for expected in (date(PIP.termijn_start), date(PIP.termijn_end), f"{FSI}{LONG_WORD}{PDI}",
                     f"{FSI}{activity}{PDI}"):  # fmt: skip
        assert expected in pip, (lang, expected)

    overview = "\n".join(all_texts(render("overzicht_ontzorgen", lang)))
    month = format_skeleton("yMMMM", dt.date(2025, 5, 1), locale=locale)
    assert money(65000) in overview and f"{FSI}{month}{PDI}" in overview

    # Every isolate is closed, and nothing outside them is a bare date or amount.
    for text in all_texts(render("pip_beschikking", lang)) + warning.split("\n"):
        assert text.count(PDI) == text.count(LRI) + text.count(FSI), text


@pytest.mark.parametrize("lang", [c for c in LETTER_LANGUAGES if c not in RTL_LANGUAGES])
def test_ltr_sections_isolate_only_right_to_left_data(lang: str) -> None:
    letter, data = CASES["uitnodiging_brede_intake"]
    latin = "\n".join(all_texts(letter(data, LetterCatalog.load(lang))))
    assert not CONTROLS & set(latin)
    arabic = IntakeInvitationData(basics(ARABIC_NAME), APPOINTMENT)
    texts = all_texts(uitnodiging_brede_intake(arabic, LetterCatalog.load(lang)))
    assert any(f"{FSI}{ARABIC_NAME}{PDI}" in t for t in texts)


@pytest.mark.parametrize(
    ("lang", "weeks", "expected"),
    [
        ("nl", 1, "binnen 1 week na"),
        ("nl", 6, "binnen 6 weken na"),
        ("en", 1, "within 1 week of"),
        ("ru", 1, "в течение 1 недели"),
        ("ru", 6, "в течение 6 недель"),
        ("uk", 21, "протягом 21 тижня"),
        ("ar", 2, "خلال 2 أسبوعين"),
        ("ar", 6, "خلال 6 أسابيع"),
        ("ar", 11, "خلال 11 أسبوعًا"),
        ("ps", 6, "د 6 اونیو"),
    ],
)
def test_objection_period_uses_the_right_plural(lang: str, weeks: int, expected: str) -> None:
    from dataclasses import replace

    content = pip_beschikking(replace(PIP, objection_weeks=weeks), LetterCatalog.load(lang))
    assert any(expected in t for t in all_texts(content)), (lang, weeks)


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_no_double_full_stop_after_a_date(lang: str) -> None:
    for kind in CASES:
        for text in all_texts(render(kind, lang)):
            assert ".." not in text, text


def test_custom_signer_title_is_printed_as_typed() -> None:
    from dataclasses import replace

    signed = replace(basics(), signer=Signer("A. Proef", "Teamleider Inburgering & Participatie"))
    data = IntakeInvitationData(signed, APPOINTMENT)
    assert uitnodiging_brede_intake(data, LetterCatalog.load("en")).blocks[-1] == Signature(
        "A. Proef", "Teamleider Inburgering & Participatie"
    )
    standard = render("uitnodiging_brede_intake", "en").blocks[-1]
    assert standard == Signature("M. de Proef", "Civic integration coordinator")


def test_bilingual_gives_dutch_first_then_the_clients_language() -> None:
    letter, data = CASES["pip_beschikking"]
    sections = bilingual(letter, data, "ar")
    assert [s.language for s in sections] == ["nl", "ar"]
    assert [s.direction for s in sections] == ["ltr", "rtl"]
    assert [s.language for s in bilingual(letter, data, "nl")] == ["nl"]
    with pytest.raises(ValueError, match="xx"):
        bilingual(letter, data, "xx")


def test_bilingual_refuses_an_incomplete_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    from io import BytesIO

    from babel.messages.pofile import read_po, write_po

    with T.po_path("so").open("rb") as po:
        catalog = read_po(po)
    catalog.delete(T.WARNING_PROCEDURE)
    buffer = BytesIO()
    write_po(buffer, catalog)
    monkeypatch.setattr(
        LetterCatalog, "_cache", {"so": LetterCatalog.from_po(buffer.getvalue(), "so")}
    )
    letter, data = CASES["waarschuwing"]
    with pytest.raises(IncompleteTranslation) as raised:
        bilingual(letter, data, "so")
    assert raised.value.missing == [T.WARNING_PROCEDURE]


def test_data_refuses_floats_and_datetimes() -> None:
    with pytest.raises(TypeError):
        FixedCostLine(CostKind.HUUR, "X", 650.0, dt.date(2025, 5, 1), dt.date(2025, 6, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        FixedCostLine(CostKind.HUUR, "X", True, dt.date(2025, 5, 1), dt.date(2025, 6, 1))
    with pytest.raises(TypeError):
        LetterBasics(NAME, MUNICIPALITY, dt.datetime(2025, 4, 10, 9, 0), REFERENCE,
                     Contact("a", "b", "c"), Signer("d"))  # fmt: skip
    with pytest.raises(ValueError):
        FixedCostLine(CostKind.HUUR, "X", 100, dt.date(2025, 6, 1), dt.date(2025, 5, 31))
    with pytest.raises(ValueError):
        from dataclasses import replace

        replace(PIP, termijn_end=dt.date(2025, 1, 1))
