"""The open dossier: a header, a message banner and the tabs.

The person fields (Persoon) and the key dates (Termijnen) form one form, saved with Ctrl+S
through `update_dossier` with the revision it was loaded at; a new dossier is saved with
`create_dossier`. The other tabs save each change at once through their own service.

Threading: opening and saving one dossier are single-row service calls (a few milliseconds on
the encrypted database; see the report in the issue) and run on the GUI thread, which keeps the
form and the database in step without a window of "saving…" in which the consultant could type
on. Only the register list, which evaluates every dossier, is loaded in the background (by the
main window).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inburgering_desktop.domain.enums import CloseReason
from inburgering_desktop.domain.validation import ValidationError
from inburgering_desktop.i18n import N_, _
from inburgering_desktop.services import dossiers
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.dossiers import DossierView
from inburgering_desktop.services.errors import (
    NotFoundError,
    ServiceError,
    StaleRecordError,
    ValidationFailed,
)
from inburgering_desktop.ui.errors import show_error, user_message
from inburgering_desktop.ui.form_fields import (
    Banner,
    DateField,
    EnumField,
    FieldForm,
    FormDialog,
    TextAreaField,
    Value,
    enum_text,
    error_messages,
    long_date,
    set_button_texts,
    severity_icon,
)
from inburgering_desktop.ui.tabs.checklist import ChecklistTab
from inburgering_desktop.ui.tabs.documents import DocumentsTab
from inburgering_desktop.ui.tabs.household import HouseholdTab
from inburgering_desktop.ui.tabs.intake import IntakeTab
from inburgering_desktop.ui.tabs.journal import JournalTab
from inburgering_desktop.ui.tabs.partners import PartnersTab
from inburgering_desktop.ui.tabs.person import PersonTab, required
from inburgering_desktop.ui.tabs.pip import PipTab
from inburgering_desktop.ui.tabs.termijnen import KEY_DATES, TermijnenTab

if TYPE_CHECKING:
    from inburgering_desktop.ui.letter_dialog import LetterDialog

# Banner colours: background and border per kind, readable in light and dark themes alike
# because the text colour is set with them.


class ElidedLabel(QLabel):
    """One line that ends in "…" when it does not fit, with the whole text as its tooltip: a
    200-character name must not push the tabs half-way down the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1)
        )
        if shown != self.text():
            self.setText(shown)


