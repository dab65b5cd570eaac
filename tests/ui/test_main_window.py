"""The main window with real widgets on a real (fast, encrypted) test database: creating a
dossier by typing, editing it, bad input, unsaved changes, menus and remembered settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inburgering_desktop.services import dossiers, register
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.ui.form_fields import ComboField, Field, TextField
from inburgering_desktop.ui.main_window import MainWindow, app_settings
from tests.helpers_db import make_database
from tests.qt_typing import type_text

TODAY = dt.date(2026, 11, 23)
# Synthetic BSNs that pass the elfproef.
BSN_A, BSN_B = "111222333", "123456782"


def person(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "family_name": "Proefnaam",
        "given_names": "Zwaantje",
        "birth_date": "14-04-1990",
        "doelgroep": "asielstatushouder",
        "language_code": "ar",
        "permit_date": "01-03-2025",
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    yield AppContext(db=db, account="Testconsulent", today=lambda: TODAY)
    db.close()


def open_window(qtbot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window, before_close_func=discard_changes)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    return window


def discard_changes(window: QWidget) -> None:
    """pytest-qt closes the window after each test; unsaved test input must not prompt."""
    assert isinstance(window, MainWindow)
    window.editor.clear()


@pytest.fixture
def window(qtbot, ctx: AppContext) -> MainWindow:
    return open_window(qtbot, ctx)


def field(window: MainWindow, name: str) -> Field:
    return window.editor.form.fields[name]


def type_into(window: MainWindow, name: str, text: str) -> None:
    """Replace a field's text by typing, as a person would (select all, type over it)."""
    widget = field(window, name)
    assert isinstance(widget, TextField)
    widget.line_edit.setFocus()
    widget.line_edit.selectAll()
    if text:
        type_text(widget.line_edit, text)
    else:
        QTest.keyClick(widget.line_edit, Qt.Key.Key_Delete)


def choose(window: MainWindow, name: str, text: str) -> None:
    """Pick a combo box item by typing its first letters, as on a keyboard."""
    widget = field(window, name)
    assert isinstance(widget, ComboField)
    type_text(widget.combo, text)


def press(window: MainWindow, key: QKeySequence.StandardKey) -> None:
    """Press a standard shortcut (Ctrl+N, Ctrl+S, ...) on the window, through Qt's shortcut
    machinery, as the keyboard does."""
    window.activateWindow()
    sequence = QKeySequence(key)
    combination = sequence[0]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, combination.key(), combination.keyboardModifiers())


