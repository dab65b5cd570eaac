"""The translation layer: Dutch msgids, English catalog, Babel formatting, Qt's own texts."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import inburgering_desktop
from inburgering_desktop import i18n
from inburgering_desktop.i18n import (
    _,
    available_languages,
    current_language,
    format_date,
    format_datetime,
    format_money,
    format_number,
    ngettext,
    set_language,
)
from inburgering_desktop.resources import translations_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

REPO = Path(inburgering_desktop.__file__).resolve().parent.parent
MONDAY = dt.date(2026, 11, 23)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def test_dutch_is_the_default_and_needs_no_catalog() -> None:
    assert current_language() == "nl"
    assert _("Afgerond") == "Afgerond"
    assert ngettext("{n} dag", "{n} dagen", 1) == "{n} dag"
    assert ngettext("{n} dag", "{n} dagen", 3) == "{n} dagen"
    assert ngettext("{n} dag", "{n} dagen", 0) == "{n} dagen"


def test_set_language_round_trip() -> None:
    set_language("en")
    assert current_language() == "en"
    assert _("Afgerond") == "Completed"
    set_language("nl")
    assert current_language() == "nl"
    assert _("Afgerond") == "Afgerond"


def test_language_codes_are_normalised() -> None:
    set_language("en-GB")
    assert current_language() == "en"
    set_language("NL_nl")
    assert current_language() == "nl"


def test_unknown_language_is_refused_and_keeps_the_current_one() -> None:
    set_language("en")
    with pytest.raises(ValueError, match="xx"):
        set_language("xx")
    assert current_language() == "en"


def test_unknown_msgid_falls_back_to_the_dutch_text() -> None:
    set_language("en")
    assert _("Deze tekst staat in geen enkele catalogus") == (
        "Deze tekst staat in geen enkele catalogus"
    )
    assert ngettext("{n} appel", "{n} appels", 2) == "{n} appels"
    assert _("") == ""  # not the .mo header


def test_available_languages_lists_dutch_first_in_their_own_names() -> None:
    assert available_languages() == [("nl", "Nederlands"), ("en", "English")]


_TEST_PO = r"""
msgid ""
msgstr ""
"Language: de\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "Vertaald"
msgstr "Übersetzt"

#, fuzzy
msgid "Onzeker"
msgstr "Unsicher"

msgid "Leeg"
msgstr ""

msgid "{n} dag"
msgid_plural "{n} dagen"
msgstr[0] "{n} Tag"
msgstr[1] "{n} Tage"

msgid "{n} week"
msgid_plural "{n} weken"
msgstr[0] "{n} Woche"
msgstr[1] ""
"""


@pytest.fixture
def german_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A throw-away catalog directory with a "de" .po holding every kind of entry."""
    po = tmp_path / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(_TEST_PO, encoding="utf-8")
    monkeypatch.setattr("inburgering_desktop.resources.translations_dir", lambda: tmp_path)
    monkeypatch.setattr(i18n, "_on_disk", None)
    monkeypatch.setattr(i18n, "_catalog_cache", {})


@pytest.mark.usefixtures("german_catalog")
def test_fuzzy_empty_and_incomplete_entries_fall_back_to_dutch() -> None:
    set_language("de")
    assert _("Vertaald") == "Übersetzt"
    assert _("Onzeker") == "Onzeker"
    assert _("Leeg") == "Leeg"
    assert ngettext("{n} dag", "{n} dagen", 1) == "{n} Tag"
    assert ngettext("{n} dag", "{n} dagen", 5) == "{n} Tage"
    # One plural form missing: the whole entry falls back, never an empty label.
    assert ngettext("{n} week", "{n} weken", 1) == "{n} week"
    assert ngettext("{n} week", "{n} weken", 5) == "{n} weken"


def test_date_with_weekday_in_dutch_and_english() -> None:
    assert format_date(MONDAY, "long_weekday") == "maandag 23 november 2026"
    assert format_date(MONDAY, "short") == "23-11-2026"
    assert format_date(MONDAY, "long") == "23 november 2026"
    set_language("en")
    assert format_date(MONDAY, "long_weekday") == "Monday, 23 November 2026"
    # English words, Dutch day-month order: never the American 11/23/26.
    assert format_date(MONDAY, "short") == "23/11/2026"


