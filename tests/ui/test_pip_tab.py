"""The PIP tab with real widgets on a real encrypted test database: a concept filled in and saved,
the onderwijsroute's age warning asking for a motivation, vaststellen through the dialog with
the beschikking offered afterwards, and the history's differences after a version 2 with another
leerroute. A picture of the tab for a realistic synthetic dossier goes to /tmp/pip_tab.png. All
names and organisations are synthetic."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton

from inburgering_desktop.domain.enums import (
    EducationLevel,
    Leerroute,
    Literacy,
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
from inburgering_desktop.domain.text import N_
from inburgering_desktop.services import dossiers, household, letters, pip, settings, tasks
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError
from inburgering_desktop.store.models import Intake, IntakeAnswer
from inburgering_desktop.ui.form_fields import FormDialog, TextAreaField, TextField
from inburgering_desktop.ui.tabs.pip import LanguageDialog, PipTab
from tests.helpers_db import make_database
from tests.qt_typing import type_text

TODAY = dt.date(2026, 11, 23)
SHOT = Path("/tmp/pip_tab.png")
JOB_TIMEOUT_MS = 20_000
PROFILE: dict[str, object] = {
    "name": "Gemeente Proefstad",
    "department": "Team Inburgering",
    "street": "Postbus 1234",
    "postal_code": "9999 ZZ",
    "city": "Proefstad",
    "phone": "14 0999",
    "email": "inburgering@proefstad.example",
    "signatory_name": "M. de Proef",
}

# Ontzorgen for the minimum (Pw art. 56a): it belongs to every PIP of these test persons.
SIX_MONTHS = OntzorgenAgreement(months=6)


def person(**overrides: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "family_name": "Proefnaam",
        "given_names": "Zwaantje",
        "name_original_script": "زوانتيه بروفنام",
        "birth_date": "14-04-1990",
        "doelgroep": "asielstatushouder",
        "pw_benefit": True,
        "language_code": "ar",
        "interpreter_needed": True,
        "permit_date": "01-08-2026",
        "duo_notice_date": "01-10-2026",
        "brp_date": "15-10-2026",
        "street": "Proefstraat",
        "house_number": "12",
        "postal_code": "9999 ZZ",
        "city": "Proefstad",
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    yield AppContext(db=db, account="M. de Proef", today=lambda: TODAY)
    db.close()


@pytest.fixture
def tab(qtbot, ctx: AppContext) -> PipTab:
    widget = PipTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    return widget


def record_intake(ctx: AppContext, dossier_id: int) -> None:
    """An intake pointing to B1, as the intake service stores it (not part of this slice)."""
    with ctx.db.transaction() as session:
        session.add(
            Intake(
                dossier_id=dossier_id,
                toets_date=dt.date(2026, 11, 2),
                toets_outcome=ToetsOutcome.GEMIDDELD,
            )
        )
        for key, value in {
            KEY_LITERACY: Literacy.LATIJNS_SCHRIFT.value,
            KEY_EDUCATION: EducationLevel.VOORTGEZET_ONDERWIJS.value,
            KEY_SCHOOL_YEARS: "10",
        }.items():
            session.add(
                IntakeAnswer(dossier_id=dossier_id, field_key=key, value=value, special=False)
            )


def line_edit(tab: PipTab, name: str) -> QLineEdit:
    field = tab.form.fields[name]
    assert isinstance(field, TextField)
    return field.line_edit


def type_into(tab: PipTab, name: str, text: str) -> None:
    field = tab.form.fields[name]
    editor = field.text_edit if isinstance(field, TextAreaField) else line_edit(tab, name)
    editor.setFocus()
    editor.selectAll()
    type_text(editor, text)


def click_ok(dialog: FormDialog | LanguageDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def motivation_shown(tab: PipTab) -> bool:
    return tab.route_rows.isRowVisible(tab.motivation)


def stored(ctx: AppContext, dossier_id: int) -> pip.PipVersionView:
    overview = pip.pip_overview(ctx, dossier_id)
    version = overview.concept or overview.last_established
    assert version is not None
    return version


# --- a concept, filled in and saved ------------------------------------------------------------


def test_a_concept_is_filled_in_and_saved(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person())
    record_intake(ctx, dossier_id)
    household.add_member(
        ctx, dossier_id, {"relation": "child", "name": "Noor", "birth_date": "01-03-2024"}
    )
    tab.load(dossier_id)
    assert tab.new_button.text().replace("&", "") == "PIP opstellen"
    assert not tab.save_button.isVisible()
    tab.new_button.click()

    assert tab.status_line.text() == "Versie 1 · concept"
    assert tab.advice_route.text() == "Voorgestelde leerroute: B1-route"
    assert "gemiddelde uitkomst" in tab.advice_reasons.text()
    assert tab.route_field.route() is Leerroute.B1  # the advice, proposed
    assert "(advies)" in tab.route_field.buttons[Leerroute.B1].text()
    assert tab.payment_label.text() == "Betaald door de gemeente (inclusief KNM)."
    assert tab.ontzorgen_box.isVisible() and tab.guidance_box.isVisible()
    assert tab.preschool.value() == [{"child": "Noor", "arrangement": ""}]

    type_into(tab, "leerroute.provider", "Taalschool Zoë")
    type_into(tab, "leerroute.start", "05-01-2027")
    type_into(tab, "leerroute.hours_per_week", "12")
    type_into(tab, "pvt.provider", "Stichting Ontmoeting")
    type_into(tab, "pvt.hours", "12")
    type_into(tab, "map.hours", "40")
    type_into(tab, "maatschappelijke_begeleiding.organisation", "VluchtelingenWerk Proefstad")
    tab.preschool.table.item(0, 1).setText("Peuteropvang De Boomhut, 2 dagdelen")
    tab.participation.add_button.click()
    tab.participation.table.item(0, 0).setText("Vrijwilligerswerk in het buurthuis")
    tab.participation.table.item(0, 1).setText("6")
    type_into(tab, "overige_afspraken", "Zwemles voor de kinderen\nFietsles")
    assert tab.is_dirty()

    with qtbot.waitSignal(tab.message):
        tab.save_button.click()
    assert not tab.is_dirty()
    assert tab.form_message.text() == ""
    content = stored(ctx, dossier_id).content
    assert content.leerroute == RouteAgreement(
        route=Leerroute.B1,
        provider="Taalschool Zoë",
        start=dt.date(2027, 1, 5),
        hours_per_week=12,
        paid=True,
    )
    assert content.pvt == ModuleAgreement(provider="Stichting Ontmoeting", hours=12)
    assert content.participatie == (("Vrijwilligerswerk in het buurthuis", 6),)
    assert content.voorschoolse_educatie == (("Noor", "Peuteropvang De Boomhut, 2 dagdelen"),)
    assert content.overige_afspraken == ("Zwemles voor de kinderen", "Fietsles")
    # The form shows what was stored.
    assert line_edit(tab, "leerroute.start").text() == "05-01-2027"


def test_inline_errors_keep_what_was_typed(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person())
    tab.load(dossier_id)
    tab.new_button.click()
    tab.route_field.buttons[Leerroute.B1].click()
    type_into(tab, "leerroute.provider", "Taalschool Zoë")
    type_into(tab, "ontzorgen.months", "4")
    assert tab.ontzorgen_rows.isRowVisible(tab.shorter_reason)
    assert tab.shorter_reason_label.text().endswith("*")
    type_into(tab, "pvt.hours", "8")
    assert not tab.save()
    assert tab.form.fields["ontzorgen.shorter_reason"].error().startswith(
        "Ontzorgen duurt minstens 6 maanden"
    )
    assert tab.form.fields["pvt.hours"].error() == (
        "Het participatieverklaringstraject duurt minstens 12 uur."
    )
    assert line_edit(tab, "leerroute.provider").text() == "Taalschool Zoë"
    assert tab.is_dirty()
    type_into(tab, "ontzorgen.shorter_reason", "De uitkering stopt over vier maanden.")
    type_into(tab, "pvt.hours", "12")
    assert tab.save()
    assert stored(ctx, dossier_id).content.ontzorgen is not None


# --- the onderwijsroute's age guideline (RULES.md §2.6) ----------------------------------------


def test_onderwijsroute_at_28_on_the_pip_date_warns_and_needs_a_motivation(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person(birth_date="23-11-1998"))  # 28 today
    tab.load(dossier_id)
    tab.new_button.click()
    assert not tab.warning_label.isVisible() and not motivation_shown(tab)
    tab.route_field.buttons[Leerroute.ONDERWIJSROUTE].click()
    assert tab.warning_label.isVisible()
    assert "persoon 28 jaar" in tab.warning_label.text()
    assert motivation_shown(tab) and tab.motivation_label.text() == "Motivering *"
    assert not tab.map_box.isVisible()  # no MAP in the onderwijsroute
    assert tab.route_rows.isRowVisible(tab.no_map_label)
    type_into(tab, "leerroute.provider", "Taalschakeltraject Hogeschool Proefstad")

    assert not tab.save()
    assert tab.motivation.error().startswith("Schrijf op waarom deze keuze past")
    assert line_edit(tab, "leerroute.provider").text() == (
        "Taalschakeltraject Hogeschool Proefstad"
    )
    type_into(tab, "route_motivation", "Heeft een hbo-diploma en wil verder studeren.")
    assert tab.save()  # a warning with a motivation never blocks
    version = stored(ctx, dossier_id)
    assert version.leerroute is Leerroute.ONDERWIJSROUTE
    assert version.content.map is None
    assert version.content.route_motivation == "Heeft een hbo-diploma en wil verder studeren."


def test_onderwijsroute_at_27_asks_nothing(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person(birth_date="24-11-1998"))  # 27 today
    tab.load(dossier_id)
    tab.new_button.click()
    tab.route_field.buttons[Leerroute.ONDERWIJSROUTE].click()
    assert not tab.warning_label.isVisible()
    assert not motivation_shown(tab)
    assert tab.save()
    assert stored(ctx, dossier_id).leerroute is Leerroute.ONDERWIJSROUTE


# --- vaststellen ---------------------------------------------------------------------------------


def test_establish_through_the_dialog(qtbot, ctx, tab, monkeypatch):
    dossier_id = dossiers.create_dossier(ctx, person())
    tab.load(dossier_id)
    tab.new_button.click()
    tab.route_field.buttons[Leerroute.B1].click()
    type_into(tab, "leerroute.provider", "Taalschool Zoë")
    asked: list[bool] = []
    tab.before_dossier_change = lambda: asked.append(True) or True

    tab.establish_button.click()  # saves the typed change first
    assert asked == [True]
    assert stored(ctx, dossier_id).content.leerroute is not None
    dialog = tab.dialog
    assert isinstance(dialog, FormDialog) and dialog.isVisible()
    assert dialog.form.values()["dagtekening"] == "23-11-2026"  # today by default
    field = dialog.form.fields["dagtekening"]
    assert isinstance(field, TextField)
    field.line_edit.selectAll()
    type_text(field.line_edit, "30-11-2026")
    click_ok(dialog)
    assert field.error() == "De dagtekening ligt in de toekomst. Stel het PIP vast op de dag zelf."
    field.line_edit.selectAll()
    type_text(field.line_edit, "20-11-2026")
    with qtbot.waitSignal(tab.dossier_changed):
        click_ok(dialog)

    version = stored(ctx, dossier_id)
    assert (version.status, version.dagtekening) == (
        PipVersionStatus.VASTGESTELD,
        dt.date(2026, 11, 20),
    )
    assert dossiers.get_dossier(ctx, dossier_id).fields["first_pip_date"] == dt.date(2026, 11, 20)
    assert tab.status_line.text().startswith("Versie 1 · vastgesteld op vrijdag 20 november 2026")
    assert line_edit(tab, "leerroute.provider").isReadOnly()
    assert not tab.route_field.buttons[Leerroute.B1].isEnabled()
    assert not tab.save_button.isVisible() and tab.new_button.isVisible()
    assert "zaterdag 21 november 2026" in tab.termijn_label.text()
    assert "vastgesteld op vrijdag 20 november 2026, op tijd" in tab.pip_due_label.text()
    done = tab.findChild(QPushButton, "task_done_1")
    assert done is not None

    # The beschikking is offered in the client's language. When it cannot be made (here: the
    # letters service refuses), the tab says so calmly and the PIP stays vastgesteld.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ServiceError(N_("Vul eerst het adres van de gemeente in het gemeenteprofiel in."))

    monkeypatch.setattr(letters, "prepare", refuse)
    language_dialog = tab.dialog
    assert isinstance(language_dialog, LanguageDialog)
    assert language_dialog.language() == "ar"
    click_ok(language_dialog)
    qtbot.waitUntil(
        lambda: tab.notice.text().startswith("Het PIP is vastgesteld. De beschikking is nog"),
        timeout=JOB_TIMEOUT_MS,
    )
    assert "adres van de gemeente" in tab.notice.text()
    assert stored(ctx, dossier_id).status is PipVersionStatus.VASTGESTELD

    done.click()
    assert tasks.list_tasks(ctx, dossier_id, open_only=True) == []


def test_establish_waits_for_the_dossier_editor(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person())
    tab.load(dossier_id)
    tab.new_button.click()
    tab.route_field.buttons[Leerroute.B1].click()
    tab.before_dossier_change = lambda: False  # e.g. the consultant cancelled saving
    tab.establish_button.click()
    assert tab.dialog is None
    assert stored(ctx, dossier_id).status is PipVersionStatus.CONCEPT


def test_the_beschikking_is_previewed_kept_and_linked(qtbot, ctx, tab, monkeypatch):
    settings.save_profile(ctx, PROFILE)
    dossier_id = dossiers.create_dossier(ctx, person())
    version_id = pip.new_concept(ctx, dossier_id, None)
    version = pip.get_version(ctx, version_id)
    content = PipContent(
        leerroute=RouteAgreement(route=Leerroute.B1, paid=True), knm=True, ontzorgen=SIX_MONTHS
    )
    saved = pip.save_concept(ctx, version_id, content, version.revision)
    assert saved.concept is not None
    pip.establish(ctx, version_id, TODAY, saved.concept.revision)
    # A rendered free letter stands in for the beschikking (the real one: test_letters_pip).
    real_prepare = letters.prepare
    asked: list[tuple[str, str, dict]] = []

    def prepare(ctx_, dossier, letter_type, language, fields, *, dutch_only=False):
        asked.append((letter_type, language, dict(fields)))
        letter = real_prepare(
            ctx_,
            dossier,
            "vrije_brief",
            "nl",
            {
                "subject": "PIP",
                "text": "Het PIP is vastgesteld.",
                "contact_name": "M. de Proef",
                "contact_phone": "14 0999",
                "contact_email": "inburgering@proefstad.example",
            },
        )
        return dataclasses.replace(letter, letter_type=letter_type, pip_version_id=version_id)

    monkeypatch.setattr(letters, "prepare", prepare)
    tab.load(dossier_id)
    tab.versions_table.selectRow(0)
    tab.letter_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, LanguageDialog)
    dialog.combo.setCurrentIndex(dialog.combo.findData("nl"))
    click_ok(dialog)
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=JOB_TIMEOUT_MS)
    [(letter_type, language, fields)] = asked
    assert (letter_type, language) == ("pip_beschikking", "nl")
    assert fields["pip_version_id"] == str(version_id)
    assert fields["contact_name"] == "M. de Proef"  # the letter form's default contact
    preview = tab.preview
    assert preview is not None
    qtbot.waitUntil(
        lambda: preview.document.status() == QPdfDocument.Status.Ready, timeout=JOB_TIMEOUT_MS
    )
    assert preview.keep()
    letter_id = pip.get_version(ctx, version_id).letter_id
    assert letter_id is not None
    assert [s.id for s in letters.list_letters(ctx, dossier_id)] == [letter_id]
    assert tab.versions_table.item(0, 5).text() == "verstuurd"
    preview.close()


def test_the_real_beschikking_in_the_clients_language(qtbot, ctx, tab):
    """With the letters service's own PIP beschikking (built from the stored version)."""
    if "pip_beschikking" not in letters.TYPE_FIELDS:
        pytest.skip("the PIP beschikking letter is not in this build yet")
    settings.save_profile(ctx, PROFILE)
    dossier_id = dossiers.create_dossier(ctx, person())
    version_id = pip.new_concept(ctx, dossier_id, None)
    version = pip.get_version(ctx, version_id)
    content = dataclasses.replace(
        version.content,
        leerroute=RouteAgreement(route=Leerroute.B1, provider="Taalschool Zoë", paid=True),
        pvt=ModuleAgreement(provider="Stichting Ontmoeting", hours=12),
    )
    saved = pip.save_concept(ctx, version_id, content, version.revision)
    assert saved.concept is not None
    pip.establish(ctx, version_id, TODAY, saved.concept.revision)
    tab.load(dossier_id)
    tab.ask_letter(version_id)
    dialog = tab.dialog
    assert isinstance(dialog, LanguageDialog) and dialog.language() == "ar"
    click_ok(dialog)
    qtbot.waitUntil(lambda: tab.preview is not None or tab.notice.text().startswith(
        "Het PIP is vastgesteld. De beschikking"), timeout=JOB_TIMEOUT_MS)
    preview = tab.preview
    assert preview is not None, tab.notice.text()
    assert preview.prepared is not None and preview.prepared.languages == "nl+ar"
    assert preview.keep()
    assert pip.get_version(ctx, version_id).letter_id is not None
    preview.close()


