"""The register list: its table model (search, filters, sort, what each cell shows) and the
widget around it. Summaries are built directly, as list_summaries returns them, so the model is
tested on thousands of rows without a database; the window tests use the real services."""

from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from inburgering_desktop.domain.enums import Doelgroep, Phase, Regime
from inburgering_desktop.domain.register import DossierSummary, fold
from inburgering_desktop.ui.dossier_list import Column, DossierListWidget, DossierTableModel
from tests.qt_typing import type_text


def summary(
    i: int,
    family: str,
    given: str = "",
    original: str = "",
    *,
    bsn: str | None = None,
    v_number: str | None = None,
    doelgroep: Doelgroep = Doelgroep.ASIELSTATUSHOUDER,
    regime: Regime = Regime.WI2021,
    phase: Phase = Phase.AANGEMELD,
    pip_due: dt.date | None = None,
    termijn_end: dt.date | None = None,
    severities: tuple[str, ...] = (),
) -> DossierSummary:
    reference = f"INB-2026-{i:04d}"
    rank = {"info": 1, "warning": 2, "urgent": 3}
    return DossierSummary(
        id=i,
        reference=reference,
        family_name=family,
        given_names=given,
        name_original_script=original,
        bsn=bsn,
        v_number=v_number,
        birth_date=dt.date(1990, 4, 14),
        doelgroep=doelgroep,
        regime=regime,
        phase=phase,
        pip_due=pip_due,
        termijn_end=termijn_end,
        signal_count=len(severities),
        top_severity=max(severities, key=rank.__getitem__) if severities else None,
        # As the service builds it: everything searchable, folded once.
        search_key=fold(
            " ".join(filter(None, (reference, family, given, original, bsn, v_number)))
        ),
    )


ROWS = [
    summary(
        1,
        "van Dijk-Çelik",
        "Zoë",
        "زوي",
        bsn="111222333",
        pip_due=dt.date(2026, 2, 1),
        severities=("info", "urgent"),
    ),
    summary(
        2,
        "Al-Testi",
        "Ahmad",
        "أحمد الاختبار",
        bsn="123456782",
        v_number="1234567890",
        doelgroep=Doelgroep.GEZINSMIGRANT,
        phase=Phase.IN_TRAJECT,
        pip_due=dt.date(2025, 7, 24),
        termijn_end=dt.date(2028, 4, 10),
    ),
    summary(
        3,
        "Tesfay",
        "Yonas",
        "ዮናስ ተስፋይ",
        phase=Phase.INTAKE,
        regime=Regime.WI2013,
        severities=("warning",),
    ),
    summary(4, "Proefnaam", "Zwaantje", pip_due=dt.date(2026, 12, 1)),
]


@pytest.fixture
def model(qapp) -> DossierTableModel:
    model = DossierTableModel()
    model.set_summaries(ROWS)
    return model


def visible_ids(model: DossierTableModel) -> list[int]:
    return [model.summary(r).id for r in range(model.rowCount())]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 2, 3, 4]),
        ("zoe", [1]),  # without the diaeresis
        ("ÇELIK", [1]),  # case and cedilla
        ("celik", [1]),
        ("أحمد", [2]),  # Arabic script
        ("الاختبار", [2]),
        ("ዮናስ", [3]),  # Ge'ez script
        ("111222333", [1]),  # BSN
        ("1234567890", [2]),  # V-nummer
        ("INB-2026-0004", [4]),  # kenmerk
        ("dijk zoe", [1]),  # every word, in any order
        ("zoe tesfay", []),
        ("   ", [1, 2, 3, 4]),
    ],
)
def test_search_matches_either_script_bsn_v_number_and_kenmerk(
    model: DossierTableModel, query: str, expected: list[int]
) -> None:
    model.set_query(query)
    assert visible_ids(model) == expected


