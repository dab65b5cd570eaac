"""The letters' texts: Dutch msgids of the gettext domain "letters", and their catalogs.

Every essential letter is printed twice, Dutch first, then the client's language (RULES.md §3).
Both sections are rendered from the same Dutch msgids below, so a translation cannot say more or
less than the Dutch text: a changed msgid simply has no translation until a translator makes one,
and `LetterCatalog.missing()` reports that before anything is printed.

The letters are a domain of their own, separate from the program's screens (``messages``):
other languages (Tigrinya, Pashto, ...), other translators, a certification status per catalog,
and texts a client reads rather than a consultant. The catalogs live in
``translations/letters/<lang>/LC_MESSAGES/letters.po``; ``translations/letters/letters.pot`` is
the template. Like i18n.py, a .po is read with Babel and compiled to .mo in memory, once per
language per process: no compiled file to forget to rebuild. The Dutch catalog is the identity
(msgstr = msgid); it exists so that Dutch goes through the same code path and gets a version.

Markers: ``L_("...")`` for a text, ``Ln_("...", "...")`` for a text with a count. They only
register the msgid; the letter functions translate with a `LetterCatalog` at print time (the
language of a letter is the client's, not the program's). The program's own markers (``_``,
``N_``, ``ngettext``) must not be used here: babel.cfg would pull these texts into the screens'
catalog.

Placeholders are named (``{name}``) and filled with str.format after translation, never
markup. Every msgstr must carry exactly the placeholders of its msgid (tests/documents).

After changing a text here, regenerate the template and bring the catalogs in line:

    .venv/bin/python -c "from inburgering_desktop.documents import texts; \\
      texts.extract_letter_messages(); print(texts.update_letter_catalogs())"

which prints, per language, the msgids that now need a translator. The extraction alone is
equivalent to

    .venv/bin/pybabel extract --no-default-keywords -k L_ -k Ln_:1,2 \\
      --add-comments=TRANSLATORS: --project="Inburgering Desktop" \\
      --copyright-holder="Inburgering Desktop contributors" --sort-by-file \\
      --add-location=file -o translations/letters/letters.pot \\
      inburgering_desktop/documents/texts.py

but do not use ``pybabel update`` for the .po files: it drops the X-Certified-Translation header.
`update_letter_catalogs()` keeps it, and sets it back to "no" in a catalog whose texts changed,
since a certified translator has not seen the new ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NamedTuple

if TYPE_CHECKING:
    import gettext

    from babel import Locale
    from babel.messages.catalog import Catalog

LETTER_DOMAIN = "letters"
SOURCE_LANGUAGE = "nl"

# The languages RULES.md §3 asks for, Dutch first. Codes as in domain/languages.py.
LETTER_LANGUAGES: tuple[str, ...] = (
    "nl", "en", "ar", "ti", "fa", "prs", "tr", "so", "uk", "ps", "ckb", "ru", "fr",
)  # fmt: skip

# Babel (CLDR) locale per letter language, for dates, months and amounts.
# - en: CLDR's English (Netherlands), as in i18n.py: English words, Dutch conventions
#   (14 April 2025, € 650,00), the same amounts the client sees on Dutch bills.
# - prs: CLDR has no "prs"; its Dari is fa_AF (Afghan month names such as "اپریل", where
#   Iranian Persian writes "آوریل").
# - ti: ti_ER. Most Tigrinya speakers who come to the Netherlands are from Eritrea; CLDR's ti and
#   ti_ER format dates identically today, the region only makes the choice explicit.
# - ckb: ckb_IQ, the Sorani of Iraqi Kurdistan (CLDR's default region for ckb).
# - ar: plain "ar", Modern Standard Arabic month names (أبريل), which readers from Syria, Iraq,
#   Sudan and Yemen all understand; ar_SY's Levantine names (نيسان) are not read everywhere.
_LOCALES: dict[str, str] = {
    "nl": "nl_NL",
    "en": "en_NL",
    "ar": "ar",
    "ti": "ti_ER",
    "fa": "fa_IR",
    "prs": "fa_AF",
    "tr": "tr_TR",
    "so": "so_SO",
    "uk": "uk_UA",
    "ps": "ps_AF",
    "ckb": "ckb_IQ",
    "ru": "ru_RU",
    "fr": "fr_FR",
}

# Written right to left: inserted dates, amounts and names get Unicode isolates (letter_types).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb"})

# The header line that records whether a certified (beëdigd) translator has checked a catalog.
CERTIFIED_HEADER = "X-Certified-Translation"
# The header line that marks the Dutch catalog as the source text, not a translation.
SOURCE_HEADER = "X-Source-Catalog"


class Plural(NamedTuple):
    """A msgid with a count: Dutch singular and plural; `n` is the placeholder for the count."""

    singular: str
    plural: str


# Every msgid marked below, in order: what `missing()` checks a catalog against.
_REGISTRY: list[str | Plural] = []


def L_(msgid: str) -> str:
    """Mark a Dutch letter text (domain "letters"); translated later by a LetterCatalog."""
    _REGISTRY.append(msgid)
    return msgid


def Ln_(singular: str, plural: str) -> Plural:
    """Mark a Dutch letter text with singular and plural form (the count is ``{n}``)."""
    message = Plural(singular, plural)
    _REGISTRY.append(message)
    return message


def all_messages() -> tuple[str | Plural, ...]:
    """Every letter msgid in this module: check a catalog with ``catalog.missing(...)``."""
    return tuple(_REGISTRY)


# --- Common to all letters ---------------------------------------------------------------------

LABEL_DATE = L_("Datum")
# TRANSLATORS: The line under each section's title: the date of the letter.
DATE_LINE = L_("Datum: {date}")
# TRANSLATORS: Give "kenmerk" in brackets: the letterhead and footer print the Dutch word.
LABEL_REFERENCE = L_("Kenmerk")
LABEL_SUBJECT = L_("Onderwerp")
LABEL_TIME = L_("Tijd")
LABEL_PLACE = L_("Plaats")
# TRANSLATORS: {name} is the client's full name. The letter does not know the client's gender:
# use a form that fits both, or give both ("Mr/Mrs").
SALUTATION = L_("Geachte {name},")
CLOSING = L_("Met vriendelijke groet,")
ON_BEHALF = L_("Namens het college van burgemeester en wethouders van {municipality},")
SIGNER_TITLE = L_("Klantregisseur inburgering")
QUESTIONS = L_(
    "Heeft u vragen over deze brief? Neem dan contact op met {contact_name}, "
    "telefoon {phone}, e-mail {email}."
)
ASK_INTERPRETER = L_("Heeft u een tolk nodig bij het gesprek? Zeg het ons dan vóór de afspraak.")
ASK_READING_HELP = L_("Heeft u hulp nodig om deze brief te begrijpen? Zeg het ons.")
# TRANSLATORS: Printed at the top of every translated section, in that section's language.
LEGALLY_BINDING = L_(
    "Dit is een vertaling. Alleen de Nederlandse tekst van deze brief is juridisch bindend."
)
# TRANSLATORS: Printed before text the consultant wrote in Dutch, which stays in Dutch.
NOT_TRANSLATED = L_(
    "De tekst hieronder is niet vertaald. Hij staat er in het Nederlands. "
    "Begrijpt u iets niet? Vraag het ons."
)
INTERPRETER_PRESENT = L_("Er is een tolk bij het gesprek.")
MEETING_AT = L_("Het gesprek is op:")
CANNOT_COME = L_(
    "Kunt u niet komen? Laat het ons dan zo snel mogelijk weten, het liefst vóór de afspraak. "
    "Dan maken we een nieuwe afspraak."
)

# --- Uitnodiging brede intake ------------------------------------------------------------------

INTAKE_TITLE = L_("Uitnodiging voor de brede intake")
# TRANSLATORS: Give "inburgeringsplicht" in brackets after your translation of it.
INTAKE_DUTY = L_(
    "U moet inburgeren in Nederland. Dat heet de inburgeringsplicht. De gemeente "
    "{municipality} helpt u daarbij. Daarom nodigen wij u uit voor een gesprek: de brede intake."
)
INTAKE_TOPICS = L_(
    "In dit gesprek praten we over uw taal, uw opleiding en werk, uw gezondheid, uw geld, uw "
    "gezin en wat u wilt bereiken. U doet ook de leerbaarheidstoets. Die toets laat zien hoe u "
    "het beste Nederlands kunt leren."
)
# TRANSLATORS: Give "PIP" in brackets after your translation of the plan's name.
INTAKE_PIP = L_(
    "Na de brede intake maken wij uw persoonlijk plan inburgering en participatie (PIP). "
    "Daarin staan de afspraken over uw inburgering."
)
INTAKE_ALONE = L_(
    "U mag het gesprek ook alleen voeren, zonder uw partner of familie erbij. "
    "Zeg het ons als u dat wilt."
)
INTAKE_BRING = L_("Neem uw verblijfsdocument of een ander identiteitsbewijs mee.")
INTAKE_REQUIRED = L_("U bent verplicht om mee te doen aan de brede intake.")

# --- Uitnodiging voortgangsgesprek -------------------------------------------------------------

MEETING_TITLE = L_("Uitnodiging voor een voortgangsgesprek")
MEETING_PURPOSE = L_(
    "Wij nodigen u uit voor een voortgangsgesprek. In dit gesprek bespreken we hoe het gaat met "
    "uw inburgering en met de afspraken in uw persoonlijk plan inburgering en participatie "
    "(PIP). We kijken ook samen wat de volgende stappen zijn."
)
MEETING_BRING = L_("Heeft u papieren van uw lessen, toetsen of examens? Neem die dan mee.")
MEETING_REQUIRED = L_(
    "De voortgangsgesprekken zijn een afspraak in uw PIP. U bent verplicht om eraan mee te doen."
)

# --- PIP-beschikking ---------------------------------------------------------------------------

PIP_TITLE = L_("Besluit over uw persoonlijk plan inburgering en participatie (PIP)")
PIP_INTRO = L_(
    "Wij hebben met u gesproken over uw inburgering. Op basis van dat gesprek hebben wij uw "
    "persoonlijk plan inburgering en participatie (PIP) gemaakt."
)
PIP_DECISION_HEADING = L_("Ons besluit")
PIP_DECISION = L_(
    "Het college van burgemeester en wethouders van {municipality} stelt uw PIP vast. Dat doet "
    "het op grond van de Wet inburgering 2021. In het PIP staan de afspraken over uw "
    "inburgering. U moet zich aan deze afspraken houden."
)
PIP_AGREEMENTS_HEADING = L_("De afspraken in uw PIP")
ROUTE_B1 = L_(
    "Leerroute: de B1-route. U leert Nederlands tot taalniveau B1. Daarna doet u het "
    "inburgeringsexamen."
)
ROUTE_ONDERWIJS = L_(
    "Leerroute: de onderwijsroute. U volgt een taalschakeltraject. Daarna kunt u een opleiding "
    "doen op het mbo, het hbo of de universiteit."
)
ROUTE_Z = L_(
    "Leerroute: de Z-route (zelfredzaamheidsroute). U leert Nederlands en u doet mee in de "
    "maatschappij, zodat u zich goed kunt redden. U sluit deze route af met een eindgesprek, "
    "niet met een examen."
)
ROUTE_PROVIDER = L_("Uw lessen krijgt u bij {provider}.")
KNM = L_(
    "Kennis van de Nederlandse Maatschappij (KNM): u leert hoe de Nederlandse maatschappij "
    "werkt, bijvoorbeeld over werk, zorg, onderwijs en wonen."
)
MAP = L_(
    "Module Arbeidsmarkt en Participatie (MAP): u ontdekt welk werk bij u past en u doet "
    "ervaring op in de praktijk."
)
PVT = L_(
    "Participatieverklaringstraject (PVT): u leert over de belangrijkste waarden in Nederland, "
    "zoals vrijheid, gelijkwaardigheid en solidariteit. U sluit af met het ondertekenen van de "
    "participatieverklaring."
)
# TRANSLATORS: Appended to the MAP or PVT line. {hours} is the text of the next message.
DETAIL_HOURS = L_("Omvang: {hours}.")
# TRANSLATORS: Dutch says "uur" after every number, singular or plural.
HOURS = Ln_("{n} uur", "{n} uur")
DETAIL_PROVIDER = L_("Aanbieder: {provider}.")
ONTZORGEN = Ln_(
    "Ontzorgen: de gemeente betaalt {n} maand lang uw vaste lasten uit uw uitkering: huur, "
    "gas, elektriciteit, water en zorgverzekering.",
    "Ontzorgen: de gemeente betaalt {n} maanden lang uw vaste lasten uit uw uitkering: huur, "
    "gas, elektriciteit, water en zorgverzekering.",
)
ONTZORGEN_MORE = L_(
    "U krijgt hierover een apart besluit. Wij helpen u ook om daarna zelf uw geldzaken te regelen."
)
SOCIAL_GUIDANCE = L_(
    "Maatschappelijke begeleiding: {provider} helpt u met praktische zaken in uw nieuwe "
    "woonplaats, zoals uw bankrekening, zorgverzekering, huisarts en school voor uw kinderen."
)
PRESCHOOL = L_(
    "Voorschoolse educatie: uw kind {child} gaat naar de voorschoolse educatie. Daar leert uw "
    "kind al spelend Nederlands, voordat het naar de basisschool gaat."
)
PARTICIPATION = L_("Andere activiteiten om mee te doen in de maatschappij:")
OTHER_AGREEMENTS = L_("Andere afspraken:")
TERMIJN_HEADING = L_("Uw inburgeringstermijn")
# TRANSLATORS: Give "inburgeringstermijn" in brackets after your translation of it.
TERMIJN = L_(
    "Uw inburgeringstermijn begint op {start} en eindigt op {end}. Binnen deze termijn moet u "
    "aan uw inburgeringsplicht voldoen."
)
PROGRESS = L_(
    "Wij spreken u regelmatig in een voortgangsgesprek. Daarin bespreken we hoe het gaat. "
    "Verandert er iets in uw leven, of lukt iets niet? Vertel het ons. Dan kijken we samen of "
    "het plan moet veranderen."
)
PIP_FINE = L_(
    "Houdt u zich zonder goede reden niet aan de afspraken in dit plan? Dan krijgt u eerst een "
    "schriftelijke waarschuwing. Daarna kan het college u een boete geven."
)
OBJECTION_HEADING = L_("Bent u het niet eens met dit besluit?")
# TRANSLATORS: Give "bezwaar" in brackets after your translation of it. {address} is the
# college's postal address, printed as written.
OBJECTION = Ln_(
    "Dan kunt u bezwaar maken. Stuur uw bezwaar binnen {n} week na de datum van deze brief naar "
    "het college van burgemeester en wethouders van {municipality}, {address}.",
    "Dan kunt u bezwaar maken. Stuur uw bezwaar binnen {n} weken na de datum van deze brief naar "
    "het college van burgemeester en wethouders van {municipality}, {address}.",
)
OBJECTION_CONTENTS = L_(
    "Schrijf in uw bezwaar: uw naam en adres, de datum, het kenmerk van deze brief en waarom u "
    "het niet eens bent met het besluit. Zet uw handtekening eronder."
)
OBJECTION_DUO = L_(
    "Gaat uw bezwaar over een besluit van DUO (Dienst Uitvoering Onderwijs)? Stuur uw bezwaar "
    "dan naar DUO, niet naar de gemeente. In de brief van DUO staat hoe dat moet."
)
# The details of a stored PIP version (RULES.md §2.5–2.8): dates, hours, periods, the version.
# TRANSLATORS: Appended to the leerroute line. {date} is the date the lessons start.
DETAIL_START = L_("Start: {date}.")
# TRANSLATORS: Inside "Omvang: {hours}." (the leerroute) and after a participation activity.
# Dutch says "uur" after every number, singular or plural.
HOURS_PER_WEEK = Ln_("{n} uur per week", "{n} uur per week")
# TRANSLATORS: Appended to the leerroute line of someone whose course the municipality pays.
ROUTE_PAID = L_("De gemeente betaalt uw lessen.")
# TRANSLATORS: Appended to the leerroute line of a family migrant: the plan records the route,
# but the person chooses a language school and pays the course.
ROUTE_SELF_PAID = L_(
    "U kiest zelf waar u de lessen volgt en u betaalt ze zelf. Uw leerroute staat wel in dit plan."
)
# TRANSLATORS: Appended to the MAP line: the hours of practical work. {hours} is "{n} uur".
DETAIL_PRACTICE = L_("Praktijk: {hours}.")
# TRANSLATORS: {language_hours} and {participation_hours} are "{n} uur" (e.g. "800 uur").
Z_ROUTE_PLAN = L_(
    "Urenplan voor de Z-route: in totaal {language_hours} Nederlands, met KNM, en "
    "{participation_hours} activiteiten om mee te doen in de maatschappij. Deze uren zijn "
    "verdeeld over uw hele inburgeringstermijn."
)
# TRANSLATORS: {language_hours} is "{n} uur" (e.g. "800 uur").
Z_ROUTE_PLAN_LANGUAGE = L_(
    "Urenplan voor de Z-route: in totaal {language_hours} Nederlands, met KNM. Deze uren zijn "
    "verdeeld over uw hele inburgeringstermijn."
)
# TRANSLATORS: Appended to the ontzorgen line when it is shorter than the usual minimum. {n} is
# that minimum in months; {reason} is the consultant's Dutch text.
ONTZORGEN_SHORTER = Ln_(
    "Dat is korter dan de gewone duur van {n} maand. De reden: {reason}",
    "Dat is korter dan de gewone duur van {n} maanden. De reden: {reason}",
)
FINANCIAL_GUIDANCE = L_(
    "Begeleiding naar financiële zelfredzaamheid: vanaf {date} leert u hoe u uw geldzaken zelf "
    "regelt."
)
# TRANSLATORS: Maatschappelijke begeleiding when the plan names no organisation.
SOCIAL_GUIDANCE_GENERAL = L_(
    "Maatschappelijke begeleiding: u krijgt hulp met praktische zaken in uw nieuwe woonplaats, "
    "zoals uw bankrekening, zorgverzekering, huisarts en school voor uw kinderen."
)
# TRANSLATORS: The period of maatschappelijke begeleiding; {start} and {end} are dates.
PERIOD_FROM_TO = L_("Periode: van {start} tot en met {end}.")
PERIOD_FROM = L_("Periode: vanaf {start}.")
PERIOD_UNTIL = L_("Periode: tot en met {end}.")
# TRANSLATORS: After the voorschoolse educatie line of one child. {text} is what the consultant
# wrote in Dutch about it.
PRESCHOOL_ARRANGEMENT = L_("Afspraak: {text}")
# TRANSLATORS: A participation activity as the consultant wrote it in Dutch ({activity}) and its
# hours per week ({hours}, the text of "{n} uur per week").
ACTIVITY_HOURS = L_("{activity} ({hours})")
# TRANSLATORS: Only in translated sections, after a short text the consultant wrote in Dutch
# (a reason, an arrangement), which is printed in Dutch.
IN_DUTCH = L_("{text} (in het Nederlands, niet vertaald)")
# TRANSLATORS: A row label beside the reference: the number of this version of the plan.
LABEL_PIP_VERSION = L_("Versie van het PIP")
PIP_CHANGED = L_("Uw PIP is gewijzigd. Dit besluit vervangt ons vorige besluit over uw PIP.")
# TRANSLATORS: {reason} is the consultant's Dutch text.
PIP_CHANGE_REASON = L_("De reden van de wijziging: {reason}")
TERMIJN_UNCHANGED = L_("Door deze wijziging verandert uw inburgeringstermijn niet.")

# --- Overzicht ontzorgen -----------------------------------------------------------------------

ONTZORGEN_TITLE = L_("Overzicht: deze vaste lasten betaalt de gemeente voor u (ontzorgen)")
ONTZORGEN_EXPLAINED = L_(
    "De gemeente betaalt een deel van uw vaste lasten voor u. Dit heet ontzorgen. Wij houden "
    "het geld in op uw uitkering en betalen de rekeningen rechtstreeks aan de organisaties "
    "hieronder. Zo worden deze rekeningen altijd op tijd betaald."
)
ONTZORGEN_TABLE_INTRO = L_("Hieronder staat per rekening wat wij betalen, aan wie en wanneer.")
LABEL_PAYEE = L_("Aan")
LABEL_MONTHLY = L_("Bedrag per maand")
LABEL_FIRST_MONTH = L_("Eerste maand")
LABEL_LAST_MONTH = L_("Laatste maand")
LABEL_DESCRIPTION = L_("Omschrijving")
COST_HUUR = L_("Huur")
COST_GAS = L_("Gas")
COST_ELEKTRICITEIT = L_("Elektriciteit")
COST_ENERGIE = L_("Energie (gas en elektriciteit)")
COST_WATER = L_("Water")
COST_ZORGVERZEKERING = L_("Zorgverzekering")
COST_GEMEENTELIJKE_BELASTINGEN = L_("Gemeentelijke belastingen")
COST_OVERIG = L_("Overige vaste lasten")
ONTZORGEN_AFTER = L_(
    "Na de laatste maand betaalt u die rekening zelf. Wij helpen u op tijd om dat goed te regelen."
)
ONTZORGEN_CHANGES = L_(
    "Verandert er iets, bijvoorbeeld uw huur of uw zorgverzekering? Of krijgt u een brief over "
    "een rekening die wij voor u betalen? Neem dan contact met ons op."
)

# --- Waarschuwing ------------------------------------------------------------------------------

WARNING_TITLE = L_("Waarschuwing over uw inburgering")
WARNING_INTAKE_MISSED = L_(
    "U had op {date} een afspraak voor de brede intake. U bent niet gekomen."
)
WARNING_MEETING_MISSED = L_(
    "U had op {date} een afspraak voor een voortgangsgesprek. U bent niet gekomen."
)
WARNING_LESSONS = L_(
    "Volgens de gegevens van uw taalschool gaat u sinds {date} niet of niet vaak genoeg naar "
    "uw lessen."
)
WARNING_PVT = L_(
    "Volgens onze gegevens doet u sinds {date} niet mee aan het participatieverklaringstraject "
    "(PVT)."
)
WARNING_MAP = L_(
    "Volgens onze gegevens doet u sinds {date} niet mee aan de Module Arbeidsmarkt en "
    "Participatie (MAP)."
)
WARNING_DUTY_INTAKE = L_(
    "Meedoen aan de brede intake is verplicht volgens de Wet inburgering 2021."
)
WARNING_DUTY_PIP = L_(
    "Dit is een afspraak in uw persoonlijk plan inburgering en participatie (PIP). U bent "
    "verplicht om u aan de afspraken in uw PIP te houden."
)
WARNING_DETAILS = L_("Toelichting:")
WARNING_NOT_A_FINE = L_("Deze brief is een waarschuwing. U krijgt nu geen boete.")
WARNING_REASON = L_(
    "Misschien had u een goede reden, bijvoorbeeld omdat u ziek was of voor uw kinderen moest "
    "zorgen. Die willen wij graag horen."
)
WARNING_RESPOND = L_(
    "U heeft het recht om op deze brief te reageren. Vertel ons vóór {date} wat er is gebeurd."
)
WARNING_RESPOND_HOW = L_(
    "Dat kan door te bellen, te mailen, een brief te sturen of langs te komen. U mag iemand "
    "meenemen die u helpt. Heeft u een tolk nodig? Zeg het ons."
)
WARNING_NEW_APPOINTMENT = L_("Wij hebben een nieuwe afspraak voor u gemaakt:")
WARNING_CONSEQUENCE = L_(
    "Houdt u zich daarna zonder goede reden nog steeds niet aan deze verplichting? Dan kan het "
    "college u een boete geven van maximaal {amount}."
)
WARNING_PROCEDURE = L_(
    "Voordat het college over een boete beslist, krijgt u eerst een brief daarover. Ook op die "
    "brief mag u reageren. Wij kijken altijd naar uw situatie. Een boete is het laatste middel."
)
WARNING_HELP = L_(
    "Wij willen dat uw inburgering goed gaat. Lukt iets niet, of heeft u problemen? Praat er "
    "met ons over. Dan zoeken we samen naar een oplossing."
)

# --- Vrije brief -------------------------------------------------------------------------------

FREE_TITLE = L_("Brief over uw inburgering")
FREE_OPENING = L_("In deze brief informeert de gemeente {municipality} u over uw inburgering.")


# --- Catalogs ----------------------------------------------------------------------------------


def letters_dir() -> Path:
    """``translations/letters/``: letters.pot and ``<lang>/LC_MESSAGES/letters.po``."""
    from inburgering_desktop.resources import translations_dir

    return translations_dir() / LETTER_DOMAIN


def po_path(lang: str) -> Path:
    return letters_dir() / lang / "LC_MESSAGES" / f"{LETTER_DOMAIN}.po"


def available_letter_languages() -> list[str]:
    """Languages with a letters catalog on disk, Dutch first, then in LETTER_LANGUAGES order."""
    root = letters_dir()
    if not root.is_dir():
        return []
    on_disk = {p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{LETTER_DOMAIN}.po")}
    order = {code: i for i, code in enumerate(LETTER_LANGUAGES)}
    return sorted(on_disk, key=lambda code: (order.get(code, len(order)), code))


def normalise_language(code: str) -> str:
    """The catalog code: "AR", " ar " and "ar_SY" all mean "ar" (one variant per language)."""
    return code.strip().replace("-", "_").split("_", 1)[0].lower()


def letter_locale(lang: str) -> Locale:
    """The Babel locale that formats dates and amounts in a letter language (see _LOCALES)."""
    from babel import Locale

    code = normalise_language(lang)
    return Locale.parse(_LOCALES.get(code, code))


# The header entry of a .po: msgid "" followed by the msgstr's quoted lines.
_PO_HEADER = re.compile(r'^msgid ""\s*\nmsgstr\s*((?:"(?:[^"\\\n]|\\.)*"[ \t]*\n?)+)', re.M)
_PO_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_PLURAL_EXPRESSION = re.compile(r"plural\s*=\s*([^;]+)")


def _header_fields(po_text: str) -> list[tuple[str, str]]:
    """All header fields in order, X- ones included: Babel's Catalog keeps only standard ones."""
    from babel.messages.pofile import unescape

    match = _PO_HEADER.search(po_text)
    if match is None:
        return []
    header = "".join(unescape(f'"{part}"') for part in _PO_STRING.findall(match.group(1)))
    fields = []
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields.append((key.strip(), value.strip()))
    return fields


