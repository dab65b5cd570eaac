"""The dossier editor's tabs with real widgets: derived dates on Termijnen, decisions, household
links, chain partners, the checklist saved per row and the journal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox, QWidget

from inburgering_desktop.domain.enums import ExemptionKind
from inburgering_desktop.services import checklist, decisions, dossiers, household, journal
from inburgering_desktop.services import partners as partner_service
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.ui.dossier_editor import DossierEditor
from inburgering_desktop.ui.form_fields import FormDialog, enum_text
from tests.helpers_db import make_database
from tests.qt_typing import type_text

TODAY = dt.date(2026, 11, 23)


def person(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "family_name": "Proefnaam",
        "given_names": "Zwaantje",
        "birth_date": "14-04-1990",
        "doelgroep": "asielstatushouder",
        "pw_benefit": True,
        "language_code": "ti",
        "permit_date": "01-03-2025",
        "duo_notice_date": "01-04-2025",
        "brp_date": "15-05-2025",
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    yield AppContext(db=db, account="Testconsulent", today=lambda: TODAY)
    db.close()


@pytest.fixture
def editor(qtbot, ctx: AppContext) -> DossierEditor:
    editor = DossierEditor(ctx)
    qtbot.addWidget(editor)
    editor.resize(1000, 800)
    editor.show()
    return editor


def in_dialog(handler: Callable[[FormDialog], None]) -> list[str]:
    """Run handler on the next modal dialog once exec() has opened it; report if it stayed
    open (a refused input), closing it so the test cannot hang."""
    problems: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        assert isinstance(dialog, FormDialog)
        handler(dialog)
        if dialog.isVisible():
            problems.append(
                "; ".join(f"{n}: {f.error()}" for n, f in dialog.form.fields.items() if f.error())
                or dialog.message.text()
            )
            dialog.reject()

    QTimer.singleShot(0, run)
    return problems


def fill(values: dict[str, str]) -> Callable[[FormDialog], None]:
    """Type each value into the dialog's field (combo boxes by their first letters), then OK."""

    def handler(dialog: FormDialog) -> None:
        for name, text in values.items():
            field = dialog.form.fields[name]
            target = getattr(field, "line_edit", None) or getattr(field, "text_edit", None)
            if target is None:
                target = field.combo  # type: ignore[attr-defined]
            else:
                target.selectAll()
            type_text(target, text)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    return handler


# --- Termijnen ---------------------------------------------------------------------------------


def test_termijnen_shows_derived_dates_with_weekday_and_source(
    editor: DossierEditor, ctx: AppContext
) -> None:
    dossier_id = dossiers.create_dossier(ctx, person(first_pip_date="10-04-2025"))
    editor.open_dossier(dossier_id)
    editor.tabs.setCurrentWidget(editor.termijnen_tab)
    facts = editor.termijnen_tab.facts
    # Wi2021 art. 11: PIP dated 10-04-2025, termijn 11-04-2025 to 10-04-2028 (a Monday).
    assert facts.values["termijn_end"].text() == "maandag 10 april 2028"
    assert facts.values["termijn_start"].text() == "vrijdag 11 april 2025"
    assert "Wi2021 art. 11" in facts.sources["termijn_end"].text()
    # 10 weeks after the later of DUO's notice and the BRP registration (15-05-2025).
    assert facts.values["pip_due"].text() == "donderdag 24 juli 2025"
    assert "Bi2021 art. 5.3" in facts.sources["pip_due"].text()
    assert facts.values["regime"].text() == "Wi2021"
    assert facts.values["phase"].text() == "In traject"
    assert not facts.values["duty_starts"].isVisibleTo(editor)
    # The key dates are in the form, as typed dates.
    assert editor.form.fields["first_pip_date"].value() == "10-04-2025"


