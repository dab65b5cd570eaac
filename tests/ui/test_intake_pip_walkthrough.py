"""A whole brede intake and first PIP, walked through the main window's real widgets.

An asielstatushouder with a Participatiewet benefit who reads Arabic: the consultant opens the
dossier from the list, fills in the legal minimum of the intake on the Intake tab (typing and
choosing as on a keyboard), records the leerbaarheidstoets and the two things the person was
told, saves, and finishes the intake through its dialog. On the PIP tab the concept is made,
the B1-route chosen and its provider, start and hours typed, the concept saved and vastgesteld
through the Vaststellen dialog; the beschikking is made in Dutch and Arabic by the real letter
service and kept from the preview. At the end the dossier, the Termijnen tab, the stored letter
(its PDF text) and the DUO task are checked.

Only modal message boxes are replaced (they would block the test in exec()); none is expected.
The finish dialog runs in its real exec(), driven from a timer. All people, providers and the
municipality are synthetic. Screenshots: /tmp/walk_intake.png and /tmp/walk_pip.png.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from inburgering_desktop.documents import texts as T
from inburgering_desktop.documents.texts import LetterCatalog
from inburgering_desktop.domain.enums import Leerroute, LifeArea, PipVersionStatus
from inburgering_desktop.services import dossiers, intake, letters, pip, settings, tasks
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.ui.form_fields import (
    ComboField,
    Field,
    FormDialog,
    TextAreaField,
    TextField,
    long_date,
)
from inburgering_desktop.ui.main_window import MainWindow
from inburgering_desktop.ui.tabs.intake import FinishIntakeDialog
from inburgering_desktop.ui.tabs.pip import LanguageDialog
from tests.documents import pdfcheck
from tests.documents.pdfcheck import poppler_text
from tests.helpers_db import make_database
from tests.qt_typing import type_text

TODAY = dt.date(2026, 11, 23)
INTAKE_START = dt.date(2026, 11, 16)
TOLD_ON = "16-11-2026"
TOETS_ON = "18-11-2026"
FINISHED_ON = dt.date(2026, 11, 20)
DAGTEKENING = dt.date(2026, 11, 23)
PROVIDER = "Taalschool Zoë"
JOB_TIMEOUT_MS = 30_000
SHOT_INTAKE = Path("/tmp/walk_intake.png")
SHOT_PIP = Path("/tmp/walk_pip.png")

PROFILE: dict[str, object] = {
    "name": "Gemeente Proefstad",
    "department": "Team Inburgering",
    "street": "Postbus 1234",
    "postal_code": "9999 ZZ",
    "city": "Proefstad",
    "phone": "14 0999",
    "email": "inburgering@proefstad.example",
    "signatory_name": "M. de Proef",
    "signatory_title": "Klantregisseur inburgering",
}
PERSON: dict[str, object] = {
    "family_name": "Proefnaam",
    "given_names": "Zwaantje",
    "name_original_script": "زوانتيه بروفنام",
    "bsn": "111222333",
    "birth_date": "14-04-1990",
    "doelgroep": "asielstatushouder",
    "pw_benefit": True,
    "language_code": "ar",
    "interpreter_needed": True,
    "permit_date": "01-08-2026",
    "duo_notice_date": "01-10-2026",
    "brp_date": "15-10-2026",
    "intake_start_date": f"{INTAKE_START:%d-%m-%Y}",
    "street": "Proefstraat",
    "house_number": "12",
    "postal_code": "9999 AA",
    "city": "Proefstad",
}


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    yield AppContext(db=db, account="M. de Proef", today=lambda: TODAY)
    db.close()


# --- helpers: the hands on the keyboard and mouse ----------------------------------------------


def discard_changes(window: QWidget) -> None:
    """pytest-qt closes the window after the test; nothing unsaved may prompt then."""
    assert isinstance(window, MainWindow)
    window.editor.intake_tab._timer.stop()
    window.editor.clear()


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(window: MainWindow, dossier_id: int) -> None:
    table = window.dossier_list.table
    row = window.dossier_list.model.row_of(dossier_id)
    assert row is not None
    rect = table.visualRect(window.dossier_list.model.index(row, 1))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_tab(window: MainWindow, tab: QWidget) -> None:
    """Click the tab's title in the editor's tab bar."""
    tabs = window.editor.tabs
    index = tabs.indexOf(tab)
    assert index >= 0 and tabs.isTabEnabled(index)
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentWidget() is tab


def type_over(field: Field, text: str) -> None:
    """Select what the field holds and type `text` over it."""
    if isinstance(field, TextAreaField):
        editor = field.text_edit
    else:
        assert isinstance(field, TextField)
        editor = field.line_edit
    editor.setFocus()
    editor.selectAll()
    type_text(editor, text)


def choose(field: Field, value: str) -> None:
    """Pick a choice with the arrow keys until the wanted one is current."""
    assert isinstance(field, ComboField)
    combo = field.combo
    combo.setFocus()
    target = combo.findData(value)
    assert target >= 0, value
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        QTest.keyClick(combo, key)


def press_ok(dialog: FormDialog | LanguageDialog | FinishIntakeDialog) -> None:
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))


def when_modal(kind: type, handler: Callable[[QWidget], None]) -> list[str]:
    """Run handler on the next modal dialog of `kind` once its exec() has opened it; if it is
    still open afterwards, note why and close it, so the test cannot hang."""
    problems: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, run)
            return
        handler(dialog)
        if dialog.isVisible():
            problems.append(type(dialog).__name__ + " stayed open")
            dialog.reject()

    QTimer.singleShot(0, run)
    return problems


def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box (an error, a question) is recorded and answered with Cancel instead
    of blocking; the walk expects none."""
    asked: list[str] = []
    cancel = QMessageBox.StandardButton.Cancel

    def static(_parent: object, title: str, text: str, *_args: object, **_kw: object):
        asked.append(f"{title}: {text}")
        return cancel

    def exec_(box: QMessageBox) -> int:
        asked.append(f"{box.windowTitle()}: {box.text()}")
        return int(cancel.value)

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(static))
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def save_shot(qtbot, window: MainWindow, path: Path) -> None:
    qtbot.wait(50)
    image = window.grab()
    assert image.save(str(path))
    assert image.width() >= 1400 and image.height() >= 900
    shown = image.toImage()
    colours = {
        shown.pixel(x, y) for x in range(0, shown.width(), 11) for y in range(0, shown.height(), 11)
    }
    assert len(colours) > 20, f"{path} looks blank"


