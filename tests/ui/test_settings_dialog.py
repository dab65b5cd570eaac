"""Instellingen: profile, logo, account name and language, saved through the services."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.settings import (
    get_account_name,
    get_logo,
    get_profile,
    save_account_name,
    save_profile,
)
from inburgering_desktop.ui import settings_dialog
from inburgering_desktop.ui.preferences import LANGUAGE_KEY, stored_language
from inburgering_desktop.ui.settings_dialog import SettingsDialog, logo_media_type
from tests.helpers_db import make_database
from tests.qt_typing import type_text

MUNICIPALITY = "Gemeente Súdwest-Fryslân"


@pytest.fixture
def ctx(tmp_path):
    db = make_database(tmp_path)
    context = AppContext(db=db, account="Testconsulent")
    save_account_name(context, "Testconsulent")
    yield context
    db.close()


@pytest.fixture
def dialog(qtbot, ctx):
    dialog = SettingsDialog(ctx)
    dialog.show()
    yield dialog
    # Closed without the "Wijzigingen niet opslaan?" question, which nobody answers offscreen.
    dialog.done(QDialog.DialogCode.Rejected)
    dialog.deleteLater()


def save(qtbot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def retype(line_edit, text: str) -> None:
    line_edit.clear()
    type_text(line_edit, text)


def png(path, colour: str = "#0b5394"):
    image = QImage(300, 120, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def test_saves_the_profile_typed_with_diacritics(qtbot, dialog, ctx):
    fields = dialog.profile_form.form.fields
    type_text(fields["name"].line_edit, MUNICIPALITY)
    type_text(fields["postal_code"].line_edit, "8601ab")
    type_text(fields["city"].line_edit, "Snits")
    type_text(fields["signatory_title"].line_edit, "Teamleider Sociaal Domein")
    save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    profile = get_profile(ctx)
    assert profile.name == MUNICIPALITY
    assert profile.postal_code == "8601 AB"
    assert profile.signatory_title == "Teamleider Sociaal Domein"


def test_bad_postcode_is_refused_beside_the_field_and_the_text_kept(qtbot, dialog, ctx):
    fields = dialog.profile_form.form.fields
    type_text(fields["name"].line_edit, MUNICIPALITY)
    type_text(fields["postal_code"].line_edit, "12345")
    dialog.tabs.setCurrentIndex(2)  # saving from another tab shows the tab with the mistake
    save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0
    assert fields["postal_code"].error() == "Vul een postcode in als 1234 AB."
    assert fields["postal_code"].error_label.isVisible()
    assert fields["postal_code"].value() == "12345"
    assert fields["name"].value() == MUNICIPALITY
    assert fields["name"].error() == ""
    assert get_profile(ctx).name == ""  # nothing saved

    retype(fields["postal_code"].line_edit, "1234 AB")
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_profile(ctx).postal_code == "1234 AB"


def test_shows_the_stored_profile_and_account(qtbot, ctx):
    save_profile(ctx, {"name": MUNICIPALITY, "city": "Snits"})
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.profile_form.values()["name"] == MUNICIPALITY
    assert dialog.profile_form.values()["city"] == "Snits"
    assert dialog.account_field.value() == "Testconsulent"
    assert not dialog.is_dirty()


def test_account_name_is_saved_and_required(qtbot, dialog, ctx):
    fields = dialog.profile_form.form.fields
    type_text(fields["name"].line_edit, MUNICIPALITY)
    dialog.tabs.setCurrentIndex(1)
    dialog.account_field.line_edit.clear()
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 1
    assert dialog.account_field.error() == "Dit veld is verplicht."
    # Not half-saved: the valid profile waits for the account name too.
    assert get_profile(ctx).name == ""

    type_text(dialog.account_field.line_edit, "Zoë Ångström-Çelik")
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_account_name(ctx) == "Zoë Ångström-Çelik"
    assert ctx.account == "Zoë Ångström-Çelik"


def test_logo_is_chosen_previewed_saved_and_removed(qtbot, ctx, tmp_path, monkeypatch):
    logo = png(tmp_path / "logo.png")
    monkeypatch.setattr(
        settings_dialog.QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *args, **kwargs: (str(logo), "")),
    )
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.profile_form.form.fields["name"].line_edit, MUNICIPALITY)
    picker = dialog.logo_picker
    assert not picker.remove_button.isEnabled()
    qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
    assert not picker.preview.pixmap().isNull()
    assert picker.remove_button.isEnabled()
    save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_logo(ctx) == ("image/png", logo.read_bytes())

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.logo_picker.preview.pixmap().isNull()  # the stored logo is shown
    qtbot.mouseClick(dialog.logo_picker.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.logo_picker.preview.text() == "Geen logo"
    save(qtbot, dialog)
    assert get_logo(ctx) is None


def test_a_file_that_is_no_image_is_refused_with_the_message(qtbot, dialog, ctx, tmp_path):
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("Dit is geen plaatje", encoding="utf-8")
    type_text(dialog.profile_form.form.fields["name"].line_edit, MUNICIPALITY)
    dialog.logo_picker.load_file(not_an_image)
    assert "geen afbeelding" in dialog.logo_picker.preview.text()
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.logo_picker.error.text() == "Het logo moet PNG of JPEG zijn."
    # Nothing else saved either, and the typed name is still there.
    assert get_profile(ctx).name == ""
    assert dialog.profile_form.values()["name"] == MUNICIPALITY


def test_logo_type_is_read_from_the_content_not_the_name():
    assert logo_media_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert logo_media_type(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert logo_media_type(b"GIF89a") == "application/octet-stream"


def test_language_is_stored_for_the_next_start(qtbot, dialog):
    assert stored_language() == "nl"
    combo = dialog.language_combo
    assert combo.itemData(0) == "nl"
    english = combo.findData("en")
    if english < 0:
        pytest.skip("no English catalog in this checkout")
    note = dialog.findChild(type(dialog.logo_picker.note), "language_note")
    assert "na herstart" in note.text()
    combo.setCurrentIndex(english)
    type_text(dialog.profile_form.form.fields["name"].line_edit, MUNICIPALITY)
    save(qtbot, dialog)
    assert QSettings().value(LANGUAGE_KEY) == "en"
    assert stored_language() == "en"


def test_cancel_with_changes_asks_first(qtbot, dialog, monkeypatch):
    answers = iter([False, True])
    monkeypatch.setattr(settings_dialog, "confirm", lambda *args: next(answers))
    type_text(dialog.profile_form.form.fields["city"].line_edit, "Snits")
    dialog.reject()
    assert dialog.isVisible()  # "Annuleren" in the question: back to the form, text intact
    assert dialog.profile_form.values()["city"] == "Snits"
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