def test_offers_and_signals_follow_the_status(editor: DossierEditor, ctx: AppContext) -> None:
    dossier_id = dossiers.create_dossier(ctx, person())
    editor.open_dossier(dossier_id)
    offers = editor.termijnen_tab.offers
    ontzorgen = offers.findChild(QWidget, "offer_ontzorgen")
    assert ontzorgen.accessibleDescription() == "ja"  # asylum permit and a Pw benefit
    signals = editor.termijnen_tab.signals
    texts = [w.text() for w in signals.findChildren(QLabel) if w.text()]
    # PIP deadline 24-07-2025 has passed on 23-11-2026: urgent, with the weekday written out.
    assert any(
        "Urgent: Het PIP is te laat" in t and "donderdag 24 juli 2025" in t for t in texts
    ), texts


def test_ondertussengroep_shows_why_there_is_no_deadline(
    editor: DossierEditor, ctx: AppContext
) -> None:
    dossier_id = dossiers.create_dossier(ctx, person(permit_date="01-06-2021"))
    editor.open_dossier(dossier_id)
    facts = editor.termijnen_tab.facts
    assert facts.values["regime"].text() == "Wi2013 (ondertussengroep)"
    assert "Niet van toepassing" in facts.values["pip_due"].text()


def test_minor_shows_when_the_duty_can_start(editor: DossierEditor, ctx: AppContext) -> None:
    dossier_id = dossiers.create_dossier(ctx, person(birth_date="02-05-2010"))
    editor.open_dossier(dossier_id)
    editor.tabs.setCurrentWidget(editor.termijnen_tab)
    facts = editor.termijnen_tab.facts
    assert facts.values["duty_starts"].isVisibleTo(editor)
    assert facts.values["duty_starts"].text() == "dinsdag 2 mei 2028"


def test_a_new_dossier_explains_that_facts_follow_on_saving(editor: DossierEditor) -> None:
    editor.new_dossier()
    editor.tabs.setCurrentWidget(editor.termijnen_tab)
    facts = editor.termijnen_tab.facts
    assert "zodra het dossier is opgeslagen" in facts.notice.text()
    assert not facts.values["regime"].isVisibleTo(editor)


def test_duo_extension_moves_the_termijn_end(editor: DossierEditor, ctx: AppContext) -> None:
    dossier_id = dossiers.create_dossier(ctx, person(first_pip_date="10-04-2025"))
    editor.open_dossier(dossier_id)
    box = editor.termijnen_tab.decisions
    problems = in_dialog(
        fill(
            {
                "decided_on": "01-03-2028",
                "new_end_date": "10-10-2028",
                "reason": "Ziekte (synthetisch)",
                "reference": "DUO-TEST-1",
            }
        )
    )
    box.extensions.add_button.click()
    assert problems == []
    assert box.extensions.table.rowCount() == 1
    assert box.extensions.table.item(0, 1).text() == "10-10-2028"
    end = editor.termijnen_tab.facts.values["termijn_end"].text()
    assert end.startswith("dinsdag 10 oktober 2028")
    assert "oorspronkelijk maandag 10 april 2028" in end


def test_exemption_dialog_keeps_input_on_a_bad_date(
    editor: DossierEditor, ctx: AppContext, monkeypatch
) -> None:
    dossier_id = dossiers.create_dossier(ctx, person())
    editor.open_dossier(dossier_id)
    box = editor.termijnen_tab.decisions
    seen: dict[str, str] = {}

    def handler(dialog: FormDialog) -> None:
        fill({"kind": "Vrij", "decided_on": "32-01-2026", "ground": "Nederlands diploma"})(dialog)
        seen["error"] = dialog.form.fields["decided_on"].error()
        seen["ground"] = str(dialog.form.fields["ground"].value())
        seen["visible"] = str(dialog.isVisible())

    in_dialog(handler)
    box.exemptions.add_button.click()
    assert seen["visible"] == "True"  # refused: the dialog stayed open
    assert "bestaat niet" in seen["error"]
    assert seen["ground"] == "Nederlands diploma"
    assert decisions.list_exemptions(ctx, dossier_id) == []

    in_dialog(fill({"kind": "Vrij", "decided_on": "01-02-2026", "ground": "Diploma"}))
    box.exemptions.add_button.click()
    assert box.exemptions.table.rowCount() == 1
    assert decisions.list_exemptions(ctx, dossier_id)[0].kind is ExemptionKind.VRIJSTELLING
    assert box.exemptions.table.item(0, 0).text() == enum_text(ExemptionKind.VRIJSTELLING)

    monkeypatch.setattr(QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Ok.value))
    box.exemptions.table.selectRow(0)
    box.exemptions.remove_button.click()
    assert box.exemptions.table.rowCount() == 0