# --- history -----------------------------------------------------------------------------------


def test_history_shows_the_differences_after_a_version_2_with_another_route(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person())
    version_id = pip.new_concept(ctx, dossier_id, None)
    version = pip.get_version(ctx, version_id)
    first = PipContent(
        leerroute=RouteAgreement(route=Leerroute.B1, provider="Taalschool Zoë", paid=True),
        knm=True,
        pvt=ModuleAgreement(provider="Stichting Ontmoeting", hours=12),
        ontzorgen=SIX_MONTHS,
    )
    saved = pip.save_concept(ctx, version_id, first, version.revision)
    assert saved.concept is not None
    pip.establish(ctx, version_id, dt.date(2026, 11, 2), saved.concept.revision)
    tab.load(dossier_id)
    assert tab.new_button.text().replace("&", "") == "Nieuwe versie…"

    tab.new_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, FormDialog)
    click_ok(dialog)  # a later version needs a reason
    assert dialog.form.fields["reason"].error().startswith("Schrijf op waarom het PIP verandert")
    reason = dialog.form.fields["reason"]
    assert isinstance(reason, TextAreaField)
    type_text(reason.text_edit, "B1 blijkt niet haalbaar; overstap naar de Z-route.")
    click_ok(dialog)
    assert tab.status_line.text().startswith("Versie 2 · concept")

    tab.route_field.buttons[Leerroute.Z_ROUTE].click()
    assert tab.route_rows.isRowVisible(tab.z_plan_label)
    assert "800 uur Nederlands" in tab.z_plan_label.text()
    assert "800 uur participatie" in tab.participation_plan.text()
    type_into(tab, "leerroute.provider", "Taalhuis Proefstad")
    assert tab.save()

    assert tab.versions_table.rowCount() == 2
    assert [tab.versions_table.item(r, 0).text() for r in range(2)] == ["2", "1"]
    tab.versions_table.selectRow(0)
    rows = {
        tab.diff_table.item(r, 0).text(): (
            tab.diff_table.item(r, 1).text(),
            tab.diff_table.item(r, 2).text(),
        )
        for r in range(tab.diff_table.rowCount())
    }
    assert rows["Leerroute"] == ("B1-route", "Z-route")
    assert rows["Leerroute: aanbieder"] == ("Taalschool Zoë", "Taalhuis Proefstad")
    assert "reden: B1 blijkt niet haalbaar" in tab.diff_caption.text()
    tab.versions_table.selectRow(1)
    assert tab.diff_caption.text().startswith("Versie 1 is de eerste versie")


