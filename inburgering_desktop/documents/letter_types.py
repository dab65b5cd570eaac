"""The letter types: one function per letter, from dossier data to translated blocks.

Each function takes a small frozen data object (plain values: dates as `datetime.date`, money
as integer cents, names and places as str) and a `LetterCatalog`, and returns the letter in
that catalog's language as a `LetterContent`: title, date line, the "Dutch text is binding"
note for a translated section, and the body as blocks (blocks.py). The same function called
with the Dutch catalog gives the Dutch section, so both sections are the same letter by
construction. `bilingual()` returns both.

Text comes only from the msgids in texts.py; data is inserted with str.format as values, never
as part of the template, so a client's name cannot change the letter's wording or layout.
Dates, months, times and amounts are formatted with Babel in the section's locale
(texts.letter_locale). Text the consultant typed in Dutch (the free letter's body, the PIP's
participation activities and other agreements, a warning's explanation) is printed in Dutch in
every section, and a translated section says, in its language, that it was not translated.

Right-to-left sections: every inserted value is wrapped in a Unicode isolate, so the bidi
algorithm treats it as one unit and "14-04-2025", "€ 650,00", "+31 6 1234 5678" or "<Fatou>"
stay as written inside Arabic text (STACK.md, "Letters"). Amounts, phone numbers, e-mail
addresses and references get LRI (they are left-to-right by nature); dates, times, names and
places get FSI, which takes the direction of their own first letter: Babel writes Arabic-script
month names ("14 أبريل 2025") that LRI would turn around. A left-to-right section isolates a
value only when it contains right-to-left letters (an Arabic name in the Dutch text), so plain
Dutch data stays exactly as typed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, TypeVar

from inburgering_desktop.documents import texts as T
from inburgering_desktop.documents.blocks import (
    Block,
    BulletList,
    Heading,
    KeyValueTable,
    Paragraph,
    Signature,
)
from inburgering_desktop.documents.texts import LetterCatalog, Plural

# The leerroute is a domain concept (RULES.md §2.6). The redundant alias marks it as an explicit
# re-export, so `from inburgering_desktop.documents.letter_types import Leerroute` keeps working.
from inburgering_desktop.domain.enums import Leerroute as Leerroute

if TYPE_CHECKING:
    from babel import Locale

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
# The bidi classes of right-to-left letters (Hebrew-type and Arabic-type).
_RTL_LETTER_CLASSES = frozenset(("R", "AL"))
# The Awb (art. 6:7) sets six weeks for an objection; a parameter only so that a letter states
# what the beschikking itself says, never a number of its own.
DEFAULT_OBJECTION_WEEKS = 6


# --- Data -------------------------------------------------------------------------------------


def _check_date(value: object, what: str) -> None:
    # A datetime is a date too; its time would print nowhere and hide a timezone mistake.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")


def _check_cents(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be integer cents, not {type(value).__name__}")


def _check_text(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")


@dataclass(frozen=True)
class Contact:
    """Who the client calls or mails with questions about this letter."""

    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class Signer:
    """The signatory. Without a title the standard one is printed, translated per section;
    a title given here is the consultant's own Dutch wording and printed as is."""

    name: str
    title: str | None = None


@dataclass(frozen=True)
class LetterBasics:
    """What every letter has: recipient, sender, date and reference."""

    recipient_name: str
    municipality: str
    letter_date: dt.date
    reference: str
    contact: Contact
    signer: Signer

    def __post_init__(self) -> None:
        _check_date(self.letter_date, "letter_date")
        for name in ("recipient_name", "municipality", "reference"):
            _check_text(getattr(self, name), name)


@dataclass(frozen=True)
class Appointment:
    date: dt.date
    time: dt.time
    location: str  # an address or room, printed as typed
    interpreter: bool = False  # an interpreter has been arranged

    def __post_init__(self) -> None:
        _check_date(self.date, "Appointment.date")
        if not isinstance(self.time, dt.time):
            raise TypeError(f"Appointment.time must be a datetime.time, not {type(self.time)}")


@dataclass(frozen=True)
class IntakeInvitationData:
    basics: LetterBasics
    appointment: Appointment


@dataclass(frozen=True)
class MeetingInvitationData:
    basics: LetterBasics
    appointment: Appointment


@dataclass(frozen=True)
class ModuleArrangement:
    """The PIP's arrangement for MAP or PVT: who provides it and, if agreed, how many hours."""

    provider: str
    hours: int | None = None

    def __post_init__(self) -> None:
        if self.hours is not None and (isinstance(self.hours, bool) or self.hours < 1):
            raise ValueError(f"hours must be a positive int or None, not {self.hours!r}")


