"""Autosaved form drafts: one per form and dossier, never audited, refused on a closed dossier,
kept in the encrypted file across a restart."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from inburgering_desktop.domain.enums import CloseReason
from inburgering_desktop.services import dossiers, drafts
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import NotFoundError, ServiceError
from inburgering_desktop.store.models import AuditEntry, FormDraft
from tests.helpers_db import reopen_database
from tests.services.conftest import TODAY, person

PAYLOAD = {
    "taal.lezen": "A1",
    "gezondheid.toelichting": "Slaapt slecht sinds de vlucht",
    "toets_date": "2026-11-20",  # dates as ISO strings (module docstring)
    "interpreter": True,
    "hours": 12,
    "languages": ["ar", "en"],
    "name_original_script": "زوانتيه",
    "nested": {"empty": None},
}


@pytest.fixture
def dossier_id(ctx: AppContext) -> int:
    return dossiers.create_dossier(ctx, person())


def _count(ctx: AppContext, model: type) -> int:
    with ctx.db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_round_trip(ctx: AppContext, dossier_id: int) -> None:
    before = dt.datetime.now(dt.UTC)
    drafts.save_draft(ctx, "intake", dossier_id, PAYLOAD)
    draft = drafts.load_draft(ctx, "intake", dossier_id)
    assert draft is not None
    assert draft.payload == PAYLOAD
    assert (draft.form_key, draft.dossier_id, draft.account) == (
        "intake",
        dossier_id,
        "Testconsulent",
    )
    assert draft.saved_at.tzinfo is not None and draft.saved_at >= before
    assert drafts.load_draft(ctx, "pip", dossier_id) is None


def test_saving_again_keeps_one_row_with_the_newest_payload(
    ctx: AppContext, dossier_id: int
) -> None:
    drafts.save_draft(ctx, "intake", dossier_id, {"taal.lezen": "A1"})
    first = drafts.load_draft(ctx, "intake", dossier_id)
    ctx.account = "Andere consulent"
    drafts.save_draft(ctx, "intake", dossier_id, {"taal.lezen": "A2"})
    second = drafts.load_draft(ctx, "intake", dossier_id)
    assert _count(ctx, FormDraft) == 1
    assert second.payload == {"taal.lezen": "A2"}
    assert second.saved_at >= first.saved_at
    assert second.account == "Andere consulent"


def test_an_unchanged_payload_is_not_rewritten(ctx: AppContext, dossier_id: int) -> None:
    drafts.save_draft(ctx, "intake", dossier_id, {"a": 1, "b": 2})
    first = drafts.load_draft(ctx, "intake", dossier_id)
    drafts.save_draft(ctx, "intake", dossier_id, {"b": 2, "a": 1})  # same values, other order
    assert drafts.load_draft(ctx, "intake", dossier_id).saved_at == first.saved_at


def test_a_new_dossier_has_one_draft_per_form(ctx: AppContext, dossier_id: int) -> None:
    drafts.save_draft(ctx, "person", None, {"family_name": "Proef"})
    drafts.save_draft(ctx, "person", None, {"family_name": "Proefnaam"})
    drafts.save_draft(ctx, "person", dossier_id, {"family_name": "Ander"})
    assert _count(ctx, FormDraft) == 2
    assert drafts.load_draft(ctx, "person", None).payload == {"family_name": "Proefnaam"}
    assert drafts.load_draft(ctx, "person", dossier_id).payload == {"family_name": "Ander"}
    drafts.discard_draft(ctx, "person", None)
    assert drafts.load_draft(ctx, "person", None) is None
    assert drafts.load_draft(ctx, "person", dossier_id) is not None


def test_discard(ctx: AppContext, dossier_id: int) -> None:
    drafts.save_draft(ctx, "intake", dossier_id, PAYLOAD)
    drafts.save_draft(ctx, "pip", dossier_id, {"leerroute": "b1"})
    drafts.discard_draft(ctx, "intake", dossier_id)
    assert drafts.load_draft(ctx, "intake", dossier_id) is None
    assert drafts.load_draft(ctx, "pip", dossier_id) is not None
    drafts.discard_draft(ctx, "intake", dossier_id)  # nothing left: no error


def test_list_drafts_newest_first_without_payloads(ctx: AppContext, dossier_id: int) -> None:
    drafts.save_draft(ctx, "intake", dossier_id, PAYLOAD)
    drafts.save_draft(ctx, "person", None, {"family_name": "Proefnaam"})
    listed = drafts.list_drafts(ctx)
    assert [(d.form_key, d.dossier_id) for d in listed] == [
        ("person", None),
        ("intake", dossier_id),
    ]
    assert not hasattr(listed[0], "payload")


def test_a_closed_dossier_refuses_a_draft(ctx: AppContext, dossier_id: int) -> None:
    drafts.save_draft(ctx, "intake", dossier_id, {"taal.lezen": "A1"})
    dossiers.close_dossier(ctx, dossier_id, TODAY, CloseReason.VERHUISD)
    with pytest.raises(ServiceError) as caught:
        drafts.save_draft(ctx, "intake", dossier_id, {"taal.lezen": "A2"})
    assert "gesloten" in str(caught.value)
    # Throwing scratch input away is still possible (closing already did).
    drafts.discard_draft(ctx, "intake", dossier_id)
    assert drafts.load_draft(ctx, "intake", dossier_id) is None
    dossiers.reopen_dossier(ctx, dossier_id)
    drafts.save_draft(ctx, "intake", dossier_id, {"taal.lezen": "A2"})


def test_an_unknown_dossier_is_refused(ctx: AppContext) -> None:
    with pytest.raises(NotFoundError):
        drafts.save_draft(ctx, "intake", 999, PAYLOAD)
    assert _count(ctx, FormDraft) == 0


def test_drafts_write_no_audit_entries(ctx: AppContext, dossier_id: int) -> None:
    entries = _count(ctx, AuditEntry)
    assert entries > 0  # creating the dossier was audited
    drafts.save_draft(ctx, "intake", dossier_id, PAYLOAD)
    drafts.save_draft(ctx, "intake", dossier_id, {**PAYLOAD, "taal.lezen": "A2"})
    drafts.save_draft(ctx, "person", None, PAYLOAD)
    drafts.discard_draft(ctx, "intake", dossier_id)
    assert _count(ctx, AuditEntry) == entries


@pytest.mark.parametrize(
    "payload",
    [
        {"toets_date": dt.date(2026, 11, 20)},  # dates go in as ISO strings
        {"hours": float("nan")},
        {1: "a"},
        ["not", "an", "object"],
    ],
)
def test_a_payload_that_is_not_plain_json_is_a_programming_error(
    ctx: AppContext, dossier_id: int, payload: object
) -> None:
    with pytest.raises((TypeError, ValueError)):
        drafts.save_draft(ctx, "intake", dossier_id, payload)  # type: ignore[arg-type]
    assert _count(ctx, FormDraft) == 0


@pytest.mark.parametrize("form_key", ["", "x" * 65])
def test_a_form_key_must_fit(ctx: AppContext, form_key: str) -> None:
    with pytest.raises(ValueError):
        drafts.save_draft(ctx, form_key, None, {})


def test_a_draft_survives_reopening_the_database(ctx: AppContext, dossier_id: int) -> None:
    drafts.save_draft(ctx, "intake", dossier_id, PAYLOAD)
    drafts.save_draft(ctx, "person", None, {"family_name": "Proefnaam"})
    ctx.db.close()
    with reopen_database(ctx.db.path) as db:
        again = AppContext(db=db, account=ctx.account, today=ctx.today)
        assert drafts.load_draft(again, "intake", dossier_id).payload == PAYLOAD
        assert drafts.load_draft(again, "person", None).payload == {"family_name": "Proefnaam"}



def test_closing_a_dossier_discards_its_drafts(ctx: AppContext, dossier_id: int) -> None:
    drafts.save_draft(ctx, "intake", dossier_id, {"taal.lezen": "a1"})
    dossiers.close_dossier(ctx, dossier_id, TODAY, CloseReason.VERHUISD)
    assert drafts.load_draft(ctx, "intake", dossier_id) is None
