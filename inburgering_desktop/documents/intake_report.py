"""The brede intake as a report for the file: Dutch only, never sent to the client.

What the dossier holds about the brede intake (RULES.md §2.3–2.4), one page or a few: the person,
the warme overdracht from COA, each life area's answers (labels from domain/intake.FIELDS, enum
values as their Dutch labels), the leerbaarheidstoets, the two things the person must be told,
and how complete it is. Special-category data (AVG art. 9: every field marked `special`, the COA
texts in COA_SPECIAL_FIELDS and the reason of a toets exemption) is left out unless the
consultant asks for it; then it comes in a section of its own, headed as such, so that whoever
reads the file sees where it starts.

The report is an internal document in Dutch, so its texts are plain Dutch here, not letter
msgids: they have no translation, and the letters catalogs must not ask translators for one.
The field and enum labels are the program's own Dutch msgids (the screens show the same words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from inburgering_desktop.documents.blocks import (
    Block,
    BulletList,
    Heading,
    KeyValueTable,
    Paragraph,
)
from inburgering_desktop.documents.letter_types import LetterBasics, LetterContent, _Writer
from inburgering_desktop.documents.texts import LetterCatalog
from inburgering_desktop.domain.enums import Doelgroep, LifeArea, label
from inburgering_desktop.domain.intake import (
    COA_SPECIAL_FIELDS,
    CoaHandover,
    FieldKind,
    IntakeChecks,
    IntakeField,
    Leerbaarheidstoets,
    area_completeness,
    fields_in,
    is_filled,
    missing_for_finish,
    parse_answer,
    young_child_among,
)
from inburgering_desktop.domain.validation import ValidationError

TITLE = "Verslag brede intake"
TITLE_SPECIAL = "Verslag brede intake, met bijzondere persoonsgegevens"
# Where a letter has the recipient's address: this paper is not to be posted.
RECIPIENT_LINES = ("Intern dossierstuk", "Niet versturen aan de cliënt")
INTERNAL = (
    "Intern dossierstuk van de gemeente. Dit verslag is in het Nederlands en is niet bestemd "
    "voor de cliënt."
)
SPECIAL_LEFT_OUT = (
    "Bijzondere persoonsgegevens (AVG art. 9) staan niet in dit verslag: de antwoorden over "
    "gezondheid, de toelichtingen bij de levensgebieden, de reden van een vrijstelling van de "
    "leerbaarheidstoets, en de NOA-samenvatting, risicosignalen en ontvangen documenten van COA."
)
SPECIAL_HEADING = "Bijzondere persoonsgegevens (AVG art. 9)"
SPECIAL_NOTE = (
    "Dit deel bevat bijzondere persoonsgegevens, zoals gegevens over de gezondheid. Deel het "
    "alleen met wie het voor de inburgering nodig heeft, en druk het niet onnodig af."
)
NOT_FILLED = "niet ingevuld"
NOT_RECORDED = "niet vastgelegd"
YES, NO = "ja", "nee"
LONG_TEXT = 240  # longer answers (or with line breaks) are printed as a paragraph, not a row

_COA_SPECIAL_LABELS: dict[str, str] = {
    "noa_summary": "COA: samenvatting NOA",
    "risk_signals": "COA: risicosignalen",
    "documents_received": "COA: ontvangen documenten",
}
assert set(_COA_SPECIAL_LABELS) == COA_SPECIAL_FIELDS


@dataclass(frozen=True)
class Child:
    name: str
    birth_date: dt.date | None = None


@dataclass(frozen=True)
class IntakeReportData:
    """What the report states, as the store holds it: answers in their stored text form
    (domain/intake.serialize_answer), None for a record that does not exist yet."""

    basics: LetterBasics  # recipient_name is the person's name; letter_date the report's date
    name_original_script: str
    birth_date: dt.date
    doelgroep: Doelgroep
    language: str  # the language's Dutch name
    interpreter_needed: bool
    intake_start_date: dt.date | None
    intake_completed_date: dt.date | None
    answers: Mapping[str, str] = field(default_factory=dict)
    toets: Leerbaarheidstoets | None = None
    vve_informed_on: dt.date | None = None
    interview_alone_informed_on: dt.date | None = None
    handover: CoaHandover | None = None
    children: tuple[Child, ...] = ()
    author: str = ""
    include_special: bool = False


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _display(w: _Writer, f: IntakeField, stored: str | None) -> str:
    """An answer as display text: enum values as their Dutch label, dates written out."""
    if not is_filled(stored):
        return NOT_FILLED
    try:
        value = parse_answer(f, stored)
    except ValidationError:
        # Stored by an older version or an import: shown as stored rather than hidden.
        return f"{stored} (niet te lezen als antwoord op deze vraag)"
    if value is None:
        return NOT_FILLED
    if f.kind is FieldKind.CHOICE:
        return label(value)  # type: ignore[arg-type]
    if f.kind is FieldKind.BOOLEAN:
        return _yes_no(bool(value))
    if f.kind is FieldKind.DATE:
        return w.date(value)  # type: ignore[arg-type]
    if f.kind is FieldKind.TEXT:
        return w.own(str(value))
    return str(value)


def _answer_blocks(
    w: _Writer, fields: Sequence[IntakeField], answers: Mapping[str, str]
) -> list[Block]:
    """Short answers as rows of one table; long texts as a label line and their paragraph,
    since a table row cannot break over a page."""
    rows: list[tuple[str, str]] = []
    long: list[Block] = []
    for f in fields:
        text = _display(w, f, answers.get(f.key))
        if f.kind is FieldKind.TEXT and (len(text) > LONG_TEXT or "\n" in text):
            long += [Paragraph(f"{f.label}:"), Paragraph(text, direction="ltr")]
        else:
            rows.append((f.label, text))
    return ([KeyValueTable(tuple(rows))] if rows else []) + long


def _date_or(w: _Writer, value: dt.date | None, empty: str = NOT_RECORDED) -> str:
    return empty if value is None else w.date(value)


def _received(w: _Writer, received: bool, on: dt.date | None) -> str:
    if not received:
        return NO
    return f"{YES}, op {w.date(on)}" if on is not None else f"{YES} (datum {NOT_RECORDED})"


def _person(w: _Writer, data: IntakeReportData) -> list[Block]:
    basics = data.basics
    rows = [("Naam", w.own(basics.recipient_name))]
    if data.name_original_script.strip():
        rows.append(("Naam in eigen schrift", w.own(data.name_original_script.strip())))
    rows += [
        ("Kenmerk", basics.reference),
        ("Geboortedatum", w.date(data.birth_date)),
        ("Doelgroep", label(data.doelgroep)),
        ("Taal", data.language),
        ("Tolk nodig", _yes_no(data.interpreter_needed)),
        ("Start brede intake", _date_or(w, data.intake_start_date)),
        ("Brede intake afgerond", _date_or(w, data.intake_completed_date, "nog niet")),
    ]
    return [Heading("Persoon"), KeyValueTable(tuple(rows))]


def _handover(w: _Writer, handover: CoaHandover | None) -> list[Block]:
    blocks: list[Block] = [Heading("Warme overdracht van COA")]
    if handover is None:
        return [*blocks, Paragraph("Er is geen warme overdracht van COA vastgelegd.")]
    consent = (
        _received(w, handover.consent_to_share, handover.consent_on)
        if handover.consent_to_share
        else NO
    )
    rows = (
        ("Toestemming om gegevens te delen", consent),
        ("Intake in het AZC", "niet gehouden" if handover.no_intake_in_azc else "gehouden"),
        (
            "Medische overdracht (GCA) ontvangen",
            _received(w, handover.gca_received, handover.gca_received_on),
        ),
        (
            "Overdracht jeugdgezondheidszorg (JGZ) ontvangen",
            _received(w, handover.jgz_received, handover.jgz_received_on),
        ),
    )
    return [*blocks, KeyValueTable(rows)]


def _children(w: _Writer, data: IntakeReportData) -> list[Block]:
    if not data.children:
        return [KeyValueTable((("Kinderen in het huishouden", "geen vastgelegd"),))]
    rows = []
    for child in data.children:
        born = (
            f"geboren {w.date(child.birth_date)}"
            if child.birth_date is not None
            else f"geboortedatum {NOT_RECORDED}"
        )
        rows.append(("Kind", f"{w.own(child.name)}, {born}"))
    return [KeyValueTable(tuple(rows))]


def _areas(w: _Writer, data: IntakeReportData) -> list[Block]:
    blocks: list[Block] = []
    for area in LifeArea:
        fields = [f for f in fields_in(area) if not f.special]
        blocks.append(Heading(f"Levensgebied: {label(area)}"))
        if area is LifeArea.GEZIN_KINDEREN:
            blocks += _children(w, data)
        if fields:
            blocks += _answer_blocks(w, fields, data.answers)
        elif area is not LifeArea.GEZIN_KINDEREN:
            blocks.append(
                Paragraph(
                    "Alle antwoorden in dit levensgebied zijn bijzondere persoonsgegevens; zie "
                    "het deel daarover."
                    if data.include_special
                    else "Alle antwoorden in dit levensgebied zijn bijzondere persoonsgegevens en "
                    "staan niet in dit verslag."
                )
            )
    return blocks


def _toets_text(w: _Writer, toets: Leerbaarheidstoets | None, include_special: bool) -> str:
    if toets is None or toets == Leerbaarheidstoets():
        return NOT_RECORDED
    if toets.exempt_reason is not None:
        if include_special:
            reason = label(toets.exempt_reason).lower()
            return f"vrijgesteld door de gemeente ({reason})"
        # Not even "vrijgesteld": the municipality exempts only for a visual or hearing
        # impairment, so the word alone would tell a health fact.
        return "niet afgenomen (de reden is een bijzonder persoonsgegeven)"
    if toets.no_show:
        return f"niet gekomen op {_date_or(w, toets.date)}"
    if toets.outcome is not None:
        return f"afgenomen op {_date_or(w, toets.date)}, uitkomst: {label(toets.outcome)}"
    return f"gepland of afgenomen op {_date_or(w, toets.date)}, uitkomst {NOT_RECORDED}"


def _toets_and_told(w: _Writer, data: IntakeReportData) -> list[Block]:
    return [
        Heading("Leerbaarheidstoets"),
        KeyValueTable((("Leerbaarheidstoets", _toets_text(w, data.toets, data.include_special)),)),
        Heading("Verteld aan de persoon"),
        KeyValueTable(
            (
                (
                    "Recht op een gesprek alleen, zonder partner",
                    _told(w, data.interview_alone_informed_on),
                ),
                (
                    "Voor- en vroegschoolse educatie (ouders van jonge kinderen)",
                    _told(w, data.vve_informed_on),
                ),
            )
        ),
    ]


def _told(w: _Writer, on: dt.date | None) -> str:
    return NOT_RECORDED if on is None else f"verteld op {w.date(on)}"


def _completeness(data: IntakeReportData) -> list[Block]:
    rows = []
    for area, done in area_completeness(data.answers).items():
        text = f"{done.filled} van {done.total} ingevuld"
        if done.required:
            text += f"; verplicht: {done.required_filled} van {done.required}"
        text += " (compleet)" if done.complete else " (niet compleet)"
        rows.append((label(area), text))
    # The same judgement as "Intake afronden" (domain.missing_for_finish), as on the report's date.
    checks = IntakeChecks(
        young_child_in_household=young_child_among(
            (child.birth_date for child in data.children), data.basics.letter_date
        ),
        vve_informed_on=data.vve_informed_on,
        interview_alone_informed_on=data.interview_alone_informed_on,
    )
    open_items = [str(p) for p in missing_for_finish(data.answers, data.toets, checks)]
    blocks: list[Block] = [Heading("Volledigheid"), KeyValueTable(tuple(rows))]
    if open_items:
        blocks += [
            Paragraph("Nog open om de brede intake af te ronden:"),
            BulletList(tuple(open_items)),
        ]
    else:
        blocks.append(Paragraph("De verplichte onderdelen van de brede intake zijn vastgelegd."))
    return blocks


def _special(w: _Writer, data: IntakeReportData) -> list[Block]:
    blocks: list[Block] = [Heading(SPECIAL_HEADING), Paragraph(SPECIAL_NOTE)]
    for area in LifeArea:
        fields = [f for f in fields_in(area) if f.special]
        if fields:
            blocks.append(Heading(f"Levensgebied: {label(area)}"))
            blocks += _answer_blocks(w, fields, data.answers)
    if data.toets is not None and data.toets.exempt_reason is not None:
        blocks += [
            Heading("Leerbaarheidstoets: reden van de vrijstelling"),
            Paragraph(label(data.toets.exempt_reason)),
        ]
    blocks.append(Heading("Warme overdracht van COA"))
    if data.handover is None:
        blocks.append(Paragraph("Er is geen warme overdracht van COA vastgelegd."))
        return blocks
    for name, text_label in _COA_SPECIAL_LABELS.items():
        value = str(getattr(data.handover, name)).strip()
        if not value:
            blocks.append(KeyValueTable(((text_label, NOT_FILLED),)))
        elif len(value) > LONG_TEXT or "\n" in value:
            blocks += [Paragraph(f"{text_label}:"), Paragraph(w.own(value), direction="ltr")]
        else:
            blocks.append(KeyValueTable(((text_label, w.own(value)),)))
    return blocks


def intake_verslag(data: IntakeReportData, catalog: LetterCatalog) -> LetterContent:
    """The report as one Dutch section. `catalog` must be the Dutch one: the report has no
    translation (ValueError otherwise)."""
    if not catalog.is_source:
        raise ValueError("the intake report is Dutch only")
    w = _Writer(catalog, None)
    blocks: list[Block] = [
        Paragraph(INTERNAL),
        *_person(w, data),
        *_handover(w, data.handover),
        *_areas(w, data),
        *_toets_and_told(w, data),
        *_completeness(data),
    ]
    if data.include_special:
        blocks += _special(w, data)
    else:
        blocks.append(Paragraph(SPECIAL_LEFT_OUT))
    made_by = [("Opgesteld op", w.date(data.basics.letter_date))]
    if data.author.strip():
        made_by.insert(0, ("Opgesteld door", w.own(data.author.strip())))
    blocks += [Heading("Opgesteld"), KeyValueTable(tuple(made_by))]
    return LetterContent(
        language=catalog.language,
        direction="ltr",
        heading=TITLE_SPECIAL if data.include_special else TITLE,
        date_line=f"Datum: {w.date(data.basics.letter_date)}",
        binding_note=None,
        blocks=tuple(blocks),
    )


# The reports by their stable name (stored with the kept document, like LETTER_TYPES).
REPORT_TYPES = {"intake_verslag": intake_verslag}