def test_datetime_has_no_time_zone_name() -> None:
    moment = dt.datetime(2026, 11, 23, 14, 5)
    assert format_datetime(moment) == "23-11-2026, 14:05"
    long = format_datetime(moment, "long_weekday")
    assert long.startswith("maandag 23 november 2026")
    assert long.endswith("14:05")
    assert "UTC" not in long


def test_money_in_dutch() -> None:
    nbsp = "\N{NO-BREAK SPACE}"
    assert format_money(25000) == f"€{nbsp}250,00"
    assert format_money(123456789) == f"€{nbsp}1.234.567,89"
    assert format_money(-5) == f"€{nbsp}-0,05"


def test_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_money(250.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_money(True)


def test_numbers_in_dutch_and_english() -> None:
    assert format_number(1234567.5) == "1.234.567,5"
    assert format_number(Decimal("2.345"), decimals=2) == "2,34"  # half to even
    assert format_number(7, decimals=0) == "7"
    set_language("en")
    assert format_number(1234567.5) == "1.234.567,5"  # en_NL: the Dutch separators


def test_import_and_dutch_lookup_load_nothing_heavy() -> None:
    """Start-up cost: the module and a Dutch _() must not pull in Babel, gettext or typing."""
    code = (
        "import sys\n"
        "from inburgering_desktop.i18n import _, set_language\n"
        "set_language('nl'); _('Afgerond')\n"
        "heavy = {'babel', 'gettext', 'typing', 'PySide6'} & set(sys.modules)\n"
        "print(','.join(sorted(heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_qt_standard_buttons_follow_the_language(qapp: QApplication) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDialogButtonBox

    def cancel_text() -> str:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        return box.button(QDialogButtonBox.StandardButton.Cancel).text()

    previous_locale = QLocale()
    try:
        assert i18n.install_qt_translator(qapp)
        assert cancel_text() == "Annuleren"
        assert QLocale().name() == "nl_NL"
        set_language("en")
        assert i18n.install_qt_translator(qapp)
        assert cancel_text() == "Cancel"
    finally:
        # Leave Qt as the other tests found it.
        if i18n._qt_translator is not None:
            qapp.removeTranslator(i18n._qt_translator)
            i18n._qt_translator = None
        QLocale.setDefault(previous_locale)


def _source_messages() -> dict[str, tuple[str, ...]]:
    """Every msgid in the sources, extracted exactly as `make catalogs` does (babel.cfg)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    messages: dict[str, tuple[str, ...]] = {}
    # No global keywords: babel.cfg's own (_ N_ ngettext:1,2) are the only ones, as in make.
    for _file, _line, message, _comments, _context in extract_from_dir(
        REPO, method_map, options_map, keywords={}
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        messages[forms[0]] = forms
    return messages


@pytest.mark.catalog
def test_english_catalog_complete() -> None:
    """Every Dutch msgid in the code has a finished English translation with the same
    placeholders. When this fails: `make catalogs`, then translate the entries listed."""
    with (translations_dir() / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="en")
    sources = _source_messages()
    assert sources, "extraction found no messages: is babel.cfg still right?"
    problems = []
    for msgid, forms in sorted(sources.items()):
        entry = catalog.get(msgid)
        strings = (
            ()
            if entry is None
            else ((entry.string,) if isinstance(entry.string, str) else tuple(entry.string))
        )
        if entry is None:
            problems.append(f"missing: {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not strings or not all(strings):
            problems.append(f"untranslated: {msgid!r}")
        elif len(forms) > 1 and not isinstance(entry.id, tuple):
            problems.append(f"plural in the code, singular in the catalog: {msgid!r}")
        # Compared over all forms together: English "one day" may drop the {n} of "{n} dag".
        elif set(PLACEHOLDER.findall("".join(strings))) != set(PLACEHOLDER.findall("".join(forms))):
            problems.append(f"placeholders differ: {msgid!r} -> {strings!r}")
    assert not problems, "English catalog incomplete:\n" + "\n".join(problems)
