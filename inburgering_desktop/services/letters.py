"""Letters: made from a dossier, kept exactly as sent.

`prepare` checks what the consultant typed, builds the letter from the dossier, the
municipality profile and the letter texts, and renders it. Nothing is stored then: a preview
that is closed leaves no trace. Rendering is CPU work (≈0.1 s for a Dutch + Arabic letter), so
the screens call `prepare` off the GUI thread.

`issue` keeps the prepared bytes with the dossier, with their SHA-256, the letter type, the
languages, the template and catalog versions and the date, in one transaction with its audit
entry; the screens call it before a letter is printed or saved. `stored_pdf` gives those bytes
back, checked against their digest: a reprint is the stored letter, never a new rendering, so
it stays what the client received even after the dossier or a translation changed.

A translation that lacks any letter text is refused (`TranslationIncomplete`, naming the
texts) rather than printed with Dutch sentences inside it; the consultant may then make the
letter in Dutch only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import inburgering_desktop
from inburgering_desktop.domain import languages as domain_languages
from inburgering_desktop.domain import validation as v
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import NotFoundError, ServiceError, ValidationFailed
from inburgering_desktop.services.policy import load_policy
from inburgering_desktop.services.settings import (
    LOGO_KEY,
    PROFILE_KEY,
    MunicipalityProfile,
    get_account_name,
)
from inburgering_desktop.store import audit
from inburgering_desktop.store.models import (
    NAME_LENGTH,
    Blob,
    Dossier,
    HouseholdMember,
    IntakeAnswer,
    Letter,
    PipVersion,
    Setting,
)
from inburgering_desktop.store.models import CoaHandover as CoaHandoverRow
from inburgering_desktop.store.models import Intake as IntakeRow

# The documents package (ReportLab, HarfBuzz, pikepdf) is imported only when a letter is made:
# the Documenten tab imports this module when a dossier opens, and lists letters without it.
if TYPE_CHECKING:
    from inburgering_desktop.documents.intake_report import IntakeReportData
    from inburgering_desktop.documents.layout import Letterhead
    from inburgering_desktop.documents.letter_types import (
        Appointment,
        LetterBasics,
        LetterData,
        ModuleArrangement,
    )
    from inburgering_desktop.domain.pip import ModuleAgreement
    from inburgering_desktop.domain.policy import Policy

# The letter types in the order the screens offer them, with their Dutch names.
LETTER_LABELS: dict[str, str] = {
    "uitnodiging_brede_intake": N_("Uitnodiging brede intake"),
    "uitnodiging_voortgangsgesprek": N_("Uitnodiging voortgangsgesprek"),
    "waarschuwing": N_("Waarschuwing"),
    "vrije_brief": N_("Vrije brief"),
    "pip_beschikking": N_("PIP-beschikking"),
    "overzicht_ontzorgen": N_("Overzicht ontzorgen"),
    "intake_verslag": N_("Verslag brede intake (voor het dossier)"),
}

# Documents for the file, not for the client: made in Dutch only, whatever language is asked.
DUTCH_ONLY_TYPES = frozenset({"intake_verslag"})

# Letter types whose data the register does not hold yet (the PIP and the fixed costs arrive
# with later issues). Offered greyed out, with this reason, instead of with a form that would
# have to ask for the whole PIP again.
_NOT_YET: dict[str, str] = {
    "overzicht_ontzorgen": N_(
        "Kan pas worden gemaakt als de vaste lasten (ontzorgen) in het dossier zijn vastgelegd; "
        "dat kan deze versie van het programma nog niet."
    ),
}

# The fields each type asks for, by name (the keys `prepare` reads, the CLI's options).
APPOINTMENT_FIELDS = ("date", "time", "place", "interpreter")
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "uitnodiging_brede_intake": (*APPOINTMENT_FIELDS, *CONTACT_FIELDS),
    "uitnodiging_voortgangsgesprek": (*APPOINTMENT_FIELDS, *CONTACT_FIELDS),
    "waarschuwing": (
        "ground",
        "fact_date",
        "respond_before",
        "details",
        "new_date",
        "new_time",
        "new_place",
        "new_interpreter",
        *CONTACT_FIELDS,
    ),
    "vrije_brief": ("subject", "text", *CONTACT_FIELDS),
    # The PIP itself comes from the stored version (RULES.md §2.5); only which one is asked.
    "pip_beschikking": ("pip_version_id", *CONTACT_FIELDS),
    "intake_verslag": ("include_special",),
}

# What a warning is about (letter_types.WarningGround), in Dutch for the screens.
WARNING_GROUND_LABELS: dict[str, str] = {
    "brede_intake": N_("Niet gekomen op de brede intake"),
    "voortgangsgesprek": N_("Niet gekomen op een voortgangsgesprek"),
    "lessen": N_("Niet (vaak genoeg) naar de lessen"),
    "pvt": N_("Doet niet mee aan het PVT"),
    "map": N_("Doet niet mee aan de MAP"),
}

# The templates are code shipped with the program: its version names the template that
# rendered a stored letter (the catalogs have versions of their own).
TEMPLATE_VERSION = f"inburgering-desktop {inburgering_desktop.__version__}"

LANGUAGE_SEPARATOR = "+"
TEXT_MAX_LENGTH = 20_000  # a free letter's body: some pages, not a book
DETAILS_MAX_LENGTH = 5_000
_TRUE = frozenset({"ja", "j", "yes", "y", "true", "1", "waar"})
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
_MUNICIPALITY_WORD = "gemeente"


# --- What the screens offer --------------------------------------------------------------------


@dataclass(frozen=True)
class LetterTypeInfo:
    name: str
    label: str  # Dutch msgid
    available: bool
    reason: str  # msgid: why it cannot be made yet; empty when it can
    dutch_only: bool = False  # a document for the file: Dutch, whatever language is chosen


def letter_types() -> list[LetterTypeInfo]:
    """Every letter type, in the order the screens offer them."""
    return [
        LetterTypeInfo(
            name, label, name not in _NOT_YET, _NOT_YET.get(name, ""), name in DUTCH_ONLY_TYPES
        )
        for name, label in LETTER_LABELS.items()
    ]


@dataclass(frozen=True)
class EstablishedVersion:
    """A vastgestelde PIP version, as the letter form offers it for a beschikking."""

    id: int
    number: int
    dagtekening: dt.date
    leerroute: str  # the route's value ("b1"), empty when the content has none
    has_letter: bool  # a beschikking is linked to it already (PipVersion.letter_id)


def established_versions(ctx: AppContext, dossier_id: int) -> list[EstablishedVersion]:
    """The dossier's vastgestelde PIP versions, newest first: the versions a beschikking can be
    made for (a concept has none; RULES.md §2.5)."""
    from inburgering_desktop.domain.enums import PipVersionStatus

    with ctx.db.transaction() as session:
        _dossier(session, dossier_id)
        rows = session.scalars(
            select(PipVersion)
            .where(
                PipVersion.dossier_id == dossier_id,
                PipVersion.status == PipVersionStatus.VASTGESTELD,
            )
            .order_by(PipVersion.number.desc())
        ).all()
        return [
            EstablishedVersion(
                id=row.id,
                number=row.number,
                dagtekening=row.dagtekening,
                leerroute=row.leerroute.value if row.leerroute is not None else "",
                has_letter=row.letter_id is not None,
            )
            for row in rows
            if row.dagtekening is not None
        ]


@dataclass(frozen=True)
class LetterLanguage:
    """A language letters can be printed in, and the state of its catalog."""

    code: str
    name: str  # Dutch name, a msgid
    native_name: str
    is_source: bool  # Dutch: the text itself, not a translation
    certified: bool  # a certified (beëdigd) translator has checked the catalog
    version: str
    missing: int  # letter texts without a translation


def letter_languages() -> list[LetterLanguage]:
    """The languages with a letters catalog, Dutch first."""
    from inburgering_desktop.documents import texts

    result = []
    for code in texts.available_letter_languages():
        catalog = texts.LetterCatalog.load(code)
        language = domain_languages.language(code)
        result.append(
            LetterLanguage(
                code=code,
                name=language.name,
                native_name=language.native_name,
                is_source=catalog.is_source,
                certified=catalog.certified,
                version=catalog.version,
                missing=len(catalog.missing(texts.all_messages())),
            )
        )
    return result


@dataclass(frozen=True)
class LetterDefaults:
    """What the letter form starts with for one dossier."""

    reference: str
    client_language: str  # the dossier's language code
    language: str  # the client's language if letters exist in it, else Dutch
    client_language_has_letters: bool
    interpreter_needed: bool  # the dossier says so; whether one is arranged is the form's
    fields: dict[str, str]


def letter_defaults(ctx: AppContext, dossier_id: int) -> LetterDefaults:
    """The client's language, and the consultant (else the signatory) and the municipality's
    phone and e-mail as the contact."""
    from inburgering_desktop.documents import texts

    with ctx.db.transaction() as session:
        dossier = _dossier(session, dossier_id)
        profile = _profile(session)
        reference, client_language = dossier.reference, dossier.language_code
        interpreter_needed = dossier.interpreter_needed
        # The consultant's name as set in Instellingen, not the audit account of the session:
        # a script's account ("cli:beheer") is no name to print in a letter.
        contact = get_account_name(session) or profile.signatory_name
    has_letters = client_language in texts.available_letter_languages()
    return LetterDefaults(
        reference=reference,
        client_language=client_language,
        language=client_language if has_letters else texts.SOURCE_LANGUAGE,
        client_language_has_letters=has_letters,
        interpreter_needed=interpreter_needed,
        fields={
            "contact_name": contact,
            "contact_phone": profile.phone,
            "contact_email": profile.email,
        },
    )


def dossier_id_for_reference(ctx: AppContext, reference: str) -> int:
    """The dossier with this kenmerk (INB-2026-0001), as typed on a command line."""
    wanted = reference.strip().upper()
    with ctx.db.transaction() as session:
        found = session.scalar(select(Dossier.id).where(Dossier.reference == wanted))
    if found is None:
        raise NotFoundError(N_("Er is geen dossier met kenmerk {reference}."), reference=wanted)
    return found


# --- Errors ----------------------------------------------------------------------------------


class TranslationIncomplete(ServiceError):
    """The client's catalog lacks letter texts: make the letter in Dutch only, or translate."""

    def __init__(self, language: str, missing: Sequence[str]) -> None:
        super().__init__(
            N_(
                "De vertaling van de brieven in het {language} is niet compleet (ontbrekende "
                "teksten: {count}). Maak de brief alleen in het Nederlands, of laat de vertaling "
                "eerst aanvullen."
            ),
            language=domain_languages.language(language).name,
            count=len(missing),
        )
        self.language = language
        self.missing = list(missing)


