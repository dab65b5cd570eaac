"""Translation and locale-aware formatting.

The msgids are the Dutch texts: Dutch is the program's own language and needs no catalog, so
the default path (`_()` in Dutch) loads nothing and imports nothing. Another language is a
gettext catalog, read from ``translations/<lang>/LC_MESSAGES/messages.po`` with Babel and
compiled to .mo in memory (one source of truth, no compiled file to forget to rebuild), once per
language per process. A missing, empty or fuzzy translation falls back to the Dutch msgid.

Babel, gettext, pathlib and even typing are imported only when first needed: start-up time is
benchmarked and Dutch start-up should pay nothing here.

Not thread-safe by design: the language is switched from the GUI thread (settings), and
workers only read it.
"""

from __future__ import annotations

# typing.TYPE_CHECKING without importing typing, which alone costs more than this whole module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    import gettext
    from decimal import Decimal
    from typing import Literal

    from babel import Locale
    from PySide6.QtCore import QCoreApplication, QTranslator

    DateStyle = Literal["short", "medium", "long", "long_weekday"]

SOURCE_LANGUAGE = "nl"

# Babel/Qt locale per UI language. English uses CLDR's "English (Netherlands)": English words
# with the Dutch conventions the rest of the consultant's world uses (23-11-2026, € 1.234,50),
# instead of en_US's 11/23/26, which invites misreading a deadline.
_LOCALES = {"nl": "nl_NL", "en": "en_NL"}

# Our style names onto CLDR widths; "long_weekday" is CLDR's "full" ("maandag 23 november 2026").
_CLDR_WIDTH: dict[str, str] = {
    "short": "short",
    "medium": "medium",
    "long": "long",
    "long_weekday": "full",
}


_language = SOURCE_LANGUAGE
_catalog: gettext.GNUTranslations | None = None  # None: Dutch, the msgids shown as they are
_catalog_cache: dict[str, gettext.GNUTranslations] = {}
_on_disk: list[str] | None = None  # languages with a .po, once looked up
_babel_locales: dict[str, Locale] = {}
_qt_translator: QTranslator | None = None  # kept referenced: Qt does not own it


# The name is the gettext convention that Babel's extractor looks for.
def N_(msgid: str) -> str:
    """Mark a msgid for extraction without translating it yet (module-level constants)."""
    return msgid


def _(msgid: str) -> str:
    """The current language's text for a Dutch msgid."""
    catalog = _catalog
    # An empty msgid would return the .mo header (gettext's metadata entry), never wanted.
    if catalog is None or not msgid:
        return msgid
    return catalog.gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural form for n; the caller formats n into the result itself."""
    catalog = _catalog
    if catalog is None:
        # Dutch plural rule (nplurals=2; plural=n != 1), the same as the catalogs' header.
        return singular if n == 1 else plural
    return catalog.ngettext(singular, plural, n)


def current_language() -> str:
    return _language


def _normalise(code: str) -> str:
    # "en_GB", "en-GB" and "EN" all mean our "en": the program has one variant per language.
    return code.replace("-", "_").split("_", 1)[0].lower()


def _catalog_languages() -> list[str]:
    """Languages with a catalog on disk; an install without translations/ offers Dutch only.

    Read once per process: catalogs do not appear while the program runs.
    """
    global _on_disk
    if _on_disk is None:
        from inburgering_desktop.resources import translations_dir

        try:
            root = translations_dir()
        except FileNotFoundError:
            _on_disk = []
        else:
            _on_disk = sorted(
                entry.name
                for entry in root.iterdir()
                if (entry / "LC_MESSAGES" / "messages.po").is_file()
            )
    return _on_disk


def available_languages() -> list[tuple[str, str]]:
    """(code, name in that language), Dutch first: what the language picker offers."""
    from babel import Locale

    codes = [SOURCE_LANGUAGE, *(c for c in _catalog_languages() if c != SOURCE_LANGUAGE)]
    result = []
    for code in codes:
        name = Locale.parse(code).get_display_name(code) or code
        result.append((code, name[:1].upper() + name[1:]))
    return result


def _load_catalog(code: str) -> gettext.GNUTranslations:
    """Read and compile one language's .po in memory, without fuzzy or empty entries."""
    import gettext
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from inburgering_desktop.resources import translations_dir

    po_path = translations_dir() / code / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=code)
    # write_mo drops fuzzy and untranslated singular entries, but compiles a plural entry with
    # one empty form, which would show an empty label: drop those here.
    for message in list(catalog):
        if message.id and message.pluralizable and not all(message.string):
            catalog.delete(message.id, context=message.context)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(code: str) -> None:
    """Switch the UI language ("nl", "en"); ValueError for a language without a catalog.

    Texts already on screen keep their language: the ui rebuilds or retranslates its widgets.
    """
    global _language, _catalog
    lang = _normalise(code)
    if lang not in _catalog_cache:
        if lang in _catalog_languages():
            _catalog_cache[lang] = _load_catalog(lang)
        elif lang != SOURCE_LANGUAGE:
            raise ValueError(f"no translation for language {code!r}")
    # Dutch without a nl catalog (the normal case) is the msgids themselves: no catalog at all.
    _language, _catalog = lang, _catalog_cache.get(lang)


