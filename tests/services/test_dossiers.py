from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from inburgering_desktop.domain.enums import CloseReason, Phase, Regime
from inburgering_desktop.domain.register import fold
from inburgering_desktop.services import dossiers, register
from inburgering_desktop.services.errors import ServiceError, StaleRecordError, ValidationFailed
from inburgering_desktop.store import audit
from tests.services.conftest import person
from tests.services.helpers import assert_chain_ok, audit_entries


def test_create_dossier_writes_audit_entries_and_chain_verifies(ctx):
    dossier_id = dossiers.create_dossier(ctx, person())
    view = dossiers.get_dossier(ctx, dossier_id)
    assert view.reference == "INB-2026-0001"
    assert view.fields["family_name"] == "Proefnaam"
    assert view.fields["birth_date"] == dt.date(1990, 4, 14)
    entries = audit_entries(ctx)
    created = [e for e in entries if e["entity"] == "dossier"]
    assert created[0]["action"] == "create"
    assert created[0]["account"] == "Testconsulent"
    assert created[0]["dossier_id"] == dossier_id
    assert created[0]["changes"]["bsn"] == [None, "111222333"]
    # the practical checklist (seed 003) comes with the dossier, audited too
    assert len([e for e in entries if e["entity"] == "checklist_item"]) == 8
    assert_chain_ok(ctx)


def test_create_dossier_derives_regime_and_termijn(ctx):
    dossier_id = dossiers.create_dossier(
        ctx, person(first_pip_date="10-04-2025", permit_date="01-03-2024")
    )
    status = dossiers.get_dossier(ctx, dossier_id).status
    assert status.regime is Regime.WI2021
    assert status.phase is Phase.IN_TRAJECT
    assert status.termijn.start == dt.date(2025, 4, 11)
    assert status.termijn.end == dt.date(2028, 4, 10)


def test_invalid_bsn_is_refused_with_a_dutch_message(ctx):
    with pytest.raises(ValidationFailed) as caught:
        dossiers.create_dossier(ctx, person(bsn="123456789"))
    error = caught.value.by_field()["bsn"]
    assert "BSN" in str(error)
    assert register.list_summaries(ctx) == []


def test_all_field_problems_are_reported_at_once(ctx):
    with pytest.raises(ValidationFailed) as caught:
        dossiers.create_dossier(
            ctx, person(bsn="12", birth_date="31-02-1990", email="geen-adres", family_name="")
        )
    assert {"bsn", "birth_date", "email", "family_name"} <= set(caught.value.by_field())


def test_duplicate_bsn_names_the_other_dossier(ctx):
    dossiers.create_dossier(ctx, person())
    with pytest.raises(ValidationFailed) as caught:
        dossiers.create_dossier(ctx, person(v_number="2234567890"))
    assert "INB-2026-0001" in str(caught.value.by_field()["bsn"])


def test_names_with_markup_characters_and_200_characters_are_kept_literally(ctx):
    long_name = "Ångström" + "x" * 192
    dossier_id = dossiers.create_dossier(
        ctx, person(family_name=long_name, given_names='<Fatou> & "Zoë"', bsn="", v_number="")
    )
    fields = dossiers.get_dossier(ctx, dossier_id).fields
    assert fields["family_name"] == long_name
    assert fields["given_names"] == '<Fatou> & "Zoë"'


def test_update_dossier_audits_only_the_changed_fields(ctx):
    dossier_id = dossiers.create_dossier(ctx, person())
    view = dossiers.get_dossier(ctx, dossier_id)
    updated = dossiers.update_dossier(
        ctx, dossier_id, {**person(), "city": "Voorbeeldstad"}, view.revision
    )
    assert updated.fields["city"] == "Voorbeeldstad"
    last = audit_entries(ctx, "dossier")[-1]
    assert last["action"] == "update"
    assert last["changes"] == {"city": ["", "Voorbeeldstad"]}
    assert_chain_ok(ctx)


def test_update_with_a_stale_revision_is_refused(ctx):
    dossier_id = dossiers.create_dossier(ctx, person())
    revision = dossiers.get_dossier(ctx, dossier_id).revision
    dossiers.update_dossier(ctx, dossier_id, {**person(), "city": "Een"}, revision)
    with pytest.raises(StaleRecordError):
        dossiers.update_dossier(ctx, dossier_id, {**person(), "city": "Twee"}, revision)


def test_close_and_reopen_are_audited(ctx):
    dossier_id = dossiers.create_dossier(ctx, person())
    closed = dossiers.close_dossier(
        ctx, dossier_id, "20-11-2026", CloseReason.VERHUISD, "naar Elders"
    )
    assert closed.status.phase is Phase.GESLOTEN
    with pytest.raises(ServiceError):
        dossiers.update_dossier(ctx, dossier_id, person(), closed.revision)
    reopened = dossiers.reopen_dossier(ctx, dossier_id)
    assert reopened.status.phase is not Phase.GESLOTEN
    actions = [e["changes"].get("close_reason") for e in audit_entries(ctx, "dossier")]
    assert [None, "verhuisd"] in actions and ["verhuisd", None] in actions
    assert_chain_ok(ctx)


def test_ondertussengroep_gets_no_pip(ctx):
    with pytest.raises(ValidationFailed) as caught:
        dossiers.create_dossier(ctx, person(permit_date="31-12-2021", first_pip_date="01-06-2022"))
    assert "first_pip_date" in caught.value.by_field()


def test_list_summaries_search_key_folds_case_and_diacritics(ctx):
    dossiers.create_dossier(
        ctx, person(family_name="Çelik-van Dijk", given_names="Zoë", name_original_script="أحمد")
    )
    [row] = register.list_summaries(ctx)
    assert fold("zoe") in row.search_key
    assert fold("CELIK") in row.search_key
    assert fold("أحمد") in row.search_key
    assert "111222333" in row.search_key
    assert row.regime is Regime.WI2021


def test_rollback_leaves_no_audit_entry(ctx):
    dossiers.create_dossier(ctx, person())
    before = len(audit_entries(ctx))
    with pytest.raises(ValidationFailed):
        dossiers.create_dossier(ctx, person(v_number="2234567890"))
    assert len(audit_entries(ctx)) == before


def test_tampering_with_a_service_audit_entry_is_detected(ctx):
    dossiers.create_dossier(ctx, person())
    with ctx.db.transaction() as session:
        session.execute(text("UPDATE audit_entry SET account = 'iemand anders' WHERE seq = 3"))
    with ctx.db.transaction() as session:
        report = audit.verify(session)
    assert not report.ok
    assert report.first_bad_seq == 3


def test_references_keep_counting_past_9999(ctx):
    from sqlalchemy import update

    from inburgering_desktop.store.models import Dossier

    first = dossiers.create_dossier(ctx, person())
    with ctx.db.transaction() as session:
        session.execute(
            update(Dossier).where(Dossier.id == first).values(reference="INB-2026-9999")
        )
    second = dossiers.create_dossier(ctx, person(bsn="123456782", v_number="1111111111"))
    assert dossiers.get_dossier(ctx, second).reference == "INB-2026-10000"
    third = dossiers.create_dossier(ctx, person(bsn="", v_number=""))
    assert dossiers.get_dossier(ctx, third).reference == "INB-2026-10001"