class LetterDamaged(ServiceError):
    """A stored letter's bytes no longer match their digest."""


class AlreadyIssued(ServiceError):
    """These very bytes are already kept with the dossier."""


# --- Preparing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedLetter:
    """A rendered letter, not yet kept: everything `issue` stores."""

    dossier_id: int
    reference: str
    letter_type: str
    language: str  # the language asked for
    languages: str  # the sections printed, in order: "nl+ar", or "nl"
    title: str
    issued_on: dt.date
    pdf: bytes
    sha256: str
    template_version: str
    catalog_versions: dict[str, dict[str, object]]
    # Texts the asked-for catalog lacks (only when made in Dutch only because of them).
    missing_strings: tuple[str, ...] = ()
    # Whether a certified translator checked the translation; None without one.
    translation_certified: bool | None = None
    # The PIP version a beschikking states (`issue` links the kept letter to it).
    pip_version_id: int | None = None

    @property
    def file_name(self) -> str:
        return f"{self.reference}_{self.letter_type}_{self.issued_on.isoformat()}.pdf"


def prepare(
    ctx: AppContext,
    dossier_id: int,
    letter_type: str,
    language: str,
    fields: Mapping[str, str | bool],
    *,
    dutch_only: bool = False,
) -> PreparedLetter:
    """Check the fields, build the letter and render it; stores nothing.

    `fields` holds the type's TYPE_FIELDS as typed (dates dd-mm-jjjj, times uu:mm, check boxes
    as bool or "ja", ids as digits); other keys are ignored. ValidationFailed names each wrong
    field; TranslationIncomplete when `language`'s catalog lacks texts, unless `dutch_only`,
    which makes the Dutch section alone.

    "pip_beschikking" reads the PIP version `fields["pip_version_id"]` from the store: it must
    be vastgesteld and belong to this dossier (ServiceError otherwise); the letter is dated on
    the version's dagtekening. A type in DUTCH_ONLY_TYPES (the intake report) is made in Dutch
    whatever `language` says.
    """
    from inburgering_desktop.documents import texts
    from inburgering_desktop.documents.intake_report import RECIPIENT_LINES, REPORT_TYPES
    from inburgering_desktop.documents.layout import LetterDocument, Section, render_pdf
    from inburgering_desktop.documents.letter_types import (
        LETTER_TYPES,
        IncompleteTranslation,
        bilingual,
    )

    _check_type(letter_type)
    if letter_type in DUTCH_ONLY_TYPES:
        language, dutch_only = texts.SOURCE_LANGUAGE, False
    code = texts.normalise_language(language)
    if code not in texts.available_letter_languages():
        try:
            name = domain_languages.language(code).name
        except v.ValidationError:
            name = language.strip()
        raise ServiceError(
            N_("Er zijn geen vertaalde brieven in de taal {language}. Kies een andere taal."),
            language=name,
        )
    today = ctx.today()
    with ctx.db.transaction() as session:
        dossier = _dossier(session, dossier_id)
        profile = _profile(session)
        logo_blob = session.get(Blob, LOGO_KEY)
        logo = logo_blob.data if logo_blob is not None else None
        policy = load_policy(session)
        reference = dossier.reference
        recipient = _recipient(dossier)
        recipient_lines = _recipient_lines(dossier)
    letterhead_name, place_name = _municipality_names(profile)
    form = _Form(fields, today)
    needs_contact = "contact_name" in TYPE_FIELDS[letter_type]
    basics = _basics(form, profile, place_name, recipient, reference, today, needs_contact)
    source = _Source(ctx, dossier_id, profile)
    data = _BUILDERS[letter_type](form, basics, policy, source)
    form.raise_errors()
    assert data is not None  # the builders return None only with errors, raised above

    catalogs: dict[str, dict[str, object]] = {}
    missing: tuple[str, ...] = ()
    certified: bool | None = None
    if letter_type in REPORT_TYPES:
        # For the file: one Dutch section, and no address in the envelope window.
        report = REPORT_TYPES[letter_type]
        contents = [report(data, texts.LetterCatalog.load(texts.SOURCE_LANGUAGE))]  # type: ignore[arg-type]
        recipient_lines = RECIPIENT_LINES
    else:
        letter = LETTER_TYPES[letter_type]
        if code != texts.SOURCE_LANGUAGE:
            catalog = texts.LetterCatalog.load(code)
            certified = catalog.certified
            catalogs[code] = {"version": catalog.version, "certified": catalog.certified}
        try:
            contents = bilingual(letter, data, texts.SOURCE_LANGUAGE if dutch_only else code)
        except IncompleteTranslation as incomplete:
            raise TranslationIncomplete(code, incomplete.missing) from None
        if dutch_only and code != texts.SOURCE_LANGUAGE:
            # Recorded with the letter: why the client got Dutch only.
            missing = tuple(texts.LetterCatalog.load(code).missing(texts.all_messages()))
            catalogs[code].update(used=False, missing=len(missing))
            certified = None
    dutch = texts.LetterCatalog.load(texts.SOURCE_LANGUAGE)
    catalogs = {texts.SOURCE_LANGUAGE: {"version": dutch.version}, **catalogs}

    sections = [
        Section(
            language=c.language,
            direction=c.direction,
            heading=c.heading,
            date_line=c.date_line,
            blocks=c.blocks,
            binding_note=c.binding_note,
        )
        for c in contents
    ]
    title = contents[0].heading
    if letter_type == "vrije_brief":
        title = f"{title}: {form.value('subject')}"
    title = title[:NAME_LENGTH]
    keywords = [letter_type]
    if letter_type == "intake_verslag" and form.flag("include_special"):
        keywords.append("bijzondere persoonsgegevens")
    document = LetterDocument(
        title=title,
        reference=reference,
        recipient_lines=recipient_lines,
        sections=sections,
        letterhead=_letterhead(profile, letterhead_name, logo),
        created=dt.datetime.now(dt.UTC),
        language_tags=tuple(c.language for c in contents),
        keywords=tuple(keywords),
    )
    try:
        pdf = render_pdf(document)
    except ValueError as error:
        if "logo" in str(error):
            raise ServiceError(
                N_("Het logo in de instellingen kan niet worden gelezen. Kies een ander logo.")
            ) from error
        raise
    return PreparedLetter(
        dossier_id=dossier_id,
        reference=reference,
        letter_type=letter_type,
        language=code,
        languages=LANGUAGE_SEPARATOR.join(c.language for c in contents),
        title=title,
        issued_on=data.basics.letter_date,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        template_version=TEMPLATE_VERSION,
        catalog_versions=catalogs,
        missing_strings=missing,
        translation_certified=certified,
        pip_version_id=source.pip_version_id,
    )


