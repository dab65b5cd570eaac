"""Termijnen: the key dates (editable, part of the dossier form) beside what follows from them.

Everything on the right is derived by the domain (DossierStatus) and only shown here: regime,
phase, the PIP deadline, the inburgeringstermijn, the next progress talk, the offers of RULES.md
§1 and the signals. Each date carries its weekday and each deadline its source, so the
consultant can check it against the law. Vrijstellingen/ontheffingen and DUO's verlengingen are
decisions recorded as taken; they are saved one by one, apart from the form.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.enums import ExemptionKind, Offer, Regime, label
from inburgering_desktop.domain.rules import DossierStatus
from inburgering_desktop.domain.rules import Signal as DomainSignal
from inburgering_desktop.domain.validation import format_date
from inburgering_desktop.i18n import N_, _
from inburgering_desktop.services import decisions
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.dossiers import DossierView
from inburgering_desktop.ui.errors import show_error
from inburgering_desktop.ui.form_fields import (
    SEVERITY_LABELS,
    DateField,
    EnumField,
    FieldForm,
    FormDialog,
    TextAreaField,
    TextField,
    add_row,
    confirm,
    enum_text,
    icon_label,
    long_date,
    mark_icon,
    severity_icon,
    short_date,
)
from inburgering_desktop.ui.tabs.person import required

# (field name, label) of the key dates, in the order of the process (RULES.md §2).
KEY_DATES: tuple[tuple[str, str], ...] = (
    ("permit_date", N_("Datum verblijfsvergunning")),
    ("koppeling_date", N_("Koppeling aan de gemeente")),
    ("duo_notice_date", N_("Kennisgeving DUO (inburgeringsplicht)")),
    ("brp_date", N_("Inschrijving BRP")),
    ("intake_start_date", N_("Start brede intake")),
    ("intake_completed_date", N_("Brede intake afgerond")),
    ("first_pip_date", N_("Dagtekening eerste PIP")),
)
REQUIRED_DATES = frozenset({"permit_date"})


def _value_label() -> QLabel:
    widget = QLabel()
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def _source_label() -> QLabel:
    """The legal source under a derived date, in the muted colour of secondary text."""
    widget = _value_label()
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    widget.setFont(font)
    widget.setEnabled(False)
    return widget


def _clear(layout: QVBoxLayout | QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()


def signal_text(signal: DomainSignal) -> str:
    """The translated message; its date written out with the weekday (RULES.md §2.5: always
    show the weekday), in place of the bare dd-mm-jjjj the domain puts in the parameters."""
    params = dict(signal.params)
    if signal.date is not None and params.get("date") == format_date(signal.date):
        params["date"] = long_date(signal.date)
    message = _(signal.message)
    return message.format(**params) if params else message


class DerivedFacts(QGroupBox):
    """What the domain derives from the dates: read-only, with weekday and source."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Berekend uit de gegevens"), parent)
        self.setObjectName("derived_facts")
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.notice = _value_label()
        layout.addRow(self.notice)
        self.values: dict[str, QLabel] = {}
        self.sources: dict[str, QLabel] = {}
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, text in (
            ("regime", _("Regime")),
            ("phase", _("Fase")),
            ("duty_starts", _("Inburgeringsplicht kan ingaan op")),
            ("pip_due", _("PIP uiterlijk vastgesteld")),
            ("termijn_start", _("Inburgeringstermijn begint")),
            ("termijn_end", _("Inburgeringstermijn eindigt")),
            ("next_meeting", _("Volgend voortgangsgesprek uiterlijk")),
        ):
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            value, source = _value_label(), _source_label()
            value.setObjectName(f"fact_{key}")
            source.setObjectName(f"source_{key}")
            column.addWidget(value)
            column.addWidget(source)
            caption = QLabel(text)
            caption.setWordWrap(True)
            layout.addRow(caption, cell)
            self.values[key], self.sources[key] = value, source
            self._rows[key] = (caption, cell)

    def _set(self, key: str, value: str, source: str = "") -> None:
        self.values[key].setText(value)
        self.sources[key].setText(_("Bron: {source}").format(source=source) if source else "")
        self.sources[key].setVisible(bool(source))

    def _show_row(self, key: str, visible: bool) -> None:
        for widget in self._rows[key]:
            widget.setVisible(visible)

    def show_status(self, view: DossierView | None) -> None:
        if view is None:
            self.notice.setText(_("Wordt berekend zodra het dossier is opgeslagen."))
            self.notice.show()
            for key in self.values:
                self._show_row(key, False)
            return
        status: DossierStatus = view.status
        self.notice.hide()
        for key in self.values:
            self._show_row(key, True)
        wi2013 = status.regime is Regime.WI2013
        self._set("regime", enum_text(status.regime))
        self._set("phase", enum_text(status.phase))
        self._show_row("duty_starts", status.duty_starts is not None)
        if status.duty_starts is not None:
            self._set(
                "duty_starts",
                long_date(status.duty_starts),
                _("minderjarig op de datum van de vergunning"),
            )
        if status.pip_due is not None:
            self._set("pip_due", long_date(status.pip_due.date), status.pip_due.source)
        elif wi2013:
            self._set("pip_due", _("Niet van toepassing: onder de Wi2013 stelt de gemeente geen "
                                   "PIP vast."))
        else:
            self._set(
                "pip_due",
                _("Nog niet te berekenen: vul de kennisgeving van DUO en de inschrijving in de "
                  "BRP in."),
            )
        termijn = status.termijn
        if termijn is not None:
            self._set("termijn_start", long_date(termijn.start), termijn.source)
            end = long_date(termijn.end)
            if termijn.extended:
                end = _("{date} (verlengd door DUO; oorspronkelijk {original})").format(
                    date=end, original=long_date(termijn.original_end)
                )
            self._set("termijn_end", end, termijn.source)
        else:
            text = (
                _("Niet van toepassing: onder de Wi2013 is er geen gemeentelijke termijn.")
                if wi2013
                else _("Begint de dag na de dagtekening van het eerste PIP.")
            )
            self._set("termijn_start", text)
            self._set("termijn_end", "—")
        if status.next_meeting_due is not None:
            self._set("next_meeting", long_date(status.next_meeting_due))
        else:
            self._set("next_meeting", _("Alleen tijdens het traject."))