class DossierEditor(QWidget):
    dirty_changed = Signal(bool)
    saved = Signal(int)  # after a create or update: the list must show the new state
    records_changed = Signal()  # a decision changed the derived status: reload the list
    closed_state_changed = Signal()  # closed or reopened: menus and list follow
    open_requested = Signal(int)  # another dossier (a household link) should be opened
    message = Signal(str)  # a short note for the status bar
    letter_requested = Signal()  # "Brief maken…" on the Documenten tab

    (
        PERSON_TAB, HOUSEHOLD_TAB, PARTNERS_TAB, CHECKLIST_TAB, INTAKE_TAB, PIP_TAB, JOURNAL_TAB,
        TERMIJNEN_TAB, DOCUMENTS_TAB,
    ) = range(9)

    def __init__(
        self,
        ctx: AppContext,
        references: Callable[[], list[str]] = list,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dossier_editor")
        self.ctx = ctx
        self.view: DossierView | None = None
        self._new = False
        self._dirty = False

        self.title = ElidedLabel()
        self.title.setObjectName("dossier_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = ElidedLabel()
        self.subtitle.setObjectName("dossier_subtitle")
        self.banner = Banner("banner", _("Dossier opnieuw laden"))
        self.banner.reload_requested.connect(self._reload_after_conflict)

        self.form = FieldForm(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dossier_tabs")
        self.tabs.setDocumentMode(True)
        self.person_tab = PersonTab(self.form)
        self.household_tab = HouseholdTab(ctx, references)
        self.partners_tab = PartnersTab(ctx)
        self.checklist_tab = ChecklistTab(ctx)
        self.intake_tab = IntakeTab(ctx)
        self.pip_tab = PipTab(ctx)
        self.journal_tab = JournalTab(ctx)
        self.termijnen_tab = TermijnenTab(ctx, self.form)
        self.documents_tab = DocumentsTab(ctx)
        for tab, text in (
            (self.person_tab, _("&Persoon")),
            (self.household_tab, _("&Huishouden")),
            (self.partners_tab, _("&Ketenpartners")),
            (self.checklist_tab, _("&Checklist")),
            (self.intake_tab, _("I&ntake")),
            (self.pip_tab, _("PIP")),
            (self.journal_tab, _("&Journaal")),
            (self.termijnen_tab, _("&Termijnen")),
            (self.documents_tab, _("D&ocumenten")),
        ):
            self.tabs.addTab(tab, text)
        self._tab_of_field = {name: self.PERSON_TAB for name in self.form.fields}
        self._tab_of_field.update({name: self.TERMIJNEN_TAB for name, _label in KEY_DATES})

        self.form.dirty_changed.connect(self._update_dirty)
        self.checklist_tab.dirty_changed.connect(self._update_dirty)
        for tab in (self.intake_tab, self.pip_tab):
            tab.dirty_changed.connect(self._update_dirty)
            # Finishing the intake or establishing a PIP changes the dossier row itself (its
            # dates and revision): the form must be saved first and is reloaded afterwards.
            tab.before_dossier_change = self._before_dossier_change
            tab.dossier_changed.connect(self._dossier_row_changed)
        self.pip_tab.message.connect(self.message)
        self.household_tab.open_dossier.connect(self.open_requested)
        self.termijnen_tab.decisions.changed.connect(self._decisions_changed)
        self.documents_tab.letter_requested.connect(self.letter_requested)

        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.title)
        header.addWidget(self.subtitle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    # --- state ---------------------------------------------------------------------------------

    @property
    def dossier_id(self) -> int | None:
        return None if self.view is None else self.view.id

    @property
    def is_new(self) -> bool:
        return self._new

    @property
    def is_open(self) -> bool:
        return self._new or self.view is not None

    @property
    def is_closed(self) -> bool:
        return self.view is not None and self.view.closed_on is not None

    def is_dirty(self) -> bool:
        return (
            self.form.is_dirty()
            or self.checklist_tab.is_dirty()
            or self.intake_tab.is_dirty()
            or self.pip_tab.is_dirty()
        )

    def _update_dirty(self, *_args: object) -> None:
        dirty = self.is_dirty()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def heading(self) -> str:
        """A short name for the window title."""
        if self._new:
            return _("Nieuw dossier")
        if self.view is None:
            return ""
        return f"{self.view.display_name} ({self.view.reference})"

    # --- opening ---------------------------------------------------------------------------------

    def new_dossier(self) -> None:
        """An empty form; the tabs that need a saved dossier wait until it is created."""
        self.view = None
        self._new = True
        self.form.load({})
        self.form.set_read_only(False)
        self.banner.clear()
        self._load_records(None)
        self._show_header()
        self._set_record_tabs_enabled(False)
        self.tabs.setCurrentIndex(self.PERSON_TAB)
        self.form.fields["family_name"].setFocus()
        self._update_dirty()

    def open_dossier(self, dossier_id: int) -> bool:
        try:
            view = dossiers.get_dossier(self.ctx, dossier_id)
        except NotFoundError as exc:
            show_error(self, exc)
            return False
        self._show_view(view, load_form=True)
        self._load_records(view.id)
        self.banner.clear()
        self._show_closed_notice()
        self._set_record_tabs_enabled(True)
        self._update_dirty()
        return True

    def clear(self) -> None:
        self.view = None
        self._new = False
        self.form.load({})
        self.banner.clear()
        self._load_records(None)
        self._show_header()
        self._update_dirty()

    def _show_view(self, view: DossierView, load_form: bool) -> None:
        self.view = view
        self._new = False
        if load_form:
            self.form.load(view.fields)
        self.form.set_read_only(view.closed_on is not None)
        self.termijnen_tab.show_view(view)
        self._show_header()
        self._clear_tab_marks()

    def _load_records(self, dossier_id: int | None) -> None:
        self.household_tab.load(dossier_id)
        self.partners_tab.load(dossier_id)
        self.checklist_tab.load(dossier_id)
        self.intake_tab.load(dossier_id)
        self.pip_tab.load(dossier_id)
        self.journal_tab.load(dossier_id)
        self.termijnen_tab.load_records(dossier_id)
        self.documents_tab.load(dossier_id)
        if dossier_id is None:
            self.termijnen_tab.show_view(None)

    def _set_record_tabs_enabled(self, enabled: bool) -> None:
        for index in (
            self.HOUSEHOLD_TAB, self.PARTNERS_TAB, self.CHECKLIST_TAB, self.INTAKE_TAB,
            self.PIP_TAB, self.JOURNAL_TAB, self.DOCUMENTS_TAB,
        ):
            self.tabs.setTabEnabled(index, enabled)
            self.tabs.setTabToolTip(index, "" if enabled else _("Sla het dossier eerst op."))

    def _show_header(self) -> None:
        view = self.view
        if view is None:
            self.title.set_full_text(_("Nieuw dossier") if self._new else "")
            self.subtitle.set_full_text(
                _(
                    "Vul de gegevens in en kies Opslaan (Ctrl+S). Velden met * zijn verplicht, "
                    "ook de datum van de verblijfsvergunning op het tabblad Termijnen."
                )
                if self._new
                else ""
            )
            return
        self.title.set_full_text(view.display_name)
        # The kenmerk first: the line's direction follows its first letter, and an Arabic name
        # there would turn the whole line right-to-left. The isolate keeps the name's own
        # direction from reordering the separators around it.
        parts = [view.reference]
        original = str(view.fields.get("name_original_script") or "")
        if original:
            parts.append("\u2068" + original + "\u2069")
        parts.append(enum_text(view.status.regime))
        parts.append(enum_text(view.status.phase))
        if view.closed_on is not None:
            parts.append(_("gesloten op {date}").format(date=long_date(view.closed_on)))
        self.subtitle.set_full_text("  ·  ".join(parts))

    def _show_closed_notice(self) -> None:
        view = self.view
        if view is None or view.closed_on is None:
            return
        reason = enum_text(view.close_reason) if view.close_reason else ""
        text = _(
            "Dit dossier is gesloten op {date} ({reason}). Heropen het (menu Dossier) om de "
            "gegevens te wijzigen."
        ).format(date=long_date(view.closed_on), reason=reason)
        if view.close_note:
            text += "\n" + view.close_note
        self.banner.show_message(text, "info")

    # --- saving ----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the form (and changed checklist rows). False when something was refused: then
        the messages are shown and everything typed is still there."""
        if not self.is_open:
            return True
        self.banner.clear()
        self._clear_tab_marks()
        if self._new:
            ok = self._create()
        else:
            ok = self._update() if self.form.is_dirty() else True
            ok = self.checklist_tab.save_dirty() and ok
            if self.intake_tab.is_dirty():
                ok = self.intake_tab.save() and ok
            if self.pip_tab.is_dirty():
                ok = self.pip_tab.save() and ok
            if ok and self.view is not None:
                self.saved.emit(self.view.id)
        if not ok and not self.banner.isVisible():
            self.banner.show_message(_("Niet alles is opgeslagen: zie de meldingen."))
        if ok:
            self._show_closed_notice()
        self._update_dirty()
        return ok

    def _create(self) -> bool:
        raw = self.form.values()
        try:
            new_id = dossiers.create_dossier(self.ctx, raw)
        except Exception as exc:
            return self._refused(exc)
        self.open_dossier(new_id)
        self.message.emit(_("Dossier {reference} aangemaakt.").format(
            reference=self.view.reference if self.view else ""
        ))
        self.saved.emit(new_id)
        return True

    def _update(self) -> bool:
        assert self.view is not None
        try:
            view = dossiers.update_dossier(
                self.ctx, self.view.id, self.form.values(), self.view.revision
            )
        except StaleRecordError as exc:
            self.banner.show_message(user_message(exc) or "", offer_reload=True)
            return False
        except Exception as exc:
            return self._refused(exc)
        # The stored values are normalised (postcode "1234 AB", names trimmed): show those.
        self._show_view(view, load_form=True)
        self.message.emit(_("Opgeslagen."))
        return True

    def _refused(self, exc: Exception) -> bool:
        if isinstance(exc, ValidationFailed):
            self._show_errors(error_messages(exc))
        elif isinstance(exc, ServiceError):
            self.banner.show_message(user_message(exc) or "")
        else:
            show_error(self, exc, traceback.format_exc())
        return False

    def _show_errors(self, messages: Mapping[str, str]) -> None:
        leftover = self.form.set_errors(messages)
        tabs = sorted({self._tab_of_field[name] for name in messages if name in self.form.fields})
        for index in tabs:
            self.tabs.setTabIcon(index, severity_icon("urgent"))
        text = _("Niet opgeslagen. Verbeter de velden met een melding.")
        if leftover:
            text += "\n" + "\n".join(messages[name] for name in leftover)
        self.banner.show_message(text)
        if tabs and self.tabs.currentIndex() not in tabs:
            self.tabs.setCurrentIndex(tabs[0])
        first = next((name for name in self.form.fields if name in messages), None)
        if first is not None:
            self.form.fields[first].setFocus()

    def _clear_tab_marks(self) -> None:
        for index in range(self.tabs.count()):
            self.tabs.setTabIcon(index, QIcon())

    def discard_changes(self) -> None:
        """"Niet opslaan": what was typed in the tabs that keep drafts is dropped too, so it is
        not offered back the next time the dossier opens."""
        self.intake_tab.discard_changes()

    def _before_dossier_change(self) -> bool:
        """True when the dossier form holds nothing unsaved (saving it now if the consultant
        agrees), so that a tab may change the dossier row."""
        if not self.form.is_dirty():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Eerst opslaan"),
            _(
                "Deze stap verandert ook de gegevens van het dossier. Sla eerst de wijzigingen "
                "op de tabbladen Persoon en Termijnen op."
            ),
            parent=self,
        )
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
        set_button_texts(
            box,
            {
                QMessageBox.StandardButton.Save: _("Opslaan"),
                QMessageBox.StandardButton.Cancel: _("Annuleren"),
            },
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        if box.exec() != QMessageBox.StandardButton.Save:
            return False
        return self._update()

    def _dossier_row_changed(self) -> None:
        """A tab changed the dossier row: show its new dates, phase and revision."""
        if self.view is None:
            return
        try:
            view = dossiers.get_dossier(self.ctx, self.view.id)
        except NotFoundError as exc:
            show_error(self, exc)
            return
        self._show_view(view, load_form=not self.form.is_dirty())
        self.records_changed.emit()

    def _reload_after_conflict(self) -> None:
        if self.view is not None:
            self.open_dossier(self.view.id)

    # --- status and records ----------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Re-read the derived status (after a decision or a policy change) without touching
        the form: what is being typed stays, and so does the revision it was loaded at."""
        if self.view is None:
            return
        try:
            fresh = dossiers.get_dossier(self.ctx, self.view.id)
        except NotFoundError as exc:
            show_error(self, exc)
            return
        self.termijnen_tab.show_view(fresh)
        self.view = DossierView(
            id=self.view.id,
            reference=self.view.reference,
            revision=self.view.revision,
            fields=self.view.fields,
            closed_on=self.view.closed_on,
            close_reason=self.view.close_reason,
            close_note=self.view.close_note,
            facts=fresh.facts,
            status=fresh.status,
        )
        self._show_header()

    def _decisions_changed(self) -> None:
        self.refresh_status()
        self.records_changed.emit()

    # --- letters ---------------------------------------------------------------------------------

    def make_letter(self) -> LetterDialog | None:
        """Open Brief maken for the saved dossier; the caller has dealt with unsaved changes,
        since the letter is made from what is stored."""
        view = self.view
        if view is None:
            return None
        from inburgering_desktop.ui.letter_dialog import LetterDialog

        dialog = LetterDialog(self.ctx, view.id, self.heading(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.issued.connect(self._letter_issued)
        dialog.open()
        return dialog

    def _letter_issued(self, _letter_id: int) -> None:
        self.documents_tab.load(self.dossier_id)
        self.tabs.setCurrentIndex(self.DOCUMENTS_TAB)
        self.message.emit(_("Brief vastgelegd in het dossier."))

    # --- closing and reopening -------------------------------------------------------------------

    def close_dossier(self) -> bool:
        """Ask for date, reason and note; close the dossier. The caller has dealt with unsaved
        changes first."""
        view = self.view
        if view is None or view.closed_on is not None:
            return False
        dialog = CloseDossierDialog(self.ctx, view.id, self)
        if not dialog.exec():
            return False
        self.open_dossier(view.id)
        self.message.emit(_("Dossier gesloten."))
        self.closed_state_changed.emit()
        return True

    def reopen_dossier(self) -> bool:
        view = self.view
        if view is None or view.closed_on is None:
            return False
        try:
            dossiers.reopen_dossier(self.ctx, view.id)
        except Exception as exc:
            show_error(self, exc, traceback.format_exc())
            return False
        self.open_dossier(view.id)
        self.message.emit(_("Dossier heropend."))
        self.closed_state_changed.emit()
        return True


class CloseDossierDialog(FormDialog):
    """Date, reason (CloseReason) and a note; the service checks the date."""

    def __init__(self, ctx: AppContext, dossier_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Dossier sluiten"), self._close, parent, ok_text=_("Dossier sluiten")
        )
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.add_field("closed_on", required(_("Datum")), DateField())
        self.add_field("reason", required(_("Reden")), EnumField(CloseReason, _("(kies)")))
        self.add_field("note", _("Toelichting"), TextAreaField())
        self.form.load({"closed_on": ctx.today(), "reason": "", "note": ""})
        hint = QLabel(_("Een gesloten dossier kan later worden heropend."))
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.layout_.addRow(hint)

    def _close(self, raw: Mapping[str, Value]) -> object:
        try:
            reason = CloseReason(str(raw["reason"]))
        except ValueError:
            # The service takes a CloseReason; an unchosen combo is a field error like any other.
            raise ValidationFailed([ValidationError("reason", N_("Kies een reden."))]) from None
        return dossiers.close_dossier(
            self.ctx, self.dossier_id, str(raw["closed_on"]), reason, str(raw["note"])
        )