def prepare_pip_beschikking(
    ctx: AppContext,
    dossier_id: int,
    pip_version_id: int,
    language: str | None = None,
    *,
    contact: Mapping[str, str] | None = None,
    dutch_only: bool = False,
) -> PreparedLetter:
    """The beschikking of one vastgestelde PIP version, for the PIP tab: `prepare` with the
    contact person and language the letter form would start with (`letter_defaults`), or
    those given. Keep it with `issue(ctx, prepared, dossier_id, "pip_beschikking")`; the
    returned letter's `pip_version_id` says which version it states."""
    defaults = letter_defaults(ctx, dossier_id)
    fields: dict[str, str | bool] = {
        **defaults.fields,
        **(contact or {}),
        "pip_version_id": str(pip_version_id),
    }
    return prepare(
        ctx,
        dossier_id,
        "pip_beschikking",
        language or defaults.language,
        fields,
        dutch_only=dutch_only,
    )


def _check_type(letter_type: str) -> None:
    if letter_type not in LETTER_LABELS:
        raise ServiceError(
            N_("Onbekende brief: {name}. Kies uit: {choices}."),
            name=letter_type,
            choices=", ".join(name for name in LETTER_LABELS if name not in _NOT_YET),
        )
    if letter_type in _NOT_YET:
        raise ServiceError(_NOT_YET[letter_type])