@dataclass(frozen=True)
class GuidanceArrangement:
    """Maatschappelijke begeleiding: the organisation (empty: none named) and the period."""

    organisation: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        _check_text(self.organisation, "GuidanceArrangement.organisation")
        for name in ("start", "end"):
            if getattr(self, name) is not None:
                _check_date(getattr(self, name), f"GuidanceArrangement.{name}")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("the guidance ends before it starts")


@dataclass(frozen=True)
class OntzorgenArrangement:
    """Ontzorgen for `months` months (RULES.md §2.8). `minimum_months` is the policy's minimum:
    below it the consultant's Dutch `shorter_reason` is printed. `financial_guidance_start` is
    when the guidance towards financial self-reliance begins, if the PIP says so."""

    months: int
    minimum_months: int
    shorter_reason: str = ""
    financial_guidance_start: dt.date | None = None

    def __post_init__(self) -> None:
        if isinstance(self.months, bool) or self.months < 1:
            raise ValueError("ontzorgen months must be at least 1")
        if isinstance(self.minimum_months, bool) or self.minimum_months < 1:
            raise ValueError("minimum_months must be at least 1")
        _check_text(self.shorter_reason, "OntzorgenArrangement.shorter_reason")
        if self.financial_guidance_start is not None:
            _check_date(self.financial_guidance_start, "financial_guidance_start")

    @property
    def shorter(self) -> bool:
        return self.months < self.minimum_months


@dataclass(frozen=True)
class PreschoolArrangement:
    """Voorschoolse educatie for one child; `arrangement` is the consultant's Dutch text."""

    child: str
    arrangement: str = ""

    def __post_init__(self) -> None:
        _check_text(self.child, "PreschoolArrangement.child")
        _check_text(self.arrangement, "PreschoolArrangement.arrangement")


@dataclass(frozen=True)
class ParticipationActivity:
    """A participation activity as the consultant described it in Dutch, with its hours."""

    description: str
    hours_per_week: int | None = None

    def __post_init__(self) -> None:
        _check_text(self.description, "ParticipationActivity.description")
        _check_hours(self.hours_per_week, "hours_per_week")


@dataclass(frozen=True)
class ZRouteHours:
    """The Z-route's plan of hours over the whole termijn (RULES.md §2.6): Dutch with KNM, and
    participation (none for a gezinsmigrant)."""

    language_hours: int
    participation_hours: int = 0

    def __post_init__(self) -> None:
        _check_hours(self.language_hours, "language_hours")
        if isinstance(self.participation_hours, bool) or self.participation_hours < 0:
            raise ValueError("participation_hours must be 0 or more")


def _check_hours(value: object, what: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what} must be a positive int or None, not {value!r}")


@dataclass(frozen=True)
class PipBeschikkingData:
    """A PIP version as established (RULES.md §2.5): every part the beschikking states.

    The optional parts are None or empty when the PIP does not contain them (no MAP in the
    onderwijsroute, no ontzorgen for a family migrant, ...). `route_paid` says who pays the
    leerroute: True the municipality, False the person (a gezinsmigrant chooses and pays a
    course; the PIP still records the route), None says nothing. `z_route` is the plan of hours
    when the route is the Z-route. `participation_activities`, `other_agreements`, the
    preschool arrangements, the ontzorgen reason and `change_reason` are the consultant's Dutch
    text. `pip_fine_applies` says whether the municipality may fine for not keeping to the PIP
    (asielstatushouders; RULES.md §1 table): the letter only mentions the fine when it does.
    `version` is the PIP version's number; from 2 on the letter says the plan changed, why
    (`change_reason`), and that the termijn stays as it was (Wi2021 art. 11 lid 3). The
    letter's date (basics.letter_date) is the version's dagtekening.
    """

    basics: LetterBasics
    leerroute: Leerroute
    termijn_start: dt.date
    termijn_end: dt.date
    objection_address: str  # the college's postal address, e.g. "Postbus 1234, 9999 ZZ Proefstad"
    pip_fine_applies: bool
    language_provider: str | None = None
    route_start: dt.date | None = None
    route_hours_per_week: int | None = None
    route_paid: bool | None = None
    z_route: ZRouteHours | None = None
    knm: bool = False
    map: ModuleArrangement | None = None
    pvt: ModuleArrangement | None = None
    ontzorgen: OntzorgenArrangement | None = None
    social_guidance: GuidanceArrangement | None = None
    preschool: tuple[PreschoolArrangement, ...] = ()
    participation_activities: tuple[ParticipationActivity, ...] = ()
    other_agreements: tuple[str, ...] = ()
    version: int = 1
    change_reason: str = ""
    objection_weeks: int = DEFAULT_OBJECTION_WEEKS

    def __post_init__(self) -> None:
        _check_date(self.termijn_start, "termijn_start")
        _check_date(self.termijn_end, "termijn_end")
        if self.termijn_end < self.termijn_start:
            raise ValueError("termijn_end lies before termijn_start")
        if self.route_start is not None:
            _check_date(self.route_start, "route_start")
        _check_hours(self.route_hours_per_week, "route_hours_per_week")
        if self.objection_weeks < 1:
            raise ValueError("objection_weeks must be at least 1")
        if isinstance(self.version, bool) or self.version < 1:
            raise ValueError("version must be at least 1")
        _check_text(self.change_reason, "change_reason")
        for name, kind in (
            ("preschool", PreschoolArrangement),
            ("participation_activities", ParticipationActivity),
            ("other_agreements", str),
        ):
            items = getattr(self, name)
            if not isinstance(items, tuple) or not all(isinstance(i, kind) for i in items):
                raise TypeError(f"{name} must be a tuple of {kind.__name__}")