def answer_prompts(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    """Answer every QMessageBox with `button`; returns the texts that were asked."""
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(button.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


def click_row(window: MainWindow, dossier_id: int) -> None:
    """Click a dossier's row in the list with the mouse."""
    table = window.dossier_list.table
    row = window.dossier_list.model.row_of(dossier_id)
    assert row is not None
    rect = table.visualRect(window.dossier_list.model.index(row, 1))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def reload(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.reload_list()


def in_dialog(handler: Callable[[QWidget], None]) -> list[str]:
    """Run handler on the next modal dialog once it is open (exec() blocks the test)."""
    problems: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        handler(dialog)
        if dialog.isVisible():  # never leave the test hanging in exec()
            problems.append("dialog still open")
            dialog.close()

    QTimer.singleShot(0, run)
    return problems


# --- creating ----------------------------------------------------------------------------------


def test_create_dossier_by_typing_then_find_it_in_the_list(qtbot, window: MainWindow) -> None:
    press(window, QKeySequence.StandardKey.New)
    assert window.editor.is_new
    type_into(window, "family_name", "van Dijk-Çelik")
    type_into(window, "given_names", "Zoë")
    type_into(window, "name_original_script", "أحمد الاختبار")
    type_into(window, "birth_date", "14-04-1990")
    type_into(window, "bsn", BSN_A)
    choose(window, "doelgroep", "Asiel")
    window.editor.tabs.setCurrentWidget(window.editor.termijnen_tab)
    type_into(window, "permit_date", "01-03-2025")
    type_into(window, "first_pip_date", "10-04-2025")
    assert window.isWindowModified()

    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        press(window, QKeySequence.StandardKey.Save)

    assert not window.editor.is_dirty()
    view = window.editor.view
    assert view is not None
    assert view.fields["family_name"] == "van Dijk-Çelik"
    assert view.fields["name_original_script"] == "أحمد الاختبار"
    model = window.dossier_list.model
    assert model.visible_count == 1
    summary = model.summary(0)
    assert summary.id == view.id
    assert model.data(model.index(0, 1)) == "van Dijk-Çelik, Zoë"
    assert model.data(model.index(0, 2)) == "أحمد الاختبار"
    # The new dossier is the selected row, and the status bar counts it.
    assert window.dossier_list.current_id == view.id
    assert window.dossier_list.table.currentIndex().row() == 0
    assert window.count_label.text() == "1 van 1 dossier"
    assert "van Dijk-Çelik, Zoë" in window.windowTitle()


def test_new_dossier_opens_an_empty_form_with_record_tabs_waiting(window: MainWindow) -> None:
    window.new_action.trigger()
    editor = window.editor
    assert all(not v for k, v in editor.form.values().items() if k != "language_code")
    assert not editor.tabs.isTabEnabled(editor.HOUSEHOLD_TAB)
    assert editor.tabs.isTabEnabled(editor.TERMIJNEN_TAB)
    assert editor.title.full_text() == "Nieuw dossier"
    assert not editor.is_dirty()


# --- editing -----------------------------------------------------------------------------------


def test_edit_then_reopen_shows_the_change(qtbot, ctx: AppContext) -> None:
    first = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    second = dossiers.create_dossier(ctx, person(family_name="Voorbeeld", bsn=BSN_B))
    window = open_window(qtbot, ctx)
    click_row(window, first)
    assert window.editor.dossier_id == first
    type_into(window, "phone", "06-12345678")
    type_into(window, "postal_code", "1234ab")
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.save_action.trigger()
    # Stored normalised, and the form shows what was stored.
    assert field(window, "postal_code").value() == "1234 AB"

    click_row(window, second)
    assert window.editor.dossier_id == second
    assert field(window, "phone").value() == ""
    click_row(window, first)
    assert field(window, "phone").value() == "06-12345678"
    assert dossiers.get_dossier(ctx, first).fields["phone"] == "06-12345678"


def test_invalid_bsn_shows_dutch_message_beside_the_field_and_keeps_all_input(
    window: MainWindow,
) -> None:
    window.new_action.trigger()
    typed = {
        "family_name": "van Dijk-Çelik",
        "given_names": "Zoë",
        "name_original_script": "أحمد الاختبار",
        "birth_date": "14-04-1990",
        "bsn": "123456789",
        "phone": "06-12345678",
        "permit_date": "31-02-2025",  # no such day: kept as typed, with its own message
    }
    for name, text in typed.items():
        type_into(window, name, text)
    choose(window, "doelgroep", "Gezins")

    assert window.save() is False

    bsn = field(window, "bsn")
    assert bsn.error_label.isVisibleTo(window)
    assert "elfproef" in bsn.error()
    assert "bestaat niet" in field(window, "permit_date").error()
    assert field(window, "family_name").error() == ""
    for name, text in typed.items():
        assert field(window, name).value() == text, name
    assert field(window, "doelgroep").value() == "gezinsmigrant"
    assert window.editor.banner.isVisibleTo(window)
    assert window.editor.is_new  # nothing was created
    assert register.list_summaries(window.ctx) == []
    # The tab with the other field's error is marked.
    editor = window.editor
    assert not editor.tabs.tabIcon(editor.TERMIJNEN_TAB).isNull()


def test_stale_revision_keeps_the_form_and_explains(qtbot, ctx: AppContext) -> None:
    dossier_id = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    window = open_window(qtbot, ctx)
    click_row(window, dossier_id)
    # Someone else (another window, an import) saves the dossier meanwhile.
    view = dossiers.get_dossier(ctx, dossier_id)
    raw = {k: v for k, v in view.fields.items()}
    raw.update(
        family_name="Elders gewijzigd",
        birth_date="14-04-1990",
        permit_date="01-03-2025",
    )
    dossiers.update_dossier(ctx, dossier_id, raw, view.revision)

    type_into(window, "given_names", "Mijn invoer")
    assert window.save() is False
    assert field(window, "given_names").value() == "Mijn invoer"
    assert "elders gewijzigd" in window.editor.banner.label.text()
    assert window.editor.banner.reload_button.isVisibleTo(window)


# --- unsaved changes ---------------------------------------------------------------------------


def test_switching_with_unsaved_changes_can_be_cancelled(
    qtbot, ctx: AppContext, monkeypatch
) -> None:
    first = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    second = dossiers.create_dossier(ctx, person(family_name="Voorbeeld", bsn=BSN_B))
    window = open_window(qtbot, ctx)
    click_row(window, first)
    type_into(window, "phone", "0612345678")

    asked = answer_prompts(monkeypatch, QMessageBox.StandardButton.Cancel)
    click_row(window, second)
    assert len(asked) == 1 and "niet zijn opgeslagen" in asked[0]
    assert window.editor.dossier_id == first
    assert field(window, "phone").value() == "0612345678"
    assert window.dossier_list.current_id == first
    assert window.dossier_list.table.currentIndex().row() == window.dossier_list.model.row_of(first)


def test_switching_with_unsaved_changes_can_discard(qtbot, ctx: AppContext, monkeypatch) -> None:
    first = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    second = dossiers.create_dossier(ctx, person(family_name="Voorbeeld", bsn=BSN_B))
    window = open_window(qtbot, ctx)
    click_row(window, first)
    type_into(window, "phone", "0612345678")
    answer_prompts(monkeypatch, QMessageBox.StandardButton.Discard)
    click_row(window, second)
    assert window.editor.dossier_id == second
    assert dossiers.get_dossier(ctx, first).fields["phone"] == ""


def test_switching_with_unsaved_changes_can_save(qtbot, ctx: AppContext, monkeypatch) -> None:
    first = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    second = dossiers.create_dossier(ctx, person(family_name="Voorbeeld", bsn=BSN_B))
    window = open_window(qtbot, ctx)
    click_row(window, first)
    type_into(window, "phone", "0612345678")
    answer_prompts(monkeypatch, QMessageBox.StandardButton.Save)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        click_row(window, second)
    assert window.editor.dossier_id == second
    assert dossiers.get_dossier(ctx, first).fields["phone"] == "0612345678"
    assert window.dossier_list.current_id == second


def test_save_refused_on_switching_stays_on_the_dossier(
    qtbot, ctx: AppContext, monkeypatch
) -> None:
    first = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    second = dossiers.create_dossier(ctx, person(family_name="Voorbeeld", bsn=BSN_B))
    window = open_window(qtbot, ctx)
    click_row(window, first)
    type_into(window, "bsn", "123456789")
    answer_prompts(monkeypatch, QMessageBox.StandardButton.Save)
    click_row(window, second)
    assert window.editor.dossier_id == first
    assert "elfproef" in field(window, "bsn").error()


def test_closing_the_window_with_unsaved_changes_asks(qtbot, ctx: AppContext, monkeypatch) -> None:
    dossier_id = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    window = open_window(qtbot, ctx)
    click_row(window, dossier_id)
    type_into(window, "phone", "0612345678")
    asked = answer_prompts(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert window.close() is False
    assert window.isVisible() and len(asked) == 1
    answer_prompts(monkeypatch, QMessageBox.StandardButton.Discard)
    assert window.close() is True


def test_an_unchanged_dossier_switches_without_asking(qtbot, ctx: AppContext, monkeypatch) -> None:
    first = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    second = dossiers.create_dossier(ctx, person(family_name="Voorbeeld", bsn=BSN_B))
    window = open_window(qtbot, ctx)
    asked = answer_prompts(monkeypatch, QMessageBox.StandardButton.Cancel)
    click_row(window, first)
    # Typing a change and typing it back is no change.
    type_into(window, "given_names", "Anders")
    type_into(window, "given_names", "Zwaantje")
    click_row(window, second)
    assert asked == []
    assert window.editor.dossier_id == second


# --- closing and reopening a dossier -----------------------------------------------------------


def test_close_dossier_dialog_then_reopen(qtbot, ctx: AppContext, monkeypatch) -> None:
    dossier_id = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    window = open_window(qtbot, ctx)
    click_row(window, dossier_id)
    assert window.close_dossier_action.isEnabled()
    assert not window.reopen_action.isEnabled()

    def fill(dialog: QWidget) -> None:
        form = dialog.form  # type: ignore[attr-defined]
        type_text(form.fields["reason"].combo, "Verh")
        type_text(form.fields["note"].text_edit, "Verhuisd naar een andere gemeente.")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # type: ignore[attr-defined]

    problems = in_dialog(fill)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.close_dossier_action.trigger()
    assert problems == []
    view = dossiers.get_dossier(ctx, dossier_id)
    assert view.closed_on == TODAY
    assert window.editor.is_closed
    assert field(window, "family_name").line_edit.isReadOnly()  # type: ignore[attr-defined]
    assert "gesloten" in window.editor.banner.label.text()
    assert window.reopen_action.isEnabled()
    assert window.dossier_list.model.summary(0).phase.value == "gesloten"

    answer_prompts(monkeypatch, QMessageBox.StandardButton.Ok)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.reopen_action.trigger()
    assert not window.editor.is_closed
    assert not field(window, "family_name").line_edit.isReadOnly()  # type: ignore[attr-defined]
    assert dossiers.get_dossier(ctx, dossier_id).closed_on is None


# --- menus, search, settings -------------------------------------------------------------------


def test_menus_and_standard_shortcuts(window: MainWindow) -> None:
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert menus == ["Bestand", "Bewerken", "Dossier", "Instellingen", "Help"]
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.save_action.shortcut() == QKeySequence("Ctrl+S")
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.find_action.shortcut() == QKeySequence("Ctrl+F")
    texts = [a.text() for a in window.menuBar().actions()[3].menu().actions()]
    assert texts == ["&Instellingen…", "&Beleidsregels…", "&Wachtwoord wijzigen…"]


def test_ctrl_f_focuses_the_search_field(window: MainWindow) -> None:
    window.new_action.trigger()
    press(window, QKeySequence.StandardKey.Find)
    assert window.focusWidget() is window.dossier_list.search


def test_search_typed_in_the_window_filters_and_counts(qtbot, ctx: AppContext) -> None:
    dossiers.create_dossier(
        ctx,
        person(
            family_name="van Dijk-Çelik",
            given_names="Zoë",
            name_original_script="أحمد الاختبار",
            bsn=BSN_A,
        ),
    )
    dossiers.create_dossier(
        ctx,
        person(
            family_name="Tesfay", given_names="Yonas", name_original_script="ዮናስ ተስፋይ", bsn=BSN_B
        ),
    )
    dossiers.create_dossier(ctx, person(family_name="Proefnaam"))
    window = open_window(qtbot, ctx)
    search = window.dossier_list.search
    model = window.dossier_list.model
    for query, expected in (
        ("الاختبار", ["van Dijk-Çelik"]),
        ("zoe", ["van Dijk-Çelik"]),
        ("ZOË", ["van Dijk-Çelik"]),
        (BSN_B, ["Tesfay"]),
        ("ተስፋይ", ["Tesfay"]),
        ("proef", ["Proefnaam"]),
    ):
        search.clear()
        type_text(search, query)
        names = [model.summary(r).family_name for r in range(model.visible_count)]
        assert names == expected, query
    assert window.count_label.text() == "1 van 3 dossiers"
    search.clear()
    assert window.count_label.text() == "3 van 3 dossiers"


def test_window_geometry_splitter_and_columns_are_remembered(qtbot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    window.resize(1200, 800)
    window.splitter.setSizes([300, 900])
    window.dossier_list.table.setColumnWidth(1, 333)
    window.dossier_list.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    sizes = window.splitter.sizes()
    assert window.close()

    again = open_window(qtbot, ctx)
    assert again.splitter.sizes()[0] == sizes[0]
    assert again.dossier_list.table.columnWidth(1) == 333
    header = again.dossier_list.table.horizontalHeader()
    assert header.sortIndicatorSection() == 1
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # The geometry itself is stored; offscreen, Qt fits a restored window into its 800×600
    # virtual screen, so its size cannot be compared here.
    assert not app_settings().value("main_window/geometry").isEmpty()


def test_household_link_opens_the_other_dossier(qtbot, ctx: AppContext) -> None:
    from inburgering_desktop.services import household

    first = dossiers.create_dossier(ctx, person(bsn=BSN_A))
    second = dossiers.create_dossier(ctx, person(family_name="Partnernaam", bsn=BSN_B))
    member = household.add_member(ctx, first, {"relation": "partner", "name": "Partnernaam"})
    household.link_member(ctx, member, dossiers.get_dossier(ctx, second).reference)
    window = open_window(qtbot, ctx)
    click_row(window, first)
    tab = window.editor.household_tab
    tab.table.selectRow(0)
    assert tab.open_button.isEnabled()
    tab.open_button.click()
    assert window.editor.dossier_id == second
    assert window.dossier_list.current_id == second
    # The partner link was made both ways; the first dossier names the second.
    linked = [tab.linked_from.item(i).text() for i in range(tab.linked_from.count())]
    assert any("Proefnaam" in text for text in linked)


def test_settings_menu_opens_the_dialogs(qtbot, window: MainWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    opened: list[str] = []

    def fake_exec(dialog: QDialog) -> int:
        opened.append(type(dialog).__name__)
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.settings_action.trigger()
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.policy_action.trigger()  # a changed policy moves deadlines: list reloaded
    window.passphrase_action.trigger()
    assert opened == ["SettingsDialog", "PolicyDialog", "ChangePassphraseDialog"]


def test_about_names_the_program(window: MainWindow, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert shown and shown[0].startswith("Inburgering Desktop ")