# --- Huishouden --------------------------------------------------------------------------------


def test_household_member_added_and_linked_by_kenmerk(
    editor: DossierEditor, ctx: AppContext
) -> None:
    own = dossiers.create_dossier(ctx, person())
    other = dossiers.create_dossier(ctx, person(family_name="Partnernaam", given_names="Yonas"))
    other_reference = dossiers.get_dossier(ctx, other).reference
    editor.open_dossier(own)
    tab = editor.household_tab
    problems = in_dialog(
        fill({"relation": "P", "name": "Yonas Partnernaam", "birth_date": "01-01-1988"})
    )
    tab.add_button.click()
    assert problems == []
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 0).text() == "Partner"
    assert tab.table.item(0, 2).text() == "01-01-1988"

    tab.table.selectRow(0)
    problems = in_dialog(fill({"linked_dossier": "INB-2099-9999"}))
    tab.link_button.click()
    assert problems == ["linked_dossier: Er is geen dossier met dit kenmerk."]
    problems = in_dialog(fill({"linked_dossier": other_reference}))
    tab.table.selectRow(0)
    tab.link_button.click()
    assert problems == []
    assert tab.table.item(0, 3).text() == other_reference

    # The other dossier shows where it is linked from.
    editor.open_dossier(other)
    items = [tab.linked_from.item(i).text() for i in range(tab.linked_from.count())]
    assert any("Proefnaam, Zwaantje" in text for text in items)
    assert household.list_members(ctx, other)[0].linked_dossier_id == own


# --- Ketenpartners -----------------------------------------------------------------------------


def test_new_chain_partner_is_created_once_and_linked(
    editor: DossierEditor, ctx: AppContext
) -> None:
    dossier_id = dossiers.create_dossier(ctx, person())
    editor.open_dossier(dossier_id)
    tab = editor.partners_tab
    problems = in_dialog(
        fill(
            {
                "role": "Casemanager",
                "organisation": "COA Proeflocatie",
                "contact_name": "Zoë Testpersoon",
                "email": "geen-adres",
            }
        )
    )
    tab.new_button.click()
    assert problems == ["email: Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."]

    problems = in_dialog(
        fill(
            {
                "role": "Casemanager",
                "organisation": "COA Proeflocatie",
                "contact_name": "Zoë Testpersoon",
                "email": "zoe@coa.example",
            }
        )
    )
    tab.new_button.click()
    assert problems == []
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 1).text() == "COA Proeflocatie"
    assert len(partner_service.list_partners(ctx)) == 1

    # The same contact can be picked for a second dossier.
    second = dossiers.create_dossier(ctx, person(family_name="Tweede"))
    editor.open_dossier(second)
    problems = in_dialog(fill({"partner_id": "COA", "note": "Warme overdracht"}))
    tab.link_button.click()
    assert problems == []
    assert tab.table.item(0, 5).text() == "Warme overdracht"
    assert len(partner_service.list_partners(ctx)) == 1


# --- Checklist ---------------------------------------------------------------------------------


