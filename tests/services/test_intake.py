"""The brede intake and the warme overdracht as services: answers validated by the domain and
stored in their normal form, special-category answers audited only as "gewijzigd", optimistic
locking, closed dossiers refused, finishing refused with what is missing, the start date set on
the first save, and the report data with and without special-category data."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from inburgering_desktop.domain.enums import CloseReason, LifeArea
from inburgering_desktop.domain.intake import FIELDS, KEY_HEALTH, REQUIRED_AREAS
from inburgering_desktop.services import coa, dossiers, household, intake
from inburgering_desktop.services.auditing import CHANGED_MARK
from inburgering_desktop.services.children import CLOSED_MESSAGE
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, StaleRecordError, ValidationFailed
from tests.services.conftest import TODAY, person
from tests.services.helpers import assert_chain_ok, audit_entries

DUTCH = "Werkte als naaister in Aleppo; wil graag verder in de mode. Ze is gemotiveerd: “één”."
ARABIC = "تعمل كخياطة وتريد أن تتعلم اللغة الهولندية"
HEALTH_NOTE = "Slaapt slecht sinds de vlucht; huisarts verwijst naar GGZ."

# The legal minimum plus something in other areas: enough to finish once the toets and the
# told items are recorded.
MINIMUM = {
    "opleiding_werk.opleidingsniveau": "voortgezet_onderwijs",
    "opleiding_werk.jaren_onderwijs": "10",
    "opleiding_werk.werkervaring": "vakwerk",
    KEY_HEALTH: "geen",
}


@pytest.fixture
def dossier_id(ctx: AppContext) -> int:
    return dossiers.create_dossier(ctx, person())


def _all_audit_text(ctx: AppContext) -> str:
    return json.dumps([e["changes"] for e in audit_entries(ctx)], ensure_ascii=False)


def _finishable(ctx: AppContext, dossier_id: int) -> intake.IntakeView:
    view = intake.save_intake(
        ctx,
        dossier_id,
        {
            **MINIMUM,
            "toets_date": "20-11-2026",
            "toets_outcome": "gemiddeld",
            "toets_no_show": False,
            "toets_exempt_reason": "",
            "vve_informed_on": "",
            "interview_alone_informed_on": "20-11-2026",
        },
        0,
    )
    assert view.missing == ()
    return view


# --- reading -------------------------------------------------------------------------------------


def test_before_the_first_save_there_is_an_empty_intake_at_revision_0(ctx, dossier_id):
    view = intake.get_intake(ctx, dossier_id)
    assert view.revision == 0
    assert set(view.answers) == {f.key for f in FIELDS}
    assert set(view.answers.values()) == {""}
    assert view.intake_start_date is None and view.intake_completed_date is None
    assert not view.finished and not view.can_finish and not view.closed
    missing = {e.field for e in view.missing}
    assert {f.key for f in FIELDS if f.required} <= missing
    assert {"toets_date", "interview_alone_informed_on"} <= missing
    assert "vve_informed_on" not in missing  # no children
    assert view.coa.revision == 0
    assert view.last_saved_at is None
    assert all(not c.complete for c in view.completeness.values())


def test_unknown_dossier_is_not_found(ctx):
    from inburgering_desktop.services.errors import NotFoundError

    with pytest.raises(NotFoundError):
        intake.get_intake(ctx, 999)


# --- saving answers ------------------------------------------------------------------------------


def test_first_save_creates_the_intake_and_sets_the_start_date_audited(ctx, dossier_id):
    dossier_revision = dossiers.get_dossier(ctx, dossier_id).revision
    view = intake.save_answers(
        ctx,
        dossier_id,
        {"opleiding_werk.beroep": DUTCH, "taal.andere_talen": ARABIC, "taal.lezen": "A1"},
        0,
    )
    assert view.revision == 1
    assert view.answers["opleiding_werk.beroep"] == DUTCH
    assert view.answers["taal.andere_talen"] == ARABIC
    assert view.answers["taal.lezen"] == "a1"  # stored in its normal form
    assert view.intake_start_date == TODAY
    # The dossier row changed, so its revision moved on as with update_dossier.
    assert view.dossier_revision == dossier_revision + 1
    assert dossiers.get_dossier(ctx, dossier_id).fields["intake_start_date"] == TODAY
    [created] = audit_entries(ctx, "intake")
    assert created["action"] == "create"
    answers = audit_entries(ctx, "intake_answer")
    assert len(answers) == 3 and {e["action"] for e in answers} == {"create"}
    beroep = next(e for e in answers if e["changes"]["field_key"][1] == "opleiding_werk.beroep")
    assert beroep["changes"]["value"] == [None, DUTCH]  # not special: shown
    start = [e for e in audit_entries(ctx, "dossier") if e["action"] == "update"]
    assert start[-1]["changes"] == {"intake_start_date": [None, TODAY.isoformat()]}
    assert view.last_saved_at is not None
    assert_chain_ok(ctx)


def test_an_existing_start_date_is_kept(ctx):
    dossier_id = dossiers.create_dossier(ctx, person(intake_start_date="02-11-2026"))
    view = intake.save_answers(ctx, dossier_id, {"taal.lezen": "a2"}, 0)
    assert view.intake_start_date == dt.date(2026, 11, 2)


def test_special_answers_appear_in_the_audit_trail_only_as_gewijzigd(ctx, dossier_id):
    intake.save_answers(
        ctx,
        dossier_id,
        {KEY_HEALTH: "psychisch", "gezondheid.toelichting": HEALTH_NOTE, "taal.toelichting": "x"},
        0,
    )
    view = intake.save_answers(ctx, dossier_id, {"gezondheid.toelichting": HEALTH_NOTE + "!"}, 1)
    assert view.answers["gezondheid.toelichting"] == HEALTH_NOTE + "!"
    entries = audit_entries(ctx, "intake_answer")
    by_action = [(e["action"], e["changes"]["value"]) for e in entries]
    assert by_action == [
        ("create", [None, CHANGED_MARK]),
        ("create", [None, CHANGED_MARK]),
        ("create", [None, CHANGED_MARK]),
        ("update", [CHANGED_MARK, CHANGED_MARK]),
    ]
    text = _all_audit_text(ctx)
    assert "psychisch" not in text and "Slaapt" not in text
    assert_chain_ok(ctx)


def test_invalid_answers_are_refused_per_field_in_dutch_and_nothing_is_stored(ctx, dossier_id):
    with pytest.raises(ValidationFailed) as caught:
        intake.save_answers(
            ctx,
            dossier_id,
            {
                "taal.lezen": "C3",
                "opleiding_werk.jaren_onderwijs": "twaalf",
                "opleiding_werk.jaren_werkervaring": "61",
                "opleiding_werk.beroep": "kok\u202e",
            },
            0,
        )
    by_field = caught.value.by_field()
    assert by_field["taal.lezen"].message == "Kies een van de mogelijkheden."
    assert by_field["opleiding_werk.jaren_onderwijs"].message == "Vul een geheel getal in."
    assert str(by_field["opleiding_werk.jaren_werkervaring"]) == (
        "Vul een getal in van 0 tot en met 60."
    )
    assert "stuurteken" in by_field["opleiding_werk.beroep"].message
    assert intake.get_intake(ctx, dossier_id).revision == 0
    assert audit_entries(ctx, "intake_answer") == []


def test_an_unknown_field_key_is_a_programming_error(ctx, dossier_id):
    with pytest.raises(ValueError, match="unknown"):
        intake.save_answers(ctx, dossier_id, {"taal.klingon": "a1"}, 0)


def test_a_stale_revision_is_refused_and_changes_nothing(ctx, dossier_id):
    intake.save_answers(ctx, dossier_id, {"taal.lezen": "a1"}, 0)
    with pytest.raises(StaleRecordError):
        intake.save_answers(ctx, dossier_id, {"taal.lezen": "b1"}, 0)
    view = intake.save_answers(ctx, dossier_id, {"taal.schrijven": "a0"}, 1)
    assert view.revision == 2  # only answers changed: the revision still moved on
    with pytest.raises(StaleRecordError):
        intake.save_toets(ctx, dossier_id, {"toets_date": "20-11-2026"}, 1)
    assert intake.get_intake(ctx, dossier_id).answers["taal.lezen"] == "a1"


def test_saving_unchanged_answers_writes_nothing(ctx, dossier_id):
    intake.save_answers(ctx, dossier_id, {"taal.lezen": "a1"}, 0)
    count = len(audit_entries(ctx))
    view = intake.save_answers(ctx, dossier_id, {"taal.lezen": "A1", "taal.spreken": ""}, 1)
    assert view.revision == 1
    assert len(audit_entries(ctx)) == count


def test_clearing_an_answer_keeps_the_row_empty(ctx, dossier_id):
    intake.save_answers(ctx, dossier_id, {"taal.lezen": "a1"}, 0)
    view = intake.save_answers(ctx, dossier_id, {"taal.lezen": "  "}, 1)
    assert view.answers["taal.lezen"] == ""
    assert audit_entries(ctx, "intake_answer")[-1]["changes"]["value"] == ["a1", ""]


def test_completeness_per_area(ctx, dossier_id):
    view = intake.save_answers(ctx, dossier_id, MINIMUM, 0)
    for area in REQUIRED_AREAS:
        assert view.completeness[area].complete
    assert view.completeness[LifeArea.OPLEIDING_WERK].filled == 3
    assert not view.completeness[LifeArea.TAAL].complete


# --- the toets and the told items ----------------------------------------------------------------


def test_toets_saved_and_its_exemption_reason_audited_as_gewijzigd(ctx, dossier_id):
    view = intake.save_toets(
        ctx, dossier_id, {"toets_date": "20-11-2026", "toets_outcome": "hoog"}, 0
    )
    assert view.toets.date == dt.date(2026, 11, 20) and view.toets.taken
    assert view.intake_start_date == TODAY
    view = intake.save_toets(
        ctx,
        dossier_id,
        {
            "toets_date": "",
            "toets_outcome": "",
            "toets_no_show": False,
            "toets_exempt_reason": "visueel",
        },
        view.revision,
    )
    assert view.toets.exempt_reason is not None and not view.toets.taken
    update = audit_entries(ctx, "intake")[-1]
    assert update["changes"]["toets_exempt_reason"] == [None, CHANGED_MARK]
    assert update["changes"]["toets_outcome"] == ["hoog", None]
    assert "visueel" not in _all_audit_text(ctx)
    assert_chain_ok(ctx)


def test_toets_recorded_two_ways_or_in_the_future_is_refused(ctx, dossier_id):
    with pytest.raises(ValidationFailed) as caught:
        intake.save_toets(ctx, dossier_id, {"toets_outcome": "laag", "toets_no_show": True}, 0)
    assert "toets_outcome" in caught.value.by_field()
    with pytest.raises(ValidationFailed) as caught:
        intake.save_toets(ctx, dossier_id, {"toets_date": "24-11-2026", "toets_outcome": "laag"}, 0)
    assert caught.value.by_field()["toets_date"].message == "Deze datum ligt in de toekomst."
    with pytest.raises(ValidationFailed) as caught:
        intake.save_toets(ctx, dossier_id, {"toets_outcome": "uitstekend"}, 0)
    assert caught.value.by_field()["toets_outcome"].message == "Kies een van de mogelijkheden."
    # A date alone (planned, outcome not known yet) may be saved.
    assert intake.save_toets(ctx, dossier_id, {"toets_date": "01-12-2026"}, 0).revision == 1


def test_record_informed(ctx, dossier_id):
    view = intake.record_informed(ctx, dossier_id, "interview_alone_informed_on", "20-11-2026")
    assert view.checks.interview_alone_informed_on == dt.date(2026, 11, 20)
    assert view.revision == 1 and view.intake_start_date == TODAY
    view = intake.record_informed(ctx, dossier_id, "vve_informed_on", TODAY)
    assert view.checks.vve_informed_on == TODAY and view.revision == 2
    view = intake.record_informed(ctx, dossier_id, "vve_informed_on", None)
    assert view.checks.vve_informed_on is None
    with pytest.raises(ValidationFailed):
        intake.record_informed(ctx, dossier_id, "vve_informed_on", TODAY + dt.timedelta(days=1))
    with pytest.raises(ValueError):
        intake.record_informed(ctx, dossier_id, "told_everything", TODAY)
    changes = [e["changes"] for e in audit_entries(ctx, "intake")]
    assert changes[1] == {"vve_informed_on": [None, TODAY.isoformat()]}
    assert_chain_ok(ctx)


@pytest.mark.parametrize(
    ("birth_date", "young"),
    [
        ("01-06-2022", True),  # 4 years old: voorschoolse/vroegschoolse educatie
        ("24-11-2020", True),  # 5, turns 6 tomorrow
        ("23-11-2020", False),  # 6 today
        ("", True),  # unknown: counts as young, so the parents are not forgotten
    ],
)
def test_young_child_in_household_comes_from_the_childrens_birth_dates(
    ctx, dossier_id, birth_date, young
):
    household.add_member(
        ctx, dossier_id, {"relation": "child", "name": "Kind Proef", "birth_date": birth_date}
    )
    view = intake.get_intake(ctx, dossier_id)
    assert view.young_child_in_household is young
    assert view.children_in_household
    assert ("vve_informed_on" in {e.field for e in view.missing}) is young


def test_a_partner_is_no_young_child(ctx, dossier_id):
    household.add_member(ctx, dossier_id, {"relation": "partner", "name": "P", "birth_date": ""})
    view = intake.get_intake(ctx, dossier_id)
    assert not view.young_child_in_household and not view.children_in_household


def test_save_intake_reports_every_problem_of_the_form_at_once(ctx, dossier_id):
    with pytest.raises(ValidationFailed) as caught:
        intake.save_intake(
            ctx,
            dossier_id,
            {
                "opleiding_werk.jaren_onderwijs": "veel",
                "toets_date": "31-02-2026",
                "interview_alone_informed_on": "01-01-2030",
            },
            0,
        )
    assert set(caught.value.by_field()) == {
        "opleiding_werk.jaren_onderwijs",
        "toets_date",
        "interview_alone_informed_on",
    }
    with pytest.raises(ValueError, match="unknown"):
        intake.save_intake(ctx, dossier_id, {"toets_kleur": "blauw"}, 0)


# --- finishing -----------------------------------------------------------------------------------


def test_finish_is_refused_with_what_is_missing_then_accepted(ctx, dossier_id):
    intake.save_answers(ctx, dossier_id, {"taal.lezen": "a1"}, 0)
    with pytest.raises(ValidationFailed) as caught:
        intake.finish_intake(ctx, dossier_id, TODAY)
    missing = caught.value.by_field()
    assert {f.key for f in FIELDS if f.required} | {
        "toets_date",
        "interview_alone_informed_on",
    } == set(missing)
    school = missing["opleiding_werk.jaren_onderwijs"]
    assert school.message == "Nog niet ingevuld: {field} ({area})."
    assert school.params == {"field": "Aantal jaren onderwijs", "area": "Opleiding en werkervaring"}
    assert intake.get_intake(ctx, dossier_id).intake_completed_date is None

    view = intake.save_intake(
        ctx,
        dossier_id,
        {
            **MINIMUM,
            "toets_date": "20-11-2026",
            "toets_outcome": "gemiddeld",
            "interview_alone_informed_on": "20-11-2026",
        },
        1,
    )
    assert view.can_finish
    before = view.dossier_revision
    view = intake.finish_intake(ctx, dossier_id, "23-11-2026")
    assert view.intake_completed_date == TODAY and view.finished and not view.can_finish
    assert view.dossier_revision == before + 1
    assert dossiers.get_dossier(ctx, dossier_id).fields["intake_completed_date"] == TODAY
    update = audit_entries(ctx, "dossier")[-1]
    assert update["changes"] == {"intake_completed_date": [None, TODAY.isoformat()]}
    assert_chain_ok(ctx)


def test_a_finished_intake_refuses_changes_until_reopened(ctx, dossier_id):
    view = _finishable(ctx, dossier_id)
    intake.finish_intake(ctx, dossier_id, TODAY)
    with pytest.raises(ServiceError) as caught:
        intake.save_answers(ctx, dossier_id, {"taal.lezen": "b1"}, view.revision)
    assert caught.value.message == intake.FINISHED_MESSAGE
    with pytest.raises(ServiceError) as caught:
        intake.finish_intake(ctx, dossier_id, TODAY)
    assert str(caught.value) == "De brede intake is al afgerond op 23-11-2026."
    # The warme overdracht stays editable.
    coa.save_coa_handover(ctx, dossier_id, {"gca_received": True}, 0)

    view = intake.reopen_intake(ctx, dossier_id)
    assert view.intake_completed_date is None and view.can_finish
    assert audit_entries(ctx, "dossier")[-1]["changes"] == {
        "intake_completed_date": [TODAY.isoformat(), None]
    }
    intake.save_answers(ctx, dossier_id, {"taal.lezen": "b1"}, view.revision)
    with pytest.raises(ServiceError) as caught:
        intake.reopen_intake(ctx, dossier_id)
    assert caught.value.message == intake.NOT_FINISHED_MESSAGE
    assert_chain_ok(ctx)


def test_finish_date_not_in_the_future_nor_before_the_start(ctx):
    dossier_id = dossiers.create_dossier(ctx, person(intake_start_date="10-11-2026"))
    _finishable(ctx, dossier_id)
    with pytest.raises(ValidationFailed) as caught:
        intake.finish_intake(ctx, dossier_id, "24-11-2026")
    assert caught.value.by_field()["intake_completed_date"].message == (
        "Deze datum ligt in de toekomst."
    )
    with pytest.raises(ValidationFailed) as caught:
        intake.finish_intake(ctx, dossier_id, "09-11-2026")
    assert str(caught.value.by_field()["intake_completed_date"]) == (
        "De intake kan niet eerder zijn afgerond dan ze begon (10-11-2026)."
    )
    with pytest.raises(ValidationFailed):
        intake.finish_intake(ctx, dossier_id, "31-11-2026")
    assert intake.finish_intake(ctx, dossier_id, "10-11-2026").finished


def test_finish_needs_the_vve_information_with_a_young_child(ctx, dossier_id):
    household.add_member(
        ctx, dossier_id, {"relation": "child", "name": "Kind", "birth_date": "01-01-2024"}
    )
    view = _finishable_with_child(ctx, dossier_id)
    with pytest.raises(ValidationFailed) as caught:
        intake.finish_intake(ctx, dossier_id, TODAY)
    assert set(caught.value.by_field()) == {"vve_informed_on"}
    intake.record_informed(ctx, dossier_id, "vve_informed_on", TODAY)
    assert intake.finish_intake(ctx, dossier_id, TODAY).finished
    assert view.young_child_in_household


def _finishable_with_child(ctx, dossier_id):
    return intake.save_intake(
        ctx,
        dossier_id,
        {
            **MINIMUM,
            "toets_no_show": True,
            "toets_date": "20-11-2026",
            "interview_alone_informed_on": "20-11-2026",
        },
        0,
    )


# --- closed dossiers -----------------------------------------------------------------------------


def test_a_closed_dossier_refuses_every_change(ctx, dossier_id):
    view = _finishable(ctx, dossier_id)
    dossiers.close_dossier(ctx, dossier_id, TODAY, CloseReason.VERHUISD)
    count = len(audit_entries(ctx))
    for call in (
        lambda: intake.save_answers(ctx, dossier_id, {"taal.lezen": "b1"}, view.revision),
        lambda: intake.save_toets(ctx, dossier_id, {"toets_outcome": "hoog"}, view.revision),
        lambda: intake.save_intake(ctx, dossier_id, {"taal.lezen": "b1"}, view.revision),
        lambda: intake.record_informed(ctx, dossier_id, "vve_informed_on", TODAY),
        lambda: intake.finish_intake(ctx, dossier_id, TODAY),
        lambda: intake.reopen_intake(ctx, dossier_id),
        lambda: coa.save_coa_handover(ctx, dossier_id, {"gca_received": True}, 0),
    ):
        with pytest.raises(ServiceError) as caught:
            call()
        assert caught.value.message == CLOSED_MESSAGE
    assert len(audit_entries(ctx)) == count
    view = intake.get_intake(ctx, dossier_id)
    assert view.closed and not view.can_finish


# --- the warme overdracht ------------------------------------------------------------------------


def test_coa_handover_saved_with_its_free_texts_audited_as_gewijzigd(ctx, dossier_id):
    raw = {
        "noa_summary": "NOA: leerbaar, concentratieproblemen door PTSS.",
        "gca_received": True,
        "gca_received_on": "10-11-2026",
        "jgz_received": False,
        "jgz_received_on": "",
        "risk_signals": "Zorgen over slaap",
        "documents_received": "Verwijzing GGZ",
        "consent_to_share": True,
        "consent_on": "01-11-2026",
        "no_intake_in_azc": False,
    }
    view = coa.save_coa_handover(ctx, dossier_id, raw, 0)
    assert view.revision == 1
    assert view.handover.gca_received_on == dt.date(2026, 11, 10)
    assert view.handover.noa_summary == raw["noa_summary"]
    assert view.prompts == ()  # complete for a person without children
    [created] = audit_entries(ctx, "coa_handover")
    for key in ("noa_summary", "risk_signals", "documents_received"):
        assert created["changes"][key] == [None, CHANGED_MARK]
    assert created["changes"]["gca_received"] == [None, True]
    text = _all_audit_text(ctx)
    assert "PTSS" not in text and "GGZ" not in text
    # Saving the COA handover does not start the intake.
    assert intake.get_intake(ctx, dossier_id).intake_start_date is None
    with pytest.raises(StaleRecordError):
        coa.save_coa_handover(ctx, dossier_id, raw, 0)
    view = coa.save_coa_handover(ctx, dossier_id, {**raw, "risk_signals": "Geen"}, 1)
    assert view.revision == 2
    assert audit_entries(ctx, "coa_handover")[-1]["changes"] == {
        "risk_signals": [CHANGED_MARK, CHANGED_MARK]
    }
    assert_chain_ok(ctx)


def test_coa_dates_need_their_check_box_and_cannot_be_in_the_future(ctx, dossier_id):
    with pytest.raises(ValidationFailed) as caught:
        coa.save_coa_handover(
            ctx,
            dossier_id,
            {
                "gca_received": False,
                "gca_received_on": "10-11-2026",
                "consent_on": "01-12-2026",
                "consent_to_share": True,
            },
            0,
        )
    by_field = caught.value.by_field()
    assert by_field["consent_on"].message == "Deze datum ligt in de toekomst."
    with pytest.raises(ValidationFailed) as caught:
        coa.save_coa_handover(
            ctx, dossier_id, {"gca_received": False, "gca_received_on": "10-11-2026"}, 0
        )
    assert "GCA" in caught.value.by_field()["gca_received_on"].message


def test_coa_prompts_only_for_asielstatushouders(ctx, dossier_id):
    view = intake.get_intake(ctx, dossier_id)
    assert len(view.coa.prompts) == 2  # no consent yet, no GCA handover yet
    family = dossiers.create_dossier(
        ctx, person(bsn="123456782", v_number="1111111111", doelgroep="gezinsmigrant")
    )
    assert intake.get_intake(ctx, family).coa.prompts == ()
    household.add_member(ctx, dossier_id, {"relation": "child", "name": "K", "birth_date": ""})
    assert any("JGZ" in p for p in intake.get_intake(ctx, dossier_id).coa.prompts)


# --- the report ----------------------------------------------------------------------------------
