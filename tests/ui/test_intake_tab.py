"""The Intake tab with real widgets: typed Dutch and Arabic answers saved and shown again, inline
errors that keep what was typed, autosaved drafts offered back with a banner, finishing through
the dialog, read-only closed dossiers, and a screenshot for a human to look at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from inburgering_desktop.domain.enums import CloseReason, LifeArea
from inburgering_desktop.services import coa, dossiers, drafts, household, intake
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.ui.form_fields import ComboField, TextAreaField, TextField
from inburgering_desktop.ui.tabs import intake as intake_tab
from inburgering_desktop.ui.tabs.intake import FinishIntakeDialog, IntakeTab
from tests.helpers_db import make_database
from tests.qt_typing import type_text

TODAY = dt.date(2026, 11, 23)
DUTCH = "Naaister; wil een eigen atelier — ‘één’ dag per week, café en crème"
ARABIC = "العربية والكردية"
HEALTH_NOTE = "Slaapt slecht; hoofdpijn na lange lessen. Huisarts: dr. Öztürk."
SHOT = Path("/tmp/intake_tab.png")

MINIMUM = {
    "opleiding_werk.opleidingsniveau": "voortgezet_onderwijs",
    "opleiding_werk.jaren_onderwijs": "10",
    "opleiding_werk.werkervaring": "vakwerk",
    "gezondheid.beperkingen": "geen",
    "toets_date": "20-11-2026",
    "toets_outcome": "gemiddeld",
}


def person(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "family_name": "Al-Testi",
        "given_names": "Mariam",
        "name_original_script": "مريم الاختبار",
        "birth_date": "14-04-1990",
        "doelgroep": "asielstatushouder",
        "pw_benefit": True,
        "language_code": "ar",
        "permit_date": "01-03-2026",
        "duo_notice_date": "01-04-2026",
        "brp_date": "15-05-2026",
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    yield AppContext(db=db, account="Testconsulent", today=lambda: TODAY)
    db.close()


@pytest.fixture
def dossier_id(ctx: AppContext) -> int:
    return dossiers.create_dossier(ctx, person())


def make_tab(qtbot, ctx: AppContext, dossier_id: int | None) -> IntakeTab:
    tab = IntakeTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 850)
    tab.show()
    tab.load(dossier_id)
    return tab


@pytest.fixture
def tabs(qtbot, ctx: AppContext) -> Iterator[Callable[[int | None], IntakeTab]]:
    made: list[IntakeTab] = []

    def factory(dossier_id: int | None) -> IntakeTab:
        tab = make_tab(qtbot, ctx, dossier_id)
        made.append(tab)
        return tab

    yield factory
    for tab in made:  # no timer may write to the database after it is closed
        tab._timer.stop()


def editor_of(tab: IntakeTab, key: str):
    field = tab.form.fields.get(key) or tab.coa_form.fields[key]
    if isinstance(field, TextAreaField):
        return field.text_edit
    if isinstance(field, TextField):
        return field.line_edit
    return field.editor


def type_into(tab: IntakeTab, key: str, text: str) -> None:
    editor = editor_of(tab, key)
    editor.setFocus()
    if isinstance(tab.form.fields.get(key), TextField):
        editor.selectAll()
    type_text(editor, text)


def choose(tab: IntakeTab, key: str, value: str) -> None:
    """Pick a choice with the keyboard, as a person would: Down until it is selected."""
    field = tab.form.fields[key]
    assert isinstance(field, ComboField)
    combo = field.combo
    combo.setFocus()
    target = combo.findData(value)
    assert target >= 0
    while combo.currentIndex() != target:
        key_ = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        from PySide6.QtTest import QTest

        QTest.keyClick(combo, key_)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def in_finish_dialog(handler: Callable[[FinishIntakeDialog], None]) -> list[str]:
    """Run handler on the finish dialog once exec() has opened it; report what it showed if it
    stayed open, closing it so the test cannot hang."""
    shown: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FinishIntakeDialog):
            QTimer.singleShot(10, run)
            return
        handler(dialog)
        if dialog.isVisible():
            shown.append(dialog.missing.text() or dialog.date.error() or dialog.message.text())
            dialog.reject()

    QTimer.singleShot(0, run)
    return shown


def press_ok(dialog: FinishIntakeDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


# --- typing and saving ---------------------------------------------------------------------------


def test_typed_dutch_and_arabic_answers_are_saved_and_shown_again(qtbot, ctx, dossier_id, tabs):
    tab = tabs(dossier_id)
    assert not tab.is_dirty() and not tab.save_button.isEnabled()
    with qtbot.waitSignal(tab.dirty_changed):
        type_into(tab, "opleiding_werk.beroep", DUTCH)
    type_into(tab, "taal.andere_talen", ARABIC)
    type_into(tab, "gezondheid.toelichting", HEALTH_NOTE)
    choose(tab, "taal.lezen", "a1")
    assert tab.is_dirty() and tab.save_button.isEnabled()
    # The first save sets the intake's start date: the dossier row changes.
    with qtbot.waitSignal(tab.dossier_changed):
        click(qtbot, tab.save_button)
    assert tab.status.text() == "Opgeslagen."
    assert not tab.is_dirty()
    stored = intake.get_intake(ctx, dossier_id)
    assert stored.answers["opleiding_werk.beroep"] == DUTCH
    assert stored.answers["taal.andere_talen"] == ARABIC
    assert stored.answers["gezondheid.toelichting"] == HEALTH_NOTE
    assert stored.answers["taal.lezen"] == "a1"
    assert stored.intake_start_date == TODAY
    assert "maandag 23 november 2026" in tab.dates_label.text()

    again = tabs(dossier_id)
    assert again.form.fields["opleiding_werk.beroep"].value() == DUTCH
    assert again.form.fields["taal.andere_talen"].value() == ARABIC
    assert again.form.fields["gezondheid.toelichting"].value() == HEALTH_NOTE
    assert again.form.fields["taal.lezen"].value() == "a1"
    assert not again.is_dirty() and not again.draft_banner.isVisible()


def test_an_invalid_number_shows_the_message_beside_it_and_keeps_the_text(
    qtbot, ctx, dossier_id, tabs
):
    tab = tabs(dossier_id)
    type_into(tab, "opleiding_werk.jaren_onderwijs", "twaalf")
    type_into(tab, "opleiding_werk.beroep", "Kapper")
    assert not tab.save()
    field = tab.form.fields["opleiding_werk.jaren_onderwijs"]
    assert field.error() == "Vul een geheel getal in."
    assert field.error_label.isVisible()
    assert field.value() == "twaalf"
    assert tab.form.fields["opleiding_werk.beroep"].value() == "Kapper"
    assert tab.is_dirty()
    assert "Niet alles is opgeslagen" in tab.status.text()
    assert intake.get_intake(ctx, dossier_id).revision == 0
    # Fixed, it saves, and the message goes.
    type_into(tab, "opleiding_werk.jaren_onderwijs", "12")
    assert tab.save()
    assert field.error() == "" and not field.error_label.isVisible()
    assert intake.get_intake(ctx, dossier_id).answers["opleiding_werk.jaren_onderwijs"] == "12"


def test_completeness_follows_what_is_typed(qtbot, dossier_id, tabs):
    tab = tabs(dossier_id)
    [overview, group] = tab.completeness[LifeArea.OPLEIDING_WERK]
    assert overview.text.text() == "0 van 7 ingevuld" and not overview.complete
    assert overview.required.isVisibleTo(tab)
    choose(tab, "opleiding_werk.opleidingsniveau", "hoger_onderwijs")
    type_into(tab, "opleiding_werk.jaren_onderwijs", "16")
    choose(tab, "opleiding_werk.werkervaring", "hoger_niveau")
    assert group.text.text() == "3 van 7 ingevuld" and group.complete
    assert not tab.completeness[LifeArea.TAAL][0].required.isVisibleTo(tab)


def test_the_coa_handover_is_saved_with_the_same_button(qtbot, ctx, dossier_id, tabs):
    tab = tabs(dossier_id)
    assert "toestemming" in tab.coa_prompts.label.text()  # calm notices from the domain
    click(qtbot, tab.coa_form.fields["consent_to_share"].editor)
    type_into(tab, "consent_on", "01-11-2026")
    type_into(tab, "risk_signals", "Zorgen over slaap")
    with qtbot.assertNotEmitted(tab.dossier_changed):
        assert tab.save()
    view = coa.get_coa_handover(ctx, dossier_id)
    assert view.handover.consent_to_share and view.handover.consent_on == dt.date(2026, 11, 1)
    assert view.handover.risk_signals == "Zorgen over slaap"
    assert "toestemming" not in tab.coa_prompts.label.text()
    assert intake.get_intake(ctx, dossier_id).intake_start_date is None


def test_a_newer_save_elsewhere_is_not_overwritten(qtbot, ctx, dossier_id, tabs):
    tab = tabs(dossier_id)
    intake.save_answers(ctx, dossier_id, {"taal.lezen": "b1"}, 0)  # another window
    type_into(tab, "opleiding_werk.beroep", "Kok")
    assert not tab.save()
    assert tab.notice.isVisible() and "elders gewijzigd" in tab.notice.label.text()
    assert tab.form.fields["opleiding_werk.beroep"].value() == "Kok"
    assert intake.get_intake(ctx, dossier_id).answers["opleiding_werk.beroep"] == ""


def test_the_first_save_asks_before_changing_the_dossier_row(qtbot, ctx, dossier_id, tabs):
    tab = tabs(dossier_id)
    asked: list[bool] = []
    tab.before_dossier_change = lambda: asked.append(True) or False
    type_into(tab, "opleiding_werk.beroep", "Kok")
    assert not tab.save()
    assert asked == [True]
    assert intake.get_intake(ctx, dossier_id).revision == 0
    assert tab.is_dirty()


# --- drafts --------------------------------------------------------------------------------------


def test_typing_is_autosaved_as_a_draft_and_offered_back_with_a_banner(
    qtbot, ctx, dossier_id, tabs
):
    tab = tabs(dossier_id)
    type_into(tab, "ambities.toelichting", DUTCH)
    type_into(tab, "noa_summary", ARABIC)
    assert drafts.load_draft(ctx, "intake", dossier_id) is None  # not at once: after a pause
    qtbot.waitUntil(lambda: drafts.load_draft(ctx, "intake", dossier_id) is not None, timeout=5000)
    payload = drafts.load_draft(ctx, "intake", dossier_id).payload
    assert payload["intake"]["ambities.toelichting"] == DUTCH
    assert payload["coa"]["noa_summary"] == ARABIC
    assert "tussentijds bewaard" in tab.status.text()

    again = tabs(dossier_id)
    assert again.draft_banner.isVisible()
    assert again.draft_banner.label.text().startswith("Niet-opgeslagen invoer van 2")
    assert again.draft_banner.label.text().endswith("is teruggezet.")
    assert again.draft_banner.button.text() == "Verwerpen"
    assert again.form.fields["ambities.toelichting"].value() == DUTCH
    assert again.coa_form.fields["noa_summary"].value() == ARABIC
    assert again.is_dirty() and again.save_button.isEnabled()
    # The restored input is unsaved: Verwerpen drops it and shows what is stored.
    click(qtbot, again.draft_banner.button)
    assert not again.draft_banner.isVisible()
    assert again.form.fields["ambities.toelichting"].value() == ""
    assert not again.is_dirty()
    assert drafts.load_draft(ctx, "intake", dossier_id) is None


def test_the_draft_holds_only_what_was_typed(qtbot, ctx, dossier_id, tabs):
    intake.save_answers(ctx, dossier_id, {"taal.lezen": "a1"}, 0)
    tab = tabs(dossier_id)
    type_into(tab, "opleiding_werk.beroep", "Kok")
    tab.autosave()
    # Only the change: putting back the whole form would also put back old values of fields
    # saved elsewhere meanwhile.
    assert drafts.load_draft(ctx, "intake", dossier_id).payload == {
        "intake": {"opleiding_werk.beroep": "Kok"},
        "coa": {},
    }


def test_a_save_refused_in_part_keeps_the_rest_in_a_newer_draft(qtbot, ctx, dossier_id, tabs):
    tab = tabs(dossier_id)
    type_into(tab, "opleiding_werk.jaren_onderwijs", "tien")
    type_into(tab, "risk_signals", "Geen")
    tab.autosave()
    assert not tab.save()  # the intake is refused, the warme overdracht is saved
    assert coa.get_coa_handover(ctx, dossier_id).handover.risk_signals == "Geen"
    assert drafts.load_draft(ctx, "intake", dossier_id).payload == {
        "intake": {"opleiding_werk.jaren_onderwijs": "tien"},
        "coa": {},
    }
    again = tabs(dossier_id)
    assert again.draft_banner.isVisible()
    assert again.form.fields["opleiding_werk.jaren_onderwijs"].value() == "tien"
    assert again.coa_form.fields["risk_signals"].value() == "Geen"


def test_saving_discards_the_draft(qtbot, ctx, dossier_id, tabs):
    tab = tabs(dossier_id)
    type_into(tab, "opleiding_werk.beroep", "Kok")
    tab.autosave()
    assert drafts.load_draft(ctx, "intake", dossier_id) is not None
    assert tab.save()
    assert drafts.load_draft(ctx, "intake", dossier_id) is None
    assert not tabs(dossier_id).draft_banner.isVisible()


def test_a_draft_older_than_the_last_save_is_not_offered(qtbot, ctx, dossier_id, tabs):
    drafts.save_draft(ctx, "intake", dossier_id, {"intake": {"opleiding_werk.beroep": "Oud"}})
    intake.save_answers(ctx, dossier_id, {"opleiding_werk.beroep": "Nieuw"}, 0)
    tab = tabs(dossier_id)
    assert not tab.draft_banner.isVisible()
    assert tab.form.fields["opleiding_werk.beroep"].value() == "Nieuw"
    assert drafts.load_draft(ctx, "intake", dossier_id) is None


def test_switching_dossiers_writes_the_pending_draft_first(qtbot, ctx, dossier_id, tabs):
    other = dossiers.create_dossier(ctx, person(family_name="Tesfay", given_names="Yonas"))
    tab = tabs(dossier_id)
    type_into(tab, "opleiding_werk.beroep", "Kok")
    tab.load(other)
    assert (
        drafts.load_draft(ctx, "intake", dossier_id).payload["intake"]["opleiding_werk.beroep"]
        == "Kok"
    )
    assert tab.form.fields["opleiding_werk.beroep"].value() == ""


def test_an_autosave_failure_is_shown_in_the_status_line(qtbot, ctx, dossier_id, tabs, monkeypatch):
    tab = tabs(dossier_id)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(intake_tab.drafts, "save_draft", broken)
    type_into(tab, "opleiding_werk.beroep", "Kok")
    qtbot.waitUntil(lambda: "mislukt" in tab.status.text(), timeout=5000)
    assert tab.status.text() == "Tussentijds bewaren is mislukt: RuntimeError"
    assert tab.is_dirty()  # what was typed is still there


# --- finishing -----------------------------------------------------------------------------------


def test_finish_through_the_dialog_lists_what_is_missing_then_finishes(qtbot, ctx, tabs):
    dossier_id = dossiers.create_dossier(ctx, person(intake_start_date="02-11-2026"))
    intake.save_intake(ctx, dossier_id, MINIMUM, 0)
    tab = tabs(dossier_id)
    shown = in_finish_dialog(press_ok)
    assert not tab.finish()
    assert shown and shown[0].startswith("•  Leg vast wanneer de persoon is gewezen op het recht")
    assert intake.get_intake(ctx, dossier_id).intake_completed_date is None

    type_into(tab, "interview_alone_informed_on", "20-11-2026")
    asked: list[bool] = []
    tab.before_dossier_change = lambda: asked.append(True) or True

    def finish_on_friday(dialog: FinishIntakeDialog) -> None:
        assert dialog.date.value() == "23-11-2026"
        dialog.date.line_edit.selectAll()
        type_text(dialog.date.line_edit, "20-11-2026")
        press_ok(dialog)

    shown = in_finish_dialog(finish_on_friday)
    with qtbot.waitSignal(tab.dossier_changed):
        assert tab.finish()  # saves the typed date first
    assert shown == [] and asked == [True]
    view = intake.get_intake(ctx, dossier_id)
    assert view.intake_completed_date == dt.date(2026, 11, 20)
    assert view.checks.interview_alone_informed_on == dt.date(2026, 11, 20)
    assert tab.notice.isVisible() and "afgerond op vrijdag 20 november 2026" in (
        tab.notice.label.text()
    )
    assert tab.finish_button.text() == "Intake heropenen"
    assert tab.form.fields["opleiding_werk.beroep"].line_edit.isReadOnly()
    assert not tab.form.fields["taal.lezen"].combo.isEnabled()
    assert not tab.coa_form.fields["noa_summary"].text_edit.isReadOnly()  # still editable

    with qtbot.waitSignal(tab.dossier_changed):
        click(qtbot, tab.finish_button)  # heropenen
    assert intake.get_intake(ctx, dossier_id).intake_completed_date is None
    assert tab.finish_button.text() == "Intake afronden…"
    assert not tab.form.fields["opleiding_werk.beroep"].line_edit.isReadOnly()


def test_finish_refuses_a_date_in_the_future_beside_the_date(qtbot, ctx, dossier_id, tabs):
    intake.save_intake(ctx, dossier_id, {**MINIMUM, "interview_alone_informed_on": "20-11-2026"}, 0)
    tab = tabs(dossier_id)

    def tomorrow(dialog: FinishIntakeDialog) -> None:
        dialog.date.line_edit.selectAll()
        type_text(dialog.date.line_edit, "24-11-2026")
        press_ok(dialog)

    shown = in_finish_dialog(tomorrow)
    assert not tab.finish()
    assert shown == ["Deze datum ligt in de toekomst."]


def test_missing_text_translates_the_field_and_area_names() -> None:
    from inburgering_desktop.domain.validation import ValidationError

    error = ValidationError(
        "x", "Nog niet ingevuld: {field} ({area}).", {"field": "Werkervaring", "area": "Taal"}
    )
    assert intake_tab.missing_text(error) == "Nog niet ingevuld: Werkervaring (Taal)."


# --- closed dossiers and no dossier --------------------------------------------------------------


def test_a_closed_dossier_is_shown_read_only(qtbot, ctx, dossier_id, tabs):
    intake.save_answers(ctx, dossier_id, {"opleiding_werk.beroep": "Kok"}, 0)
    dossiers.close_dossier(ctx, dossier_id, TODAY, CloseReason.VERHUISD)
    tab = tabs(dossier_id)
    assert tab.notice.isVisible() and "gesloten" in tab.notice.label.text()
    assert tab.form.fields["opleiding_werk.beroep"].line_edit.isReadOnly()
    assert tab.coa_form.fields["noa_summary"].text_edit.isReadOnly()
    assert not tab.finish_button.isEnabled() and not tab.save_button.isEnabled()
    type_into(tab, "opleiding_werk.beroep", "Bakker")  # read-only: nothing changes
    assert tab.form.fields["opleiding_werk.beroep"].value() == "Kok"
    assert not tab.is_dirty()


def test_without_a_dossier_everything_is_empty_and_disabled(qtbot, tabs):
    tab = tabs(None)
    assert not tab.finish_button.isEnabled() and not tab.save_button.isEnabled()
    assert tab.form.fields["opleiding_werk.beroep"].line_edit.isReadOnly()
    assert tab.save()


# --- a picture for a human -----------------------------------------------------------------------


def test_screenshot_of_a_filled_in_intake(qtbot, ctx, dossier_id, tabs):
    household.add_member(
        ctx,
        dossier_id,
        {"relation": "child", "name": "Yousef Al-Testi", "birth_date": "03-02-2023"},
    )
    coa.save_coa_handover(
        ctx,
        dossier_id,
        {
            "noa_summary": "NOA: goed leerbaar; concentratie wisselend.",
            "gca_received": True,
            "gca_received_on": "02-05-2026",
            "consent_to_share": True,
            "consent_on": "28-04-2026",
        },
        0,
    )
    intake.save_intake(
        ctx,
        dossier_id,
        {
            **MINIMUM,
            "taal.lezen": "a1",
            "taal.schrijven": "a0",
            "taal.luisteren": "a1",
            "taal.spreken": "a1",
            "taal.alfabetisering": "eigen_schrift",
            "taal.andere_talen": "Arabisch (moedertaal), Koerdisch — العربية",
            "opleiding_werk.jaren_werkervaring": "8",
            "opleiding_werk.beroep": "Naaister, eigen atelier in Aleppo",
            "financien.inkomen": "participatiewet",
            "interview_alone_informed_on": "20-11-2026",
        },
        0,
    )
    tab = tabs(dossier_id)
    qtbot.wait(50)
    image = tab.grab().toImage()
    assert image.save(str(SHOT))
    assert image.width() >= 1000 and not image.isNull()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, 400, 17)}
    assert len(colours) > 5  # not blank
    # And a refusal: the save scrolls to the field, whose message is beside it in red.
    type_into(tab, "opleiding_werk.jaren_onderwijs", "tien")
    assert not tab.save()
    qtbot.wait(50)
    assert tab.grab().save(str(SHOT.with_name("intake_tab_refused.png")))


def test_no_dossier_shows_nothing_of_the_previous_one(qtbot, ctx, dossier_id):
    tab = IntakeTab(ctx)
    qtbot.addWidget(tab)
    tab.load(dossier_id)
    tab.load(None)
    assert not tab.coa_prompts.isVisibleTo(tab)
    assert tab.dates_label.text() == ""
