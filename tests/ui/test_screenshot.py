"""The main window as the consultant sees it, grabbed offscreen for a human to look at.

Builds a register of about 40 synthetic dossiers (names in Latin, Arabic and Ge'ez script,
both doelgroepen, permits on either side of 1 January 2022, with and without a first PIP),
shows the window at 1400×900 with one dossier open and saves /tmp/ui-shots/main_window.png.
The assertion only proves the picture is not blank; the lead and the author look at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from inburgering_desktop.services import dossiers
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.ui.main_window import MainWindow
from tests.helpers_db import make_database
from tests.qt_typing import type_text

TODAY = dt.date(2026, 11, 23)
SHOT_DIR = Path("/tmp/ui-shots")

# Synthetic names only: (family name, given names, name in original script).
NAMES = (
    ("Proefnaam", "Zwaantje", ""),
    ("van Dijk-Çelik", "Zoë", "زوي"),
    ("Al-Testi", "Ahmad", "أحمد الاختبار"),
    ("Voorbeeld", "Mariam", "مريم المثال"),
    ("Tesfay", "Yonas", "ዮናስ ተስፋይ"),
    ("Gebremedhin", "Selam", "ሰላም ገብረመድህን"),
    ("Haddad-Proef", "Layla", "ليلى حداد"),
    ("Kidane", "Ruth", "ሩት ኪዳነ"),
    ("Demo", "Omar", "عمر التجربة"),
    ("Jansen-Ölmez", "Ayşe", ""),
)


def valid_bsn(n: int) -> str:
    """The n-th nine-digit number passing the elfproef: synthetic, but accepted as a BSN."""
    candidate = 100_000_000 + n * 100  # valid numbers are about 11 apart: no two collide
    while True:
        digits = [int(c) for c in f"{candidate:09d}"]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
        if total % 11 == 0:
            return f"{candidate:09d}"
        candidate += 1


def synthetic_person(i: int) -> dict[str, object]:
    family, given, original = NAMES[i % len(NAMES)]
    permit = dt.date(2021, 6, 1) + dt.timedelta(days=37 * i)
    raw: dict[str, object] = {
        "family_name": f"{family} {i:02d}",
        "given_names": given,
        "name_original_script": original,
        "birth_date": f"{1 + i % 27:02d}-{1 + i % 12:02d}-{1970 + i % 35}",
        "bsn": valid_bsn(i),
        "doelgroep": "asielstatushouder" if i % 3 else "gezinsmigrant",
        "pw_benefit": i % 2 == 0,
        "language_code": ("ar", "ti", "nl", "fa", "so")[i % 5],
        "permit_date": f"{permit:%d-%m-%Y}",
    }
    if permit >= dt.date(2022, 1, 1):
        duo = permit + dt.timedelta(days=30)
        brp = permit + dt.timedelta(days=20 + 5 * (i % 9))
        raw["duo_notice_date"] = f"{duo:%d-%m-%Y}"
        raw["brp_date"] = f"{brp:%d-%m-%Y}"
        if i % 4 == 0:
            raw["intake_start_date"] = f"{brp + dt.timedelta(days=14):%d-%m-%Y}"
        if i % 3 == 0 and brp + dt.timedelta(days=60) < TODAY:
            raw["intake_start_date"] = f"{brp + dt.timedelta(days=14):%d-%m-%Y}"
            raw["intake_completed_date"] = f"{brp + dt.timedelta(days=40):%d-%m-%Y}"
            raw["first_pip_date"] = f"{brp + dt.timedelta(days=60):%d-%m-%Y}"
    return raw


def build_register(ctx: AppContext, count: int = 40) -> list[int]:
    return [dossiers.create_dossier(ctx, synthetic_person(i)) for i in range(count)]


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    db = make_database(tmp_path)
    yield AppContext(db=db, account="Testconsulent", today=lambda: TODAY)
    db.close()


def assert_not_blank(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    # A blank or single-colour grab has a handful of colours; text and widgets have many.
    assert len(colours) > 20, f"{path} looks blank"


def test_main_window_screenshot(qtbot, ctx: AppContext) -> None:
    ids = build_register(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    assert window.dossier_list.model.total_count == len(ids)
    window.open_dossier(ids[2])  # an Arabic original-script name, asielstatushouder
    qtbot.wait(50)
    SHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOT_DIR / "main_window.png"
    assert window.grab().save(str(path))
    print(f"screenshot: {path}")
    assert_not_blank(path)
    assert "40 van 40 dossiers" in window.count_label.text()


def fill_records(ctx: AppContext, dossier_id: int, partner_id: int) -> None:
    """Some records on every tab, so the grabs show the tabs in use."""
    from inburgering_desktop.services import checklist, decisions, household, journal, partners

    household.add_member(
        ctx,
        dossier_id,
        {"relation": "child", "name": "Mariam Al-Testi", "birth_date": "03-02-2019"},
    )
    household.add_member(ctx, dossier_id, {"relation": "partner", "name": "Layla Haddad-Proef"})
    partners.link(ctx, dossier_id, partner_id, "Warme overdracht op 01-04-2025")
    items = checklist.list_items(ctx, dossier_id)
    checklist.update_item(
        ctx,
        items[0].id,
        {"status": "done", "owner": "Klantregisseur", "status_date": "02-04-2025", "note": ""},
    )
    checklist.update_item(
        ctx,
        items[3].id,
        {
            "status": "in_progress",
            "owner": "Consulent inkomen",
            "status_date": "",
            "note": "Aanvraag ingediend",
        },
    )
    journal.add_entry(
        ctx,
        dossier_id,
        {"entry_date": "14-10-2026", "text": "Voortgangsgesprek met tolk Arabisch."},
    )
    journal.add_entry(
        ctx, dossier_id, {"entry_date": "02-05-2025", "text": "Brede intake gepland."}
    )
    decisions.add_extension(
        ctx,
        dossier_id,
        {
            "decided_on": "01-09-2026",
            "new_end_date": "10-01-2029",
            "reason": "Ziekte",
            "reference": "DUO-2026-0001",
        },
    )


def grab(widget, name: str) -> Path:
    SHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOT_DIR / f"{name}.png"
    assert widget.grab().save(str(path))
    print(f"screenshot: {path}")
    assert_not_blank(path)
    return path


def test_screenshots_of_every_tab_long_names_and_a_new_dossier(qtbot, ctx: AppContext) -> None:
    from inburgering_desktop.services import partners

    ids = build_register(ctx, count=12)
    partner_id = partners.create_partner(
        ctx,
        {
            "role": "coa_casemanager",
            "organisation": "COA Proeflocatie",
            "contact_name": "Zoë Testpersoon",
            "phone": "088-7150000",
        },
    )
    arabic = dossiers.create_dossier(
        ctx,
        {
            **synthetic_person(40),
            "family_name": "Al-Testi",
            "given_names": "Ahmad",
            "name_original_script": "أحمد محمد الاختبار",
            "bsn": valid_bsn(77),
            "doelgroep": "asielstatushouder",
            "pw_benefit": True,
            "permit_date": "01-03-2025",
            "duo_notice_date": "01-04-2025",
            "brp_date": "15-05-2025",
            "intake_start_date": "01-06-2025",
            "intake_completed_date": "01-07-2025",
            "first_pip_date": "10-07-2025",
        },
    )
    fill_records(ctx, arabic, partner_id)
    long_name = dossiers.create_dossier(
        ctx,
        {
            **synthetic_person(41),
            "bsn": valid_bsn(78),
            "family_name": ("Van der Berg-Çelik-Ölmez-Gebremedhin-Haddad " * 5)[:200].strip(),
            "given_names": "Zoë Maria Ayşe",
            "name_original_script": ("ሰላም ገብረመድህን ተስፋይ " * 12)[:200].strip(),
        },
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.show()
    assert window.dossier_list.model.total_count == len(ids) + 2

    window.open_dossier(arabic)
    editor = window.editor
    for index, name in enumerate(
        ("persoon", "huishouden", "ketenpartners", "checklist", "journaal", "termijnen")
    ):
        editor.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        grab(window, f"tab_{index + 1}_{name}")

    editor.tabs.setCurrentIndex(editor.PERSON_TAB)
    window.open_dossier(long_name)
    qtbot.wait(20)
    grab(window, "long_name")

    window.new_action.trigger()
    qtbot.wait(20)
    grab(window, "new_dossier")
    assert editor.title.full_text() == "Nieuw dossier"

    # Refused input: the messages beside the fields, everything typed still there.
    for name, text in (
        ("family_name", "van Dijk-Çelik"),
        ("given_names", "Zoë"),
        ("name_original_script", "أحمد الاختبار"),
        ("bsn", "123456789"),
        ("birth_date", "31-02-1990"),
        ("email", "zoe@"),
    ):
        type_text(editor.form.fields[name].line_edit, text)  # type: ignore[attr-defined]
    assert not window.save()
    qtbot.wait(20)
    grab(window, "refused_input")
    editor.clear()  # no prompt when pytest-qt closes the window