class CostKind(StrEnum):
    """The kinds of fixed costs (RULES.md §2.8: the five primaire lasten, plus common extras)."""

    HUUR = "huur"
    GAS = "gas"
    ELEKTRICITEIT = "elektriciteit"
    ENERGIE = "energie"  # gas and electricity from one supplier
    WATER = "water"
    ZORGVERZEKERING = "zorgverzekering"
    GEMEENTELIJKE_BELASTINGEN = "gemeentelijke_belastingen"
    OVERIG = "overig"


_COST_LABELS: dict[CostKind, str] = {
    CostKind.HUUR: T.COST_HUUR,
    CostKind.GAS: T.COST_GAS,
    CostKind.ELEKTRICITEIT: T.COST_ELEKTRICITEIT,
    CostKind.ENERGIE: T.COST_ENERGIE,
    CostKind.WATER: T.COST_WATER,
    CostKind.ZORGVERZEKERING: T.COST_ZORGVERZEKERING,
    CostKind.GEMEENTELIJKE_BELASTINGEN: T.COST_GEMEENTELIJKE_BELASTINGEN,
    CostKind.OVERIG: T.COST_OVERIG,
}


@dataclass(frozen=True)
class FixedCostLine:
    """One bill the municipality pays from the benefit. The months are given as any day in
    that month; `description` (Dutch, printed as typed) says what an OVERIG line is."""

    kind: CostKind
    payee: str
    monthly_cents: int
    first_month: dt.date
    last_month: dt.date
    description: str = ""

    def __post_init__(self) -> None:
        _check_cents(self.monthly_cents, "monthly_cents")
        _check_date(self.first_month, "first_month")
        _check_date(self.last_month, "last_month")
        if (self.last_month.year, self.last_month.month) < (
            self.first_month.year,
            self.first_month.month,
        ):
            raise ValueError("last_month lies before first_month")


@dataclass(frozen=True)
class OntzorgenOverviewData:
    basics: LetterBasics
    lines: tuple[FixedCostLine, ...]


class WarningGround(StrEnum):
    """What the client did not do (RULES.md §2.11)."""

    BREDE_INTAKE = "brede_intake"  # did not come to the brede intake
    VOORTGANGSGESPREK = "voortgangsgesprek"  # did not come to a progress meeting
    LESSEN = "lessen"  # not (often enough) at the lessons
    PVT = "pvt"
    MAP = "map"


_WARNING_FACTS: dict[WarningGround, str] = {
    WarningGround.BREDE_INTAKE: T.WARNING_INTAKE_MISSED,
    WarningGround.VOORTGANGSGESPREK: T.WARNING_MEETING_MISSED,
    WarningGround.LESSEN: T.WARNING_LESSONS,
    WarningGround.PVT: T.WARNING_PVT,
    WarningGround.MAP: T.WARNING_MAP,
}


@dataclass(frozen=True)
class WarningData:
    """A written warning before a possible fine, with the right to respond (RULES.md §2.11).

    `fact_date` is the missed appointment's date, or since when lessons, PVT or MAP were
    missed. `max_fine_cents` is the policy's maximum for this failure (fine_brede_intake_cents
    or fine_pip_cents). `details` is the consultant's Dutch explanation, printed as typed.
    """

    basics: LetterBasics
    ground: WarningGround
    fact_date: dt.date
    respond_before: dt.date
    max_fine_cents: int
    new_appointment: Appointment | None = None
    details: str = ""

    def __post_init__(self) -> None:
        _check_date(self.fact_date, "fact_date")
        _check_date(self.respond_before, "respond_before")
        _check_cents(self.max_fine_cents, "max_fine_cents")