def test_filters_combine_with_each_other_and_the_search(model: DossierTableModel) -> None:
    model.set_filter("doelgroep", Doelgroep.ASIELSTATUSHOUDER)
    assert visible_ids(model) == [1, 3, 4]
    model.set_filter("phase", Phase.INTAKE)
    assert visible_ids(model) == [3]
    model.set_filter("phase", None)
    model.set_filter("regime", Regime.WI2021)
    assert visible_ids(model) == [1, 4]
    model.set_query("zwaan")
    assert visible_ids(model) == [4]
    with pytest.raises(KeyError):
        model.set_filter("nationaliteit", None)


def test_counts_are_reported_on_every_change(model: DossierTableModel, qtbot) -> None:
    with qtbot.waitSignal(model.counts_changed) as signal:
        model.set_query("zoe")
    assert signal.args == [1, 4]


@pytest.mark.parametrize(
    ("column", "ascending"),
    [
        (Column.REFERENCE, [1, 2, 3, 4]),
        (Column.NAME, [2, 4, 3, 1]),  # "van Dijk" sorts under v, case-insensitively
        (Column.PHASE, [1, 4, 3, 2]),  # process order, not alphabetical
        (Column.PIP_DUE, [2, 1, 4, 3]),  # by date; no date last
        (Column.SIGNALS, [3, 1, 2, 4]),  # by top severity; none last
    ],
)
def test_sort_by_column_values(
    model: DossierTableModel, column: Column, ascending: list[int]
) -> None:
    model.sort(column, Qt.SortOrder.AscendingOrder)
    assert visible_ids(model) == ascending


def test_descending_sort_keeps_empty_values_last(model: DossierTableModel) -> None:
    model.sort(Column.PIP_DUE, Qt.SortOrder.DescendingOrder)
    assert visible_ids(model) == [4, 1, 2, 3]
    model.sort(Column.TERMIJN_END, Qt.SortOrder.DescendingOrder)
    assert visible_ids(model)[0] == 2


def test_sort_survives_search_and_reload(model: DossierTableModel) -> None:
    model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    model.set_query("a")  # Ahmad, Zwaantje, Tesfay/Yonas, Çelik
    assert visible_ids(model) == [1, 3, 4, 2]
    model.set_summaries(list(reversed(ROWS)))
    assert visible_ids(model) == [1, 3, 4, 2]


def test_cells_show_dates_labels_and_signals(model: DossierTableModel) -> None:
    model.sort(Column.REFERENCE)

    def cell(row: int, column: Column, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, column), role)

    assert cell(0, Column.NAME) == "van Dijk-Çelik, Zoë"
    assert cell(1, Column.NAME_ORIGINAL) == "أحمد الاختبار"
    assert cell(1, Column.PIP_DUE) == "24-07-2025"
    assert cell(1, Column.TERMIJN_END) == "10-04-2028"
    assert cell(0, Column.TERMIJN_END) == ""
    assert cell(1, Column.DOELGROEP) == "Gezinsmigrant / overige migrant"
    assert cell(2, Column.REGIME) == "Wi2013 (ondertussengroep)"
    assert cell(1, Column.PHASE) == "In traject"
    assert cell(0, Column.SIGNALS) == "2"
    assert cell(0, Column.SIGNALS, Qt.ItemDataRole.ToolTipRole) == (
        "2 signalen, hoogste ernst: Urgent"
    )
    assert not cell(0, Column.SIGNALS, Qt.ItemDataRole.DecorationRole).isNull()
    assert cell(0, Column.SIGNALS, Qt.ItemDataRole.ForegroundRole) == QColor("#c62828")
    assert cell(3, Column.SIGNALS) == ""
    assert cell(3, Column.SIGNALS, Qt.ItemDataRole.DecorationRole) is None
    assert cell(1, Column.BSN, Qt.ItemDataRole.ToolTipRole) == "V-nummer: 1234567890"
    assert cell(0, Column.REFERENCE, Qt.ItemDataRole.UserRole) == 1
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == [
        "Kenmerk",
        "Naam",
        "Naam (eigen schrift)",
        "BSN",
        "Doelgroep",
        "Regime",
        "Fase",
        "PIP uiterlijk",
        "Termijn eind",
        "Signalen",
    ]


# --- the widget --------------------------------------------------------------------------------


