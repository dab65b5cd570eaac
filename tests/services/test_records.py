"""Household, chain partners, checklist, journal, decisions, policy and settings: each write is
audited in its own transaction and the chain verifies."""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering_desktop.domain.enums import ChecklistItemKind, HouseholdRelation
from inburgering_desktop.domain.validation import ValidationError
from inburgering_desktop.services import (
    checklist,
    decisions,
    dossiers,
    household,
    journal,
    partners,
    policy,
    settings,
)
from inburgering_desktop.services.auditing import CHANGED_MARK
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from tests.services.conftest import person
from tests.services.helpers import assert_chain_ok, audit_entries


@pytest.fixture
def dossier_id(ctx):
    return dossiers.create_dossier(ctx, person())


def test_household_partner_link_is_made_both_ways(ctx, dossier_id):
    other = dossiers.create_dossier(
        ctx, person(bsn="123456782", v_number="1111111111", given_names="Ahmad")
    )
    member = household.add_member(
        ctx, dossier_id, {"relation": "partner", "name": "Ahmad Proefnaam"}
    )
    household.link_member(ctx, member, "INB-2026-0002")
    [mine] = household.list_members(ctx, dossier_id)
    assert mine.linked_reference == "INB-2026-0002"
    [theirs] = household.list_members(ctx, other)
    assert theirs.relation is HouseholdRelation.PARTNER
    assert theirs.linked_dossier_id == dossier_id
    assert household.linked_from(ctx, other)[0][1] == "INB-2026-0001"
    assert [e["action"] for e in audit_entries(ctx, "household_member")] == [
        "create",
        "update",
        "create",
    ]
    assert_chain_ok(ctx)


def test_household_member_needs_a_name(ctx, dossier_id):
    with pytest.raises(ValidationFailed) as caught:
        household.add_member(
            ctx, dossier_id, {"relation": "child", "name": " ", "birth_date": "1-1-2020"}
        )
    assert "name" in caught.value.by_field()


def test_chain_partner_is_reusable_and_cannot_be_deleted_while_linked(ctx, dossier_id):
    partner_id = partners.create_partner(
        ctx, {"role": "coa_casemanager", "organisation": "COA locatie Proefdorp"}
    )
    partners.link(ctx, dossier_id, partner_id, "vaste casemanager")
    assert (
        partners.link(ctx, dossier_id, partner_id) == partners.links_for(ctx, dossier_id)[0].link_id
    )
    with pytest.raises(ServiceError):
        partners.delete_partner(ctx, partner_id)
    partners.unlink(ctx, partners.links_for(ctx, dossier_id)[0].link_id)
    partners.delete_partner(ctx, partner_id)
    assert [e["action"] for e in audit_entries(ctx, "chain_partner")] == ["create", "delete"]
    assert_chain_ok(ctx)


def test_checklist_item_update_is_audited(ctx, dossier_id):
    items = checklist.list_items(ctx, dossier_id)
    assert [i.kind for i in items] == list(ChecklistItemKind)
    checklist.update_item(
        ctx, items[0].id, {"status": "done", "owner": "Klantregisseur", "status_date": "20-11-2026"}
    )
    assert checklist.list_items(ctx, dossier_id)[0].status_date == dt.date(2026, 11, 20)
    last = audit_entries(ctx, "checklist_item")[-1]
    assert last["changes"]["status"] == ["open", "done"]
    assert_chain_ok(ctx)


def test_journal_text_is_special_category_in_the_audit_trail(ctx, dossier_id):
    entry = journal.add_entry(
        ctx, dossier_id, {"entry_date": "20-11-2026", "text": "Gezondheid: geheim"}
    )
    journal.update_entry(ctx, entry, {"entry_date": "20-11-2026", "text": "Andere tekst"})
    journal.delete_entry(ctx, entry)
    entries = audit_entries(ctx, "journal_entry")
    assert [e["action"] for e in entries] == ["create", "update", "delete"]
    assert entries[0]["changes"]["text"] == [None, CHANGED_MARK]
    assert "geheim" not in str(entries)
    assert_chain_ok(ctx)


def test_duo_extension_replaces_the_termijn_end(ctx):
    dossier_id = dossiers.create_dossier(ctx, person(first_pip_date="10-04-2025"))
    decisions.add_extension(
        ctx,
        dossier_id,
        {
            "decided_on": "01-10-2026",
            "new_end_date": "10-10-2028",
            "reason": "ziekte",
            "reference": "DUO-1",
        },
    )
    termijn = dossiers.get_dossier(ctx, dossier_id).status.termijn
    assert termijn.end == dt.date(2028, 10, 10)
    assert termijn.extended
    [ext] = decisions.list_extensions(ctx, dossier_id)
    decisions.delete_extension(ctx, ext.id)
    assert dossiers.get_dossier(ctx, dossier_id).status.termijn.end == dt.date(2028, 4, 10)
    assert [e["action"] for e in audit_entries(ctx, "extension")] == ["create", "delete"]
    assert_chain_ok(ctx)


def test_exemption_ground_is_special_category(ctx, dossier_id):
    decisions.add_exemption(
        ctx, dossier_id, {"kind": "ontheffing", "decided_on": "01-09-2026", "ground": "medisch"}
    )
    [entry] = audit_entries(ctx, "exemption")
    assert entry["changes"]["ground"] == [None, CHANGED_MARK]
    assert entry["changes"]["kind"] == [None, "ontheffing"]
    assert_chain_ok(ctx)