@dataclass(frozen=True)
class FreeLetterData:
    """A letter the consultant writes in Dutch: subject and body are printed as typed.
    Paragraphs in the body are separated by an empty line; single line breaks are kept."""

    basics: LetterBasics
    subject: str
    body: str

    def __post_init__(self) -> None:
        _check_text(self.subject, "subject")
        _check_text(self.body, "body")


# --- Result -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterContent:
    """One section of a letter, in one language: the fields of layout.Section."""

    language: str
    direction: Literal["ltr", "rtl"]
    heading: str
    date_line: str
    binding_note: str | None  # None in the Dutch section
    blocks: tuple[Block, ...]

    def all_blocks(self) -> list[Block]:
        """Title, binding note and date line as blocks too, followed by the body."""
        head: list[Block] = [Heading(self.heading)]
        if self.binding_note:
            head.append(Paragraph(self.binding_note))
        head.append(Paragraph(self.date_line))
        return [*head, *self.blocks]


# --- Writing ----------------------------------------------------------------------------------


def _has_rtl_letters(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL_LETTER_CLASSES for char in text)


class _Writer:
    """Translation and formatting for one section: catalog, locale and direction."""

    def __init__(self, catalog: LetterCatalog, locale: Locale | None) -> None:
        self.catalog = catalog
        self.locale = locale if locale is not None else catalog.locale
        self.rtl = catalog.rtl
        self.translated = not catalog.is_source

    # Isolates -- see the module docstring for which kind when.
    def ltr(self, value: str) -> str:
        return f"{LRI}{value}{PDI}" if self.rtl else value

    def own(self, value: str) -> str:
        if self.rtl or _has_rtl_letters(value):
            return f"{FSI}{value}{PDI}"
        return value

    def dutch(self, value: str) -> str:
        """Dutch text typed by the consultant, inside a section's own text."""
        return f"{FSI}{value}{PDI}" if self.rtl else value

    def typed(self, value: str) -> str:
        """A short Dutch text typed by the consultant (a reason, an arrangement) inside a
        sentence: as typed in the Dutch section; in a translated one followed by the section's
        own "(in Dutch, not translated)", so the reader knows why it is in Dutch."""
        value = " ".join(value.split())
        if not self.translated:
            return value
        return self.t(T.IN_DUTCH, text=self.dutch(value))

    # Translation.
    def t(self, msgid: str, **values: str) -> str:
        return self._fill(self.catalog.gettext(msgid), values)

    def tn(self, message: Plural, n: int, **values: str) -> str:
        return self._fill(self.catalog.plural(message, n), {"n": str(n), **values})

    def _fill(self, template: str, values: dict[str, str]) -> str:
        if not self.rtl:
            for key, value in values.items():
                # Babel's Russian and Ukrainian dates end in "г." / "р.": at the end of a
                # sentence that would print two full stops.
                if value.endswith(".") and f"{{{key}}}." in template:
                    template = template.replace(f"{{{key}}}.", f"{{{key}}}")
        return template.format(**values)

    def p(self, msgid: str, **values: str) -> Paragraph:
        return Paragraph(self.t(msgid, **values))

    # Formatting with Babel, in this section's locale.
    def date(self, value: dt.date) -> str:
        from babel.dates import format_date

        return self.own(format_date(value, "long", locale=self.locale))

    def weekday_date(self, value: dt.date) -> str:
        from babel.dates import format_date

        return self.own(format_date(value, "full", locale=self.locale))

    def time(self, value: dt.time) -> str:
        from babel.dates import format_time

        return self.own(format_time(value, "short", locale=self.locale))

    def month(self, value: dt.date) -> str:
        from babel.dates import format_skeleton

        # The skeleton, not a fixed pattern: CLDR knows the order per language ("2026 جون").
        return self.own(format_skeleton("yMMMM", value, locale=self.locale))

    def money(self, cents: int) -> str:
        from babel.numbers import format_currency

        _check_cents(cents, "amount")
        return self.ltr(format_currency(Decimal(cents).scaleb(-2), "EUR", locale=self.locale))


def _header(w: _Writer, basics: LetterBasics, title: str) -> tuple[str, str, str | None]:
    return (
        w.t(title),
        w.t(T.DATE_LINE, date=w.date(basics.letter_date)),
        w.t(T.LEGALLY_BINDING) if w.translated else None,
    )


def _reference_table(w: _Writer, basics: LetterBasics, *extra: tuple[str, str]) -> KeyValueTable:
    return KeyValueTable(((w.t(T.LABEL_REFERENCE), w.ltr(basics.reference)), *extra))


def _salutation(w: _Writer, basics: LetterBasics) -> Paragraph:
    return w.p(T.SALUTATION, name=w.own(basics.recipient_name))


