"""`inburgering-desktop letter`: the same letter as the window makes, without one.

The register is made in-process (synthetic municipality and client); the command runs as a
separate process as a script would, except where a catalog has to be altered for the test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from inburgering_desktop import cli
from inburgering_desktop.documents import texts as T
from inburgering_desktop.documents.texts import LetterCatalog
from inburgering_desktop.services import dossiers, letters, settings
from inburgering_desktop.services.context import AppContext
from tests.documents.pdfcheck import poppler_text
from tests.helpers_db import PASSPHRASE, make_database, reopen_database

ARABIC_NAME = "زوانتيه بروفنام"
FUTURE = dt.date.today() + dt.timedelta(days=14)
INVITATION = ["--date", f"{FUTURE:%d-%m-%Y}", "--time", "09:30", "--place", "Stadhuis, Markt 1"]


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database with a municipality profile and one Arabic-speaking client."""
    db = make_database(tmp_path_factory.mktemp("cli-letter"))
    ctx = AppContext(db=db, account="Testconsulent")
    settings.save_profile(
        ctx,
        {
            "name": "Gemeente Proefstad",
            "street": "Postbus 1234",
            "postal_code": "9999 ZZ",
            "city": "Proefstad",
            "phone": "14 0999",
            "email": "inburgering@proefstad.example",
            "signatory_name": "M. de Proef",
        },
    )
    dossier_id = dossiers.create_dossier(
        ctx,
        {
            "family_name": "Proefnaam",
            "given_names": "Zwaantje",
            "name_original_script": ARABIC_NAME,
            "birth_date": "14-04-1990",
            "doelgroep": "asielstatushouder",
            "pw_benefit": True,
            "language_code": "ar",
            "permit_date": "01-03-2025",
            "street": "Proefstraat",
            "house_number": "12",
            "postal_code": "9999 AA",
            "city": "Proefstad",
        },
    )
    reference = dossiers.get_dossier(ctx, dossier_id).reference
    db.close()
    return db.path, reference


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INBURGERING_PASSPHRASE": PASSPHRASE}
    return subprocess.run(
        [sys.executable, "-m", "inburgering_desktop", "--db", str(db), "letter", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def stored(db: Path, reference: str) -> list[letters.LetterSummary]:
    with reopen_database(db) as database:
        ctx = AppContext(db=database, account="Testconsulent")
        return letters.list_letters(ctx, letters.dossier_id_for_reference(ctx, reference))


def test_letter_renders_the_dutch_and_arabic_letter_to_a_file(
    register: tuple[Path, str], tmp_path: Path
) -> None:
    db, reference = register
    out = tmp_path / "uitnodiging.pdf"
    result = run(db, reference, "uitnodiging_brede_intake", "--out", str(out), *INVITATION)
    assert result.returncode == 0, result.stderr
    assert "talen nl+ar" in result.stdout
    assert "niet gecontroleerd door een beëdigd vertaler" in result.stdout
    assert "Niet vastgelegd" in result.stdout
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(poppler_text(data).split())
    assert "Uitnodiging voor de brede intake" in text
    # The heading's Arabic words; poppler writes the bracketed "(brede intake)" in visual order.
    arabic_heading = LetterCatalog.load("ar").gettext(T.INTAKE_TITLE).split("(")[0].strip()
    assert arabic_heading == "دعوة إلى المقابلة الشاملة"
    assert arabic_heading in text
    assert ARABIC_NAME in text
    assert stored(db, reference) == []


def test_store_keeps_the_written_bytes_and_bad_input_is_named(
    register: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, reference = register
    monkeypatch.setenv("INBURGERING_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "brief.pdf"
    code = cli.main(
        [
            "--db",
            str(db),
            "letter",
            reference.lower(),
            "vrije_brief",
            "--lang",
            "nl",
            "--out",
            str(out),
            "--store",
            "--subject",
            "Uw taalschool",
            "--text",
            "Regel één.\n\nRegel twee.",
            "--date",
            "x",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "--date hoort niet bij deze brief" in captured.err
    assert "Vastgelegd als verstuurd" in captured.out
    [kept] = stored(db, reference)
    assert kept.languages == ("nl",)
    assert kept.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()

    bad = tmp_path / "x.pdf"
    code = cli.main(
        [
            "--db",
            str(db),
            "letter",
            reference,
            "uitnodiging_voortgangsgesprek",
            "--out",
            str(bad),
            "--date",
            "31-02-2027",
            "--time",
            "25:00",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "--date: Deze datum bestaat niet: 31-02-2027." in err
    assert "--time: Deze tijd bestaat niet: 25:00." in err
    assert "--place: Dit veld is verplicht." in err
    assert not bad.exists()


def test_missing_translation_is_named_and_dutch_only_is_a_choice(
    register: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from babel.messages.pofile import read_po, write_po

    db, reference = register
    with T.po_path("ar").open("rb") as po:
        catalog = read_po(po)
    catalog.delete(T.INTAKE_ALONE)
    buffer = BytesIO()
    write_po(buffer, catalog)
    monkeypatch.setattr(
        LetterCatalog, "_cache", {"ar": LetterCatalog.from_po(buffer.getvalue(), "ar")}
    )
    monkeypatch.setenv("INBURGERING_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "intake.pdf"
    args = [
        "--db",
        str(db),
        "letter",
        reference,
        "uitnodiging_brede_intake",
        "--out",
        str(out),
        *INVITATION,
    ]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "Arabisch" in err and f"  - {T.INTAKE_ALONE}" in err and "--dutch-only" in err
    assert not out.exists()

    assert cli.main([*args, "--dutch-only"]) == 0
    assert "Alleen Nederlands" in capsys.readouterr().out
    text = poppler_text(out.read_bytes())
    assert "Uitnodiging voor de brede intake" in text
    assert "دعوة" not in text


def test_unknown_dossier_and_type_get_a_dutch_message(
    register: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, reference = register
    monkeypatch.setenv("INBURGERING_PASSPHRASE", PASSPHRASE)
    out = str(tmp_path / "x.pdf")
    assert cli.main(["--db", str(db), "letter", "INB-1999-0042", "vrije_brief", "--out", out]) == 1
    assert "Er is geen dossier met kenmerk INB-1999-0042." in capsys.readouterr().err
    assert cli.main(["--db", str(db), "letter", reference, "pip_beschikking", "--out", out]) == 1
    assert "--pip-version-id: Kies de vastgestelde versie van het PIP" in capsys.readouterr().err
    ontzorgen = ["--db", str(db), "letter", reference, "overzicht_ontzorgen", "--out", out]
    assert cli.main(ontzorgen) == 1
    assert "vaste lasten" in capsys.readouterr().err


def test_the_help_lists_the_letter_types_that_can_be_made() -> None:
    assert set(cli.LETTER_TYPE_NAMES) == set(letters.TYPE_FIELDS)
    names = {
        option[2:].replace("-", "_") for option, _text in (*cli.LETTER_OPTIONS, *cli.LETTER_FLAGS)
    }
    assert names == {name for fields in letters.TYPE_FIELDS.values() for name in fields}


def test_the_intake_report_is_made_in_dutch_without_a_contact(
    register: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, reference = register
    monkeypatch.setenv("INBURGERING_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "verslag.pdf"
    args = ["--db", str(db), "letter", reference, "intake_verslag", "--out", str(out)]
    assert cli.main([*args, "--include-special"]) == 0
    text = poppler_text(out.read_bytes())
    assert "Verslag brede intake, met bijzondere persoonsgegevens" in text
    assert "دعوة" not in text  # the client's language is not used
