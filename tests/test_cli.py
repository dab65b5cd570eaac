"""The headless commands, run as a person or a script would: a separate process, the passphrase
in INBURGERING_PASSPHRASE."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inburgering_desktop import __version__

PASSPHRASE = "een-lang-test-wachtwoord-42"


def run(args: list[str], db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INBURGERING_PASSPHRASE": PASSPHRASE, **env}
    environment.pop("INBURGERING_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "inburgering_desktop", "--db", str(db), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "inburgering.db"
    result = run(["demo"], db)
    assert result.returncode == 0, result.stderr
    assert "40 voorbeelddossiers" in result.stdout
    assert "herstelcode" in result.stderr  # shown once, on creation
    assert PASSPHRASE not in result.stdout + result.stderr
    return db


def test_version():
    result = subprocess.run(
        [sys.executable, "-m", "inburgering_desktop", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_deadlines_json(demo_db):
    result = run(["deadlines", "--json", "--date", "2026-11-23"], demo_db)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["dossiers"]) == 40
    for entry in report["dossiers"]:
        assert {
            "reference",
            "regime",
            "doelgroep",
            "duty_starts",
            "pip_due",
            "termijn_start",
            "termijn_end",
            "offers",
            "signals",
        } <= set(entry)
        assert entry["regime"] in ("wi2013", "wi2021")


def test_audit_verify_ok(demo_db):
    result = run(["audit", "verify"], demo_db)
    assert result.returncode == 0, result.stderr
    assert "in orde" in result.stdout


def test_export_then_import_is_idempotent(demo_db, tmp_path):
    path = tmp_path / "dossiers.json"
    assert run(["export-json", str(path)], demo_db).returncode == 0
    result = run(["import-json", str(path)], demo_db)
    assert result.returncode == 0, result.stderr
    assert "0 nieuw, 0 bijgewerkt, 40 ongewijzigd" in result.stdout


def test_import_of_an_invalid_file_names_the_problem_and_writes_nothing(demo_db, tmp_path):
    path = tmp_path / "fout.json"
    path.write_text(
        json.dumps(
            {
                "format": "inburgering-desktop/dossiers",
                "version": 1,
                "dossiers": [
                    {
                        "person": {
                            "family_name": "Proef",
                            "birth_date": "1990-01-01",
                            "permit_date": "2024-01-01",
                            "doelgroep": "asielstatushouder",
                            "bsn": "123456789",
                        }
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = run(["import-json", str(path)], demo_db)
    assert result.returncode == 1
    assert "Dossier 1" in result.stderr and "BSN" in result.stderr


def test_wrong_passphrase_is_refused_calmly(demo_db):
    result = run(["audit", "verify"], demo_db, INBURGERING_PASSPHRASE="verkeerd-wachtwoord-123")
    assert result.returncode == 1
    assert "wachtwoord klopt niet" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_database_is_named(tmp_path):
    result = run(["deadlines", "--json"], tmp_path / "nergens.db")
    assert result.returncode == 1
    assert "niet gevonden" in result.stderr


def test_audit_verify_names_an_altered_entry(tmp_path):
    import shutil

    db = tmp_path / "inburgering.db"
    assert run(["demo", "--count", "3"], db).returncode == 0
    from inburgering_desktop.store import engine

    database = engine.open_database(db, passphrase=PASSPHRASE)
    try:
        from sqlalchemy import text

        with database.transaction() as session:
            session.execute(text("UPDATE audit_entry SET changes = '{}' WHERE seq = 5"))
    finally:
        database.close()
    result = run(["audit", "verify"], db)
    assert result.returncode == 1
    assert "5" in result.stderr
    shutil.rmtree(tmp_path, ignore_errors=True)