def _appointment_blocks(w: _Writer, appointment: Appointment) -> list[Block]:
    return [
        w.p(T.MEETING_AT),
        KeyValueTable(
            (
                (w.t(T.LABEL_DATE), w.weekday_date(appointment.date)),
                (w.t(T.LABEL_TIME), w.time(appointment.time)),
                (w.t(T.LABEL_PLACE), w.own(appointment.location)),
            )
        ),
        w.p(T.INTERPRETER_PRESENT if appointment.interpreter else T.ASK_INTERPRETER),
    ]


def _questions(w: _Writer, contact: Contact) -> Paragraph:
    return w.p(
        T.QUESTIONS,
        contact_name=w.own(contact.name),
        phone=w.ltr(contact.phone),
        email=w.ltr(contact.email),
    )


def _closing(w: _Writer, basics: LetterBasics) -> list[Block]:
    signer = basics.signer
    title = w.t(T.SIGNER_TITLE) if signer.title is None else w.dutch(signer.title)
    return [
        w.p(T.CLOSING),
        w.p(T.ON_BEHALF, municipality=w.own(basics.municipality)),
        Signature(w.own(signer.name), title),
    ]


def _dutch_items(w: _Writer, lead: str, items: Sequence[str]) -> list[Block]:
    """A translated lead-in, the not-translated note (translated sections), the Dutch items."""
    kept = [item.strip() for item in items if item.strip()]
    if not kept:
        return []
    blocks: list[Block] = [w.p(lead)]
    if w.translated:
        blocks.append(w.p(T.NOT_TRANSLATED))
    blocks.append(BulletList(tuple(w.dutch(item) for item in kept)))
    return blocks


def _dutch_paragraphs(text: str) -> list[Paragraph]:
    """The consultant's Dutch text: paragraphs at empty lines, always laid out left to right."""
    paragraphs = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        chunk = chunk.strip()
        if chunk:
            paragraphs.append(Paragraph(chunk, direction="ltr"))
    return paragraphs


def _content(
    w: _Writer, heading: str, date_line: str, note: str | None, blocks: Iterable[Block]
) -> LetterContent:
    return LetterContent(
        language=w.catalog.language,
        direction="rtl" if w.rtl else "ltr",
        heading=heading,
        date_line=date_line,
        binding_note=note,
        blocks=tuple(blocks),
    )


# --- The letter types -------------------------------------------------------------------------


def uitnodiging_brede_intake(
    data: IntakeInvitationData, catalog: LetterCatalog, locale: Locale | None = None
) -> LetterContent:
    """Invitation to the brede intake (RULES.md §2.4), with the right to be interviewed alone."""
    w = _Writer(catalog, locale)
    basics = data.basics
    heading, date_line, note = _header(w, basics, T.INTAKE_TITLE)
    blocks: list[Block] = [
        _reference_table(w, basics),
        _salutation(w, basics),
        w.p(T.INTAKE_DUTY, municipality=w.own(basics.municipality)),
        w.p(T.INTAKE_TOPICS),
        w.p(T.INTAKE_PIP),
        *_appointment_blocks(w, data.appointment),
        w.p(T.INTAKE_ALONE),
        w.p(T.INTAKE_BRING),
        w.p(T.INTAKE_REQUIRED),
        w.p(T.CANNOT_COME),
        _questions(w, basics.contact),
        *_closing(w, basics),
    ]
    return _content(w, heading, date_line, note, blocks)


def uitnodiging_voortgangsgesprek(
    data: MeetingInvitationData, catalog: LetterCatalog, locale: Locale | None = None
) -> LetterContent:
    """Invitation to a progress meeting (RULES.md §2.9)."""
    w = _Writer(catalog, locale)
    basics = data.basics
    heading, date_line, note = _header(w, basics, T.MEETING_TITLE)
    blocks: list[Block] = [
        _reference_table(w, basics),
        _salutation(w, basics),
        w.p(T.MEETING_PURPOSE),
        *_appointment_blocks(w, data.appointment),
        w.p(T.MEETING_BRING),
        w.p(T.MEETING_REQUIRED),
        w.p(T.CANNOT_COME),
        _questions(w, basics.contact),
        *_closing(w, basics),
    ]
    return _content(w, heading, date_line, note, blocks)


_ROUTES: dict[Leerroute, str] = {
    Leerroute.B1: T.ROUTE_B1,
    Leerroute.ONDERWIJSROUTE: T.ROUTE_ONDERWIJS,
    Leerroute.Z_ROUTE: T.ROUTE_Z,
}


