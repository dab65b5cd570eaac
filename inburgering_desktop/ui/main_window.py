"""The main window: the register on the left, the open dossier on the right.

The window only arranges and routes: the list loads in the background (list_summaries evaluates
the rules for every dossier, which takes a moment with 10,000), the editor does its own service
calls, and unsaved changes are never lost without the consultant choosing so.

Start-up speed: this module imports neither SQLAlchemy nor the dossier editor (whose tabs and
services import it). The editor is made when it is first needed, and app.py can hand the window
the register it read while Qt was loading, so the window is usable before SQLAlchemy is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from inburgering_desktop import __version__
from inburgering_desktop.domain.register import DossierSummary
from inburgering_desktop.i18n import _, ngettext
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.register import list_summaries
from inburgering_desktop.ui.dossier_list import DossierListWidget
from inburgering_desktop.ui.form_fields import set_button_texts
from inburgering_desktop.ui.worker import run_in_background

if TYPE_CHECKING:
    from inburgering_desktop.ui.dossier_editor import DossierEditor

APP_TITLE = "Inburgering Desktop"
DEFAULT_SIZE = (1400, 900)
STATUS_MESSAGE_MS = 4000


def app_settings() -> QSettings:
    # One place for the names (app.py), so window state and the settings dialog share a file.
    from inburgering_desktop.app import APPLICATION, ORGANISATION

    return QSettings(ORGANISATION, APPLICATION)


def ask_save_changes(parent: QWidget, heading: str) -> QMessageBox.StandardButton:
    """Opslaan / Niet opslaan / Annuleren. Opslaan is the default: Enter never loses work."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Niet opgeslagen wijzigingen"),
        _("U heeft wijzigingen in {dossier} die nog niet zijn opgeslagen.").format(
            dossier=heading
        ),
        parent=parent,
    )
    box.setInformativeText(_("Wilt u de wijzigingen opslaan?"))
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setStandardButtons(buttons)
    set_button_texts(
        box,
        {
            QMessageBox.StandardButton.Save: _("Opslaan"),
            QMessageBox.StandardButton.Discard: _("Niet opslaan"),
            QMessageBox.StandardButton.Cancel: _("Annuleren"),
        },
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec())


