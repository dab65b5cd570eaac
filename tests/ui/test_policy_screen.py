"""Beleidsregels: every parameter listed with its source; changes saved through the service."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from inburgering_desktop.domain.policy import PARAMETERS, Policy
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.policy import get_policy, save_policy
from inburgering_desktop.ui import policy_screen
from inburgering_desktop.ui.policy_screen import (
    CHANGED_COLOUR,
    INVALID_COLOUR,
    Column,
    PolicyDialog,
)
from tests.helpers_db import make_database
from tests.qt_typing import type_text


@pytest.fixture
def ctx(tmp_path):
    db = make_database(tmp_path)
    yield AppContext(db=db, account="Testconsulent")
    db.close()


@pytest.fixture
def dialog(qtbot, ctx):
    dialog = PolicyDialog(ctx)
    dialog.show()
    yield dialog
    # Closed without the "Wijzigingen niet opslaan?" question, which nobody answers offscreen.
    dialog.done(QDialog.DialogCode.Rejected)
    dialog.deleteLater()


def row_of(key: str) -> int:
    return [p.key for p in PARAMETERS].index(key)


def type_into_spin(dialog: PolicyDialog, key: str, text: str) -> None:
    line_edit = dialog.editors[key].spin.lineEdit()
    line_edit.selectAll()
    type_text(line_edit, text)


def save(qtbot, dialog: PolicyDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def background(dialog: PolicyDialog, key: str):
    return dialog.table.item(row_of(key), Column.LABEL).background().color()


def test_lists_every_parameter_with_unit_default_and_full_source(dialog):
    table = dialog.table
    assert table.rowCount() == len(PARAMETERS)
    for row, parameter in enumerate(PARAMETERS):
        assert table.item(row, Column.LABEL).text() == parameter.label
        assert table.item(row, Column.UNIT).text() == parameter.unit
        source = table.item(row, Column.SOURCE)
        assert source.text() == parameter.source
        assert source.toolTip() == parameter.source
    pip = row_of("pip_weeks")
    assert table.item(pip, Column.DEFAULT).text() == "10"
    assert table.item(pip, Column.UNIT).text() == "weken"
    assert table.wordWrap()


def test_pip_weeks_is_changed_highlighted_and_saved(qtbot, dialog, ctx):
    type_into_spin(dialog, "pip_weeks", "12")
    assert dialog.editors["pip_weeks"].value() == 12
    assert dialog.changed_keys() == ["pip_weeks"]
    assert background(dialog, "pip_weeks") == CHANGED_COLOUR
    assert dialog.table.item(row_of("pip_weeks"), Column.LABEL).font().bold()
    assert dialog.reset_buttons["pip_weeks"].isEnabled()
    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    policy = get_policy(ctx)
    assert policy.pip_weeks == 12
    assert policy.overrides() == {"pip_weeks": 12}


def test_value_out_of_range_is_refused_with_the_message_and_kept(qtbot, dialog, ctx):
    type_into_spin(dialog, "pip_weeks", "60")
    assert dialog.editors["pip_weeks"].value() == 60  # kept as typed, not clamped to 52
    message = "Termijn voor het vaststellen van het PIP: kies een waarde van 1 tot en met 52."
    assert dialog.message.text() == message
    assert dialog.message.isVisible()
    assert background(dialog, "pip_weeks") == INVALID_COLOUR

    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.message.text() == message
    assert get_policy(ctx).pip_weeks == 10  # nothing stored

    type_into_spin(dialog, "pip_weeks", "52")
    assert not dialog.message.isVisible()
    save(qtbot, dialog)
    assert get_policy(ctx).pip_weeks == 52


def test_arrows_stop_at_the_allowed_range(dialog):
    spin = dialog.editors["ontzorgen_min_months"].spin
    assert spin.value() == 6  # the legal minimum is the default
    spin.stepBy(-1)
    assert spin.value() == 6
    spin.stepBy(1000)
    assert spin.value() == 60


def test_bool_and_date_parameters_are_edited_and_saved(qtbot, dialog, ctx):
    dialog.editors["termijnenwet_shift"].check.setChecked(True)
    dialog.editors["wi2021_start_date"].date_edit.setDate(QDate(2022, 1, 3))
    assert set(dialog.changed_keys()) == {"termijnenwet_shift", "wi2021_start_date"}
    assert dialog.editors["termijnenwet_shift"].check.text() == "ja"
    save(qtbot, dialog)
    policy = get_policy(ctx)
    assert policy.termijnenwet_shift is True
    assert policy.wi2021_start_date == dt.date(2022, 1, 3)


def test_standaard_resets_a_row_and_all_rows(qtbot, ctx):
    save_policy(ctx, {"pip_weeks": 8, "duty_age": 19, "termijnenwet_shift": True})
    dialog = PolicyDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.editors["pip_weeks"].value() == 8  # the stored values are shown
    assert dialog.changed_keys() == []
    qtbot.mouseClick(dialog.reset_buttons["pip_weeks"], Qt.MouseButton.LeftButton)
    assert dialog.editors["pip_weeks"].value() == 10
    assert not dialog.reset_buttons["pip_weeks"].isEnabled()
    qtbot.mouseClick(dialog.reset_all_button, Qt.MouseButton.LeftButton)
    assert dialog.values() == {p.key: p.default for p in PARAMETERS}
    save(qtbot, dialog)
    assert get_policy(ctx) == Policy.defaults()


def test_cancel_with_changes_asks_first(qtbot, dialog, ctx, monkeypatch):
    answers = iter([False, True])
    monkeypatch.setattr(policy_screen, "confirm", lambda *args: next(answers))
    type_into_spin(dialog, "pip_weeks", "12")
    dialog.reject()
    assert dialog.isVisible()
    assert dialog.editors["pip_weeks"].value() == 12
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert get_policy(ctx).pip_weeks == 10