class OffersBox(QGroupBox):
    """The RULES.md §1 table for this person: which offer applies (tick) and which not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Aanbod volgens de wet"), parent)
        self.setObjectName("offers")
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)

    def show_offers(self, offers: dict[Offer, bool] | None) -> None:
        _clear(self.grid)
        if offers is None:
            self.grid.addWidget(_value_label(), 0, 0)
            return
        for row, (offer, applies) in enumerate(offers.items()):
            icon = icon_label(mark_icon(applies))
            icon.setAccessibleName(_("ja") if applies else _("nee"))
            text = QLabel(_(label(offer)))
            text.setWordWrap(True)
            text.setObjectName(f"offer_{offer.value}")
            text.setAccessibleDescription(_("ja") if applies else _("nee"))
            if not applies:
                text.setEnabled(False)
            self.grid.addWidget(icon, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(text, row, 1)


class SignalsBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Signalen"), parent)
        self.setObjectName("signals")
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)

    def show_signals(self, signals: Sequence[DomainSignal] | None) -> None:
        _clear(self.grid)
        if not signals:
            empty = QLabel(_("Geen signalen.") if signals is not None else "")
            empty.setEnabled(False)
            self.grid.addWidget(empty, 0, 0, 1, 2)
            return
        for row, signal in enumerate(signals):
            icon = icon_label(severity_icon(signal.severity))
            icon.setToolTip(_(SEVERITY_LABELS[signal.severity]))
            text = _("{severity}: {message}").format(
                severity=_(SEVERITY_LABELS[signal.severity]), message=signal_text(signal)
            )
            message = QLabel(text)
            message.setWordWrap(True)
            message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(icon, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(message, row, 1)


class RecordTable(QWidget):
    """A small table of recorded decisions with Toevoegen…/Verwijderen."""

    def __init__(
        self,
        title: str,
        headers: Sequence[str],
        stretch_column: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The free-text column takes the room that is left; the dates keep their width.
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        rows = 4  # enough for the few decisions a dossier has, without an empty expanse
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        self.add_button = QPushButton(_("Toevoegen…"))
        self.remove_button = QPushButton(_("Verwijderen"))
        self.remove_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.table.selectedItems()))
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        caption = QLabel(title)
        font = caption.font()
        font.setBold(True)
        caption.setFont(font)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(caption)
        column.addWidget(self.table)
        column.addLayout(buttons)

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        self.table.setRowCount(len(rows))
        for r, (record_id, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record_id)
                item.setToolTip(text)
                self.table.setItem(r, c, item)

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None


class DecisionsBox(QGroupBox):
    """Vrijstelling/ontheffing and DUO's verlengingen: recorded as decided (RULES.md §1, §2.5)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Besluiten"), parent)
        self.setObjectName("decisions")
        self.ctx = ctx
        self.dossier_id: int | None = None
        self.exemptions = RecordTable(
            _("Vrijstelling en ontheffing"),
            [_("Soort"), _("Besluitdatum"), _("Grond"), _("Kenmerk")],
            stretch_column=2,
        )
        self.extensions = RecordTable(
            _("Verlenging van de termijn door DUO"),
            [_("Besluitdatum"), _("Nieuwe einddatum"), _("Reden"), _("Kenmerk")],
            stretch_column=2,
        )
        self.exemptions.add_button.clicked.connect(self.add_exemption)
        self.exemptions.remove_button.clicked.connect(self.remove_exemption)
        self.extensions.add_button.clicked.connect(self.add_extension)
        self.extensions.remove_button.clicked.connect(self.remove_extension)
        row = QHBoxLayout(self)
        row.addWidget(self.exemptions)
        row.addWidget(self.extensions)

    def load(self, dossier_id: int | None) -> None:
        self.dossier_id = dossier_id
        self.setEnabled(dossier_id is not None)
        if dossier_id is None:
            self.exemptions.set_rows([])
            self.extensions.set_rows([])
            return
        self.exemptions.set_rows(
            [
                (x.id, [enum_text(x.kind), short_date(x.decided_on), x.ground, x.reference])
                for x in decisions.list_exemptions(self.ctx, dossier_id)
            ]
        )
        self.extensions.set_rows(
            [
                (e.id, [short_date(e.decided_on), short_date(e.new_end_date), e.reason,
                        e.reference])
                for e in decisions.list_extensions(self.ctx, dossier_id)
            ]
        )

    def _run(self, dialog: FormDialog) -> None:
        if dialog.exec():
            self.load(self.dossier_id)
            self.changed.emit()

    def add_exemption(self) -> None:
        dossier_id = self.dossier_id
        assert dossier_id is not None
        dialog = FormDialog(
            _("Vrijstelling of ontheffing vastleggen"),
            lambda raw: decisions.add_exemption(self.ctx, dossier_id, raw),
            self,
        )
        dialog.add_field("kind", required(_("Soort")), EnumField(ExemptionKind, _("(kies)")))
        dialog.add_field("decided_on", required(_("Besluitdatum")), DateField())
        ground = dialog.add_field("ground", _("Grond"), TextAreaField())
        ground.editor.setToolTip(_("Kan medische gegevens bevatten: alleen wat nodig is."))
        dialog.add_field("reference", _("Kenmerk besluit"), TextField(max_length=100))
        self._run(dialog)

    def add_extension(self) -> None:
        dossier_id = self.dossier_id
        assert dossier_id is not None
        dialog = FormDialog(
            _("Verlenging door DUO vastleggen"),
            lambda raw: decisions.add_extension(self.ctx, dossier_id, raw),
            self,
        )
        dialog.add_field("decided_on", required(_("Besluitdatum")), DateField())
        dialog.add_field("new_end_date", required(_("Nieuwe einddatum")), DateField())
        dialog.add_field("reason", _("Reden"), TextAreaField())
        dialog.add_field("reference", _("Kenmerk besluit DUO"), TextField(max_length=100))
        self._run(dialog)

    def _remove(self, table: RecordTable, delete: Callable[[AppContext, int], None]) -> None:
        record_id = table.selected_id()
        if record_id is None:
            return
        if not confirm(self, _("Verwijderen"), _("Dit besluit verwijderen?"), _("Verwijderen")):
            return
        try:
            delete(self.ctx, record_id)
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
        self.load(self.dossier_id)
        self.changed.emit()

    def remove_exemption(self) -> None:
        self._remove(self.exemptions, decisions.delete_exemption)

    def remove_extension(self) -> None:
        self._remove(self.extensions, decisions.delete_extension)


class TermijnenTab(QScrollArea):
    def __init__(self, ctx: AppContext, form: FieldForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_termijnen")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        dates = QGroupBox(_("Sleuteldata"))
        rows = QFormLayout(dates)
        rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, text in KEY_DATES:
            field = DateField()
            form.add(name, field)
            add_row(rows, required(_(text)) if name in REQUIRED_DATES else _(text), field)
        self.facts = DerivedFacts()
        self.offers = OffersBox()
        self.signals = SignalsBox()
        self.decisions = DecisionsBox(ctx)

        grid = QGridLayout(page)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        left = QVBoxLayout()
        left.addWidget(dates)
        left.addWidget(self.offers)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.facts)
        right.addWidget(self.signals)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(self.decisions, 1, 0, 1, 2)
        grid.setRowStretch(2, 1)
        self.setWidget(page)

    def show_view(self, view: DossierView | None) -> None:
        """The derived part; the key-date fields belong to the editor's form."""
        self.facts.show_status(view)
        self.offers.show_offers(view.status.offers if view is not None else None)
        self.signals.show_signals(view.status.signals if view is not None else None)

    def load_records(self, dossier_id: int | None) -> None:
        self.decisions.load(dossier_id)