# --- Formatting ------------------------------------------------------------------------------


def _babel_locale() -> Locale:
    """The current language's Babel locale, parsed once per language."""
    from babel import Locale

    locale = _babel_locales.get(_language)
    if locale is None:
        locale = _babel_locales[_language] = Locale.parse(_LOCALES.get(_language, _language))
    return locale


def format_date(d: datetime.date, style: DateStyle = "short") -> str:
    """A date in the current language: "23-11-2026" (short), "maandag 23 november 2026"
    (long_weekday), "23 nov 2026" (medium), "23 november 2026" (long)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(d, _CLDR_WIDTH[style], locale=_babel_locale())


def format_datetime(dt: datetime.datetime, style: DateStyle = "short") -> str:
    """Date in the given style plus hours and minutes: "23-11-2026, 14:05",
    "maandag 23 november 2026, 14:05".

    A naive datetime is shown as it is (local time by convention); an aware one is first
    converted to this machine's time zone. Never a time-zone name: Babel's long styles would
    print "UTC" after every naive time.
    """
    from babel.dates import format_datetime as babel_format_datetime
    from babel.dates import get_date_format, get_datetime_format, get_time_format

    locale = _babel_locale()
    width = _CLDR_WIDTH[style]
    if dt.tzinfo is not None:
        dt = dt.astimezone().replace(tzinfo=None)
    # CLDR's pattern for joining a date and a time ("{1}, {0}"), filled with the date pattern
    # of this width and the short time pattern.
    glue = str(get_datetime_format(width, locale=locale))
    date_pattern = get_date_format(width, locale=locale).pattern
    time_pattern = get_time_format("short", locale=locale).pattern
    pattern = glue.replace("{1}", date_pattern).replace("{0}", time_pattern)
    return babel_format_datetime(dt, pattern, locale=locale)


def format_money(cents: int, currency: str = "EUR") -> str:
    """An amount in cents as currency: 25000 → "€ 250,00" in Dutch (with a no-break space).

    Only int: money is integer cents throughout the program, and a float here would be a bug.
    """
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"format_money takes integer cents, not {type(cents).__name__}")
    from decimal import Decimal

    from babel.numbers import format_currency

    return format_currency(Decimal(cents).scaleb(-2), currency, locale=_babel_locale())


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """A number with the current language's separators: 1234567.5 → "1.234.567,5" in Dutch.

    With decimals, exactly that many digits after the separator (rounded half to even).
    """
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_babel_locale())


# --- Qt ----------------------------------------------------------------------------------------


def install_qt_translator(app: QCoreApplication) -> bool:
    """Make Qt's own texts (standard buttons, context menus, dialogs) follow the UI language.

    Loads qtbase_<lang>.qm from PySide6's translations, replacing one installed earlier, and
    makes the matching QLocale the default so date and number widgets (QDateEdit, spin boxes)
    show and parse 23-11-2026 and 1.234,50. Returns False when Qt has no translation for the
    language (the texts then stay English). Qt is imported here only, so this module stays
    usable without it.
    """
    global _qt_translator
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    lang = _language
    QLocale.setDefault(QLocale(_LOCALES.get(lang, lang)))
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    translator = QTranslator(app)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{lang}", directory):
        return False
    app.installTranslator(translator)
    _qt_translator = translator
    return True
