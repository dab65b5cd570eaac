"""Intake: the warme overdracht from COA and the brede intake (RULES.md §2.3–2.4).

The questions come from the domain's table (domain/intake.py FIELDS): one group per life area,
with a completeness indicator, and every special-category field (health, every free note, COA's
assessments) apart in a clearly marked section, so it is obvious what may end up where. The
leerbaarheidstoets and the two things the person must be told have their own groups.

Two forms, saved together with the tab's own Opslaan button: the intake (answers, toets, told
dates; services.intake.save_intake, with the revision it was loaded at) and the warme overdracht
(services.coa). Every change restarts a short timer; when it runs out, everything typed is
written as an autosaved draft (services.drafts), so a crash loses at most a second or two. The
draft holds only the fields that differ from what was loaded, so putting it back never undoes
a save made elsewhere in the other fields. Opening the tab again offers a draft newer than the
last save back, with a banner; saving discards it.

Finishing and reopening the intake, and the first save (which sets the intake's start date),
change the dossier row: the tab asks `before_dossier_change()` first (the editor makes sure its
own dossier form is saved or discarded) and emits `dossier_changed` afterwards.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain import intake as domain
from inburgering_desktop.domain.enums import Doelgroep, LifeArea, ToetsExemptReason, ToetsOutcome
from inburgering_desktop.domain.validation import ValidationError
from inburgering_desktop.i18n import N_, _, format_datetime
from inburgering_desktop.services import coa, drafts, intake
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, StaleRecordError, ValidationFailed
from inburgering_desktop.services.intake import IntakeView
from inburgering_desktop.ui.errors import show_error, user_message, write_crash_report
from inburgering_desktop.ui.form_fields import (
    BANNER_STYLES,
    ERROR_COLOUR,
    CheckField,
    ComboField,
    DateField,
    EnumField,
    ErrorLabel,
    Field,
    FieldForm,
    TextAreaField,
    TextField,
    enum_text,
    fit_combo,
    long_date,
    mark_icon,
    set_button_texts,
)

log = logging.getLogger(__name__)

DRAFT_KEY = "intake"
AUTOSAVE_MS = 1500

# Colours of the notices (background, border, text), readable in light and dark themes alike
# because the text colour is set with them; as the editor's banner.
# The special-category section: an amber frame and heading. No background fill, so the
# fields inside keep the theme's own colours (dark themes included).
SPECIAL_COLOUR = "#b45f06"
PENDING_COLOUR = "#9e9e9e"

SPECIAL_TITLE = N_(
    "Bijzondere persoonsgegevens (gezondheid) — niet in brieven of exports tenzij u dat kiest"
)
NOT_FILLED = N_("(niet ingevuld)")
CHOICE_MAX_CHARS = 60

# The COA form's check boxes with their dates: (flag, date, check box text, row label).
_COA_DATED = (
    ("consent_to_share", "consent_on", N_("Toestemming gegeven"), N_("Toestemming om te delen")),
    ("gca_received", "gca_received_on", N_("Ontvangen"), N_("Medische overdracht (GCA)")),
    ("jgz_received", "jgz_received_on", N_("Ontvangen"), N_("Overdracht JGZ (kinderen)")),
)
_COA_TEXTS = (
    ("noa_summary", N_("NOA-samenvatting (leerbaarheid, belastbaarheid)")),
    ("risk_signals", N_("Risicosignalen")),
    ("documents_received", N_("Ontvangen documenten")),
)


# --- small widgets -------------------------------------------------------------------------------


_pending: list[QIcon] = []


def _pending_icon() -> QIcon:
    """A grey ring: not complete yet. Painted at 1× and 2× like form_fields' icons."""
    if _pending:
        return _pending[0]
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(PENDING_COLOUR), size / 10)
        painter.setPen(pen)
        margin = size * 0.22
        painter.drawEllipse(QPointF(size / 2, size / 2), size / 2 - margin, size / 2 - margin)
        painter.end()
        icon.addPixmap(pixmap)
    _pending.append(icon)
    return icon


def _muted(text: str = "", parent: QWidget | None = None) -> QLabel:
    widget = QLabel(text, parent)
    widget.setWordWrap(True)
    widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return widget


def _bold(widget: QLabel) -> QLabel:
    font = widget.font()
    font.setBold(True)
    widget.setFont(font)
    return widget