def _raw_headers(po_text: str) -> dict[str, str]:
    return {key.lower(): value for key, value in _header_fields(po_text)}


def _yes(value: str | None) -> bool:
    return (value or "").strip().lower() in {"yes", "ja", "true", "1"}


class LetterCatalog:
    """One letter language: translations plus the facts a printed letter records about them.

    Build with `load()` (cached per language) or `from_po()` (any .po bytes, e.g. in tests).
    A missing, empty or fuzzy translation falls back to the Dutch msgid, as in i18n.py; a letter
    must therefore check `missing(all_messages())` first and refuse or warn, since a Dutch
    sentence in the middle of a translated section is easy to overlook.
    """

    _cache: ClassVar[dict[str, LetterCatalog]] = {}

    def __init__(
        self,
        language: str,
        translations: gettext.GNUTranslations,
        translated: frozenset[str],
        *,
        certified: bool,
        version: str,
        sha256_hex: str,
        is_source: bool,
    ) -> None:
        self.language = language
        self._translations = translations
        self._translated = translated  # msgids (singular) with a usable translation
        self.certified = certified
        self.version = version
        self.sha256 = sha256_hex
        self.is_source = is_source

    @property
    def locale(self) -> Locale:
        return letter_locale(self.language)

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    @classmethod
    def load(cls, lang: str) -> LetterCatalog:
        """The catalog of a letter language, read from disk once per process.

        ValueError for a language without a letters catalog.
        """
        code = normalise_language(lang)
        catalog = cls._cache.get(code)
        if catalog is None:
            path = po_path(code)
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise ValueError(f"no letter translation for language {lang!r}") from None
            catalog = cls._cache[code] = cls.from_po(data, code)
        return catalog

    @classmethod
    def clear_cache(cls) -> None:
        """Forget loaded catalogs (after a translator has replaced a .po while running)."""
        cls._cache.clear()

    @classmethod
    def from_po(cls, data: bytes, lang: str) -> LetterCatalog:
        """Compile .po bytes in memory; fuzzy, empty and half-empty plural entries are dropped."""
        import gettext
        from io import BytesIO

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        code = normalise_language(lang)
        po = read_po(BytesIO(data), locale=letter_locale(code))
        for message in list(po):
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            # write_mo drops fuzzy and empty singulars but compiles a plural entry with one
            # empty form, which would print an empty sentence.
            if message.fuzzy or not all(strings):
                po.delete(message.id, context=message.context)
        translated = frozenset(
            message.id if isinstance(message.id, str) else message.id[0]
            for message in po
            if message.id
        )
        buffer = BytesIO()
        write_mo(buffer, po, use_fuzzy=False)
        buffer.seek(0)
        translations = gettext.GNUTranslations(buffer)
        headers = _raw_headers(data.decode("utf-8"))
        plural_forms = _PLURAL_EXPRESSION.search(headers.get("plural-forms", ""))
        if plural_forms:
            # Babel writes the .po's Plural-Forms into the .mo only for a language CLDR knows;
            # without it gettext would count Dari ("prs") as English.
            translations.plural = gettext.c2py(plural_forms.group(1).strip())
        digest = sha256(data).hexdigest()
        revision = headers.get("po-revision-date", "")
        return cls(
            code,
            translations,
            translated,
            certified=_yes(headers.get(CERTIFIED_HEADER.lower())),
            # Date for people, hash for the archive: two files with the same date can differ.
            version=f"{revision} sha256:{digest[:12]}".strip(),
            sha256_hex=digest,
            is_source=code == SOURCE_LANGUAGE and _yes(headers.get(SOURCE_HEADER.lower())),
        )

    def gettext(self, msgid: str) -> str:
        # An empty msgid would return the .mo header.
        if not msgid:
            return msgid
        return self._translations.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def plural(self, message: Plural, n: int) -> str:
        """`ngettext` for a `Ln_` constant."""
        return self._translations.ngettext(message.singular, message.plural, n)

    def missing(self, msgids: Iterable[str | Plural | tuple[str, str]]) -> list[str]:
        """The Dutch msgids (singular form for a plural) without a usable translation here."""
        result = []
        for msgid in msgids:
            key = msgid if isinstance(msgid, str) else msgid[0]
            if key and key not in self._translated:
                result.append(key)
        return result

    def __repr__(self) -> str:
        return f"LetterCatalog({self.language!r}, version={self.version!r})"