def translated_words(catalog: LetterCatalog, message: str) -> list[str]:
    """The words of a translation as tests/services/test_letters_pip.py compares them:
    letters only, placeholders dropped, words with a vowel mark left out (pdftotext puts a mark
    drawn over a neighbouring letter out of order)."""
    words = pdfcheck.letter_words(re.sub(r"\{[^{}]*\}", " ", catalog.gettext(message)))
    return [w for w in words if not any(unicodedata.category(c) == "Mn" for c in w)]


# --- the walk ----------------------------------------------------------------------------------


def test_intake_and_first_pip_through_the_main_window(qtbot, ctx: AppContext, monkeypatch):
    settings.save_profile(ctx, PROFILE)
    dossier_id = dossiers.create_dossier(ctx, PERSON)
    asked = no_message_boxes(monkeypatch)

    window = MainWindow(ctx)
    qtbot.addWidget(window, before_close_func=discard_changes)
    window.resize(1400, 900)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    click_row(window, dossier_id)
    editor = window.editor
    assert editor.dossier_id == dossier_id

    # --- the brede intake ----------------------------------------------------------------------
    intake_tab = editor.intake_tab
    click_tab(window, intake_tab)
    form = intake_tab.form.fields
    assert intake_tab.finish_button.text() == "Intake afronden…"
    choose(form["opleiding_werk.opleidingsniveau"], "voortgezet_onderwijs")
    type_over(form["opleiding_werk.jaren_onderwijs"], "10")
    choose(form["opleiding_werk.werkervaring"], "vakwerk")
    type_over(form["opleiding_werk.beroep"], "Naaister, eigen atelier in Aleppo")
    type_over(form["taal.andere_talen"], "Arabisch (moedertaal) — العربية")
    choose(form["gezondheid.beperkingen"], "geen")
    type_over(form["toets_date"], TOETS_ON)
    choose(form["toets_outcome"], "gemiddeld")
    type_over(form["interview_alone_informed_on"], TOLD_ON)
    type_over(form["vve_informed_on"], TOLD_ON)
    assert intake_tab.is_dirty() and window.isWindowModified()
    # The required life areas show complete while typing, before anything is saved.
    for area in (LifeArea.OPLEIDING_WERK, LifeArea.GEZONDHEID):
        assert all(indicator.complete for indicator in intake_tab.completeness[area]), area

    click(intake_tab.save_button)
    assert intake_tab.status.text() == "Opgeslagen."
    assert not intake_tab.is_dirty() and not editor.is_dirty()
    stored = intake.get_intake(ctx, dossier_id)
    assert stored.missing == ()
    assert stored.answers["taal.andere_talen"] == "Arabisch (moedertaal) — العربية"
    assert stored.toets.date == dt.date(2026, 11, 18)

    def finish_on_friday(dialog: QWidget) -> None:
        assert isinstance(dialog, FinishIntakeDialog)
        assert dialog.date.value() == f"{TODAY:%d-%m-%Y}"  # today by default
        type_over(dialog.date, f"{FINISHED_ON:%d-%m-%Y}")
        press_ok(dialog)

    problems = when_modal(FinishIntakeDialog, finish_on_friday)
    with qtbot.waitSignal(intake_tab.dossier_changed):
        click(intake_tab.finish_button)
    assert problems == []
    assert intake.get_intake(ctx, dossier_id).intake_completed_date == FINISHED_ON
    assert intake_tab.finish_button.text() == "Intake heropenen"
    assert f"afgerond op {long_date(FINISHED_ON)}" in intake_tab.notice.label.text()
    # The editor took the changed dossier row: the Termijnen tab's date field shows it.
    assert editor.form.fields["intake_completed_date"].value() == f"{FINISHED_ON:%d-%m-%Y}"
    assert not editor.is_dirty()
    intake_tab.scroll.verticalScrollBar().setValue(0)
    save_shot(qtbot, window, SHOT_INTAKE)

    # --- the PIP -------------------------------------------------------------------------------
    pip_tab = editor.pip_tab
    click_tab(window, pip_tab)
    assert pip_tab.new_button.text().replace("&", "") == "PIP opstellen"
    click(pip_tab.new_button)
    assert pip_tab.status_line.text() == "Versie 1 · concept"
    assert pip_tab.advice_route.text() == "Voorgestelde leerroute: B1-route"
    click(pip_tab.route_field.buttons[Leerroute.B1])
    assert pip_tab.route_field.route() is Leerroute.B1
    assert pip_tab.payment_label.text() == "Betaald door de gemeente (inclusief KNM)."
    pip_form = pip_tab.form.fields
    type_over(pip_form["leerroute.provider"], PROVIDER)
    type_over(pip_form["leerroute.start"], "04-01-2027")
    type_over(pip_form["leerroute.hours_per_week"], "12")
    assert pip_tab.is_dirty() and editor.is_dirty()

    with qtbot.waitSignal(pip_tab.message):
        click(pip_tab.save_button)
    assert pip_tab.form_message.text() == ""
    assert not pip_tab.is_dirty()
    concept = pip.pip_overview(ctx, dossier_id).concept
    assert concept is not None and concept.content.leerroute is not None
    assert concept.content.leerroute.provider == PROVIDER
    assert concept.content.leerroute.start == dt.date(2027, 1, 4)
    assert concept.content.leerroute.hours_per_week == 12
    version_id = concept.id

    click(pip_tab.establish_button)
    establish = pip_tab.dialog
    assert isinstance(establish, FormDialog) and establish.isVisible()
    type_over(establish.form.fields["dagtekening"], f"{DAGTEKENING:%d-%m-%Y}")
    with qtbot.waitSignal(pip_tab.dossier_changed):
        press_ok(establish)
    assert pip_tab.status_line.text().startswith(
        f"Versie 1 · vastgesteld op {long_date(DAGTEKENING)}"
    )

    # The beschikking: offered in the client's language, made by the real letter service off
    # the GUI thread, shown in the preview and kept from there.
    language = pip_tab.dialog
    assert isinstance(language, LanguageDialog) and language.isVisible()
    assert language.language() == "ar"
    press_ok(language)
    qtbot.waitUntil(
        lambda: (
            pip_tab.preview is not None
            or pip_tab.notice.text().startswith("Het PIP is vastgesteld. De beschikking")
            or bool(asked)
        ),
        timeout=JOB_TIMEOUT_MS,
    )
    preview = pip_tab.preview
    assert preview is not None, (pip_tab.notice.text(), asked)
    assert preview.prepared is not None
    assert (preview.prepared.letter_type, preview.prepared.languages) == (
        pip.LETTER_TYPE,
        "nl+ar",
    )
    assert preview.prepared.issued_on == DAGTEKENING
    qtbot.waitUntil(
        lambda: preview.document.status() == QPdfDocument.Status.Ready, timeout=JOB_TIMEOUT_MS
    )
    assert preview.document.pageCount() >= 2
    with qtbot.waitSignal(preview.issued):
        click(preview.keep_button)
    assert preview.is_kept
    click(preview.close_button)
    assert pip_tab.versions_table.item(0, 5).text() == "verstuurd"

    # --- what the walk left behind -------------------------------------------------------------
    assert asked == []
    view = dossiers.get_dossier(ctx, dossier_id)
    assert view.fields["first_pip_date"] == DAGTEKENING
    version = pip.get_version(ctx, version_id)
    assert (version.status, version.dagtekening) == (PipVersionStatus.VASTGESTELD, DAGTEKENING)

    termijn = view.status.termijn
    assert termijn is not None and termijn.start == DAGTEKENING + dt.timedelta(days=1)
    click_tab(window, editor.termijnen_tab)
    facts = editor.termijnen_tab.facts.values
    assert facts["termijn_start"].text() == long_date(termijn.start)
    assert facts["termijn_end"].text().startswith(long_date(termijn.end))
    assert facts["termijn_start"].isVisibleTo(window)
    assert editor.form.fields["first_pip_date"].value() == f"{DAGTEKENING:%d-%m-%Y}"

    [kept] = letters.list_letters(ctx, dossier_id)
    assert kept.letter_type == "pip_beschikking"
    assert kept.languages == ("nl", "ar")
    assert kept.issued_on == DAGTEKENING
    assert version.letter_id == kept.id
    pdf = letters.stored_pdf(ctx, kept.id)
    text = poppler_text(pdf)
    flat = " ".join(text.split())
    assert "Leerroute: de B1-route." in flat
    assert PROVIDER in flat
    arabic = LetterCatalog.load("ar")
    route_words = translated_words(arabic, T.ROUTE_B1)
    assert route_words and "B1-route" in arabic.gettext(T.ROUTE_B1)
    missing = [word for word in route_words if word not in text]
    assert not missing, missing
    # Not merely the Dutch words: the Arabic ones are there too.
    assert any("\u0600" <= char <= "\u06ff" for word in route_words for char in word)

    open_tasks = tasks.list_tasks(ctx, dossier_id, open_only=True)
    assert [t.title for t in open_tasks if t.kind == pip.TASK_KIND] == ["PIP melden aan DUO"]
    assert open_tasks[0].source_pip_version_id == version_id

    click_tab(window, pip_tab)
    assert "PIP melden aan DUO" in "\n".join(
        label.text() for label in pip_tab.tasks_box.findChildren(type(pip_tab.status_line))
    )
    pip_tab.scroll.verticalScrollBar().setValue(0)
    save_shot(qtbot, window, SHOT_PIP)
    assert asked == []
