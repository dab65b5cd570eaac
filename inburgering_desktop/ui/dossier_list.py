"""The register list: a table model over DossierSummary rows, its filters and the search.

Speed is the point of this module. The consultant searches per keystroke through up to 10,000
dossiers, so the filtering happens here in one list comprehension over pre-folded search keys
(domain.register folds them once, when the list is loaded) followed by one model reset. A
QSortFilterProxyModel would call back into Python for every row on every keystroke instead.
Sorting likewise sorts row indices once per header click, never per paint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import IntEnum, StrEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.enums import Doelgroep, Phase, Regime
from inburgering_desktop.domain.register import DossierSummary, fold
from inburgering_desktop.domain.rules import SEVERITY_RANK
from inburgering_desktop.i18n import N_, _, ngettext
from inburgering_desktop.ui.form_fields import (
    SEVERITY_COLOURS,
    SEVERITY_LABELS,
    enum_text,
    fit_combo,
    severity_icon,
    short_date,
)

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    REFERENCE = 0
    NAME = 1
    NAME_ORIGINAL = 2
    BSN = 3
    DOELGROEP = 4
    REGIME = 5
    PHASE = 6
    PIP_DUE = 7
    TERMIJN_END = 8
    SIGNALS = 9


HEADERS: dict[Column, str] = {
    Column.REFERENCE: N_("Kenmerk"),
    Column.NAME: N_("Naam"),
    Column.NAME_ORIGINAL: N_("Naam (eigen schrift)"),
    Column.BSN: N_("BSN"),
    Column.DOELGROEP: N_("Doelgroep"),
    Column.REGIME: N_("Regime"),
    Column.PHASE: N_("Fase"),
    Column.PIP_DUE: N_("PIP uiterlijk"),
    Column.TERMIJN_END: N_("Termijn eind"),
    Column.SIGNALS: N_("Signalen"),
}

_PHASE_ORDER = {phase: i for i, phase in enumerate(Phase)}
# Roles as plain ints: data() compares them for every cell of every paint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _USER, _DECORATION, _FOREGROUND})


def _sort_key(column: Column) -> Callable[[DossierSummary], object]:
    """What a column sorts by: the value itself (dates, phase order), not the shown text."""
    keys: dict[Column, Callable[[DossierSummary], object]] = {
        Column.REFERENCE: lambda s: s.reference,
        Column.NAME: lambda s: (fold(s.family_name), fold(s.given_names)),
        Column.NAME_ORIGINAL: lambda s: s.name_original_script or None,
        Column.BSN: lambda s: s.bsn,
        Column.DOELGROEP: lambda s: enum_text(s.doelgroep),
        Column.REGIME: lambda s: enum_text(s.regime),
        Column.PHASE: lambda s: _PHASE_ORDER[s.phase],
        Column.PIP_DUE: lambda s: s.pip_due,
        Column.TERMIJN_END: lambda s: s.termijn_end,
        Column.SIGNALS: lambda s: (SEVERITY_RANK.get(s.top_severity or "", 0), s.signal_count)
        if s.signal_count
        else None,
    }
    return keys[column]


class DossierTableModel(QAbstractTableModel):
    """DossierSummary rows, filtered and sorted in Python lists, shown through a model reset."""

    counts_changed = Signal(int, int)  # visible, total

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DossierSummary] = []
        self._index_of_id: dict[int, int] = {}
        self._order: list[int] = []  # all row indices in the current sort order
        self._candidates: list[tuple[int, str]] = []  # (index, search key) passing the filters
        self._visible: list[int] = []
        self._words: list[str] = []
        self._filters: dict[str, StrEnum | None] = dict.fromkeys(("doelgroep", "regime", "phase"))
        self._sort_column: Column | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder

    # --- data in -------------------------------------------------------------------------------

    def set_summaries(self, rows: Sequence[DossierSummary]) -> None:
        self._rows = list(rows)
        self._index_of_id = {summary.id: i for i, summary in enumerate(self._rows)}
        self._order = list(range(len(self._rows)))
        if self._sort_column is not None:
            self._order = self._sorted_order(self._sort_column, self._sort_order)
        self._refilter()

    def set_query(self, text: str) -> None:
        """Incremental search: every word typed must occur in the folded name (either script),
        BSN, V-nummer or kenmerk. One comprehension and one reset per keystroke."""
        self._words = fold(text).split()
        self._apply_query()

    def set_filter(self, name: str, value: StrEnum | None) -> None:
        """Filter on "doelgroep", "regime" or "phase"; None shows all."""
        if name not in self._filters:
            raise KeyError(name)
        self._filters[name] = value
        self._refilter()

    # --- queries -------------------------------------------------------------------------------

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def summary(self, row: int) -> DossierSummary:
        return self._rows[self._visible[row]]

    def row_of(self, dossier_id: int) -> int | None:
        """The visible row of a dossier, or None when it is filtered out or unknown."""
        index = self._index_of_id.get(dossier_id)
        if index is None:
            return None
        try:
            return self._visible.index(index)  # a C-level scan: fast enough per keystroke
        except ValueError:
            return None

    def contains(self, dossier_id: int) -> bool:
        return dossier_id in self._index_of_id

    def references(self) -> list[str]:
        return [s.reference for s in self._rows]

    # --- filtering -----------------------------------------------------------------------------

    def _refilter(self) -> None:
        doelgroep, regime, phase = (
            self._filters["doelgroep"],
            self._filters["regime"],
            self._filters["phase"],
        )
        rows = self._rows
        self._candidates = [
            (i, rows[i].search_key)
            for i in self._order
            if (doelgroep is None or rows[i].doelgroep is doelgroep)
            and (regime is None or rows[i].regime is regime)
            and (phase is None or rows[i].phase is phase)
        ]
        self._apply_query()

    def _apply_query(self) -> None:
        pairs = self._candidates
        # Each further word narrows the pairs the previous one left: a plain "in" per pair,
        # no generator per row (all() over a generator costs five times as much).
        for word in self._words:
            pairs = [(i, key) for i, key in pairs if word in key]
        visible = [i for i, _key in pairs]
        self.beginResetModel()
        self._visible = visible
        self.endResetModel()
        self.counts_changed.emit(len(self._visible), len(self._rows))

    # --- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = Column(column), order
        self._order = self._sorted_order(self._sort_column, order)
        self._refilter()

    def _sorted_order(self, column: Column, order: Qt.SortOrder) -> list[int]:
        key = _sort_key(column)
        rows = self._rows
        keyed = [(key(rows[i]), i) for i in range(len(rows))]
        # Empty values (no PIP date yet, no BSN) go last in both directions: they are not
        # "earliest" or "latest", and at the top they would push the real values out of view.
        known = [(k, i) for k, i in keyed if k is not None]
        unknown = [i for k, i in keyed if k is None]
        descending = order == Qt.SortOrder.DescendingOrder
        # Python's sort is stable, also reversed: equal keys keep their kenmerk order.
        known.sort(key=lambda pair: pair[0], reverse=descending)
        return [i for _k, i in known] + unknown

    # --- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[Column(section)])
        return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> object:
        # Called about ten times per visible cell per paint, mostly for roles we do not
        # serve: answer those before touching the row.
        if role not in _ROLES or not index.isValid():
            return None
        summary = self._rows[self._visible[index.row()]]
        column = index.column()
        if role == _DISPLAY:
            return self._display(summary, column)
        if role == _TOOLTIP:
            return self._tooltip(summary, column)
        if role == _USER:
            return summary.id
        if column == Column.SIGNALS and summary.top_severity:
            if role == _DECORATION:
                return severity_icon(summary.top_severity)
            return QColor(SEVERITY_COLOURS[summary.top_severity])
        return None

    @staticmethod
    def _display(s: DossierSummary, column: int) -> str:
        match column:
            case Column.REFERENCE:
                return s.reference
            case Column.NAME:
                return s.display_name
            case Column.NAME_ORIGINAL:
                return s.name_original_script
            case Column.BSN:
                return s.bsn or ""
            case Column.DOELGROEP:
                return enum_text(s.doelgroep)
            case Column.REGIME:
                return enum_text(s.regime)
            case Column.PHASE:
                return enum_text(s.phase)
            case Column.PIP_DUE:
                return _date(s.pip_due)
            case Column.TERMIJN_END:
                return _date(s.termijn_end)
            case Column.SIGNALS:
                return str(s.signal_count) if s.signal_count else ""
        return ""

    @staticmethod
    def _tooltip(s: DossierSummary, column: int) -> str | None:
        if column == Column.SIGNALS and s.top_severity:
            return ngettext(
                "{count} signaal, hoogste ernst: {severity}",
                "{count} signalen, hoogste ernst: {severity}",
                s.signal_count,
            ).format(count=s.signal_count, severity=_(SEVERITY_LABELS[s.top_severity]))
        if column in (Column.NAME, Column.NAME_ORIGINAL):
            # Long names are cut off in the column; the tooltip shows them whole.
            text = s.display_name if column == Column.NAME else s.name_original_script
            return text or None
        if column == Column.BSN and s.v_number:
            return _("V-nummer: {number}").format(number=s.v_number)
        return None


def _date(value: dt.date | None) -> str:
    return short_date(value) if value is not None else ""


class _FilterCombo(QComboBox):
    """A filter whose first item says what it filters ("Alle fasen"), so no caption is needed
    and the list can be made narrow."""

    def __init__(
        self, name: str, enum_cls: type[StrEnum], all_text: str, caption: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.enum_cls = enum_cls
        self.setObjectName(f"filter_{name}")
        self.setToolTip(caption)
        self.setAccessibleName(caption)
        self.addItem(all_text, "")
        for member in enum_cls:
            # The plain value: Qt hands a str subclass back as a str.
            self.addItem(enum_text(member), member.value)
        fit_combo(self, max_chars=14)

    def value(self) -> StrEnum | None:
        data = self.currentData()
        return self.enum_cls(data) if data else None


class DossierListWidget(QWidget):
    """Search field, filters and the table. Tells the window which dossier the user picked;
    the window decides whether to switch (unsaved changes) and may put the selection back."""

    dossier_selected = Signal(int)
    counts_changed = Signal(int, int)

    SETTINGS_KEY = "dossier_list/header"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DossierTableModel(self)
        self._current_id: int | None = None
        self._silent = False  # programmatic selection: no dossier_selected

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Zoek op naam (ook in eigen schrift), BSN of V-nummer"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Zoeken"))
        self.search.textChanged.connect(self.set_query)

        self.filters = [
            _FilterCombo("doelgroep", Doelgroep, _("Alle doelgroepen"), _("Doelgroep")),
            _FilterCombo("regime", Regime, _("Alle regimes"), _("Regime")),
            _FilterCombo("phase", Phase, _("Alle fasen"), _("Fase")),
        ]
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(0, 0, 0, 0)
        for combo in self.filters:
            filter_row.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._filter_changed(c))

        self.table = QTableView()
        self.table.setObjectName("dossier_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        # Fixed row height: the view then never measures rows, which keeps a reset cheap.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self._default_widths()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.modelReset.connect(self._reselect)
        self.model.counts_changed.connect(self.counts_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)

    def _default_widths(self) -> None:
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        widths = {
            Column.REFERENCE: "INB-2026-00000",
            Column.NAME: "Van der Berg-Çelik, Zoë Maria",
            Column.NAME_ORIGINAL: "أحمد محمد الاختبار",
            Column.BSN: "000000000",
            Column.DOELGROEP: "Asielstatushouder",
            Column.REGIME: "Wi2013 (ondertussengroep)",
            Column.PHASE: "PIP in voorbereiding",
            Column.PIP_DUE: "00-00-00000",
            Column.TERMIJN_END: "00-00-00000",
        }
        for column, sample in widths.items():
            title = _(HEADERS[column])
            # Room for the header's sort arrow too.
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title))
            self.table.setColumnWidth(column, width + 3 * metrics.averageCharWidth() + 16)

    # --- data ----------------------------------------------------------------------------------

    def set_summaries(self, rows: Sequence[DossierSummary]) -> None:
        self.model.set_summaries(rows)

    def set_query(self, text: str) -> None:
        self.model.set_query(text)

    def _filter_changed(self, combo: _FilterCombo) -> None:
        self.model.set_filter(combo.name, combo.value())

    def clear_search(self) -> None:
        self.search.clear()
        for combo in self.filters:
            combo.setCurrentIndex(0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- selection -----------------------------------------------------------------------------

    @property
    def current_id(self) -> int | None:
        return self._current_id

    def select_dossier(self, dossier_id: int | None) -> None:
        """Select (without announcing it) the dossier the window shows. A dossier hidden by the
        search or a filter is made visible by clearing them: the one being worked on must not
        vanish from the list."""
        self._current_id = dossier_id
        if dossier_id is None:
            self._set_current_row(None)
            return
        if self.model.row_of(dossier_id) is None and self.model.contains(dossier_id):
            self._silent = True
            try:
                self.clear_search()
            finally:
                self._silent = False
        self._reselect()

    def _reselect(self) -> None:
        row = None if self._current_id is None else self.model.row_of(self._current_id)
        self._set_current_row(row)

    def _set_current_row(self, row: int | None) -> None:
        self._silent = True
        try:
            selection = self.table.selectionModel()
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.NoUpdate)
            else:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(
                    index,
                    selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
        finally:
            self._silent = False

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._silent or not current.isValid():
            return
        dossier_id = self.model.summary(current.row()).id
        if dossier_id != self._current_id:
            self.dossier_selected.emit(dossier_id)

    # --- settings ------------------------------------------------------------------------------

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue(self.SETTINGS_KEY, self.table.horizontalHeader().saveState())

    def restore_settings(self, settings: QSettings) -> None:
        state = settings.value(self.SETTINGS_KEY)
        if isinstance(state, QByteArray | bytes) and state:
            header = self.table.horizontalHeader()
            header.restoreState(QByteArray(state))
            # restoreState sets the sort indicator without sorting: sort the model to match it.
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