def _dossier(session: Session, dossier_id: int) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFoundError(N_("Dit dossier bestaat niet (meer)."))
    return dossier


def _profile(session: Session) -> MunicipalityProfile:
    row = session.get(Setting, PROFILE_KEY)
    raw = json.loads(row.value) if row is not None else {}
    return MunicipalityProfile.from_mapping(raw if isinstance(raw, dict) else {})


def _municipality_names(profile: MunicipalityProfile) -> tuple[str, str]:
    """("Gemeente Proefstad", "Proefstad"): the letterhead's name, and the name the letter
    texts put after their own "de gemeente" / "van"; the profile may hold either form."""
    name = profile.name.strip()
    if not name:
        raise ServiceError(
            N_(
                "Vul eerst het gemeenteprofiel in (menu Instellingen): de naam van de gemeente "
                "staat op elke brief."
            )
        )
    if not profile.signatory_name.strip():
        raise ServiceError(
            N_(
                "Vul eerst in de instellingen de naam van de ondertekenaar in: die staat onder "
                "elke brief."
            )
        )
    first, _sep, rest = name.partition(" ")
    if first.casefold() == _MUNICIPALITY_WORD and rest.strip():
        return name, rest.strip()
    return f"{_MUNICIPALITY_WORD.capitalize()} {name}", name


def _recipient(dossier: Dossier) -> str:
    """The name in the salutation: as in the passport, and in the client's own script."""
    latin = _latin_name(dossier)
    original = dossier.name_original_script.strip()
    return f"{latin} / {original}" if original else latin


def _latin_name(dossier: Dossier) -> str:
    return " ".join(part for part in (dossier.given_names.strip(), dossier.family_name) if part)


def _recipient_lines(dossier: Dossier) -> tuple[str, ...]:
    # The name in the client's own script under the Latin one: in shared housing (an AZC, a
    # house with several families) it tells the client at a glance that the letter is theirs.
    street = " ".join(p for p in (dossier.street.strip(), dossier.house_number.strip()) if p)
    # Two spaces between postcode and town: PostNL's address convention.
    place = "  ".join(p for p in (dossier.postal_code.strip(), dossier.city.strip()) if p)
    lines = (_latin_name(dossier), dossier.name_original_script.strip(), street, place)
    return tuple(line for line in lines if line)


def _letterhead(profile: MunicipalityProfile, name: str, logo: bytes | None) -> Letterhead:
    from inburgering_desktop.documents.layout import Letterhead

    place = "  ".join(p for p in (profile.postal_code, profile.city) if p)
    return Letterhead(
        municipality=name,
        department=profile.department,
        address_lines=tuple(line for line in (profile.street, place) if line),
        phone=profile.phone,
        email=profile.email,
        website=profile.website,
        logo=logo,
        signatory_name=profile.signatory_name,
        signatory_title=profile.signatory_title,
    )


# --- Fields ------------------------------------------------------------------------------------