def _module_item(w: _Writer, msgid: str, arrangement: ModuleArrangement, hours_msgid: str) -> str:
    parts = [w.t(msgid)]
    if arrangement.hours is not None:
        parts.append(w.t(hours_msgid, hours=w.tn(T.HOURS, arrangement.hours)))
    if arrangement.provider.strip():
        parts.append(w.t(T.DETAIL_PROVIDER, provider=w.own(arrangement.provider.strip())))
    return " ".join(parts)


def _route_item(w: _Writer, data: PipBeschikkingData) -> str:
    parts = [w.t(_ROUTES[data.leerroute])]
    if data.language_provider and data.language_provider.strip():
        parts.append(w.t(T.ROUTE_PROVIDER, provider=w.own(data.language_provider.strip())))
    if data.route_start is not None:
        parts.append(w.t(T.DETAIL_START, date=w.date(data.route_start)))
    if data.route_hours_per_week is not None:
        hours = w.tn(T.HOURS_PER_WEEK, data.route_hours_per_week)
        parts.append(w.t(T.DETAIL_HOURS, hours=hours))
    if data.route_paid is True:
        parts.append(w.t(T.ROUTE_PAID))
    elif data.route_paid is False:
        parts.append(w.t(T.ROUTE_SELF_PAID))
    return " ".join(parts)


def _z_route_item(w: _Writer, plan: ZRouteHours) -> str:
    language = w.tn(T.HOURS, plan.language_hours)
    if plan.participation_hours:
        participation = w.tn(T.HOURS, plan.participation_hours)
        return w.t(T.Z_ROUTE_PLAN, language_hours=language, participation_hours=participation)
    return w.t(T.Z_ROUTE_PLAN_LANGUAGE, language_hours=language)


def _ontzorgen_items(w: _Writer, ontzorgen: OntzorgenArrangement) -> list[str]:
    parts = [w.tn(T.ONTZORGEN, ontzorgen.months)]
    if ontzorgen.shorter and ontzorgen.shorter_reason.strip():
        parts.append(
            w.tn(
                T.ONTZORGEN_SHORTER,
                ontzorgen.minimum_months,
                reason=w.typed(ontzorgen.shorter_reason),
            )
        )
    parts.append(w.t(T.ONTZORGEN_MORE))
    items = [" ".join(parts)]
    if ontzorgen.financial_guidance_start is not None:
        items.append(w.t(T.FINANCIAL_GUIDANCE, date=w.date(ontzorgen.financial_guidance_start)))
    return items


def _guidance_item(w: _Writer, guidance: GuidanceArrangement) -> str:
    organisation = guidance.organisation.strip()
    if organisation:
        parts = [w.t(T.SOCIAL_GUIDANCE, provider=w.own(organisation))]
    else:
        parts = [w.t(T.SOCIAL_GUIDANCE_GENERAL)]
    if guidance.start is not None and guidance.end is not None:
        parts.append(w.t(T.PERIOD_FROM_TO, start=w.date(guidance.start), end=w.date(guidance.end)))
    elif guidance.start is not None:
        parts.append(w.t(T.PERIOD_FROM, start=w.date(guidance.start)))
    elif guidance.end is not None:
        parts.append(w.t(T.PERIOD_UNTIL, end=w.date(guidance.end)))
    return " ".join(parts)


def _preschool_item(w: _Writer, preschool: PreschoolArrangement) -> str:
    text = w.t(T.PRESCHOOL, child=w.own(preschool.child.strip()))
    if preschool.arrangement.strip():
        text += " " + w.t(T.PRESCHOOL_ARRANGEMENT, text=w.typed(preschool.arrangement))
    return text


def _activity(w: _Writer, activity: ParticipationActivity) -> str:
    description = " ".join(activity.description.split())
    if activity.hours_per_week is None:
        return description
    # The description is Dutch in every section; the hours are in the section's language.
    hours = w.tn(T.HOURS_PER_WEEK, activity.hours_per_week)
    return w.t(T.ACTIVITY_HOURS, activity=w.dutch(description), hours=hours)


def _activity_blocks(w: _Writer, activities: Sequence[ParticipationActivity]) -> list[Block]:
    kept = [a for a in activities if a.description.strip()]
    if not kept:
        return []
    blocks: list[Block] = [w.p(T.PARTICIPATION)]
    if w.translated:
        blocks.append(w.p(T.NOT_TRANSLATED))
    blocks.append(BulletList(tuple(_activity(w, a) for a in kept)))
    return blocks


