"""The PIP service (RULES.md §1, §2.5-2.8, §2.10): one test per rule, on a real encrypted
database, each write audited and the chain verified."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest

from inburgering_desktop.domain.enums import (
    EducationLevel,
    Leerroute,
    Literacy,
    PipComponent,
    PipVersionStatus,
    ToetsOutcome,
)
from inburgering_desktop.domain.intake import KEY_EDUCATION, KEY_LITERACY, KEY_SCHOOL_YEARS
from inburgering_desktop.domain.pip import (
    ModuleAgreement,
    OntzorgenAgreement,
    PipContent,
    RouteAgreement,
)
from inburgering_desktop.services import dossiers, household, pip, tasks
from inburgering_desktop.services.auditing import CHANGED_MARK
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import (
    ServiceError,
    StaleRecordError,
    ValidationFailed,
)
from inburgering_desktop.store.models import Intake, IntakeAnswer, Letter
from tests.services.conftest import TODAY, person
from tests.services.helpers import assert_chain_ok, audit_entries

D = dt.date
# person(): DUO notice 01-04-2025, BRP 15-05-2025, so the PIP was due on 24-07-2025.
PIP_DUE = D(2025, 7, 24)


@pytest.fixture
def dossier_id(ctx: AppContext) -> int:
    return dossiers.create_dossier(ctx, person())


def record_intake(
    ctx: AppContext,
    dossier_id: int,
    outcome: ToetsOutcome = ToetsOutcome.GEMIDDELD,
    answers: dict[str, str] | None = None,
) -> None:
    """The intake as the intake service stores it (that service is not part of this slice)."""
    answers = answers or {
        KEY_LITERACY: Literacy.LATIJNS_SCHRIFT.value,
        KEY_EDUCATION: EducationLevel.VOORTGEZET_ONDERWIJS.value,
        KEY_SCHOOL_YEARS: "10",
    }
    with ctx.db.transaction() as session:
        session.add(Intake(dossier_id=dossier_id, toets_date=D(2025, 6, 2), toets_outcome=outcome))
        for key, value in answers.items():
            session.add(
                IntakeAnswer(dossier_id=dossier_id, field_key=key, value=value, special=False)
            )


def concept(ctx: AppContext, dossier_id: int) -> pip.PipVersionView:
    found = pip.pip_overview(ctx, dossier_id).concept
    assert found is not None
    return found


def form(version: pip.PipVersionView, **changes: object) -> dict[str, object]:
    values = pip.form_values(version.content)
    values.update(changes)
    return values


B1_CONTENT = PipContent(
    leerroute=RouteAgreement(route=Leerroute.B1, provider="Taalschool Proefstad", paid=True),
    knm=True,
    pvt=ModuleAgreement(provider="Stichting Proef", hours=12),
    map=ModuleAgreement(provider="Werkplein Proefstad", hours=40),
    ontzorgen=OntzorgenAgreement(months=6),
)


FIRST_DAY = D(2025, 7, 10)


def established(
    ctx: AppContext,
    dossier_id: int,
    day: dt.date = FIRST_DAY,
    content: PipContent = B1_CONTENT,
) -> pip.PipOverview:
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    overview = pip.save_concept(ctx, version.id, content, version.revision)
    assert overview.concept is not None
    return pip.establish(ctx, version.id, day, overview.concept.revision)


# --- versions and reasons (RULES.md §2.5) --------------------------------------------------------


def test_version_one_needs_no_reason_and_starts_from_the_offer(ctx, dossier_id):
    record_intake(ctx, dossier_id)
    version_id = pip.new_concept(ctx, dossier_id, None)
    overview = pip.pip_overview(ctx, dossier_id)
    assert overview.concept is not None and overview.concept.id == version_id
    assert (overview.concept.number, overview.concept.reason) == (1, "")
    content = overview.concept.content
    assert overview.advice is not None and overview.advice.route is Leerroute.B1
    assert content.leerroute == RouteAgreement(route=Leerroute.B1, paid=True)
    assert content.knm and content.map is not None and content.pvt is not None
    assert content.ontzorgen == OntzorgenAgreement(months=6)
    assert content.maatschappelijke_begeleiding is not None


def test_later_versions_need_a_reason_and_copy_the_last_established_one(ctx, dossier_id):
    established(ctx, dossier_id)
    with pytest.raises(ValidationFailed) as caught:
        pip.new_concept(ctx, dossier_id, "  ")
    assert list(caught.value.by_field()) == ["reason"]
    version_id = pip.new_concept(ctx, dossier_id, "Start MAP verschoven")
    version = pip.get_version(ctx, version_id)
    assert (version.number, version.reason, version.status) == (
        2,
        "Start MAP verschoven",
        PipVersionStatus.CONCEPT,
    )
    assert version.content == B1_CONTENT


def test_only_one_concept_at_a_time(ctx, dossier_id):
    pip.new_concept(ctx, dossier_id, None)
    with pytest.raises(ServiceError, match="al een concept"):
        pip.new_concept(ctx, dossier_id, "nog een")


def test_an_established_version_cannot_be_changed_or_deleted(ctx, dossier_id):
    overview = established(ctx, dossier_id)
    [version] = overview.versions
    with pytest.raises(ServiceError, match="vastgesteld"):
        pip.save_concept(ctx, version.id, B1_CONTENT, version.revision)
    with pytest.raises(ServiceError, match="vastgesteld"):
        pip.delete_concept(ctx, version.id)


def test_a_concept_can_be_thrown_away_and_its_number_is_used_again(ctx, dossier_id):
    first = pip.new_concept(ctx, dossier_id, None)
    pip.delete_concept(ctx, first)
    assert pip.pip_overview(ctx, dossier_id).versions == ()
    again = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    assert again.number == 1
    assert [e["action"] for e in audit_entries(ctx, "pip_version")] == [
        "create",
        "delete",
        "create",
    ]


# --- the termijn starts after the FIRST vaststelling (Wi2021 art. 11) -------------------------


def test_termijn_starts_the_day_after_the_first_vaststelling(ctx, dossier_id):
    revision_before = dossiers.get_dossier(ctx, dossier_id).revision
    overview = established(ctx, dossier_id, D(2025, 7, 10))
    [version] = overview.versions
    assert version.status is PipVersionStatus.VASTGESTELD
    assert version.dagtekening == D(2025, 7, 10)
    assert version.established_by == "Testconsulent"
    view = dossiers.get_dossier(ctx, dossier_id)
    assert view.fields["first_pip_date"] == D(2025, 7, 10)
    assert view.revision == revision_before + 1
    assert overview.termijn is not None
    assert (overview.termijn.start, overview.termijn.end) == (D(2025, 7, 11), D(2028, 7, 10))
    # 18 months from the start (policy route_switch_window_months)
    assert overview.route_switch_last_day == D(2027, 1, 10)


def test_a_later_version_does_not_move_the_first_pip_date(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 7, 10))
    revision = dossiers.get_dossier(ctx, dossier_id).revision
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, "Meer uren PVT"))
    content = dataclasses.replace(B1_CONTENT, pvt=ModuleAgreement(provider="Proef", hours=16))
    saved = pip.save_concept(ctx, version.id, content, version.revision)
    assert saved.concept is not None
    overview = pip.establish(ctx, version.id, D(2026, 3, 2), saved.concept.revision)
    view = dossiers.get_dossier(ctx, dossier_id)
    assert view.fields["first_pip_date"] == D(2025, 7, 10)
    assert view.revision == revision  # the dossier row was not touched
    assert overview.termijn is not None and overview.termijn.start == D(2025, 7, 11)
    assert [v.number for v in overview.versions] == [2, 1]


def test_a_first_pip_date_recorded_by_hand_is_kept(ctx):
    dossier_id = dossiers.create_dossier(ctx, person(first_pip_date="01-07-2025"))
    established(ctx, dossier_id, D(2025, 9, 1))
    assert dossiers.get_dossier(ctx, dossier_id).fields["first_pip_date"] == D(2025, 7, 1)


def test_dagtekening_not_in_the_future_nor_before_the_previous_version(ctx, dossier_id):
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    saved = pip.save_concept(ctx, version.id, B1_CONTENT, version.revision)
    assert saved.concept is not None
    with pytest.raises(ValidationFailed) as caught:
        pip.establish(ctx, version.id, TODAY + dt.timedelta(days=1), saved.concept.revision)
    assert list(caught.value.by_field()) == ["dagtekening"]
    with pytest.raises(ValidationFailed):
        pip.establish(ctx, version.id, "31-02-2025", saved.concept.revision)
    pip.establish(ctx, version.id, "10-07-2025", saved.concept.revision)
    second = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, "Wijziging"))
    with pytest.raises(ValidationFailed, match="vóór die van versie 1"):
        pip.establish(ctx, second.id, D(2025, 7, 9), second.revision)


def test_a_late_first_pip_leaves_the_pip_late_signal(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 8, 3))
    status = dossiers.get_dossier(ctx, dossier_id).status
    [late] = [s for s in status.signals if s.code == "pip_late"]
    assert late.params == {"days": 10, "date": "24-07-2025"}


# --- the content's rules (RULES.md §1, §2.6-2.8) -------------------------------------------------


def test_ontzorgen_shorter_than_six_months_needs_a_reason(ctx, dossier_id):
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    raw = form(version, **{"leerroute": "b1", "ontzorgen.months": "4"})
    with pytest.raises(ValidationFailed) as caught:
        pip.save_concept(ctx, version.id, raw, version.revision)
    assert list(caught.value.by_field()) == ["ontzorgen.shorter_reason"]
    raw["ontzorgen.shorter_reason"] = "De uitkering stopt over vier maanden: werk gevonden."
    overview = pip.save_concept(ctx, version.id, raw, version.revision)
    assert overview.concept is not None and overview.concept.content.ontzorgen == (
        OntzorgenAgreement(months=4, shorter_reason=str(raw["ontzorgen.shorter_reason"]))
    )


def test_ontzorgen_only_with_an_asylum_permit_and_a_benefit(ctx):
    without = dossiers.create_dossier(ctx, person(pw_benefit=False))
    overview = pip.pip_overview(ctx, without)
    assert PipComponent.ONTZORGEN not in overview.offered
    version = pip.get_version(ctx, pip.new_concept(ctx, without, None))
    assert version.content.ontzorgen is None
    with pytest.raises(ValidationFailed) as caught:
        pip.save_concept(ctx, version.id, B1_CONTENT, version.revision)
    assert "ontzorgen" in caught.value.by_field()


def test_map_is_not_offered_in_the_onderwijsroute(ctx):
    young = dossiers.create_dossier(ctx, person(birth_date="01-01-2002"))
    version = pip.get_version(ctx, pip.new_concept(ctx, young, None))
    route = RouteAgreement(route=Leerroute.ONDERWIJSROUTE, paid=True)
    with pytest.raises(ValidationFailed) as caught:
        pip.save_concept(
            ctx, version.id, dataclasses.replace(B1_CONTENT, leerroute=route), version.revision
        )
    assert list(caught.value.by_field()) == ["map"]
    # The form leaves MAP out in the onderwijsroute: the screen does not show it.
    overview = pip.save_concept(
        ctx, version.id, form(version, leerroute="onderwijsroute", map=True), version.revision
    )
    assert overview.concept is not None and overview.concept.content.map is None
    assert PipComponent.MAP not in overview.offered
    assert PipComponent.MAP in pip.offered_for(overview, Leerroute.B1)


def test_gezinsmigrant_leerroute_is_recorded_unpaid(ctx):
    migrant = dossiers.create_dossier(ctx, person(doelgroep="gezinsmigrant", pw_benefit=False))
    record_intake(ctx, migrant)
    overview = pip.pip_overview(ctx, migrant)
    assert overview.offered[PipComponent.LEERROUTE].paid is False
    assert PipComponent.MAATSCHAPPELIJKE_BEGELEIDING not in overview.offered
    version = pip.get_version(ctx, pip.new_concept(ctx, migrant, None))
    assert version.content.leerroute == RouteAgreement(route=Leerroute.B1, paid=False)
    saved = pip.save_concept(
        ctx, version.id, form(version, **{"leerroute.provider": "Eigen keuze"}), version.revision
    )
    assert saved.concept is not None
    assert saved.concept.content.leerroute is not None
    assert saved.concept.content.leerroute.paid is False
    paid = dataclasses.replace(
        B1_CONTENT,
        map=None,
        ontzorgen=None,
        leerroute=RouteAgreement(route=Leerroute.B1, paid=True),
    )
    with pytest.raises(ValidationFailed) as caught:
        pip.save_concept(ctx, version.id, paid, saved.concept.revision)
    assert list(caught.value.by_field()) == ["leerroute.paid"]


def test_wi2013_dossier_gets_no_pip(ctx):
    old = dossiers.create_dossier(ctx, person(permit_date="01-06-2021"))
    assert not pip.pip_overview(ctx, old).pip_possible
    with pytest.raises(ServiceError, match="ondertussengroep"):
        pip.new_concept(ctx, old, None)


def test_unreadable_numbers_and_dates_are_reported_per_field(ctx, dossier_id):
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    raw = form(
        version,
        leerroute="b1",
        **{"pvt.hours": "twaalf", "leerroute.start": "32-01-2026"},
        participatie=[{"description": "Vrijwilligerswerk", "hours_per_week": "4,5"}],
    )
    with pytest.raises(ValidationFailed) as caught:
        pip.save_concept(ctx, version.id, raw, version.revision)
    assert set(caught.value.by_field()) == {"pvt.hours", "leerroute.start", "participatie"}


def test_form_round_trip_keeps_every_part(ctx, dossier_id):
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    raw = form(
        version,
        leerroute="b1",
        **{
            "leerroute.provider": "Taalschool Zoë",
            "leerroute.start": "05-01-2026",
            "leerroute.hours_per_week": "12",
            "pvt.hours": "12",
            "map.hours": "40",
            "ontzorgen.financial_guidance_start": "01-03-2026",
            "maatschappelijke_begeleiding.organisation": "VluchtelingenWerk",
            "maatschappelijke_begeleiding.start": "01-12-2025",
            "maatschappelijke_begeleiding.end": "30-11-2026",
        },
        voorschoolse_educatie=[{"child": "Noor", "arrangement": "Peuterspeelzaal 2 dagdelen"}],
        participatie=[
            {"description": "Vrijwilligerswerk buurthuis", "hours_per_week": "6"},
            {"description": "", "hours_per_week": ""},  # an empty row is skipped
        ],
        overige_afspraken="Zwemles voor de kinderen\n\nFietsles",
        route_motivation="",
    )
    overview = pip.save_concept(ctx, version.id, raw, version.revision)
    assert overview.concept is not None
    content = overview.concept.content
    assert content.participatie == (("Vrijwilligerswerk buurthuis", 6),)
    assert content.overige_afspraken == ("Zwemles voor de kinderen", "Fietsles")
    assert content.leerroute is not None and content.leerroute.start == D(2026, 1, 5)
    again = pip.form_values(content)
    assert again["leerroute.provider"] == "Taalschool Zoë"
    assert again["maatschappelijke_begeleiding.end"] == "30-11-2026"
    assert pip.content_from_form(again, overview.offered) == content


def test_toddlers_of_the_household_get_a_preschool_row(ctx, dossier_id):
    household.add_member(
        ctx, dossier_id, {"relation": "child", "name": "Noor", "birth_date": "01-03-2024"}
    )
    household.add_member(
        ctx, dossier_id, {"relation": "child", "name": "Sami", "birth_date": "01-03-2015"}
    )
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    assert version.content.voorschoolse_educatie == (("Noor", ""),)
    names = [c.name for c in pip.pip_overview(ctx, dossier_id).children]
    assert names == ["Sami", "Noor"]


# --- warnings ask for a motivation, never block (RULES.md §2.6) --------------------------------


def test_a_route_against_the_advice_needs_a_motivation(ctx, dossier_id):
    record_intake(ctx, dossier_id)  # advice: B1
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    overview = pip.pip_overview(ctx, dossier_id)
    [warning] = pip.choice_warnings(overview, Leerroute.Z_ROUTE)
    assert warning.code == "route_differs_from_advice"
    raw = form(version, leerroute="z_route")
    with pytest.raises(ValidationFailed) as caught:
        pip.save_concept(ctx, version.id, raw, version.revision)
    assert list(caught.value.by_field()) == ["route_motivation"]
    raw["route_motivation"] = "Ernstige concentratieproblemen; B1 is niet haalbaar."
    saved = pip.save_concept(ctx, version.id, raw, version.revision)
    assert [w.code for w in saved.warnings] == ["route_differs_from_advice"]


@pytest.mark.parametrize(("birth_date", "warned"), [("23-11-1998", True), ("24-11-1998", False)])
def test_onderwijsroute_from_28_on_the_pip_date_needs_a_motivation(ctx, birth_date, warned):
    dossier_id = dossiers.create_dossier(ctx, person(birth_date=birth_date))
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    overview = pip.pip_overview(ctx, dossier_id)
    codes = [w.code for w in pip.choice_warnings(overview, Leerroute.ONDERWIJSROUTE)]
    assert codes == (["onderwijsroute_age"] if warned else [])
    raw = form(version, leerroute="onderwijsroute")
    if warned:
        with pytest.raises(ValidationFailed):
            pip.save_concept(ctx, version.id, raw, version.revision)
        raw["route_motivation"] = "Heeft een hbo-diploma en wil verder studeren."
    saved = pip.save_concept(ctx, version.id, raw, version.revision)
    assert saved.concept is not None
    assert saved.concept.leerroute is Leerroute.ONDERWIJSROUTE


def test_a_switch_after_the_window_asks_for_a_new_motivation_but_never_blocks(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 4, 10))  # switch window ends 10-10-2026
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, "Leerroute Z"))
    overview = pip.pip_overview(ctx, dossier_id)
    assert [w.code for w in pip.choice_warnings(overview, Leerroute.Z_ROUTE)] == [
        "route_switch_after_window"
    ]
    content = dataclasses.replace(
        B1_CONTENT, leerroute=RouteAgreement(route=Leerroute.Z_ROUTE, paid=True)
    )
    with pytest.raises(ValidationFailed):
        pip.save_concept(ctx, version.id, content, version.revision)
    motivated = dataclasses.replace(content, route_motivation="B1 bleek na een jaar onhaalbaar.")
    saved = pip.save_concept(ctx, version.id, motivated, version.revision)
    assert saved.concept is not None
    done = pip.establish(ctx, version.id, TODAY, saved.concept.revision)
    assert done.versions[0].leerroute is Leerroute.Z_ROUTE


def test_a_switch_needs_more_than_the_copied_motivation(ctx, dossier_id):
    record_intake(ctx, dossier_id)  # advice: B1
    z_route = dataclasses.replace(
        B1_CONTENT,
        leerroute=RouteAgreement(route=Leerroute.Z_ROUTE, paid=True),
        route_motivation="Weinig concentratie.",
    )
    established(ctx, dossier_id, D(2025, 7, 10), z_route)
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, "Toch B1"))
    onderwijs = dataclasses.replace(
        z_route, map=None, leerroute=RouteAgreement(route=Leerroute.ONDERWIJSROUTE, paid=True)
    )
    with pytest.raises(ValidationFailed, match="vul de motivering aan"):
        pip.save_concept(ctx, version.id, onderwijs, version.revision)


# --- tasks (RULES.md §2.10) --------------------------------------------------------------------


def test_establishing_the_first_pip_makes_a_task_to_register_it_with_duo(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 7, 10))
    [task] = tasks.list_tasks(ctx, dossier_id)
    assert (task.kind, task.title) == ("pip_melden_duo", "PIP melden aan DUO")
    assert task.created_on == TODAY
    assert task.due_on == TODAY + dt.timedelta(days=pip.TASK_DUE_DAYS)
    assert task.is_open
    done = tasks.complete_task(ctx, task.id, "20-11-2026")
    assert done.done_on == D(2026, 11, 20)
    assert tasks.list_tasks(ctx, dossier_id, open_only=True) == []
    with pytest.raises(ServiceError, match="al afgerond"):
        tasks.complete_task(ctx, task.id)
    assert [e["action"] for e in audit_entries(ctx, "task")] == ["create", "update"]


def test_a_route_change_makes_a_task_and_another_change_does_not(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 7, 10))
    same = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, "Andere aanbieder"))
    pip.establish(ctx, same.id, D(2025, 9, 1), same.revision)
    assert len(tasks.list_tasks(ctx, dossier_id)) == 1
    switch = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, "Naar de Z-route"))
    content = dataclasses.replace(
        B1_CONTENT,
        leerroute=RouteAgreement(route=Leerroute.Z_ROUTE, paid=True),
        route_motivation="B1 blijkt niet haalbaar.",
    )
    saved = pip.save_concept(ctx, switch.id, content, switch.revision)
    assert saved.concept is not None
    overview = pip.establish(ctx, switch.id, D(2025, 10, 1), saved.concept.revision)
    titles = [t.title for t in overview.tasks]
    assert sorted(titles) == ["PIP melden aan DUO", "Wijziging leerroute melden aan DUO"]
    [change] = [t for t in overview.tasks if t.title.startswith("Wijziging")]
    assert change.source_pip_version_id == switch.id


def test_a_task_is_not_done_in_the_future(ctx, dossier_id):
    established(ctx, dossier_id)
    [task] = tasks.list_tasks(ctx, dossier_id)
    with pytest.raises(ValidationFailed):
        tasks.complete_task(ctx, task.id, TODAY + dt.timedelta(days=1))


# --- history (RULES.md §2.5) ---------------------------------------------------------------------


def test_history_lists_the_changes_against_the_previous_established_version(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 7, 10))
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, "Naar de Z-route"))
    content = dataclasses.replace(
        B1_CONTENT,
        leerroute=RouteAgreement(route=Leerroute.Z_ROUTE, paid=True),
        route_motivation="B1 blijkt niet haalbaar.",
    )
    pip.save_concept(ctx, version.id, content, version.revision)
    [(second, changes), (first, first_changes)] = pip.history(ctx, dossier_id)
    assert (second.number, first.number, first_changes) == (2, 1, [])
    by_label = {c.field_label: c for c in changes}
    assert (by_label["Leerroute"].old_text, by_label["Leerroute"].new_text) == (
        "B1-route",
        "Z-route",
    )
    assert by_label["Leerroute"].translate_values
    assert "Motivering van de keuzes" in by_label


# --- the beschikking letter -------------------------------------------------------------------


def _letter(ctx: AppContext, dossier_id: int, letter_type: str) -> int:
    pdf = b"%PDF-1.7 test"
    with ctx.db.transaction() as session:
        letter = Letter(
            dossier_id=dossier_id,
            letter_type=letter_type,
            languages="nl",
            title="PIP-beschikking",
            template_version="test",
            catalog_versions="{}",
            issued_on=TODAY,
            account="Testconsulent",
            sha256=hashlib.sha256(pdf).hexdigest(),
            pdf=pdf,
        )
        session.add(letter)
        session.flush()
        return letter.id


def test_link_letter_only_a_pip_beschikking_to_an_established_version(ctx, dossier_id):
    version_id = pip.new_concept(ctx, dossier_id, None)
    letter_id = _letter(ctx, dossier_id, "pip_beschikking")
    with pytest.raises(ServiceError, match="concept"):
        pip.link_letter(ctx, version_id, letter_id)
    version = pip.get_version(ctx, version_id)
    saved = pip.save_concept(ctx, version_id, B1_CONTENT, version.revision)
    assert saved.concept is not None
    pip.establish(ctx, version_id, D(2025, 7, 10), saved.concept.revision)
    other = _letter(ctx, dossier_id, "vrije_brief")
    with pytest.raises(ServiceError, match="geen PIP-beschikking"):
        pip.link_letter(ctx, version_id, other)
    pip.link_letter(ctx, version_id, letter_id)
    assert pip.get_version(ctx, version_id).letter_id == letter_id


# --- audit, closed dossiers, stale screens -----------------------------------------------------


def test_every_write_is_audited_with_the_content_redacted_and_the_chain_verifies(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 7, 10))
    entries = audit_entries(ctx, "pip_version")
    assert [e["action"] for e in entries] == ["create", "update", "update"]
    assert all(e["account"] == "Testconsulent" for e in entries)
    assert entries[1]["changes"]["content"] == [CHANGED_MARK, CHANGED_MARK]
    assert entries[2]["changes"]["status"] == ["concept", "vastgesteld"]
    assert entries[2]["changes"]["dagtekening"] == [None, "2025-07-10"]
    text = json.dumps(entries, ensure_ascii=False)
    assert "Taalschool Proefstad" not in text
    [dossier_update] = [e for e in audit_entries(ctx, "dossier") if e["action"] == "update"]
    assert dossier_update["changes"] == {"first_pip_date": [None, "2025-07-10"]}
    assert [e["action"] for e in audit_entries(ctx, "task")] == ["create"]
    assert_chain_ok(ctx)


def test_a_closed_dossier_refuses_every_pip_change(ctx, dossier_id):
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    dossiers.close_dossier(ctx, dossier_id, TODAY, dossiers.CloseReason.VERHUISD)
    with pytest.raises(ServiceError, match="gesloten"):
        pip.new_concept(ctx, dossier_id, "x")
    with pytest.raises(ServiceError, match="gesloten"):
        pip.save_concept(ctx, version.id, B1_CONTENT, version.revision)
    with pytest.raises(ServiceError, match="gesloten"):
        pip.establish(ctx, version.id, D(2025, 7, 10), version.revision)
    with pytest.raises(ServiceError, match="gesloten"):
        pip.delete_concept(ctx, version.id)
    assert pip.pip_overview(ctx, dossier_id).closed


def test_a_stale_revision_is_refused(ctx, dossier_id):
    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    pip.save_concept(ctx, version.id, B1_CONTENT, version.revision)
    other = dataclasses.replace(B1_CONTENT, knm=False)
    with pytest.raises(StaleRecordError):
        pip.save_concept(ctx, version.id, other, version.revision)
    with pytest.raises(StaleRecordError):
        pip.establish(ctx, version.id, D(2025, 7, 10), version.revision)
    assert pip.get_version(ctx, version.id).content == B1_CONTENT


def test_no_pip_is_established_for_a_minor_on_its_dagtekening(ctx):
    minor = dossiers.create_dossier(ctx, person(birth_date="01-06-2008"))
    version = pip.get_version(ctx, pip.new_concept(ctx, minor, None))
    saved = pip.save_concept(ctx, version.id, B1_CONTENT, version.revision).concept
    assert saved is not None
    with pytest.raises(ServiceError, match="minderjarig"):
        pip.establish(ctx, version.id, D(2026, 5, 31), saved.revision)
    pip.establish(ctx, version.id, D(2026, 6, 1), saved.revision)  # the 18th birthday


def test_no_pip_is_established_after_a_vrijstelling(ctx, dossier_id):
    from inburgering_desktop.services import decisions

    version = pip.get_version(ctx, pip.new_concept(ctx, dossier_id, None))
    decisions.add_exemption(
        ctx,
        dossier_id,
        {
            "kind": "vrijstelling",
            "decided_on": "01-09-2025",
            "ground": "Nederlands diploma",
            "reference": "V-1",
        },
    )
    with pytest.raises(ServiceError, match="vrijstelling"):
        pip.establish(ctx, version.id, D(2025, 10, 1), version.revision)


def test_the_first_pip_date_cannot_be_typed_over_once_a_pip_is_established(ctx, dossier_id):
    established(ctx, dossier_id, D(2025, 7, 10))
    view = dossiers.get_dossier(ctx, dossier_id)
    fields = {key: value for key, value in view.fields.items()}
    fields["first_pip_date"] = "01-09-2025"
    raw = {k: (v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v) for k, v in fields.items()}
    with pytest.raises(ValidationFailed) as caught:
        dossiers.update_dossier(ctx, dossier_id, raw, view.revision)
    assert [e.field for e in caught.value.errors] == ["first_pip_date"]
    assert dossiers.get_dossier(ctx, dossier_id).fields["first_pip_date"] == D(2025, 7, 10)