def test_a_gezinsmigrant_chooses_and_pays_the_course(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(
        ctx, person(doelgroep="gezinsmigrant", pw_benefit=False)
    )
    tab.load(dossier_id)
    tab.new_button.click()
    tab.route_field.buttons[Leerroute.B1].click()
    assert tab.payment_label.text().startswith("Niet betaald: de inburgeraar kiest en betaalt")
    assert not tab.ontzorgen_box.isVisible() and not tab.guidance_box.isVisible()
    assert tab.map_box.isVisible() and tab.pvt_box.isVisible()
    assert tab.save()
    route = stored(ctx, dossier_id).content.leerroute
    assert route is not None and route.paid is False


# --- read-only states --------------------------------------------------------------------------


def test_a_closed_dossier_shows_the_pip_read_only(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person())
    pip.new_concept(ctx, dossier_id, None)
    dossiers.close_dossier(ctx, dossier_id, TODAY, dossiers.CloseReason.VERHUISD)
    tab.load(dossier_id)
    assert "gesloten" in tab.notice.text()
    assert not tab.save_button.isVisible() and not tab.new_button.isVisible()
    assert line_edit(tab, "leerroute.provider").isReadOnly()
    assert not tab.participation.add_button.isVisible()


def test_the_ondertussengroep_gets_no_pip(qtbot, ctx, tab):
    dossier_id = dossiers.create_dossier(ctx, person(permit_date="01-06-2021"))
    tab.load(dossier_id)
    assert "ondertussengroep" in tab.notice.text()
    assert not tab.new_button.isVisible()


# --- a picture for a person to look at ---------------------------------------------------------


def test_screenshot_of_a_realistic_dossier(qtbot, ctx, tab):
    """Asielstatushouder with a Participatiewet benefit, intake advising B1, a toddler in the
    household, the concept half filled in: what the consultant sees before vaststellen."""
    dossier_id = dossiers.create_dossier(ctx, person())
    record_intake(ctx, dossier_id)
    household.add_member(
        ctx, dossier_id, {"relation": "child", "name": "Noor Proefnaam", "birth_date": "01-03-2024"}
    )
    household.add_member(
        ctx, dossier_id, {"relation": "partner", "name": "Ahmad Proefnaam"}
    )
    version_id = pip.new_concept(ctx, dossier_id, None)
    version = pip.get_version(ctx, version_id)
    content = dataclasses.replace(
        version.content,
        leerroute=RouteAgreement(
            route=Leerroute.B1,
            provider="Taalschool Zoë",
            start=dt.date(2027, 1, 5),
            hours_per_week=12,
            paid=True,
        ),
        pvt=ModuleAgreement(provider="Stichting Ontmoeting Proefstad", hours=12),
        map=ModuleAgreement(provider="Werkplein Proefstad", hours=40),
        voorschoolse_educatie=(("Noor Proefnaam", "Peuteropvang De Boomhut, 2 dagdelen"),),
        participatie=(("Vrijwilligerswerk in het buurthuis", 6), ("Taalcafé bibliotheek", 2)),
        overige_afspraken=("Zwemles voor de kinderen via het Jeugdfonds",),
    )
    pip.save_concept(ctx, version_id, content, version.revision)
    tab.load(dossier_id)
    page = tab.scroll.widget()
    # The whole page at once, no scrolling.
    tab.resize(1280, page.sizeHint().height() + tab.save_button.sizeHint().height() + 40)
    qtbot.wait(50)
    image = tab.grab()
    assert image.save(str(SHOT))
    assert image.width() == 1280