def pip_beschikking(
    data: PipBeschikkingData, catalog: LetterCatalog, locale: Locale | None = None
) -> LetterContent:
    """The PIP as a beschikking (RULES.md §2.5): decision, every agreement of the version,
    termijn, bezwaar. A later version says that it replaces the earlier decision, why, and that
    the termijn does not change (Wi2021 art. 11 lid 3)."""
    w = _Writer(catalog, locale)
    basics = data.basics
    heading, date_line, note = _header(w, basics, T.PIP_TITLE)
    municipality = w.own(basics.municipality)

    agreements = [_route_item(w, data)]
    if data.leerroute is Leerroute.Z_ROUTE and data.z_route is not None:
        agreements.append(_z_route_item(w, data.z_route))
    if data.knm:
        agreements.append(w.t(T.KNM))
    if data.map is not None:
        agreements.append(_module_item(w, T.MAP, data.map, T.DETAIL_PRACTICE))
    if data.pvt is not None:
        agreements.append(_module_item(w, T.PVT, data.pvt, T.DETAIL_HOURS))
    if data.ontzorgen is not None:
        agreements.extend(_ontzorgen_items(w, data.ontzorgen))
    if data.social_guidance is not None:
        agreements.append(_guidance_item(w, data.social_guidance))
    agreements.extend(_preschool_item(w, p) for p in data.preschool if p.child.strip())

    blocks: list[Block] = [
        _reference_table(w, basics, (w.t(T.LABEL_PIP_VERSION), w.ltr(str(data.version)))),
        _salutation(w, basics),
        w.p(T.PIP_INTRO),
    ]
    if data.version > 1:
        blocks.append(w.p(T.PIP_CHANGED))
        if data.change_reason.strip():
            blocks.append(w.p(T.PIP_CHANGE_REASON, reason=w.typed(data.change_reason)))
    blocks += [
        Heading(w.t(T.PIP_DECISION_HEADING)),
        w.p(T.PIP_DECISION, municipality=municipality),
        Heading(w.t(T.PIP_AGREEMENTS_HEADING)),
        BulletList(tuple(agreements)),
        *_activity_blocks(w, data.participation_activities),
        *_dutch_items(w, T.OTHER_AGREEMENTS, data.other_agreements),
        Heading(w.t(T.TERMIJN_HEADING)),
        w.p(T.TERMIJN, start=w.date(data.termijn_start), end=w.date(data.termijn_end)),
    ]
    if data.version > 1:
        blocks.append(w.p(T.TERMIJN_UNCHANGED))
    blocks.append(w.p(T.PROGRESS))
    if data.pip_fine_applies:
        blocks.append(w.p(T.PIP_FINE))
    blocks += [
        Heading(w.t(T.OBJECTION_HEADING)),
        Paragraph(
            w.tn(
                T.OBJECTION,
                data.objection_weeks,
                municipality=municipality,
                address=w.own(data.objection_address),
            )
        ),
        w.p(T.OBJECTION_CONTENTS),
        w.p(T.OBJECTION_DUO),
        _questions(w, basics.contact),
        *_closing(w, basics),
    ]
    return _content(w, heading, date_line, note, blocks)


def overzicht_ontzorgen(
    data: OntzorgenOverviewData, catalog: LetterCatalog, locale: Locale | None = None
) -> LetterContent:
    """The fixed costs the municipality pays from the benefit (RULES.md §2.8), one table per
    bill: payee, monthly amount, first and last month."""
    w = _Writer(catalog, locale)
    basics = data.basics
    heading, date_line, note = _header(w, basics, T.ONTZORGEN_TITLE)
    blocks: list[Block] = [
        _reference_table(w, basics),
        _salutation(w, basics),
        w.p(T.ONTZORGEN_EXPLAINED),
        w.p(T.ONTZORGEN_TABLE_INTRO),
    ]
    for line in data.lines:
        rows: list[tuple[str, str]] = []
        if line.description.strip():
            rows.append((w.t(T.LABEL_DESCRIPTION), w.dutch(line.description.strip())))
        rows += [
            (w.t(T.LABEL_PAYEE), w.own(line.payee)),
            (w.t(T.LABEL_MONTHLY), w.money(line.monthly_cents)),
            (w.t(T.LABEL_FIRST_MONTH), w.month(line.first_month)),
            (w.t(T.LABEL_LAST_MONTH), w.month(line.last_month)),
        ]
        blocks += [Heading(w.t(_COST_LABELS[line.kind])), KeyValueTable(tuple(rows))]
    blocks += [
        w.p(T.ONTZORGEN_AFTER),
        w.p(T.ONTZORGEN_CHANGES),
        _questions(w, basics.contact),
        *_closing(w, basics),
    ]
    return _content(w, heading, date_line, note, blocks)