def test_checklist_rows_are_saved_one_by_one(editor: DossierEditor, ctx: AppContext) -> None:
    dossier_id = dossiers.create_dossier(ctx, person())
    editor.open_dossier(dossier_id)
    tab = editor.checklist_tab
    assert len(tab.rows) == 8
    bank = tab.rows[1]
    assert bank.caption.text() == "Bankrekening"
    assert not bank.save_button.isEnabled()
    bank.owner.line_edit.selectAll()
    type_text(bank.owner.line_edit, "Maatschappelijke begeleiding")
    type_text(bank.status.combo, "Ger")
    type_text(bank.date.line_edit, "31-13-2026")
    assert bank.save_button.isEnabled()
    assert editor.is_dirty()

    bank.save_button.click()
    assert "bestaat niet" in bank.date.error()
    assert bank.date.value() == "31-13-2026"
    bank.date.line_edit.selectAll()
    type_text(bank.date.line_edit, "20-11-2026")
    bank.save_button.click()
    assert bank.date.error() == ""
    assert not editor.is_dirty()
    stored = checklist.list_items(ctx, dossier_id)[1]
    assert stored.owner == "Maatschappelijke begeleiding"
    assert stored.status.value == "done"
    assert stored.status_date == dt.date(2026, 11, 20)


def test_ctrl_s_also_saves_a_changed_checklist_row(editor: DossierEditor, ctx: AppContext) -> None:
    dossier_id = dossiers.create_dossier(ctx, person())
    editor.open_dossier(dossier_id)
    row = editor.checklist_tab.rows[5]
    type_text(row.note.line_edit, "Huisarts gevonden")
    assert editor.save()
    assert checklist.list_items(ctx, dossier_id)[5].note == "Huisarts gevonden"


# --- Journaal ----------------------------------------------------------------------------------


def test_journal_entries_newest_first_with_edit_and_delete(
    editor: DossierEditor, ctx: AppContext, monkeypatch
) -> None:
    dossier_id = dossiers.create_dossier(ctx, person())
    journal.add_entry(ctx, dossier_id, {"entry_date": "01-10-2026", "text": "Eerste gesprek"})
    editor.open_dossier(dossier_id)
    tab = editor.journal_tab
    problems = in_dialog(fill({"text": "Gesprek met tolk Tigrinya: ሰላም\nTweede regel"}))
    tab.add_button.click()  # dated today by default
    assert problems == []
    assert tab.table.rowCount() == 2
    assert tab.table.item(0, 0).text() == "23-11-2026"
    assert tab.table.item(0, 1).text() == "Testconsulent"
    assert tab.table.item(0, 2).text() == "Gesprek met tolk Tigrinya: ሰላም"

    tab.table.selectRow(1)
    problems = in_dialog(fill({"text": "Eerste gesprek, aangevuld"}))
    tab.edit_button.click()
    assert problems == []
    assert tab.table.item(1, 2).text() == "Eerste gesprek, aangevuld"

    monkeypatch.setattr(QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Ok.value))
    tab.table.selectRow(0)
    tab.remove_button.click()
    assert [e.text for e in journal.list_entries(ctx, dossier_id)] == ["Eerste gesprek, aangevuld"]


def test_journal_refuses_an_empty_note(editor: DossierEditor, ctx: AppContext) -> None:
    dossier_id = dossiers.create_dossier(ctx, person())
    editor.open_dossier(dossier_id)
    problems = in_dialog(fill({"entry_date": "23-11-2026"}))
    editor.journal_tab.add_button.click()
    assert problems == ["text: Schrijf een notitie."]


def test_date_field_calendar_writes_the_date_as_text(editor: DossierEditor) -> None:
    from PySide6.QtCore import QDate

    editor.new_dossier()
    field = editor.form.fields["birth_date"]
    type_text(field.line_edit, "14-04-1990")  # type: ignore[attr-defined]
    menu = field.calendar_button.menu()  # type: ignore[attr-defined]
    menu.aboutToShow.emit()  # what opening the popup does
    calendar = field.calendar  # type: ignore[attr-defined]
    assert calendar.selectedDate() == QDate(1990, 4, 14)  # opens on the typed date
    calendar.clicked.emit(QDate(1990, 4, 15))
    assert field.value() == "15-04-1990"
    assert editor.is_dirty()