class Completeness(QWidget):
    """ "3 van 4 ingevuld" with a tick when the area is complete, and the legal minimum marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        side = self.fontMetrics().height()
        self.icon.setFixedSize(side, side)
        self.text = QLabel(self)
        self.required = QLabel(_("wettelijk minimum, nodig om af te ronden"), self)
        self.required.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.icon)
        row.addWidget(self.text)
        row.addWidget(self.required)
        row.addStretch(1)
        self.complete = False

    def set_completeness(self, c: domain.Completeness) -> None:
        self.complete = c.complete
        icon = mark_icon(True) if c.complete else _pending_icon()
        side = self.icon.width()
        self.icon.setPixmap(icon.pixmap(QSize(side, side), self.devicePixelRatioF()))
        self.text.setText(_("{filled} van {total} ingevuld").format(filled=c.filled, total=c.total))
        self.required.setVisible(c.required > 0)
        accessible = self.text.text() + (", " + _("compleet") if c.complete else "")
        self.setAccessibleName(accessible)
        self.setToolTip(accessible)


class Notice(QFrame):
    """A message in a coloured frame with an optional button (the draft banner, the closed or
    finished notice, a refusal)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel()
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.setObjectName(f"{name}_button")
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(self._clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(
        self,
        text: str,
        kind: str = "info",
        button: str | None = None,
        action: Callable[[], None] | None = None,
    ) -> None:
        background, border, foreground = BANNER_STYLES[kind]
        name = self.objectName()
        self.setStyleSheet(
            f"#{name} {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }} #{name}_text {{ color: {foreground}; }}"
        )
        self.label.setText(text)
        self.button.setText(button or "")
        self.button.setVisible(button is not None)
        self._action = action
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self._action = None
        self.hide()

    def _clicked(self) -> None:
        if self._action is not None:
            self._action()


def _form_layout(parent: QWidget, label_width: int) -> QFormLayout:
    layout = QFormLayout(parent)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    layout.setHorizontalSpacing(16)
    layout.setVerticalSpacing(8)
    layout.setProperty("label_width", label_width)
    return layout


def _row(layout: QFormLayout, text: str, field: QWidget, editor: QWidget | None = None) -> QLabel:
    """A form row whose label has the page's one label width, so the fields of every group
    line up, and is the editor's buddy (Alt+letter and screen readers find it)."""
    caption = QLabel(text)
    caption.setWordWrap(True)
    caption.setFixedWidth(int(layout.property("label_width")))
    caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    # Level with the editor's text, not with its frame.
    caption.setContentsMargins(0, 4, 0, 0)
    target = editor if editor is not None else getattr(field, "editor", field)
    caption.setBuddy(target)
    target.setAccessibleName(text.replace("&", ""))
    layout.addRow(caption, field)
    return caption


def _group(title: str) -> QGroupBox:
    box = QGroupBox(title)
    box.setObjectName(f"group_{title}")
    return box


# --- the fields of the brede intake --------------------------------------------------------------


def _yes_no_field() -> ComboField:
    return ComboField(((_("Ja"), "ja"), (_("Nee"), "nee")), empty_text=_(NOT_FILLED))


def _answer_field(f: domain.IntakeField) -> Field:
    """The editor for one question, by its kind. Free notes get several lines; the other
    texts are one line; numbers a narrow field with their range as placeholder."""
    kind = f.kind
    if kind is domain.FieldKind.CHOICE:
        assert f.choices is not None
        choice = EnumField(f.choices, _(NOT_FILLED))
        # The labels are short sentences ("Gealfabetiseerd in een ander schrift, niet in het
        # Latijnse"): show them whole, the column has room.
        fit_combo(choice.combo, max_chars=CHOICE_MAX_CHARS)
        return choice
    if kind is domain.FieldKind.BOOLEAN:
        return _yes_no_field()
    if kind is domain.FieldKind.DATE:
        return DateField()
    if kind is domain.FieldKind.INTEGER:
        field = TextField(placeholder=f"{f.minimum}–{f.maximum}", max_length=6)
        metrics = field.line_edit.fontMetrics()
        field.line_edit.setMaximumWidth(metrics.horizontalAdvance("0000000") + 24)
        field._row.addStretch(1)  # the error label still gets the full width below
        return field
    if f.key.endswith(".toelichting"):
        area = TextAreaField()
        lines = area.text_edit.fontMetrics().lineSpacing()
        area.text_edit.setFixedHeight(int(lines * 4.5) + 12)
        return area
    return TextField(max_length=domain.MAX_TEXT_LENGTH)


def _special_tag() -> QLabel:
    tag = QLabel(_("bijzonder persoonsgegeven"))
    tag.setStyleSheet(f"color: {SPECIAL_COLOUR};")
    return tag


def missing_text(error: ValidationError) -> str:
    """A missing_for_finish message in the UI language: its "field" and "area" parameters are
    msgids too (domain.missing_for_finish) and are translated before they are filled in."""
    params = {
        key: _(value) if key in ("field", "area") and isinstance(value, str) else value
        for key, value in error.params.items()
    }
    message = _(error.message)
    return message.format(**params) if params else message


# --- the tab -------------------------------------------------------------------------------------


class IntakeTab(QWidget):
    """The warme overdracht and the brede intake of one dossier; see the module docstring."""

    dossier_changed = Signal()  # finish, reopen or the first save changed the dossier row
    dirty_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tab_intake")
        self.ctx = ctx
        # The editor replaces this with "save or discard the dossier form first".
        self.before_dossier_change: Callable[[], bool] = lambda: True
        self.dossier_id: int | None = None
        self.view: IntakeView | None = None
        # The revisions the forms were loaded at: a save sends these back, whatever a later
        # read of the view says, so a newer save elsewhere is refused and not overwritten.
        self._revision = 0
        self._coa_revision = 0
        self._dirty = False
        self._loading = False
        self._loaded: dict[int, dict[str, object]] = {}  # per form: its values as loaded

        self.form = FieldForm(self)  # answers by field key, the toets, the told dates
        self.coa_form = FieldForm(self)
        self.completeness: dict[LifeArea, list[Completeness]] = {a: [] for a in LifeArea}

        metrics = self.fontMetrics()
        self._label_width = metrics.averageCharWidth() * 30

        self.draft_banner = Notice("draft_banner")
        self.notice = Notice("intake_notice")

        page = QWidget()
        page.setObjectName("intake_page")
        column = QVBoxLayout(page)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(14)
        column.addWidget(self._overview_group())
        column.addWidget(self._coa_group())
        hint = _muted(
            _(
                "De toelichting bij elk leefgebied staat onder Bijzondere persoonsgegevens: vrije "
                "tekst kan over de gezondheid gaan."
            )
        )
        column.addWidget(hint)
        for area in LifeArea:
            fields = [f for f in domain.fields_in(area) if not f.special]
            if fields:
                column.addWidget(self._area_group(area, fields))
        column.addWidget(self._toets_group())
        column.addWidget(self._informed_group())
        column.addWidget(self._special_section())
        column.addStretch(1)
        # One readable column: forms wider than this are harder to fill in, not easier.
        page.setMaximumWidth(metrics.averageCharWidth() * 125)
        holder = QWidget()
        holder_row = QHBoxLayout(holder)
        holder_row.setContentsMargins(0, 0, 0, 0)
        holder_row.addWidget(page, 1)
        holder_row.addStretch(0)
        self.page = page

        self.scroll = QScrollArea()
        self.scroll.setObjectName("intake_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(holder)

        self.status = QLabel()
        self.status.setObjectName("intake_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.finish_button = QPushButton(_("Intake afronden…"))
        self.finish_button.setObjectName("finish_intake")
        self.finish_button.clicked.connect(self._finish_or_reopen)
        self.save_button = QPushButton(_("Opslaan"))
        self.save_button.setObjectName("save_intake")
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 6, 12, 6)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.finish_button)
        bar.addWidget(self.save_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        notices = QVBoxLayout()
        notices.setContentsMargins(12, 8, 12, 0)
        notices.setSpacing(6)
        notices.addWidget(self.draft_banner)
        notices.addWidget(self.notice)
        layout.addLayout(notices)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(line)
        layout.addLayout(bar)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.autosave)
        for form in (self.form, self.coa_form):
            form.dirty_changed.connect(self._update_dirty)
            for field in form.fields.values():
                field.edited.connect(self._edited)
        self.load(None)

    # --- building ------------------------------------------------------------------------------

    def _overview_group(self) -> QGroupBox:
        box = _group(_("Overzicht"))
        box.setObjectName("intake_overview")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.dates_label = QLabel()
        self.dates_label.setObjectName("intake_dates")
        self.dates_label.setWordWrap(True)
        grid.addWidget(self.dates_label, 0, 0, 1, 2)
        for i, area in enumerate(LifeArea, start=1):
            name = QLabel(enum_text(area))
            name.setWordWrap(True)
            indicator = Completeness()
            indicator.setObjectName(f"overview_{area.value}")
            self.completeness[area].append(indicator)
            grid.addWidget(name, i, 0)
            grid.addWidget(indicator, i, 1)
        grid.addWidget(
            _muted(_("Vragen met * zijn nodig om de intake af te ronden.")),
            len(LifeArea) + 1,
            0,
            1,
            2,
        )
        grid.setColumnMinimumWidth(0, self._label_width)
        grid.setColumnStretch(1, 1)
        return box

    def _coa_group(self) -> QGroupBox:
        box = _group(_("Warme overdracht van COA"))
        box.setObjectName("coa_group")
        outer = QVBoxLayout(box)
        outer.setSpacing(8)
        self.coa_prompts = Notice("coa_prompts")
        outer.addWidget(self.coa_prompts)
        self.coa_hint = _muted()
        outer.addWidget(self.coa_hint)
        rows = QWidget()
        layout = _form_layout(rows, self._label_width)
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(rows)
        no_intake = CheckField(_("Er is geen intake in het AZC gehouden"))
        self.coa_form.add("no_intake_in_azc", no_intake)
        _row(layout, _("Intake in het AZC"), no_intake)
        checks: list[CheckField] = []
        for flag, date, check_text, row_text in _COA_DATED:
            check = CheckField(_(check_text))
            checks.append(check)
            day = DateField()
            self.coa_form.add(flag, check)
            self.coa_form.add(date, day)
            pair = QWidget()
            line = QHBoxLayout(pair)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(12)
            line.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
            on = QLabel(_("op"))
            on.setContentsMargins(0, 4, 0, 0)
            line.addWidget(on, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(day, 1, Qt.AlignmentFlag.AlignTop)
            day.editor.setAccessibleName(_("{label}: datum").format(label=_(row_text)))
            _row(layout, _(row_text), pair, check.editor)
        # One width for the check boxes, so the dates beside them line up.
        width = max(check.sizeHint().width() for check in checks)
        for check in checks:
            check.setFixedWidth(width)
        outer.addWidget(
            _muted(
                _(
                    "De NOA-samenvatting, risicosignalen en ontvangen documenten staan onder "
                    "Bijzondere persoonsgegevens."
                )
            )
        )
        return box

    def _area_group(self, area: LifeArea, fields: list[domain.IntakeField]) -> QGroupBox:
        box = _group(enum_text(area))
        box.setObjectName(f"area_{area.value}")
        layout = _form_layout(box, self._label_width)
        indicator = Completeness()
        self.completeness[area].append(indicator)
        layout.addRow(indicator)
        for f in fields:
            field = _answer_field(f)
            self.form.add(f.key, field)
            _row(layout, _(f.label) + (" *" if f.required else ""), field)
        if area is LifeArea.GEZIN_KINDEREN:
            self.children_hint = _muted()
            self.children_hint.setObjectName("children_hint")
            layout.addRow(self.children_hint)
        return box

    def _toets_group(self) -> QGroupBox:
        box = _group(_("Leerbaarheidstoets"))
        box.setObjectName("toets_group")
        layout = _form_layout(box, self._label_width)
        layout.addRow(
            _muted(
                _(
                    "Leg één ding vast: de uitkomst, dat de persoon niet kwam, of de vrijstelling "
                    "door de gemeente."
                )
            )
        )
        self.form.add("toets_date", date := DateField())
        _row(layout, _("Datum"), date)
        self.form.add("toets_outcome", outcome := EnumField(ToetsOutcome, _("(nog geen uitkomst)")))
        _row(layout, _("Uitkomst"), outcome)
        self.form.add("toets_no_show", no_show := CheckField(_("De persoon kwam niet")))
        _row(layout, _("Niet gekomen"), no_show)
        exempt = EnumField(ToetsExemptReason, _("(geen vrijstelling)"))
        exempt._row.insertWidget(1, _special_tag())
        self.form.add("toets_exempt_reason", exempt)
        _row(layout, _("Vrijgesteld wegens"), exempt)
        return box

    def _informed_group(self) -> QGroupBox:
        box = _group(_("Geïnformeerd"))
        box.setObjectName("informed_group")
        layout = _form_layout(box, self._label_width)
        self.form.add("interview_alone_informed_on", alone := DateField())
        _row(layout, _("Recht op een gesprek zonder partner, verteld op"), alone)
        self.form.add("vve_informed_on", vve := DateField())
        _row(layout, _("Ouders over voor- en vroegschoolse educatie geïnformeerd op"), vve)
        self.vve_hint = _muted()
        self.vve_hint.setObjectName("vve_hint")
        layout.addRow("", self.vve_hint)
        return box

    def _special_section(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("special_section")
        frame.setStyleSheet(
            f"#special_section {{ border: 2px solid {SPECIAL_COLOUR}; border-radius: 6px; }}"
        )
        outer = QVBoxLayout(frame)
        outer.setContentsMargins(14, 12, 14, 14)
        outer.setSpacing(10)
        title = _bold(QLabel(_(SPECIAL_TITLE)))
        title.setObjectName("special_title")
        title.setWordWrap(True)
        title.setStyleSheet(f"color: {SPECIAL_COLOUR};")
        outer.addWidget(title)
        outer.addWidget(
            _muted(
                _(
                    "Gezondheid en andere gevoelige gegevens (AVG art. 9). Het logboek legt alleen "
                    "vast dat ze zijn gewijzigd, nooit wat er staat."
                )
            )
        )
        health = _group(enum_text(LifeArea.GEZONDHEID))
        health.setObjectName(f"area_{LifeArea.GEZONDHEID.value}")
        layout = _form_layout(health, self._label_width)
        indicator = Completeness()
        self.completeness[LifeArea.GEZONDHEID].append(indicator)
        layout.addRow(indicator)
        for f in domain.fields_in(LifeArea.GEZONDHEID):
            field = _answer_field(f)
            self.form.add(f.key, field)
            _row(layout, _(f.label) + (" *" if f.required else ""), field)
        outer.addWidget(health)

        notes = _group(_("Toelichting per leefgebied"))
        notes.setObjectName("special_notes")
        layout = _form_layout(notes, self._label_width)
        for f in domain.FIELDS:
            if f.special and f.area is not LifeArea.GEZONDHEID:
                field = _answer_field(f)
                self.form.add(f.key, field)
                _row(layout, _(f.label), field)
        outer.addWidget(notes)

        handover = _group(_("Uit de warme overdracht van COA"))
        handover.setObjectName("special_coa")
        layout = _form_layout(handover, self._label_width)
        for key, text in _COA_TEXTS:
            field = TextAreaField()
            lines = field.text_edit.fontMetrics().lineSpacing()
            field.text_edit.setFixedHeight(int(lines * 3.5) + 12)
            self.coa_form.add(key, field)
            _row(layout, _(text), field)
        outer.addWidget(handover)
        return frame

    # --- loading ---------------------------------------------------------------------------------

    def load(self, dossier_id: int | None) -> None:
        """Show this dossier's intake (None: nothing). Typing not yet in a draft is written to
        the previous dossier's draft first, so switching never loses it."""
        if self._timer.isActive():
            self._timer.stop()
            self.autosave()
        self.draft_banner.clear()
        self.notice.clear()
        self.status.clear()
        self.dossier_id = dossier_id
        if dossier_id is None:
            self.view = None
            # Nothing of the previous dossier stays in sight: its COA prompts and dates.
            self.coa_prompts.clear()
            self.dates_label.clear()
            self._loading = True
            self._load_form(self.form, {})
            self._load_form(self.coa_form, {})
            self._loading = False
            self._apply_state()
            self._show_state_notice()
            self._refresh_completeness()
            return
        view = intake.get_intake(self.ctx, dossier_id)
        self._show(view, intake_form=True, coa_form=True)
        self._offer_draft(view)

    def _show(self, view: IntakeView, *, intake_form: bool, coa_form: bool) -> None:
        """Show a fresh view; reload the forms named (the others keep what is typed)."""
        self.view = view
        self._loading = True
        if intake_form:
            self._revision = view.revision
            self._load_form(self.form, _intake_values(view))
        if coa_form:
            self._coa_revision = view.coa.revision
            self._load_form(self.coa_form, _coa_values(view.coa.handover))
        self._loading = False
        self._show_derived(view)
        self._apply_state()
        self._show_state_notice()
        self._refresh_completeness()
        self._update_dirty()

    def _show_derived(self, view: IntakeView) -> None:
        start = long_date(view.intake_start_date) if view.intake_start_date else _("nog niet")
        done = (
            long_date(view.intake_completed_date) if view.intake_completed_date else _("nog niet")
        )
        self.dates_label.setText(
            _("Start brede intake: {start}   ·   Afgerond: {done}").format(start=start, done=done)
        )
        if view.coa.prompts:
            lines = [_(p) for p in view.coa.prompts]
            text = lines[0] if len(lines) == 1 else "\n".join("•  " + line for line in lines)
            self.coa_prompts.show_message(text, "calm")
        else:
            self.coa_prompts.clear()
        self.coa_hint.setText(
            ""
            if view.doelgroep is Doelgroep.ASIELSTATUSHOUDER
            else _("Een warme overdracht van COA is er alleen bij asielstatushouders.")
        )
        self.coa_hint.setVisible(bool(self.coa_hint.text()))
        if view.young_child_in_household:
            vve = _(
                "Er is een kind jonger dan {age} jaar in het huishouden (of een kind zonder "
                "geboortedatum): vul deze datum in voordat u de intake afrondt."
            )
        else:
            vve = _("Geen kind jonger dan {age} jaar in het huishouden: niet nodig.")
        self.vve_hint.setText(vve.format(age=domain.VVE_CHILD_MAX_AGE))
        self.children_hint.setText(
            _("De kinderen zelf staan op het tabblad Huishouden.")
            if view.children_in_household
            else _("Er staan geen kinderen op het tabblad Huishouden.")
        )

    def _apply_state(self) -> None:
        view = self.view
        closed = view is not None and view.closed
        finished = view is not None and view.finished
        self.form.set_read_only(view is None or closed or finished)
        self.coa_form.set_read_only(view is None or closed)
        self.finish_button.setText(_("Intake heropenen") if finished else _("Intake afronden…"))
        self.finish_button.setEnabled(view is not None and not closed)
        self.save_button.setEnabled(self.is_dirty())

    def _show_state_notice(self) -> None:
        """The standing notice: closed dossier, finished intake, or none."""
        view = self.view
        if view is None:
            self.notice.clear()
        elif view.closed:
            self.notice.show_message(
                _("Dit dossier is gesloten. De intake is alleen te lezen."), "info"
            )
        elif view.intake_completed_date is not None:
            self.notice.show_message(
                _(
                    "De brede intake is afgerond op {date}. De antwoorden zijn alleen te lezen; "
                    "kies Intake heropenen om iets te wijzigen. De warme overdracht blijft "
                    "bewerkbaar."
                ).format(date=long_date(view.intake_completed_date)),
                "info",
            )
        else:
            self.notice.clear()

    def _editable(self) -> tuple[bool, bool]:
        """Whether the intake form and the COA form may be changed now."""
        view = self.view
        if view is None or view.closed:
            return False, False
        return not view.finished, True

    # --- drafts ----------------------------------------------------------------------------------

    def _load_form(self, form: FieldForm, values: Mapping[str, object]) -> None:
        form.load(values)
        self._loaded[id(form)] = form.values()

    def _payload(self) -> dict[str, Any]:
        """What was typed: only the fields that differ from what was loaded. Putting back a
        whole form would also put back the old value of every field saved elsewhere since."""
        payload: dict[str, Any] = {}
        for part, form in (("intake", self.form), ("coa", self.coa_form)):
            loaded = self._loaded.get(id(form), {})
            payload[part] = {
                name: value for name, value in form.values().items() if loaded.get(name) != value
            }
        return payload

    def _offer_draft(self, view: IntakeView) -> None:
        """Put back a draft written after the last save, with a banner; drop an older one."""
        intake_ok, coa_ok = self._editable()
        if not (intake_ok or coa_ok):
            return  # closed: the draft stays for when the dossier is reopened
        try:
            draft = drafts.load_draft(self.ctx, DRAFT_KEY, view.dossier_id)
            if draft is None:
                return
            if view.last_saved_at is not None and draft.saved_at <= view.last_saved_at:
                # Saved (elsewhere) after this draft was written: the stored intake is newer.
                drafts.discard_draft(self.ctx, DRAFT_KEY, view.dossier_id)
                return
        except Exception as exc:
            self._report_draft_error(exc)
            return
        # The forms show the stored values, which stay their baseline: the restored input
        # counts as unsaved, and typing it back to the stored value undoes that as usual.
        self._loading = True
        for form, part, allowed in (
            (self.form, "intake", intake_ok),
            (self.coa_form, "coa", coa_ok),
        ):
            values = draft.payload.get(part)
            if not allowed or not isinstance(values, Mapping):
                continue
            for name, value in values.items():
                field = form.fields.get(name)
                if field is not None and isinstance(value, str | bool) and value != field.value():
                    field.set_value(value)
                    field.edited.emit()  # the form re-checks its dirtiness
        self._loading = False
        if not self.is_dirty():
            return  # nothing in it differs from what is stored
        self._refresh_completeness()
        self._update_dirty()
        self.draft_banner.show_message(
            _("Niet-opgeslagen invoer van {time} is teruggezet.").format(
                time=format_datetime(draft.saved_at, "short")
            ),
            "warning",
            _("Verwerpen"),
            self.discard_changes,
        )

    def autosave(self, *, fresh: bool = False) -> None:
        """Write what is typed as the draft (or drop the draft when nothing is unsaved).

        `fresh`: write it with the current time even when it is unchanged, so that it counts as
        newer than a save that just happened (a save refused in part). About a millisecond on
        the encrypted database, so on the GUI thread. A failure is never swallowed: it is shown
        in the status line (and a bug also gets a crash report)."""
        self._timer.stop()
        if self.dossier_id is None or self.view is None or self.view.closed:
            return
        try:
            if self.is_dirty():
                if fresh:
                    drafts.discard_draft(self.ctx, DRAFT_KEY, self.dossier_id)
                drafts.save_draft(self.ctx, DRAFT_KEY, self.dossier_id, self._payload())
                self._set_status(
                    _("Invoer tussentijds bewaard om {time}; nog niet opgeslagen.").format(
                        time=dt.datetime.now().strftime("%H:%M")
                    )
                )
            else:
                drafts.discard_draft(self.ctx, DRAFT_KEY, self.dossier_id)
        except Exception as exc:
            self._report_draft_error(exc)

    def flush_draft(self) -> None:
        """Write a pending draft now (the window closes, the program quits)."""
        if self._timer.isActive():
            self.autosave()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another tab or dossier is shown, or the window closes: no reason to wait.
        self.flush_draft()
        super().hideEvent(event)

    def _report_draft_error(self, exc: BaseException) -> None:
        message = user_message(exc)
        if message is None:
            log.error("autosave failed: %s", type(exc).__qualname__)
            write_crash_report(exc, traceback.format_exc())
            message = type(exc).__name__
        self._set_status(
            _("Tussentijds bewaren is mislukt: {message}").format(message=message), error=True
        )

    def discard_changes(self) -> None:
        """Drop what was typed (and its draft) and show the stored intake again."""
        self._timer.stop()
        self.draft_banner.clear()
        if self.dossier_id is None:
            return
        try:
            drafts.discard_draft(self.ctx, DRAFT_KEY, self.dossier_id)
        except Exception as exc:
            self._report_draft_error(exc)
        self._show(intake.get_intake(self.ctx, self.dossier_id), intake_form=True, coa_form=True)
        self._set_status("")

    # --- editing ---------------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading or self.dossier_id is None:
            return
        self._timer.start()
        self._refresh_completeness()

    def _refresh_completeness(self) -> None:
        values = self.form.values()
        answers = {f.key: str(values.get(f.key, "")) for f in domain.FIELDS}
        for area, c in domain.area_completeness(answers).items():
            for indicator in self.completeness[area]:
                indicator.set_completeness(c)

    def is_dirty(self) -> bool:
        intake_ok, coa_ok = self._editable()
        return (intake_ok and self.form.is_dirty()) or (coa_ok and self.coa_form.is_dirty())

    def _update_dirty(self, *_args: object) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        palette = self.status.palette()
        if error:
            self.status.setForegroundRole(QPalette.ColorRole.WindowText)
            palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR)
        else:
            self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            palette = self.palette()
        self.status.setPalette(palette)

    # --- saving ----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save both forms; True when everything is stored. What is refused keeps what was
        typed, with each message beside its field; what was accepted is stored regardless."""
        view = self.view
        if view is None or self.dossier_id is None or not self.is_dirty():
            return True
        self._timer.stop()
        self._show_state_notice()  # an earlier refusal's message goes
        intake_ok, coa_ok = self._editable()
        ok = True
        dossier_changed = False
        fresh: IntakeView | None = None
        if intake_ok and self.form.is_dirty():
            starts = view.intake_start_date is None
            if starts and not self.before_dossier_change():
                return False
            self.form.clear_errors()
            try:
                fresh = intake.save_intake(
                    self.ctx, self.dossier_id, self.form.values(), self._revision
                )
            except Exception as exc:
                ok = self._refused(self.form, exc)
            else:
                dossier_changed = fresh.dossier_revision != view.dossier_revision
                self._revision = fresh.revision
                self._loading = True
                self._load_form(self.form, _intake_values(fresh))
                self._loading = False
        if coa_ok and self.coa_form.is_dirty():
            self.coa_form.clear_errors()
            try:
                saved = coa.save_coa_handover(
                    self.ctx, self.dossier_id, self.coa_form.values(), self._coa_revision
                )
            except Exception as exc:
                ok = self._refused(self.coa_form, exc) and ok
            else:
                self._coa_revision = saved.revision
                self._loading = True
                self._load_form(self.coa_form, _coa_values(saved.handover))
                self._loading = False
                fresh = None  # re-read below: the prompts changed
        if fresh is None:
            fresh = intake.get_intake(self.ctx, self.dossier_id)
        self.view = fresh
        self._show_derived(fresh)
        self._apply_state()
        self._refresh_completeness()
        self._update_dirty()
        if ok:
            self.draft_banner.clear()
            try:
                drafts.discard_draft(self.ctx, DRAFT_KEY, self.dossier_id)
            except Exception as exc:
                self._report_draft_error(exc)
            else:
                self._set_status(_("Opgeslagen."))
        else:
            # Keep the draft in step with what is still unsaved, and newer than what was saved.
            self.autosave(fresh=True)
            self._set_status(_("Niet alles is opgeslagen: zie de meldingen."), error=True)
        if dossier_changed:
            self.dossier_changed.emit()
        return ok

    def _refused(self, form: FieldForm, exc: Exception) -> bool:
        if isinstance(exc, ValidationFailed):
            messages: dict[str, str] = {}
            for error in exc.errors:
                messages.setdefault(error.field, missing_text(error))
            leftover = form.set_errors(messages)
            if leftover:
                self.notice.show_message("\n".join(messages[n] for n in leftover), "error")
            first = next((n for n in form.fields if n in messages), None)
            if first is not None:
                field = form.fields[first]
                self.scroll.ensureWidgetVisible(field)
                field.setFocus()
        elif isinstance(exc, StaleRecordError):
            self.notice.show_message(
                user_message(exc) or "", "error", _("Intake opnieuw laden"), self._reload
            )
        elif isinstance(exc, ServiceError):
            self.notice.show_message(user_message(exc) or "", "error")
        else:
            show_error(self, exc, traceback.format_exc())
        return False

    def _reload(self) -> None:
        if self.dossier_id is not None:
            self.load(self.dossier_id)

    # --- finishing and reopening -----------------------------------------------------------------

    def _finish_or_reopen(self) -> None:
        if self.view is not None and self.view.finished:
            self.reopen()
        else:
            self.finish()

    def finish(self) -> bool:
        """Save what is typed, then ask for the date and finish; the dialog lists what is
        missing when the service refuses."""
        if self.view is None or self.dossier_id is None or self.view.closed:
            return False
        if self.is_dirty() and not self.save():
            return False
        if not self.before_dossier_change():
            return False
        dialog = FinishIntakeDialog(self.ctx, self.dossier_id, self)
        if not dialog.exec() or dialog.result_view is None:
            return False
        self._after_dossier_change(dialog.result_view, _("Brede intake afgerond."))
        return True

    def reopen(self) -> bool:
        if self.view is None or self.dossier_id is None or not self.view.finished:
            return False
        if not self.before_dossier_change():
            return False
        try:
            view = intake.reopen_intake(self.ctx, self.dossier_id)
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
            return False
        self._after_dossier_change(view, _("Brede intake heropend."))
        return True

    def _after_dossier_change(self, view: IntakeView, message: str) -> None:
        # The intake form was saved before finishing (and cannot change while finished), so it
        # is reloaded; the COA form keeps what may be typed there.
        self._show(view, intake_form=True, coa_form=not self.coa_form.is_dirty())
        self._set_status(message)
        self.dossier_changed.emit()


def _intake_values(view: IntakeView) -> dict[str, object]:
    toets = view.toets
    return {
        **view.answers,
        "toets_date": toets.date,
        "toets_outcome": "" if toets.outcome is None else toets.outcome.value,
        "toets_no_show": toets.no_show,
        "toets_exempt_reason": "" if toets.exempt_reason is None else toets.exempt_reason.value,
        "vve_informed_on": view.checks.vve_informed_on,
        "interview_alone_informed_on": view.checks.interview_alone_informed_on,
    }


def _coa_values(handover: domain.CoaHandover) -> dict[str, object]:
    return {name: getattr(handover, name) for name in coa.COA_FIELDS}


class FinishIntakeDialog(QDialog):
    """Asks for the date the intake was finished; when the service refuses, shows what is
    still missing as a list and stays open."""

    def __init__(self, ctx: AppContext, dossier_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Brede intake afronden"))
        self.setObjectName("finish_intake_dialog")
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.result_view: IntakeView | None = None
        intro = QLabel(
            _(
                "Na het afronden zijn de antwoorden alleen nog te lezen; u kunt de intake later "
                "heropenen."
            )
        )
        intro.setWordWrap(True)
        self.date = DateField()
        self.date.set_value(ctx.today())
        form = QFormLayout()
        form.addRow(intro)
        caption = QLabel(_("Afgerond op"))
        caption.setBuddy(self.date.editor)
        self.date.editor.setAccessibleName(_("Afgerond op"))
        form.addRow(caption, self.date)
        self.missing_title = _bold(QLabel(_("De intake kan nog niet worden afgerond:")))
        self.missing = QLabel()
        self.missing.setObjectName("missing_list")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        self.missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = ErrorLabel()
        self.missing_title.hide()
        self.missing.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        set_button_texts(
            self.buttons,
            {
                QDialogButtonBox.StandardButton.Ok: _("Intake afronden"),
                QDialogButtonBox.StandardButton.Cancel: _("Annuleren"),
            },
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.missing_title)
        column.addWidget(self.missing)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.missing.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def _submit(self) -> None:
        self.date.set_error(None)
        self.message.set_message(None)
        self.missing_title.hide()
        self.missing.hide()
        try:
            self.result_view = intake.finish_intake(self.ctx, self.dossier_id, self.date.value())
        except ValidationFailed as exc:
            on_date = [e for e in exc.errors if e.field == intake.COMPLETED_FIELD]
            others = [e for e in exc.errors if e.field != intake.COMPLETED_FIELD]
            if on_date:
                self.date.set_error(missing_text(on_date[0]))
            if others:
                self.missing.setText("\n".join("•  " + missing_text(e) for e in others))
                self.missing_title.show()
                self.missing.show()
            self.adjustSize()
            return
        except ServiceError as exc:
            self.message.set_message(user_message(exc))
            return
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
            return
        self.accept()