def waarschuwing(
    data: WarningData, catalog: LetterCatalog, locale: Locale | None = None
) -> LetterContent:
    """A written warning before a possible fine (RULES.md §2.11): the facts, that this is not
    a fine, the right to respond before a date, what may follow and that a fine comes last."""
    w = _Writer(catalog, locale)
    basics = data.basics
    heading, date_line, note = _header(w, basics, T.WARNING_TITLE)
    duty = (
        T.WARNING_DUTY_INTAKE if data.ground is WarningGround.BREDE_INTAKE else T.WARNING_DUTY_PIP
    )
    blocks: list[Block] = [
        _reference_table(w, basics),
        _salutation(w, basics),
        w.p(_WARNING_FACTS[data.ground], date=w.date(data.fact_date)),
        w.p(duty),
    ]
    if data.details.strip():
        blocks.append(w.p(T.WARNING_DETAILS))
        if w.translated:
            blocks.append(w.p(T.NOT_TRANSLATED))
        blocks += _dutch_paragraphs(data.details)
    blocks += [
        w.p(T.WARNING_NOT_A_FINE),
        w.p(T.WARNING_REASON),
        w.p(T.WARNING_RESPOND, date=w.date(data.respond_before)),
        w.p(T.WARNING_RESPOND_HOW),
    ]
    if data.new_appointment is not None:
        appointment = _appointment_blocks(w, data.new_appointment)
        # The appointment's own lead-in ("Het gesprek is op:") gives way to this letter's.
        blocks += [w.p(T.WARNING_NEW_APPOINTMENT), *appointment[1:]]
    blocks += [
        w.p(T.WARNING_CONSEQUENCE, amount=w.money(data.max_fine_cents)),
        w.p(T.WARNING_PROCEDURE),
        w.p(T.WARNING_HELP),
        _questions(w, basics.contact),
        *_closing(w, basics),
    ]
    return _content(w, heading, date_line, note, blocks)


def vrije_brief(
    data: FreeLetterData, catalog: LetterCatalog, locale: Locale | None = None
) -> LetterContent:
    """The consultant's own Dutch letter between a translated opening and closing; the body
    is Dutch in every section, announced as untranslated in a translated one."""
    w = _Writer(catalog, locale)
    basics = data.basics
    heading, date_line, note = _header(w, basics, T.FREE_TITLE)
    blocks: list[Block] = [
        _reference_table(w, basics, (w.t(T.LABEL_SUBJECT), w.dutch(data.subject))),
        _salutation(w, basics),
        w.p(T.FREE_OPENING, municipality=w.own(basics.municipality)),
    ]
    if w.translated:
        blocks.append(w.p(T.NOT_TRANSLATED))
    blocks += _dutch_paragraphs(data.body)
    blocks += [
        _questions(w, basics.contact),
        w.p(T.ASK_READING_HELP),
        *_closing(w, basics),
    ]
    return _content(w, heading, date_line, note, blocks)


# --- Registry and both sections ---------------------------------------------------------------

LetterData = (
    IntakeInvitationData
    | PipBeschikkingData
    | MeetingInvitationData
    | OntzorgenOverviewData
    | WarningData
    | FreeLetterData
)
D = TypeVar("D", bound=LetterData)

# The letter types by their stable name (stored with a sent letter).
LETTER_TYPES: dict[str, Callable[..., LetterContent]] = {
    "uitnodiging_brede_intake": uitnodiging_brede_intake,
    "pip_beschikking": pip_beschikking,
    "uitnodiging_voortgangsgesprek": uitnodiging_voortgangsgesprek,
    "overzicht_ontzorgen": overzicht_ontzorgen,
    "waarschuwing": waarschuwing,
    "vrije_brief": vrije_brief,
}


class IncompleteTranslation(ValueError):
    """The client's catalog lacks texts a letter may use: print Dutch only, or translate."""

    def __init__(self, language: str, missing: list[str]) -> None:
        super().__init__(f"letters catalog {language!r} lacks {len(missing)} text(s)")
        self.language = language
        self.missing = missing


def bilingual(
    letter: Callable[[D, LetterCatalog], LetterContent], data: D, language: str
) -> list[LetterContent]:
    """The Dutch section, then the section in `language` (only the Dutch one for "nl").

    Raises IncompleteTranslation when the client's catalog lacks any letter text, rather than
    printing a Dutch sentence inside a translated section; ValueError for a language without
    a letters catalog.
    """
    dutch = LetterCatalog.load(T.SOURCE_LANGUAGE)
    sections = [letter(data, dutch)]
    code = T.normalise_language(language)
    if code != T.SOURCE_LANGUAGE:
        catalog = LetterCatalog.load(code)
        missing = catalog.missing(T.all_messages())
        if missing:
            raise IncompleteTranslation(code, missing)
        sections.append(letter(data, catalog))
    return sections
