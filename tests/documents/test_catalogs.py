"""The letters catalogs: complete, placeholder-exact, correct plural forms, honest headers.

When a test here fails after a text changed in texts.py: regenerate the template
(texts.extract_letter_messages()), update the .po files and have every language translated;
the Dutch catalog is the identity.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from inburgering_desktop.documents import texts as T
from inburgering_desktop.documents.texts import (
    LETTER_LANGUAGES,
    RTL_LANGUAGES,
    LetterCatalog,
    Plural,
    all_messages,
    extract_letter_messages,
    letter_locale,
    letters_dir,
    po_path,
)

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TRANSLATED = [code for code in LETTER_LANGUAGES if code != T.SOURCE_LANGUAGE]
# Languages RULES.md §3 names, plus Dutch: none may go missing from the table.
REQUIRED = {"nl", "en", "ar", "ti", "fa", "prs", "tr", "so", "uk", "ps", "ckb", "ru", "fr"}


def _read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as po:
        return read_po(po)


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _key(message: str | Plural) -> str | tuple[str, str]:
    return message if isinstance(message, str) else (message.singular, message.plural)


def _template_keys(catalog: Catalog) -> list[str | tuple[str, str]]:
    return [m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id]


def _raw_header(lang: str) -> str:
    text = po_path(lang).read_text(encoding="utf-8")
    return text.split("\n\n", 1)[0]


def test_every_required_language_has_a_catalog() -> None:
    assert set(LETTER_LANGUAGES) == REQUIRED
    assert set(T.available_letter_languages()) == REQUIRED
    assert T.available_letter_languages()[0] == "nl"


def test_template_matches_the_code(tmp_path: Path) -> None:
    """letters.pot holds exactly the L_/Ln_ texts of texts.py, in order."""
    with (letters_dir() / "letters.pot").open("rb") as pot:
        committed = read_po(pot)
    assert _template_keys(committed) == [_key(m) for m in all_messages()]
    # A fresh extraction gives the same messages: nothing marked outside the markers.
    fresh = extract_letter_messages(tmp_path / "letters.pot")
    assert _template_keys(fresh) == _template_keys(committed)
    assert len(set(_template_keys(committed))) == len(all_messages()), "duplicate msgid"


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_catalog_is_complete_and_has_nothing_stale(lang: str) -> None:
    catalog = _read(lang)
    with (letters_dir() / "letters.pot").open("rb") as pot:
        template = read_po(pot)
    problems = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None:
            problems.append(f"missing: {message.id!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif _ids(entry) != _ids(message):
            problems.append(f"plural form differs from the template: {message.id!r}")
        elif not all(form.strip() for form in _forms(entry)):
            problems.append(f"untranslated: {message.id!r}")
    stale = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id} - {
        m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id
    }
    problems += [f"not in the template: {msgid!r}" for msgid in sorted(stale)]
    assert not problems, f"{lang}:\n" + "\n".join(problems)
    assert LetterCatalog.load(lang).missing(all_messages()) == []


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_placeholders_are_exactly_the_msgids(lang: str) -> None:
    problems = []
    for message in _read(lang):
        if not message.id:
            continue
        wanted = Counter(PLACEHOLDER.findall(_ids(message)[0]))
        # Singular and plural msgid must agree, or the forms could not all match.
        assert all(Counter(PLACEHOLDER.findall(i)) == wanted for i in _ids(message))
        for index, form in enumerate(_forms(message)):
            if Counter(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"{_ids(message)[0]!r} form {index}: {form!r}")
            # A lone brace would make str.format fail at print time.
            if form.count("{") != form.count("}"):
                problems.append(f"unbalanced brace in {form!r}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


def _plural_header(lang: str) -> tuple[int, str]:
    match = re.search(r'"Plural-Forms: nplurals=(\d+); plural=(.+);\\n"', _raw_header(lang))
    assert match, f"{lang}: no Plural-Forms header"
    return int(match.group(1)), match.group(2)


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_plural_forms_header_is_valid(lang: str) -> None:
    nplurals, expression = _plural_header(lang)
    plural = gettext.c2py(expression)
    indices = {n: plural(n) for n in range(0, 1001)}
    assert set(indices.values()) <= set(range(nplurals))
    # Every form is reachable: a form no number selects would be an unused translation.
    assert set(indices.values()) == set(range(nplurals))
    for message in _read(lang):
        if message.id and isinstance(message.id, tuple):
            assert len(_forms(message)) == nplurals, (lang, message.id[0])


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_plural_forms_agree_with_cldr(lang: str) -> None:
    """The gettext expression picks one form per CLDR plural category of the language, and
    different categories get different forms (for whole numbers 0 to 1000)."""
    _count, expression = _plural_header(lang)
    plural = gettext.c2py(expression)
    rule = letter_locale(lang).plural_form
    form_of_category: dict[str, int] = {}
    category_of_form: dict[int, str] = {}
    for n in range(0, 1001):
        category, form = rule(n), plural(n)
        assert form_of_category.setdefault(category, form) == form, (lang, n, category)
        assert category_of_form.setdefault(form, category) == category, (lang, n, form)


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_compiled_catalog_counts_like_its_header(lang: str) -> None:
    """The form printed for n is the one the .po's own Plural-Forms selects (Babel leaves it
    out of the compiled catalog for a language CLDR does not know, such as "prs")."""
    _count, expression = _plural_header(lang)
    plural = gettext.c2py(expression)
    forms = _forms(_read(lang)[T.OBJECTION.singular])
    catalog = LetterCatalog.load(lang)
    for n in range(0, 201):
        assert catalog.plural(T.OBJECTION, n) == forms[plural(n)], (lang, n)


def test_arabic_has_six_forms_in_the_gnu_order() -> None:
    nplurals, expression = _plural_header("ar")
    plural = gettext.c2py(expression)
    assert nplurals == 6
    # zero, one, two, few (3-10), many (11-99), other (100-102)
    assert [plural(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [
        0, 1, 2, 3, 3, 4, 4, 5, 5, 3, 4,
    ]  # fmt: skip


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_headers_record_language_and_certification(lang: str) -> None:
    header = _raw_header(lang)
    assert f'"Language: {lang}\\n"' in header
    # Nobody certified has checked any catalog yet; the program shows that status.
    assert '"X-Certified-Translation: no\\n"' in header
    catalog = LetterCatalog.load(lang)
    assert catalog.certified is False
    assert catalog.language == lang
    assert catalog.is_source is (lang == "nl")
    assert catalog.version.startswith(_read(lang).revision_date.strftime("%Y-%m-%d"))
    assert catalog.sha256[:12] in catalog.version
    assert catalog.rtl is (lang in RTL_LANGUAGES)


def test_dutch_catalog_is_the_source_text() -> None:
    assert '"X-Source-Catalog: yes\\n"' in _raw_header("nl")
    for message in _read("nl"):
        if message.id:
            assert _forms(message) == _ids(message), message.id


@pytest.mark.parametrize("lang", TRANSLATED)
def test_legal_terms_stay_recognisable(lang: str) -> None:
    """The Dutch word the client will meet follows the translation in brackets (the
    translator comments ask for it), and the addressees of an objection stay findable."""
    catalog = LetterCatalog.load(lang)

    def text(message: str | Plural) -> str:
        if isinstance(message, Plural):
            return catalog.plural(message, 6)
        return catalog.gettext(message)

    expected = {
        T.INTAKE_DUTY: ["(inburgeringsplicht)"],
        T.TERMIJN: ["(inburgeringstermijn)", "(inburgeringsplicht)"],
        T.INTAKE_TITLE: ["(brede intake)"],
        T.MEETING_TITLE: ["(voortgangsgesprek)"],
        T.PIP_TITLE: ["(PIP)"],
        T.INTAKE_PIP: ["(PIP)"],
        T.OBJECTION: ["(bezwaar)", "college van burgemeester en wethouders"],
        T.OBJECTION_DUO: ["DUO", "Dienst Uitvoering Onderwijs"],
        T.PIP_DECISION: ["Wet inburgering 2021"],
        T.LABEL_REFERENCE: ["(kenmerk)"],
        T.ONTZORGEN_EXPLAINED: ["(uitkering)"],
    }
    problems = [
        f"{term!r} missing from {text(message)!r}"
        for message, terms in expected.items()
        for term in terms
        if term not in text(message)
    ]
    assert not problems, f"{lang}:\n" + "\n".join(problems)
    assert text(T.LEGALLY_BINDING) != T.LEGALLY_BINDING


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_every_character_has_a_glyph_in_the_letter_fonts(lang: str) -> None:
    """A character no bundled face has prints as U+FFFD in front of the client."""
    from inburgering_desktop.documents.fonts import font_set

    chars = {char for message in _read(lang) if message.id for form in _forms(message)
             for char in form}  # fmt: skip
    for bold in (False, True):
        fonts = font_set(bold)
        missing = sorted(f"U+{ord(c):04X}" for c in chars if not fonts.covering(c))
        assert not missing, (lang, bold, missing)


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_locale_formats_dates_and_amounts(lang: str) -> None:
    locale = letter_locale(lang)
    assert isinstance(locale, Locale)
    assert T.letter_locale("prs") == Locale.parse("fa_AF")  # CLDR has no "prs"


# --- LetterCatalog behaviour ------------------------------------------------------------------


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


def test_missing_reports_a_removed_string_and_falls_back_to_dutch() -> None:
    catalog = _read("en")
    catalog.delete(T.INTAKE_BRING)
    incomplete = LetterCatalog.from_po(_po_bytes(catalog), "en")
    assert incomplete.missing(all_messages()) == [T.INTAKE_BRING]
    assert incomplete.gettext(T.INTAKE_BRING) == T.INTAKE_BRING
    assert incomplete.gettext(T.CLOSING) == "Kind regards,"


def test_missing_counts_fuzzy_empty_and_half_translated_plurals() -> None:
    catalog = _read("ru")
    catalog[T.CLOSING].flags.add("fuzzy")
    catalog[T.LABEL_TIME].string = ""
    plural = catalog[T.OBJECTION.singular]
    plural.string = (plural.string[0], "", plural.string[2])
    broken = LetterCatalog.from_po(_po_bytes(catalog), "ru")
    assert broken.missing(all_messages()) == [T.LABEL_TIME, T.CLOSING, T.OBJECTION.singular]
    # The whole plural entry falls back, never an empty sentence for some numbers.
    assert broken.plural(T.OBJECTION, 2) == T.OBJECTION.plural


def test_missing_accepts_plain_msgids_and_pairs() -> None:
    catalog = LetterCatalog.load("en")
    assert catalog.missing(["Deze tekst bestaat niet", T.CLOSING]) == ["Deze tekst bestaat niet"]
    assert catalog.missing([("Eén ding", "{n} dingen")]) == ["Eén ding"]
    assert catalog.missing([""]) == []


def test_certified_header_is_read() -> None:
    data = po_path("fr").read_bytes()
    certified = data.replace(
        b'"X-Certified-Translation: no\\n"', b'"X-Certified-Translation: yes\\n"'
    )
    assert LetterCatalog.from_po(certified, "fr").certified is True
    absent = data.replace(b'"X-Certified-Translation: no\\n"\n', b"")
    assert LetterCatalog.from_po(absent, "fr").certified is False


def test_version_changes_with_the_file() -> None:
    data = po_path("en").read_bytes()
    changed = data.replace(b'msgstr "Kind regards,"', b'msgstr "Yours sincerely,"')
    assert LetterCatalog.from_po(changed, "en").version != LetterCatalog.load("en").version


def test_load_caches_normalises_and_refuses_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LetterCatalog, "_cache", {})
    first = LetterCatalog.load("ar")
    assert LetterCatalog.load(" AR ") is first
    assert LetterCatalog.load("ar-SY") is first
    with pytest.raises(ValueError, match="xx"):
        LetterCatalog.load("xx")


def test_empty_msgid_is_not_the_header() -> None:
    assert LetterCatalog.load("en").gettext("") == ""


def test_letter_msgids_stay_out_of_the_screens_catalog() -> None:
    """babel.cfg's markers (_ N_ ngettext) must not pick up a letter text: it would demand an
    English screen translation and mix the two domains."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = Path(T.__file__).resolve().parents[2]
    with (root / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {
        filename
        for filename, _line, _message, _comments, _context in extract_from_dir(
            root, method_map, options_map, keywords={}
        )
    }
    assert not {f for f in found if f.endswith(("texts.py", "letter_types.py"))}


def test_update_keeps_headers_and_is_idempotent(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "letters"
    shutil.copytree(letters_dir(), root)
    french = root / "fr" / "LC_MESSAGES" / "letters.po"
    french.write_bytes(
        french.read_bytes().replace(
            b'"X-Certified-Translation: no\\n"', b'"X-Certified-Translation: yes\\n"'
        )
    )
    before = {p: p.read_bytes() for p in root.rglob("*.po")}
    result = T.update_letter_catalogs(root)
    assert result == {lang: [] for lang in LETTER_LANGUAGES}
    assert {p: p.read_bytes() for p in root.rglob("*.po")} == before


def test_update_follows_the_template_and_withdraws_certification(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "letters"
    shutil.copytree(letters_dir(), root)
    french = root / "fr" / "LC_MESSAGES" / "letters.po"
    french.write_bytes(
        french.read_bytes().replace(
            b'"X-Certified-Translation: no\\n"', b'"X-Certified-Translation: yes\\n"'
        )
    )
    with (root / "letters.pot").open("rb") as pot:
        template = read_po(pot)
    template.delete(T.INTAKE_BRING)
    template.add("Nieuwe zin voor {name}.")
    (root / "letters.pot").write_bytes(_po_bytes(template))

    result = T.update_letter_catalogs(root)
    assert result["fr"] == [T.INTAKE_BRING]  # gone from the catalog, still used by the code
    updated = read_po(BytesIO(french.read_bytes()))
    assert T.INTAKE_BRING not in updated
    assert updated["Nieuwe zin voor {name}."].string == ""  # for a translator, never guessed
    assert '"X-Certified-Translation: no\\n"' in french.read_text(encoding="utf-8")
    dutch = read_po((root / "nl" / "LC_MESSAGES" / "letters.po").open("rb"))
    assert dutch["Nieuwe zin voor {name}."].string == "Nieuwe zin voor {name}."
    # Catalogs updated after the Dutch one do not inherit its identity as a "translation".
    for lang in ("prs", "ti", "uk"):
        later = read_po((root / lang / "LC_MESSAGES" / "letters.po").open("rb"))
        assert later["Nieuwe zin voor {name}."].string == "", lang
        assert result[lang] == [T.INTAKE_BRING], lang
    arabic = (root / "ar" / "LC_MESSAGES" / "letters.po").read_text(encoding="utf-8")
    assert "X-Certified-Translation: no" in arabic and "nplurals=6;" in arabic