# --- Extraction ---------------------------------------------------------------------------------


def extract_letter_messages(pot_path: Path | None = None) -> Catalog:
    """Extract this module's L_/Ln_ msgids into a template and write it (default: letters.pot).

    The same messages as the pybabel command in the module docstring; returns the catalog.
    The template is written only when its messages or translator comments changed, so running
    it again does not churn POT-Creation-Date in git. Then run `update_letter_catalogs()`.
    """
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po, write_po

    source = Path(__file__)
    repo_root = source.parents[2]
    relative = source.relative_to(repo_root).as_posix()
    template = Catalog(
        project="Inburgering Desktop",
        copyright_holder="Inburgering Desktop contributors",
        fuzzy=True,
    )
    for _line, message, comments, context in extract_from_file(
        "python",
        source,
        keywords={"L_": None, "Ln_": (1, 2)},
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=False,
    ):
        template.add(message, None, [(relative, None)], auto_comments=comments, context=context)
    target = pot_path or letters_dir() / f"{LETTER_DOMAIN}.pot"
    if target.is_file():
        with target.open("rb") as existing_file:
            existing = read_po(existing_file)
        if _same_messages(existing, template):
            return existing
    buffer = BytesIO()
    write_po(buffer, template, sort_by_file=True, include_lineno=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    return template


def _same_messages(a: Catalog, b: Catalog) -> bool:
    def key(catalog: Catalog) -> list[tuple[object, str]]:
        # Comments compared as words: a written .pot wraps a long comment over two lines.
        return [(m.id, " ".join(" ".join(m.auto_comments).split())) for m in catalog if m.id]

    return key(a) == key(b)


def update_letter_catalogs(root: Path | None = None) -> dict[str, list[str]]:
    """Bring every letters .po in line with letters.pot; returns per language what is missing.

    Run after `extract_letter_messages()`. Entries no longer in the template are dropped, new
    ones are added untranslated (never guessed from a similar text: a wrong sentence in a
    decision is worse than a missing one), the Dutch catalog is refilled as the identity. The
    X- headers survive, and X-Certified-Translation becomes "no" in every catalog whose set of
    texts changed. A file is rewritten only when its content changes.
    """
    from io import BytesIO

    from babel.messages.pofile import read_po, write_po

    base = root or letters_dir()
    template_bytes = (base / f"{LETTER_DOMAIN}.pot").read_bytes()
    result: dict[str, list[str]] = {}
    for path in sorted(base.glob(f"*/LC_MESSAGES/{LETTER_DOMAIN}.po")):
        lang = path.parent.parent.name
        data = path.read_bytes()
        # A fresh template per catalog: Catalog.update adds the template's own Message objects
        # for new msgids, so filling the Dutch identity in one would fill the catalogs that
        # come after it with Dutch "translations".
        template = read_po(BytesIO(template_bytes))
        # Kept from the file, not from Babel: it forgets X- fields, and writes Plural-Forms
        # only for locales CLDR knows ("prs" is not one).
        extra = [
            (key, value)
            for key, value in _header_fields(data.decode("utf-8"))
            if key.startswith("X-") or key == "Plural-Forms"
        ]
        catalog = read_po(BytesIO(data))
        before = {(m.id, m.string) for m in catalog if m.id}
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        if lang == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id:
                    message.string = message.id
        if {(m.id, m.string) for m in catalog if m.id} != before:
            extra = [(k, "no" if k == CERTIFIED_HEADER else v) for k, v in extra]
        buffer = BytesIO()
        write_po(buffer, catalog, sort_by_file=True, include_lineno=False, ignore_obsolete=True)
        text = _with_headers(buffer.getvalue().decode("utf-8"), extra)
        if text.encode("utf-8") != data:
            path.write_text(text, encoding="utf-8")
        result[lang] = LetterCatalog.from_po(text.encode("utf-8"), lang).missing(all_messages())
    return result


def _with_headers(po_text: str, fields: list[tuple[str, str]]) -> str:
    """The .po text with header fields inserted before MIME-Version, replacing Babel's own
    Plural-Forms (which it may wrap over several lines)."""
    po_text = re.sub(r'"Plural-Forms: .*?\\n"\n', "", po_text, count=1, flags=re.S)
    anchor = '"MIME-Version: '
    lines = "".join(f'"{key}: {value}\\n"\n' for key, value in fields)
    return po_text.replace(anchor, lines + anchor, 1)