def test_policy_override_is_stored_audited_and_used(ctx):
    dossier_id = dossiers.create_dossier(ctx, person())
    assert dossiers.get_dossier(ctx, dossier_id).status.pip_due.date == dt.date(2025, 7, 24)
    policy.save_policy(ctx, {"pip_weeks": 12})
    assert policy.get_policy(ctx).pip_weeks == 12
    assert dossiers.get_dossier(ctx, dossier_id).status.pip_due.date == dt.date(2025, 8, 7)
    [entry] = audit_entries(ctx, "policy_value")
    assert entry["changes"] == {"pip_weeks": [None, 12]}
    policy.save_policy(ctx, {"pip_weeks": 10})  # back to the default: the override disappears
    assert policy.get_policy(ctx).overrides() == {}
    assert_chain_ok(ctx)


def test_policy_rejects_an_out_of_range_value(ctx):
    with pytest.raises(ValidationError):
        policy.save_policy(ctx, {"pip_weeks": -3})


def test_municipality_profile_account_and_logo_are_audited(ctx):
    settings.save_profile(ctx, {"name": "Gemeente Voorbeeldstad", "postal_code": "1234ab"})
    assert settings.get_profile(ctx).postal_code == "1234 AB"
    with pytest.raises(ValidationFailed) as caught:
        settings.save_profile(ctx, {"name": "", "postal_code": "12"})
    assert {"name", "postal_code"} <= set(caught.value.by_field())
    settings.save_account_name(ctx, "Consulent Proef")
    assert ctx.account == "Consulent Proef"
    settings.save_logo(ctx, "image/png", b"\x89PNG fake")
    assert settings.get_logo(ctx) == ("image/png", b"\x89PNG fake")
    with pytest.raises(ValidationFailed):
        settings.save_logo(ctx, "image/gif", b"GIF89a")
    assert {e["entity"] for e in audit_entries(ctx)} >= {"setting", "blob"}
    assert_chain_ok(ctx)


def test_every_remaining_writer_is_audited(ctx, dossier_id):
    """The writers not covered above: change/remove a household member, unlink it, change a
    chain partner, remove a vrijstelling or ontheffing."""
    member = household.add_member(ctx, dossier_id, {"relation": "child", "name": "Kind Proef"})
    household.update_member(
        ctx, member, {"relation": "child", "name": "Kind Proef", "birth_date": "01-02-2019"}
    )
    dossiers.create_dossier(ctx, person(bsn="123456782", v_number="1111111111"))
    household.link_member(ctx, member, "INB-2026-0002")
    household.unlink_member(ctx, member)
    household.delete_member(ctx, member)
    assert [e["action"] for e in audit_entries(ctx, "household_member")] == [
        "create",
        "update",
        "update",
        "update",
        "delete",
    ]
    partner_id = partners.create_partner(ctx, {"role": "tolk", "organisation": "Tolkbureau Proef"})
    partners.update_partner(
        ctx, partner_id, {"role": "tolk", "organisation": "Tolkbureau Proef", "phone": "0201234567"}
    )
    assert audit_entries(ctx, "chain_partner")[-1]["changes"] == {"phone": ["", "0201234567"]}
    exemption = decisions.add_exemption(
        ctx, dossier_id, {"kind": "vrijstelling", "decided_on": "01-09-2026", "ground": "diploma"}
    )
    decisions.delete_exemption(ctx, exemption)
    assert [e["action"] for e in audit_entries(ctx, "exemption")] == ["create", "delete"]
    assert decisions.list_exemptions(ctx, dossier_id) == []
    assert_chain_ok(ctx)


def test_every_free_text_column_is_special_category_or_known_harmless():
    """Free text can hold anything, health included; the audit trail must show it only as
    "gewijzigd" unless the column is known to hold no personal circumstances. A column marked
    special per row (`__special_if__`, the intake answers) counts as marked."""
    from sqlalchemy import Text

    from inburgering_desktop.store.models import Base

    harmless = {
        ("chain_partner", "note"),  # about the organisation, not a client
        ("setting", "value"),
        ("policy_value", "value"),
        ("audit_entry", "changes"),
        ("letter", "catalog_versions"),
    }
    for mapper in Base.registry.mappers:
        model = mapper.class_
        for column in model.__table__.columns:
            marked = model.__special__ | set(model.__special_if__)
            if isinstance(column.type, Text) and column.name not in marked:
                assert (model.__tablename__, column.name) in harmless, (
                    model.__tablename__,
                    column.name,
                )


def test_extension_reason_is_not_in_the_audit_trail(ctx):
    dossier_id = dossiers.create_dossier(ctx, person(first_pip_date="10-04-2025"))
    decisions.add_extension(
        ctx,
        dossier_id,
        {"decided_on": "01-10-2026", "new_end_date": "10-10-2028", "reason": "Ziekte"},
    )
    [entry] = audit_entries(ctx, "extension")
    assert entry["changes"]["reason"] == [None, CHANGED_MARK]
    assert "Ziekte" not in str(audit_entries(ctx))


def test_a_closed_dossier_is_kept_as_it_was(ctx, dossier_id):
    from inburgering_desktop.domain.enums import CloseReason

    entry = journal.add_entry(ctx, dossier_id, {"entry_date": "20-11-2026", "text": "Notitie"})
    dossiers.close_dossier(ctx, dossier_id, "21-11-2026", CloseReason.VERHUISD)
    with pytest.raises(ServiceError):
        journal.add_entry(ctx, dossier_id, {"entry_date": "22-11-2026", "text": "Te laat"})
    with pytest.raises(ServiceError):
        journal.delete_entry(ctx, entry)
    item = checklist.list_items(ctx, dossier_id)[0]
    with pytest.raises(ServiceError):
        checklist.update_item(ctx, item.id, {"status": "done"})
    dossiers.reopen_dossier(ctx, dossier_id)
    journal.add_entry(ctx, dossier_id, {"entry_date": "22-11-2026", "text": "Weer open"})