class _Form:
    """The typed fields, checked one by one; every mistake is collected, not only the first."""

    def __init__(self, raw: Mapping[str, str | bool], today: dt.date) -> None:
        self.raw = raw
        self.today = today
        self.errors: list[v.ValidationError] = []
        self._values: dict[str, object] = {}

    def text(self, name: str) -> str:
        value = self.raw.get(name, "")
        return value if isinstance(value, str) else ""

    def has(self, name: str) -> bool:
        return bool(self.text(name).strip())

    def value(self, name: str) -> object:
        return self._values.get(name)

    def _check(self, name: str, parse: Callable[[], object]) -> Any:
        try:
            value = parse()
        except v.ValidationError as error:
            self.errors.append(error)
            return None
        self._values[name] = value
        return value

    def line(self, name: str, max_length: int = 200) -> str | None:
        return self._check(name, lambda: v.validate_name(self.text(name), name, True, max_length))

    def lines(self, name: str, required: bool, max_length: int) -> str | None:
        """Several lines as typed (a letter's body): each line checked like a name, the line
        breaks kept."""

        def parse() -> str:
            text = unicodedata.normalize("NFC", self.text(name).replace("\r\n", "\n")).strip()
            if not text:
                if required:
                    raise v.ValidationError(name, N_("Dit veld is verplicht."))
                return ""
            if len(text) > max_length:
                raise v.ValidationError(
                    name, N_("Gebruik hoogstens {max_length} tekens."), {"max_length": max_length}
                )
            return "\n".join(
                v.validate_name(line, name, required=False, max_length=max_length)
                for line in text.split("\n")
            )

        return self._check(name, parse)

    def date(self, name: str) -> dt.date | None:
        return self._check(name, lambda: v.parse_date(self.text(name), name))

    def time(self, name: str) -> dt.time | None:
        return self._check(name, lambda: _parse_time(self.text(name), name))

    def flag(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if isinstance(value, bool):
            return value
        return value.strip().casefold() in _TRUE

    def phone(self, name: str) -> str | None:
        return self._check(name, lambda: v.validate_phone(self.text(name), name))

    def email(self, name: str) -> str | None:
        return self._check(name, lambda: v.validate_email(self.text(name), name))

    def error(self, name: str, message: str, **params: str | int) -> None:
        self.errors.append(v.ValidationError(name, message, params))

    def raise_errors(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def _parse_time(text: str, field_name: str) -> dt.time:
    """A time typed as uu:mm or uu.mm (9:30, 09.30)."""
    cleaned = text.strip()
    match = _TIME.fullmatch(cleaned)
    if match is None:
        raise v.ValidationError(field_name, N_("Vul een tijd in als uu:mm, bijvoorbeeld 09:30."))
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise v.ValidationError(
            field_name, N_("Deze tijd bestaat niet: {text}."), {"text": cleaned}
        )
    return dt.time(hour, minute)


def _basics(
    form: _Form,
    profile: MunicipalityProfile,
    place_name: str,
    recipient: str,
    reference: str,
    today: dt.date,
    needs_contact: bool = True,
) -> LetterBasics:
    from inburgering_desktop.documents import texts
    from inburgering_desktop.documents.letter_types import Contact, LetterBasics, Signer

    # A document for the file names no contact person: nothing to check then.
    name = form.line("contact_name") if needs_contact else ""
    phone = form.phone("contact_phone") if needs_contact else ""
    email = form.email("contact_email") if needs_contact else ""
    title = profile.signatory_title.strip()
    # The standard title is printed translated in each section; a title of the municipality's
    # own is its Dutch wording and printed as typed.
    if title == texts.SIGNER_TITLE:
        title = ""
    return LetterBasics(
        recipient_name=recipient,
        municipality=place_name,
        letter_date=today,
        reference=reference,
        contact=Contact(name or "", phone or "", email or ""),
        signer=Signer(profile.signatory_name.strip(), title or None),
    )


def _appointment(form: _Form, prefix: str = "") -> Appointment | None:
    from inburgering_desktop.documents.letter_types import Appointment

    day = form.date(f"{prefix}date")
    time = form.time(f"{prefix}time")
    place = form.line(f"{prefix}place")
    if day is not None and day < form.today:
        form.error(f"{prefix}date", N_("Deze datum ligt in het verleden."))
        return None
    if day is None or time is None or place is None:
        return None
    return Appointment(day, time, place, interpreter=form.flag(f"{prefix}interpreter"))


def _intake(
    form: _Form, basics: LetterBasics, _policy: Policy, _source: _Source
) -> LetterData | None:
    from inburgering_desktop.documents.letter_types import IntakeInvitationData

    appointment = _appointment(form)
    return None if appointment is None else IntakeInvitationData(basics, appointment)


def _meeting(
    form: _Form, basics: LetterBasics, _policy: Policy, _source: _Source
) -> LetterData | None:
    from inburgering_desktop.documents.letter_types import MeetingInvitationData

    appointment = _appointment(form)
    return None if appointment is None else MeetingInvitationData(basics, appointment)


def _warning(
    form: _Form, basics: LetterBasics, policy: Policy, _source: _Source
) -> LetterData | None:
    from inburgering_desktop.documents.letter_types import WarningData, WarningGround

    try:
        ground: WarningGround | None = WarningGround(form.text("ground").strip())
    except ValueError:
        ground = None
        form.error(
            "ground",
            N_("Kies waarvoor de waarschuwing is: {choices}."),
            choices=", ".join(WARNING_GROUND_LABELS),
        )
    fact_date = form.date("fact_date")
    if fact_date is not None and fact_date > form.today:
        form.error("fact_date", N_("Deze datum ligt in de toekomst."))
    respond_before = form.date("respond_before")
    if respond_before is not None and respond_before <= form.today:
        form.error("respond_before", N_("Deze datum moet na de datum van de brief liggen."))
    details = form.lines("details", required=False, max_length=DETAILS_MAX_LENGTH)
    new_appointment = None
    if any(form.has(name) for name in ("new_date", "new_time", "new_place")):
        new_appointment = _appointment(form, prefix="new_")
    if form.errors or ground is None or fact_date is None or respond_before is None:
        return None
    # The policy's maximum for this failure (RULES.md §2.11), never a number of the letter's own.
    fine = (
        policy.fine_brede_intake_cents
        if ground is WarningGround.BREDE_INTAKE
        else policy.fine_pip_cents
    )
    return WarningData(
        basics=basics,
        ground=ground,
        fact_date=fact_date,
        respond_before=respond_before,
        max_fine_cents=fine,
        new_appointment=new_appointment,
        details=details or "",
    )


def _free(
    form: _Form, basics: LetterBasics, _policy: Policy, _source: _Source
) -> LetterData | None:
    from inburgering_desktop.documents.letter_types import FreeLetterData

    subject = form.line("subject")
    body = form.lines("text", required=True, max_length=TEXT_MAX_LENGTH)
    if subject is None or body is None:
        return None
    return FreeLetterData(basics, subject, body)


@dataclass
class _Source:
    """Where a builder that reads the register finds it; it notes what it read for the result."""

    ctx: AppContext
    dossier_id: int
    profile: MunicipalityProfile
    pip_version_id: int | None = None


def _pip_version_id(form: _Form) -> int | None:
    raw = form.text("pip_version_id").strip()
    if not raw.isdigit() or not raw.isascii():
        form.error(
            "pip_version_id",
            N_("Kies de vastgestelde versie van het PIP waarvoor de beschikking is.")
            if not raw
            else N_("Dit is geen versie van het PIP: {text}."),
            text=raw,
        )
        return None
    return int(raw)


def _objection_address(profile: MunicipalityProfile) -> str:
    place = " ".join(p for p in (profile.postal_code.strip(), profile.city.strip()) if p)
    address = ", ".join(p for p in (profile.street.strip(), place) if p)
    if not address:
        raise ServiceError(
            N_(
                "Vul eerst het adres van de gemeente in het gemeenteprofiel in (menu "
                "Instellingen): de beschikking noemt het adres voor een bezwaar."
            )
        )
    return address


def _pip_beschikking(
    form: _Form, basics: LetterBasics, policy: Policy, source: _Source
) -> LetterData | None:
    """The beschikking of a stored, vastgestelde PIP version (RULES.md §2.5–2.8)."""
    from dataclasses import replace

    from inburgering_desktop.documents import letter_types as lt
    from inburgering_desktop.domain import pip as domain_pip
    from inburgering_desktop.domain import register, rules
    from inburgering_desktop.domain.enums import Doelgroep, Offer, PipVersionStatus

    version_id = _pip_version_id(form)
    if version_id is None:
        return None
    with source.ctx.db.transaction() as session:
        version = session.get(PipVersion, version_id)
        if version is None or version.dossier_id != source.dossier_id:
            raise NotFoundError(
                N_("Deze versie van het PIP hoort niet (meer) bij dit dossier; ververs het scherm.")
            )
        if version.status != PipVersionStatus.VASTGESTELD or version.dagtekening is None:
            raise ServiceError(
                N_(
                    "Versie {number} van het PIP is nog een concept. Een beschikking kan pas "
                    "worden gemaakt als het PIP is vastgesteld."
                ),
                number=version.number,
            )
        dossier = _dossier(session, source.dossier_id)
        try:
            content = domain_pip.PipContent.from_dict(json.loads(version.content))
        except (ValueError, TypeError) as error:
            raise ServiceError(
                N_(
                    "De inhoud van versie {number} van het PIP kan niet worden gelezen. Meld "
                    "het aan de functioneel beheerder."
                ),
                number=version.number,
            ) from error
        dagtekening, number, reason = version.dagtekening, version.number, version.reason
        # The termijn counts from the FIRST vastgestelde PIP (Wi2021 art. 11 lid 3): the
        # dossier's date, or, should it be missing, the first version's dagtekening.
        first = dossier.first_pip_date
        if first is None:
            versions = session.scalars(
                select(PipVersion).where(PipVersion.dossier_id == source.dossier_id)
            ).all()
            first = domain_pip.first_pip_date(versions)
        # DUO's extensions as decided by the beschikking's date; a later one is not in it.
        extensions = [e for e in dossier.extensions if e.decided_on <= dagtekening]
        facts = register.facts_for(dossier, extensions=extensions)
    termijn = rules.termijn(
        first, facts.extensions, policy.termijn_years, policy.termijnenwet_shift
    )
    if termijn is None or content.leerroute is None:
        raise ServiceError(
            N_(
                "Versie {number} van het PIP heeft geen leerroute of inburgeringstermijn; er "
                "kan geen beschikking voor worden gemaakt."
            ),
            number=number,
        )
    offer = rules.offers(rules.dossier_regime(facts, policy), facts.doelgroep, facts.pw_benefit)
    route = content.leerroute
    # Who pays the route (RULES.md §1): the municipality where the PIP says so; a person to
    # whom the municipality does not offer a paid route (a gezinsmigrant) chooses and pays.
    route_paid: bool | None = True if route.paid else None
    if not route.paid and not offer[Offer.LEERROUTE_PAID]:
        route_paid = False
    z_route = None
    if route.route is lt.Leerroute.Z_ROUTE:
        plan = domain_pip.z_route_plan(policy, Doelgroep(facts.doelgroep))
        z_route = lt.ZRouteHours(plan.language_hours, plan.participation_hours)
    ontzorgen = None
    if content.ontzorgen is not None:
        ontzorgen = lt.OntzorgenArrangement(
            months=content.ontzorgen.months,
            minimum_months=policy.ontzorgen_min_months,
            shorter_reason=content.ontzorgen.shorter_reason,
            financial_guidance_start=content.ontzorgen.financial_guidance_start,
        )
    guidance = content.maatschappelijke_begeleiding
    source.pip_version_id = version_id
    return lt.PipBeschikkingData(
        basics=replace(basics, letter_date=dagtekening),
        leerroute=route.route,
        termijn_start=termijn.start,
        termijn_end=termijn.end,
        objection_address=_objection_address(source.profile),
        pip_fine_applies=offer[Offer.FINE_PIP],
        language_provider=route.provider or None,
        route_start=route.start,
        route_hours_per_week=route.hours_per_week,
        route_paid=route_paid,
        z_route=z_route,
        knm=content.knm,
        map=_module(content.map),
        pvt=_module(content.pvt),
        ontzorgen=ontzorgen,
        social_guidance=None
        if guidance is None
        else lt.GuidanceArrangement(guidance.organisation, guidance.start, guidance.end),
        preschool=tuple(
            lt.PreschoolArrangement(child, arrangement)
            for child, arrangement in content.voorschoolse_educatie
        ),
        participation_activities=tuple(
            lt.ParticipationActivity(description, hours)
            for description, hours in content.participatie
        ),
        other_agreements=content.overige_afspraken,
        version=number,
        change_reason=reason if number > 1 else "",
    )


def _module(module: ModuleAgreement | None) -> ModuleArrangement | None:
    from inburgering_desktop.documents.letter_types import ModuleArrangement

    if module is None:
        return None
    hours = module.hours if module.hours is not None and module.hours >= 1 else None
    return ModuleArrangement(module.provider, hours)


def _intake_report(
    form: _Form, basics: LetterBasics, _policy: Policy, source: _Source
) -> IntakeReportData | None:
    """The brede intake for the file, read straight from the register (RULES.md §2.3–2.4)."""
    from dataclasses import replace

    from inburgering_desktop.documents.intake_report import Child, IntakeReportData
    from inburgering_desktop.domain.enums import HouseholdRelation
    from inburgering_desktop.domain.intake import CoaHandover, Leerbaarheidstoets

    include_special = form.flag("include_special")
    with source.ctx.db.transaction() as session:
        dossier = _dossier(session, source.dossier_id)
        answers = {
            row.field_key: row.value
            for row in session.scalars(
                select(IntakeAnswer).where(IntakeAnswer.dossier_id == source.dossier_id)
            )
        }
        intake = session.scalar(select(IntakeRow).where(IntakeRow.dossier_id == source.dossier_id))
        handover_row = session.scalar(
            select(CoaHandoverRow).where(CoaHandoverRow.dossier_id == source.dossier_id)
        )
        children = tuple(
            Child(member.name, member.birth_date)
            for member in session.scalars(
                select(HouseholdMember)
                .where(
                    HouseholdMember.dossier_id == source.dossier_id,
                    HouseholdMember.relation == HouseholdRelation.CHILD,
                )
                .order_by(HouseholdMember.birth_date, HouseholdMember.id)
            )
        )
        handover = None
        if handover_row is not None:
            handover = CoaHandover(
                noa_summary=handover_row.noa_summary,
                gca_received=handover_row.gca_received,
                gca_received_on=handover_row.gca_received_on,
                jgz_received=handover_row.jgz_received,
                jgz_received_on=handover_row.jgz_received_on,
                risk_signals=handover_row.risk_signals,
                documents_received=handover_row.documents_received,
                consent_to_share=handover_row.consent_to_share,
                consent_on=handover_row.consent_on,
                no_intake_in_azc=handover_row.no_intake_in_azc,
            )
        toets = None
        if intake is not None:
            toets = Leerbaarheidstoets(
                date=intake.toets_date,
                outcome=intake.toets_outcome,
                no_show=intake.toets_no_show,
                exempt_reason=intake.toets_exempt_reason,
            )
        try:
            language = domain_languages.language(dossier.language_code).name
        except v.ValidationError:
            language = dossier.language_code
        author = get_account_name(session) or source.ctx.account
        return IntakeReportData(
            basics=replace(basics, recipient_name=_latin_name(dossier)),
            name_original_script=dossier.name_original_script,
            birth_date=dossier.birth_date,
            doelgroep=dossier.doelgroep,
            language=language,
            interpreter_needed=dossier.interpreter_needed,
            intake_start_date=dossier.intake_start_date,
            intake_completed_date=dossier.intake_completed_date,
            answers=answers,
            toets=toets,
            vve_informed_on=intake.vve_informed_on if intake is not None else None,
            interview_alone_informed_on=(
                intake.interview_alone_informed_on if intake is not None else None
            ),
            handover=handover,
            children=children,
            author=author,
            include_special=include_special,
        )


_BUILDERS: dict[
    str, Callable[[_Form, LetterBasics, Policy, _Source], LetterData | IntakeReportData | None]
] = {
    "uitnodiging_brede_intake": _intake,
    "uitnodiging_voortgangsgesprek": _meeting,
    "waarschuwing": _warning,
    "vrije_brief": _free,
    "pip_beschikking": _pip_beschikking,
    "intake_verslag": _intake_report,
}


# --- Keeping and reading back ------------------------------------------------------------------


def issue(ctx: AppContext, prepared: PreparedLetter, dossier_id: int, letter_type: str) -> int:
    """Keep the prepared letter as sent, with its audit entry, in one transaction; its id.

    The audit entry records type, languages, date, versions and the digest, never the PDF.
    AlreadyIssued when these very bytes are already kept with the dossier.
    """
    if (prepared.dossier_id, prepared.letter_type) != (dossier_id, letter_type):
        raise ValueError("the prepared letter belongs to another dossier or letter type")
    if hashlib.sha256(prepared.pdf).hexdigest() != prepared.sha256:
        raise ValueError("the prepared letter's bytes do not match its digest")
    with ctx.db.transaction() as session:
        _dossier(session, dossier_id)
        existing = session.scalar(
            select(Letter.id).where(
                Letter.dossier_id == dossier_id, Letter.sha256 == prepared.sha256
            )
        )
        if existing is not None:
            raise AlreadyIssued(N_("Deze brief is al vastgelegd in het dossier."))
        letter = Letter(
            dossier_id=dossier_id,
            letter_type=letter_type,
            languages=prepared.languages,
            title=prepared.title,
            template_version=prepared.template_version,
            catalog_versions=json.dumps(prepared.catalog_versions, sort_keys=True),
            issued_on=prepared.issued_on,
            account=ctx.account,
            sha256=prepared.sha256,
            pdf=prepared.pdf,
        )
        session.add(letter)
        session.flush()  # assigns the id the audit entry refers to
        audit.append(
            session,
            account=ctx.account,
            action="create",
            entity=Letter.__tablename__,
            entity_id=letter.id,
            dossier_id=dossier_id,
            changes={
                "letter_type": (None, letter_type),
                "languages": (None, prepared.languages),
                "issued_on": (None, prepared.issued_on),
                "template_version": (None, prepared.template_version),
                "catalog_versions": (None, prepared.catalog_versions),
                "sha256": (None, prepared.sha256),
            },
        )
        if prepared.pip_version_id is not None:
            # The version names its beschikking, in the same transaction, whichever screen (or
            # the command line) made the letter.
            from inburgering_desktop.services.pip import attach_letter

            attach_letter(session, ctx.account, prepared.pip_version_id, letter.id)
        return letter.id


@dataclass(frozen=True)
class LetterSummary:
    """A kept letter as the Documenten tab lists it (without its bytes)."""

    id: int
    dossier_id: int
    reference: str
    letter_type: str
    label: str  # Dutch msgid of the type
    title: str
    languages: tuple[str, ...]
    issued_on: dt.date
    created_at: dt.datetime
    account: str
    sha256: str
    size: int
    template_version: str
    catalog_versions: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def uncertified_languages(self) -> tuple[str, ...]:
        """Translated sections printed from a catalog no certified translator had checked."""
        return tuple(
            code
            for code in self.languages
            if self.catalog_versions.get(code, {}).get("certified") is False
        )

    @property
    def file_name(self) -> str:
        return f"{self.reference}_{self.letter_type}_{self.issued_on.isoformat()}.pdf"


def list_letters(ctx: AppContext, dossier_id: int) -> list[LetterSummary]:
    """The dossier's kept letters, newest first."""
    with ctx.db.transaction() as session:
        rows = session.execute(
            select(Letter, Dossier.reference, func.length(Letter.pdf))
            .join(Dossier, Dossier.id == Letter.dossier_id)
            .where(Letter.dossier_id == dossier_id)
            .order_by(Letter.created_at.desc(), Letter.id.desc())
        ).all()
        return [_summary(letter, reference, size) for letter, reference, size in rows]


def _summary(letter: Letter, reference: str, size: int) -> LetterSummary:
    try:
        versions = json.loads(letter.catalog_versions)
    except ValueError:
        versions = {}
    return LetterSummary(
        id=letter.id,
        dossier_id=letter.dossier_id,
        reference=reference,
        letter_type=letter.letter_type,
        label=LETTER_LABELS.get(letter.letter_type, letter.letter_type),
        title=letter.title,
        languages=tuple(letter.languages.split(LANGUAGE_SEPARATOR)),
        issued_on=letter.issued_on,
        created_at=letter.created_at,
        account=letter.account,
        sha256=letter.sha256,
        size=int(size or 0),
        template_version=letter.template_version,
        catalog_versions=versions if isinstance(versions, dict) else {},
    )


def stored_pdf(ctx: AppContext, letter_id: int) -> bytes:
    """The kept letter's bytes exactly as sent, after checking them against their digest."""
    with ctx.db.transaction() as session:
        letter = session.get(Letter, letter_id)
        if letter is None:
            raise NotFoundError(N_("Deze brief bestaat niet (meer)."))
        data, expected = letter.pdf, letter.sha256
    if hashlib.sha256(data).hexdigest() != expected:
        raise LetterDamaged(
            N_(
                "De opgeslagen brief is beschadigd of gewijzigd: zijn controlegetal (SHA-256) "
                "klopt niet meer. Druk hem niet af en meld het aan de functioneel beheerder."
            )
        )
    return data
