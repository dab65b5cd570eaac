"""The clients' languages: codes, Dutch and native names, writing direction and script.

RULES.md §3 names the languages to support first (Arabic, Tigrinya, Turkish, Farsi, Dari, English,
Somali, Pashto, Sorani, French, Russian, Ukrainian); the rest are common among other migrants.
Codes are ISO 639-1 where one exists, else ISO 639-3: Dari (`prs`) and the two Kurdish languages
(`ckb` Sorani, `kmr` Kurmanji) have no two-letter code of their own, and `fa` here means the
Persian of Iran (Farsi). Native names follow CLDR's autonyms except where RULES.md or the
community's own usage asks for the shorter form (Sorani "کوردی").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ValidationError

Direction = Literal["ltr", "rtl"]
Script = Literal["Latn", "Arab", "Ethi", "Cyrl"]  # ISO 15924


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, else ISO 639-3
    name: str  # Dutch name, a msgid
    native_name: str  # the language's name for itself, in its own script
    direction: Direction
    script: Script


LANGUAGES: tuple[Language, ...] = (
    Language("nl", N_("Nederlands"), "Nederlands", "ltr", "Latn"),
    Language("ar", N_("Arabisch"), "العربية", "rtl", "Arab"),
    # Tigrinya is written in the Ge'ez (Ethiopic) script, left to right (RULES.md §3).
    Language("ti", N_("Tigrinya"), "ትግርኛ", "ltr", "Ethi"),
    Language("tr", N_("Turks"), "Türkçe", "ltr", "Latn"),
    Language("fa", N_("Farsi (Perzisch)"), "فارسی", "rtl", "Arab"),
    Language("prs", N_("Dari"), "دری", "rtl", "Arab"),
    Language("en", N_("Engels"), "English", "ltr", "Latn"),
    Language("so", N_("Somalisch"), "Soomaali", "ltr", "Latn"),
    Language("ps", N_("Pasjtoe"), "پښتو", "rtl", "Arab"),
    Language("ckb", N_("Koerdisch (Sorani)"), "کوردی", "rtl", "Arab"),
    Language("fr", N_("Frans"), "Français", "ltr", "Latn"),
    Language("ru", N_("Russisch"), "Русский", "ltr", "Cyrl"),
    Language("uk", N_("Oekraïens"), "Українська", "ltr", "Cyrl"),
    Language("am", N_("Amhaars"), "አማርኛ", "ltr", "Ethi"),
    # Kurmanji, as spoken by Kurds from Syria and Turkey, is written in the Latin script.
    Language("kmr", N_("Koerdisch (Kurmanci)"), "Kurmancî", "ltr", "Latn"),
    Language("es", N_("Spaans"), "Español", "ltr", "Latn"),
    Language("de", N_("Duits"), "Deutsch", "ltr", "Latn"),
    Language("pl", N_("Pools"), "Polski", "ltr", "Latn"),
    Language("pt", N_("Portugees"), "Português", "ltr", "Latn"),
)

_BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}


def language(code: str) -> Language:
    """The language with this code (case and surrounding spaces ignored)."""
    try:
        return _BY_CODE[code.strip().lower()]
    except KeyError:
        raise ValidationError(
            "language", N_("Onbekende taal: {code}"), {"code": code.strip()}
        ) from None