class MainWindow(QMainWindow):
    list_loaded = Signal()  # after each (re)load of the register; tests wait for it

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        summaries: Sequence[DossierSummary] | None = None,
    ) -> None:
        """`summaries`: the register as just read (app.py's start-up); None loads it here."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("main_window")
        self._load_generation = 0  # only the newest of overlapping list loads is shown

        self.dossier_list = DossierListWidget()
        self._editor: DossierEditor | None = None
        self._split_on_show = False  # no remembered split: the default is set on first show
        self.placeholder = QLabel(
            _("Kies links een dossier, of maak een nieuw dossier met Bestand › Nieuw dossier "
              "(Ctrl+N).")
        )
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.dossier_list)
        self.splitter.addWidget(self.stack)
        # The dossier's pages (the intake and the PIP above all) need about 830 px to show
        # without a horizontal scroll bar; the list keeps a third, enough for names, phase and
        # signals. Extra width goes to both in that proportion.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.statusBar().addPermanentWidget(self.count_label)
        self._create_actions()
        self._create_menus()

        self.dossier_list.dossier_selected.connect(self.open_dossier)
        self.dossier_list.counts_changed.connect(self._show_counts)

        self._restore_settings()
        self._update_actions()
        self._update_title()
        if summaries is None:
            self.reload_list(initial=True)
        else:
            self._list_loaded(self._load_generation, summaries)

    @property
    def editor(self) -> DossierEditor:
        """The dossier editor, made on first use: its tabs and services load SQLAlchemy, which
        the window's start need not wait for."""
        if self._editor is None:
            from inburgering_desktop.ui.dossier_editor import DossierEditor

            editor = DossierEditor(self.ctx, references=self.dossier_list.model.references)
            editor.dirty_changed.connect(self._update_title)
            editor.saved.connect(self._after_save)
            editor.records_changed.connect(lambda: self.reload_list())
            editor.closed_state_changed.connect(self._after_close_state)
            editor.open_requested.connect(self.open_dossier)
            editor.letter_requested.connect(self.make_letter)
            editor.message.connect(
                lambda text: self.statusBar().showMessage(text, STATUS_MESSAGE_MS)
            )
            self.stack.addWidget(editor)
            self._editor = editor
        return self._editor

    # --- actions and menus -----------------------------------------------------------------------

    def _action(
        self, text: str, slot: object, keys: QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(keys, QKeySequence.StandardKey):
            action.setShortcuts(keys)
        elif keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    def _create_actions(self) -> None:
        self.new_action = self._action(
            _("&Nieuw dossier"), self.new_dossier, QKeySequence.StandardKey.New
        )
        self.save_action = self._action(_("&Opslaan"), self.save, QKeySequence.StandardKey.Save)
        self.quit_action = self._action(_("Af&sluiten"), self.close, QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            # Windows has no standard Quit key; the consultant's habit is Ctrl+Q everywhere.
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.find_action = self._action(
            _("&Zoeken"), self.dossier_list.focus_search, QKeySequence.StandardKey.Find
        )
        self.close_dossier_action = self._action(_("Dossier &sluiten…"), self.close_dossier)
        self.reopen_action = self._action(_("&Heropenen"), self.reopen_dossier)
        # Ctrl+P stays Print (in the letter preview); B for Brief.
        self.letter_action = self._action(_("&Brief maken…"), self.make_letter, "Ctrl+Shift+B")
        self.settings_action = self._action(_("&Instellingen…"), self.show_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.policy_action = self._action(_("&Beleidsregels…"), self.show_policy)
        self.passphrase_action = self._action(_("&Wachtwoord wijzigen…"), self.change_passphrase)
        self.about_action = self._action(_("&Over"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        menu = bar.addMenu(_("&Bestand"))
        menu.addAction(self.new_action)
        menu.addAction(self.save_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        menu = bar.addMenu(_("Be&werken"))
        menu.addAction(self.find_action)
        menu = bar.addMenu(_("&Dossier"))
        menu.addAction(self.letter_action)
        menu.addSeparator()
        menu.addAction(self.close_dossier_action)
        menu.addAction(self.reopen_action)
        menu = bar.addMenu(_("&Instellingen"))
        menu.addAction(self.settings_action)
        menu.addAction(self.policy_action)
        menu.addAction(self.passphrase_action)
        menu = bar.addMenu(_("&Help"))
        menu.addAction(self.about_action)

    def _update_actions(self) -> None:
        editor = self._editor  # none yet: nothing is open
        shown = editor is not None and editor.view is not None
        self.save_action.setEnabled(editor is not None and editor.is_open)
        self.close_dossier_action.setEnabled(shown and not self._is_closed())
        self.reopen_action.setEnabled(self._is_closed())
        self.letter_action.setEnabled(shown)

    def _is_closed(self) -> bool:
        return self._editor is not None and self._editor.is_closed

    def _is_dirty(self) -> bool:
        return self._editor is not None and self._editor.is_dirty()

    def _open_id(self) -> int | None:
        return None if self._editor is None else self._editor.dossier_id

    def _update_title(self, *_args: object) -> None:
        heading = self._editor.heading() if self._editor is not None else ""
        # "[*]" is where Qt puts the modified marker (an asterisk) when setWindowModified(True).
        self.setWindowTitle(f"{heading}[*] — {APP_TITLE}" if heading else APP_TITLE)
        self.setWindowModified(self._is_dirty())
        self._update_actions()

    # --- the register list -----------------------------------------------------------------------

    def reload_list(self, initial: bool = False) -> None:
        """Load the summaries off the GUI thread; the list stays usable meanwhile. When they
        arrive, the dossier open in the editor (then, not now) is the selected row."""
        self._load_generation += 1
        generation = self._load_generation
        self.statusBar().showMessage(_("Dossiers laden…"))
        ctx = self.ctx
        run_in_background(
            self,
            lambda: list_summaries(ctx),
            lambda rows: self._list_loaded(generation, rows),
            # The first load may take a while with a large register: show progress then.
            label=_("Dossiers laden…") if initial else None,
        )

    def _list_loaded(self, generation: int, rows: Sequence[DossierSummary]) -> None:
        # A newer load is on its way, or the window was closed (and perhaps deleted) while
        # this one ran: the result has nowhere to go.
        if generation != self._load_generation or not shiboken6.isValid(self):
            return
        self.dossier_list.set_summaries(rows)
        self.statusBar().clearMessage()
        self.dossier_list.select_dossier(self._open_id())
        self.list_loaded.emit()

    def _show_counts(self, visible: int, total: int) -> None:
        self.count_label.setText(
            ngettext("{visible} van {total} dossier", "{visible} van {total} dossiers", total)
            .format(visible=visible, total=total)
        )

    # --- opening, saving, switching --------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when it is fine to leave the open dossier: saved, discarded or unchanged."""
        if not self._is_dirty():
            return True
        answer = ask_save_changes(self, self.editor.heading())
        if answer == QMessageBox.StandardButton.Save:
            return self.editor.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.editor.discard_changes()
            return True
        return False

    def open_dossier(self, dossier_id: int) -> None:
        if dossier_id == self._open_id() and not self.editor.is_new:
            return
        if not self.maybe_save():
            # Put the list's selection back on the dossier that stays open.
            self.dossier_list.select_dossier(self._open_id())
            return
        if self.editor.open_dossier(dossier_id):
            self.stack.setCurrentWidget(self.editor)
            self.dossier_list.select_dossier(dossier_id)
        self._update_title()

    def new_dossier(self) -> None:
        if not self.maybe_save():
            return
        self.editor.new_dossier()
        self.stack.setCurrentWidget(self.editor)
        self.dossier_list.select_dossier(None)
        self._update_title()

    def save(self) -> bool:
        saved = self.editor.save()
        self._update_title()
        return saved

    def _after_save(self, _dossier_id: int) -> None:
        self._update_title()
        self.reload_list()

    def _after_close_state(self) -> None:
        self._update_title()
        self.reload_list()

    def close_dossier(self) -> None:
        if self.maybe_save():
            self.editor.close_dossier()

    def reopen_dossier(self) -> None:
        if self.maybe_save():  # reopening reloads the dossier: ask about typed changes first
            self.editor.reopen_dossier()

    def make_letter(self) -> None:
        # A letter is made from the stored dossier: what is typed but unsaved must be saved
        # (or dropped) first, or the letter would not say what the screen shows.
        view = self._editor.view if self._editor is not None else None
        if view is None or not self.maybe_save():
            return
        if self.editor.is_dirty():  # "Niet opslaan": show the stored dossier the letter uses
            self.editor.open_dossier(view.id)
        self.editor.make_letter()

    # --- dialogs of the Instellingen and Help menus ----------------------------------------------

    def show_settings(self) -> None:
        # Imported here: the dialog module is its own screen and need not load at start-up.
        from inburgering_desktop.ui.settings_dialog import SettingsDialog

        if SettingsDialog(self.ctx, self).exec():
            self.reload_list()

    def show_policy(self) -> None:
        from inburgering_desktop.ui.policy_screen import PolicyDialog

        if PolicyDialog(self.ctx, self).exec():
            # Deadlines, offers and signals follow the policy: show them anew.
            if self._editor is not None:
                self._editor.refresh_status()
            self.reload_list()

    def change_passphrase(self) -> None:
        from inburgering_desktop.ui.passphrase_dialogs import ChangePassphraseDialog

        ChangePassphraseDialog(self.ctx, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("Over Inburgering Desktop"),
            _(
                "Inburgering Desktop {version}\n\n"
                "Werkplek voor de klantregisseur inburgering (Wet inburgering 2021). "
                "Alle gegevens blijven versleuteld op deze computer."
            ).format(version=__version__),
        )

    # --- settings and closing --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = app_settings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(*DEFAULT_SIZE)
            screen = self.screen()
            if screen is not None:
                available = screen.availableGeometry()
                if available.width() < DEFAULT_SIZE[0] or available.height() < DEFAULT_SIZE[1]:
                    self.resize(available.size() * 0.9)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))
        splitter = settings.value("main_window/splitter")
        if isinstance(splitter, QByteArray | bytes) and splitter:
            self.splitter.restoreState(QByteArray(splitter))
        else:
            # Sizes set before the first show are redistributed by the layout: set them then.
            self._split_on_show = True
        self.dossier_list.restore_settings(settings)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._split_on_show:
            self._split_on_show = False
            width = self.splitter.width()
            self.splitter.setSizes([width // 3, width - width // 3])

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/splitter", self.splitter.saveState())
        self.dossier_list.save_settings(settings)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self._load_generation += 1  # a list load still running is no longer wanted
        event.accept()