@pytest.fixture
def widget(qtbot) -> DossierListWidget:
    widget = DossierListWidget()
    qtbot.addWidget(widget)
    widget.set_summaries(ROWS)
    widget.resize(900, 400)
    widget.show()
    return widget


def test_typing_in_the_search_field_filters(widget: DossierListWidget) -> None:
    type_text(widget.search, "الاختبار")
    assert visible_ids(widget.model) == [2]
    widget.search.clear()
    type_text(widget.search, "zoe")
    assert visible_ids(widget.model) == [1]


def test_filter_combos_start_at_all_and_filter_when_chosen(widget: DossierListWidget) -> None:
    doelgroep, _regime, phase = widget.filters
    assert [c.currentText() for c in widget.filters] == [
        "Alle doelgroepen",
        "Alle regimes",
        "Alle fasen",
    ]
    type_text(doelgroep, "Gez")
    assert visible_ids(widget.model) == [2]
    doelgroep.setCurrentIndex(0)
    type_text(phase, "Intake")
    assert visible_ids(widget.model) == [3]
    widget.clear_search()
    assert visible_ids(widget.model) == [1, 2, 3, 4]


def test_header_click_sorts_through_the_model(widget: DossierListWidget, qtbot) -> None:
    header = widget.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.PHASE) + header.sectionSize(Column.PHASE) // 2
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == Column.PHASE
    assert visible_ids(widget.model) == [1, 4, 3, 2]
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert visible_ids(widget.model) == [2, 3, 1, 4]


def test_selection_follows_the_dossier_through_search(widget: DossierListWidget, qtbot) -> None:
    selected: list[int] = []
    widget.dossier_selected.connect(selected.append)
    widget.select_dossier(3)  # programmatic: not announced
    assert selected == []
    assert widget.table.currentIndex().row() == widget.model.row_of(3)
    type_text(widget.search, "zoe")  # hides it
    assert widget.table.selectionModel().selectedRows() == []
    widget.search.clear()  # it comes back selected
    assert widget.model.summary(widget.table.currentIndex().row()).id == 3
    widget.table.selectRow(widget.model.row_of(1))  # the user picks another
    assert selected == [1]


def test_selecting_a_hidden_dossier_clears_the_search(widget: DossierListWidget) -> None:
    type_text(widget.search, "zoe")
    widget.select_dossier(4)
    assert widget.search.text() == ""
    assert widget.model.summary(widget.table.currentIndex().row()).id == 4


# --- speed -------------------------------------------------------------------------------------


def large_register(count: int) -> list[DossierSummary]:
    families = ("van Dijk-Çelik", "Al-Testi", "Tesfay", "Proefnaam", "Haddad", "Kidane")
    originals = ("", "أحمد الاختبار", "ዮናስ ተስፋይ", "ليلى حداد")
    return [
        summary(
            i,
            f"{families[i % len(families)]} {i}",
            ("Zoë", "Ahmad", "Yonas", "Layla")[i % 4],
            originals[i % len(originals)],
            bsn=f"{100_000_000 + i}",
            doelgroep=list(Doelgroep)[i % 2],
            phase=list(Phase)[i % len(Phase)],
            pip_due=dt.date(2026, 1, 1) + dt.timedelta(days=i % 400) if i % 3 else None,
        )
        for i in range(count)
    ]


def test_search_per_keystroke_stays_fast_with_ten_thousand_dossiers(qtbot) -> None:
    """The brief's budget is 30 ms per keystroke; the model's part is measured here (the
    benchmark suite measures it with painting). Median over every prefix typed."""
    widget = DossierListWidget()
    qtbot.addWidget(widget)
    widget.set_summaries(large_register(10_000))
    widget.show()
    widget.select_dossier(5)
    timings = []
    for query in ("z", "zo", "zoe", "a", "ah", "ahm", "الا", "الاخ", "ዮና", "1000", "10001", ""):
        start = time.perf_counter()
        widget.model.set_query(query)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.030, timings
    widget.model.set_query("zoe")
    assert widget.model.visible_count == 2500
