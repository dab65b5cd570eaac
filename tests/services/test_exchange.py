from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from inburgering_desktop.services import demo, dossiers, exchange, household, journal, register
from inburgering_desktop.services.errors import ServiceError
from tests.services.conftest import person
from tests.services.helpers import assert_chain_ok, audit_entries


def test_schema_file_is_a_valid_json_schema():
    Draft202012Validator.check_schema(exchange.schema())


def test_export_matches_the_schema_and_round_trips(ctx, tmp_path):
    demo.generate(ctx, count=12)
    path = tmp_path / "export.json"
    assert exchange.export_json(ctx, path) == 12
    assert path.stat().st_mode & 0o777 == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator(exchange.schema()).validate(data)

    # into a second, empty installation: everything arrives
    from inburgering_desktop.services.context import AppContext
    from tests.helpers_db import make_database

    other_db = make_database(tmp_path / "other")
    other = AppContext(db=other_db, account="Tweede", today=ctx.today)
    try:
        result = exchange.import_json(other, path)
        assert (result.created, result.updated, result.unchanged) == (12, 0, 0)
        again = exchange.export_data(other)
        strip = lambda d: [  # noqa: E731 - the references and journal authors may differ
            {k: v for k, v in item.items() if k != "reference"} for item in d["dossiers"]
        ]
        assert strip(again) == strip(data)
        assert_chain_ok(other)
    finally:
        other_db.close()


def test_import_is_idempotent(ctx, tmp_path):
    demo.generate(ctx, count=6)
    path = tmp_path / "export.json"
    exchange.export_json(ctx, path)
    before = len(audit_entries(ctx))
    result = exchange.import_json(ctx, path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert len(audit_entries(ctx)) == before
    assert len(register.list_summaries(ctx)) == 6


def test_import_updates_an_existing_dossier_matched_on_bsn(ctx):
    dossier_id = dossiers.create_dossier(ctx, person())
    data = exchange.export_data(ctx)
    data["dossiers"][0]["person"]["city"] = "Nieuwstad"
    data["dossiers"][0]["journal"].append({"entry_date": "2026-11-20", "text": "Ingelezen notitie"})
    result = exchange.import_data(ctx, data)
    assert (result.created, result.updated) == (0, 1)
    assert dossiers.get_dossier(ctx, dossier_id).fields["city"] == "Nieuwstad"
    assert [e.text for e in journal.list_entries(ctx, dossier_id)] == ["Ingelezen notitie"]


def test_import_is_all_or_nothing_with_dutch_messages_per_field(ctx):
    good = {"person": {**_iso_person(), "bsn": "123456782", "v_number": "1111111111"}}
    bad = {"person": {**_iso_person(), "bsn": "123456789", "family_name": "Fout"}}
    data = {"format": "inburgering-desktop/dossiers", "version": 1, "dossiers": [good, bad]}
    with pytest.raises(exchange.ImportRejected) as caught:
        exchange.import_data(ctx, data)
    [problem] = caught.value.problems
    assert problem.dossier == 2 and problem.field == "bsn"
    assert "Dossier 2" in str(problem) and "BSN" in str(problem)
    assert register.list_summaries(ctx) == []
    assert audit_entries(ctx) == []


def test_import_refuses_duplicate_bsn_inside_the_file(ctx):
    one = {"person": _iso_person()}
    data = {"format": "inburgering-desktop/dossiers", "version": 1, "dossiers": [one, one]}
    with pytest.raises(exchange.ImportRejected) as caught:
        exchange.import_data(ctx, data)
    assert caught.value.problems[0].dossier == 2


def test_import_refuses_a_wrong_structure(ctx):
    with pytest.raises(exchange.ImportRejected) as caught:
        exchange.import_data(ctx, {"format": "iets anders", "version": 1, "dossiers": [{}]})
    assert caught.value.problems


def test_import_of_a_broken_file_says_so(ctx, tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text("{ niet af", encoding="utf-8")
    with pytest.raises(ServiceError) as caught:
        exchange.import_json(ctx, path)
    assert "JSON" in str(caught.value)


def test_household_links_survive_the_round_trip(ctx, tmp_path):
    first = dossiers.create_dossier(ctx, person())
    dossiers.create_dossier(ctx, person(bsn="123456782", v_number="1111111111"))
    member = household.add_member(ctx, first, {"relation": "partner", "name": "Partner Proef"})
    household.link_member(ctx, member, "INB-2026-0002")
    data = exchange.export_data(ctx)
    from inburgering_desktop.services.context import AppContext
    from tests.helpers_db import make_database

    other_db = make_database(tmp_path / "other")
    other = AppContext(db=other_db, account="Tweede", today=ctx.today)
    try:
        exchange.import_data(other, data)
        rows = {r.bsn: r.id for r in register.list_summaries(other)}
        [linked] = [
            m for m in household.list_members(other, rows["111222333"]) if m.linked_dossier_id
        ]
        assert linked.linked_dossier_id == rows["123456782"]
    finally:
        other_db.close()


def _iso_person() -> dict[str, object]:
    raw = person()
    for key in ("birth_date", "permit_date", "duo_notice_date", "brp_date"):
        d, m, y = str(raw[key]).split("-")
        raw[key] = f"{y}-{m}-{d}"
    return raw


def test_import_names_an_impossible_closing_date(ctx):
    item = {"person": _iso_person(), "closed": {"on": "2024-13-45", "reason": "verhuisd"}}
    data = {"format": "inburgering-desktop/dossiers", "version": 1, "dossiers": [item]}
    with pytest.raises(exchange.ImportRejected) as caught:
        exchange.import_data(ctx, data)
    assert caught.value.problems[0].field == "closed.on"


def test_export_to_a_missing_folder_says_so(ctx, tmp_path):
    with pytest.raises(ServiceError):
        exchange.export_json(ctx, tmp_path / "bestaat-niet" / "uit.json")
    with pytest.raises(ServiceError):
        exchange.import_json(ctx, tmp_path)  # a folder, not a file
