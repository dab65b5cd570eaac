"""The program with its window: Qt application, language, fonts, the database, the main window.

`run_gui` is what `inburgering-desktop` without a subcommand runs. The part that gets an open
database (first-run wizard or unlock dialog) is `open_or_create`, separate so tests can drive it
without starting an event loop of their own.

INBURGERING_PASSPHRASE (scripts, tests, a demo laptop) opens the database without the dialog; it
is read once, removed from the environment so no child process inherits it, and never logged.

Start-up order, for speed (benchmarks/ measures it): with the passphrase from the environment a
thread unlocks the database (scrypt runs outside the GIL) and reads and evaluates the register
through the driver while Qt loads on the main thread (`EarlyOpen`); the window shows that list at
once. SQLAlchemy and the services load afterwards on a background thread (`warm_up`), or while
the unlock dialog waits for the passphrase. Nothing in the window's own start imports them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import getpass
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from inburgering_desktop.domain.register import DossierSummary
    from inburgering_desktop.services.context import AppContext
    from inburgering_desktop.store.engine import Database

ORGANISATION = "InburgeringDesktop"
APPLICATION = "Inburgering Desktop"
# The same variable the command line reads (cli.PASSPHRASE_ENV).
PASSPHRASE_ENV = "INBURGERING_PASSPHRASE"
# Qt platforms on which nobody can see or click a window: a modal message box there would wait
# forever, so messages go to stderr only.
_HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
# After the window shows, SQLAlchemy and the services load in the background (`warm_up`).
WARM_UP_DELAY_MS = 300


def interactive() -> bool:
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() not in _HEADLESS_PLATFORMS


def notify(parent: QWidget | None, title: str, text: str) -> None:
    """A calm message at start-up: on stderr (for whoever started the program from a script or
    a terminal) and, where someone can see it, in a message box."""
    print(text, file=sys.stderr)
    if interactive():
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, title, text)


# --- the open database --------------------------------------------------------------------------


class EarlyOpen:
    """Unlocks the database and reads the register on a thread of its own, started before Qt is
    loaded; `result()` waits for it on the GUI thread.

    Only for the passphrase from the environment: with the dialog there is nothing to start
    before someone has typed. No widget is touched here (Qt is not even loaded yet).
    """

    def __init__(self, path: Path, passphrase: str, today: dt.date) -> None:
        self.database: Database | None = None
        self.summaries: list[DossierSummary] | None = None
        self.account = ""
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(path, passphrase, today), name="early-open", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, passphrase: str, today: dt.date) -> None:
        try:
            # The key derivation first, with only the key file's module loaded: scrypt runs
            # outside the GIL, so it overlaps the main thread's loading of Qt.
            from inburgering_desktop.store import keys, paths

            ahead = keys.derive_ahead(paths.key_file_path(path), passphrase)

            from inburgering_desktop.domain import register
            from inburgering_desktop.services.context import stored_account_name
            from inburgering_desktop.store.engine import unlock_database

            db = unlock_database(path, passphrase=passphrase, ahead=ahead)
            try:
                # An older schema is migrated on the GUI thread (with its backup) before
                # anything is read; the window then loads the list itself.
                if db.schema_is_current():
                    self.summaries = register.summaries(db.read_register(), today)
                    self.account = stored_account_name(db)
            except BaseException:
                db.close()
                raise
            self.database = db
        except BaseException as exc:  # handed to the GUI thread, which reports it
            self._error = exc

    def result(self) -> Database:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self.database is not None
        return self.database


def warm_up(db: Database | None = None) -> threading.Thread:
    """Load SQLAlchemy, the models and the services on a background thread (and, given a
    database, open its first pooled connection), so that the first dossier opened does not wait
    for them. Daemon: quitting never waits for it."""

    def run() -> None:
        # A failure here is not reported: the same import or connection fails again where it is
        # really used, and is reported there, in context.
        with contextlib.suppress(Exception):
            import inburgering_desktop.services.dossiers
            import inburgering_desktop.services.letters
            import inburgering_desktop.services.settings  # noqa: F401

            if db is not None:
                db.warm_up()

    thread = threading.Thread(target=run, name="warm-up", daemon=True)
    thread.start()
    return thread


def open_or_create(
    path: Path, parent: QWidget | None = None, early: EarlyOpen | None = None
) -> AppContext | None:
    """An open database with its context, or None if the person stopped.

    No database at `path`: the first-run wizard. Otherwise `early` (the passphrase from the
    environment, already at work) or INBURGERING_PASSPHRASE if set, else the unlock dialog.
    Raises StoreError (AlreadyOpenError for a second instance, a wrong passphrase from the
    environment, ...) for the caller to report.
    """
    from PySide6.QtWidgets import QDialog

    from inburgering_desktop.store.engine import database_exists

    if early is not None:
        return _context(_wait_for(early), parent, account=early.account)
    # Taken out of the environment whatever happens next, so no child process inherits it.
    passphrase = os.environ.pop(PASSPHRASE_ENV, None)
    if not database_exists(path):
        # A new database is always made in the wizard: its recovery code must be seen.
        from inburgering_desktop.ui.first_run import FirstRunWizard

        wizard = FirstRunWizard(path, parent)
        _started()
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        return wizard.context

    if passphrase:
        database = _open_with_passphrase(path, passphrase)
    else:
        _refuse_if_open_elsewhere(path)
        from inburgering_desktop.ui.unlock import UnlockDialog

        warm_up()  # while the person types
        dialog = UnlockDialog(path, parent)
        _started()
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.database is None:
            return None
        database = dialog.database
    return _context(database, parent)


def _open_with_passphrase(path: Path, passphrase: str) -> Database:
    """Open with the passphrase from the environment, on the GUI thread with a busy cursor.

    Acceptable here, unlike anywhere later: no window exists yet that could freeze, and a
    worker plus a nested event loop would add nothing a person could notice or use.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from inburgering_desktop.store.engine import open_database

    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        return open_database(path, passphrase=passphrase)
    finally:
        QGuiApplication.restoreOverrideCursor()


def _wait_for(early: EarlyOpen) -> Database:
    """The early open's database, migrated first if its schema is older (the same busy cursor
    and reasoning as `_open_with_passphrase`)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from inburgering_desktop.store.engine import prepare_database

    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        database = early.result()
        if early.summaries is None:
            prepare_database(database)
        return database
    finally:
        QGuiApplication.restoreOverrideCursor()


def _refuse_if_open_elsewhere(path: Path) -> None:
    """AlreadyOpenError now, before the passphrase is asked, if another program has the database.

    Only a courtesy: the lock is let go again, and open_database takes it for real (a program
    starting in between is still refused there, in the unlock dialog).
    """
    from inburgering_desktop.store import paths
    from inburgering_desktop.store.lock import InstanceLock

    with InstanceLock(paths.normalize(path)):
        pass


def _context(database: Database, parent: QWidget | None, account: str = "") -> AppContext:
    """The context for `database`; `account` if already read, else read now."""
    from inburgering_desktop.services.context import AppContext, stored_account_name

    try:
        if database.recovery_key_to_show:
            _show_new_recovery_code(database.recovery_key_to_show, parent)
            database.recovery_key_to_show = None
        # Without a saved name (the first-run wizard was stopped early) the audit log gets the
        # computer's login name rather than nothing; Instellingen > Account sets the real one.
        return AppContext(
            db=database, account=account or stored_account_name(database) or _login_name()
        )
    except BaseException:
        database.close()
        raise


def _login_name() -> str:
    with contextlib.suppress(Exception):  # getpass raises various errors without a user name
        return getpass.getuser()
    return ""


def _show_new_recovery_code(code: str, parent: QWidget | None) -> None:
    """A recovery code the store made while finishing an interrupted re-key: shown once."""
    from inburgering_desktop.i18n import _

    if interactive():
        from inburgering_desktop.ui.passphrase_dialogs import RecoveryCodeDialog

        RecoveryCodeDialog(code, parent).exec()
        return
    # As the command line does on creation: whoever runs the program headless reads stderr.
    print(
        _("Nieuwe herstelcode (de vorige werkt niet meer); bewaar hem op een veilige plek:")
        + f"\n  {code}",
        file=sys.stderr,
    )


# --- the application ------------------------------------------------------------------------------


def _application(argv: list[str] | None) -> QApplication:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else None
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv)
    # Qt 6 handles high-DPI itself (scaling on, fractional factors passed through): nothing to
    # set. The names decide where QSettings keeps this computer's preferences.
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    from inburgering_desktop import __version__

    app.setApplicationVersion(__version__)
    return app


def apply_language(app: QApplication) -> None:
    """The language chosen in Instellingen, for our texts and Qt's own (buttons, dialogs)."""
    from inburgering_desktop import i18n
    from inburgering_desktop.ui.preferences import stored_language

    try:
        i18n.set_language(stored_language())
    except ValueError:  # a language whose catalog is gone: Dutch, the program's own
        i18n.set_language(i18n.SOURCE_LANGUAGE)
    i18n.install_qt_translator(app)


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Uncaught exceptions (a bug in a slot, say) reach the crash dialog, which writes a report
    without personal data; the program keeps running where Qt lets it."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    try:
        if interactive():
            from PySide6.QtWidgets import QApplication

            from inburgering_desktop.ui.errors import show_error

            show_error(QApplication.activeWindow(), exc, trace)
        else:
            from inburgering_desktop.i18n import _
            from inburgering_desktop.ui.errors import write_crash_report

            # Not the traceback itself: exception messages can hold personal data.
            report = write_crash_report(exc, trace)
            message = _("Interne fout ({kind}); verslag zonder persoonsgegevens: {path}")
            print(message.format(kind=exc_type.__name__, path=report), file=sys.stderr)
    except Exception:  # the crash dialog itself failed: Python's own output is all that is left
        sys.__excepthook__(exc_type, exc, tb)


def _import_core_before_qt() -> None:
    """Imports the modules the start needs (store, rules, register, catalogs) before PySide6.

    Once PySide6 is loaded, its import hook reads the source of every module imported after it
    (looking for `from __feature__ import ...`), which costs about a quarter more per module:
    a few dozen milliseconds for these.
    """
    import inburgering_desktop.domain.register
    import inburgering_desktop.i18n
    import inburgering_desktop.services.register
    import inburgering_desktop.store.engine  # noqa: F401


def _early_open(db_path: Path | None) -> EarlyOpen | None:
    """Starts unlocking with the passphrase from the environment, if there is one and a
    database to open; takes the passphrase out of the environment then."""
    from inburgering_desktop.store.paths import default_db_path, normalize

    path = normalize(db_path) if db_path is not None else default_db_path()
    if not os.environ.get(PASSPHRASE_ENV) or not path.is_file():
        return None
    return EarlyOpen(path, os.environ.pop(PASSPHRASE_ENV), dt.date.today())


def _started() -> None:
    """The start is over: what it loaded stays for the program's life, so it is moved out of
    the collector's sight (gc.freeze) and collection resumes."""
    gc.freeze()
    gc.enable()


def run_gui(db_path: Path | None = None, argv: list[str] | None = None) -> int:
    """Start the program with its window; returns the exit code (1: it could not start)."""
    # No cyclic garbage collection while starting: the start allocates hundreds of thousands
    # of long-lived objects (modules, Qt's enums, the register), and every full collection
    # would walk all of them again, for nothing: none of it is garbage. Frozen once the first
    # window shows, so later collections skip them too (see _started).
    gc.disable()
    try:
        return _run_gui(db_path, argv)
    finally:
        gc.enable()


def _run_gui(db_path: Path | None, argv: list[str] | None) -> int:
    from inburgering_desktop.store import keys  # noqa: F401  (the early thread's first need)

    early = _early_open(db_path)
    _import_core_before_qt()
    app = _application(argv)
    apply_language(app)
    from inburgering_desktop.ui.fonts import app_font, register_fonts

    register_fonts()
    app.setFont(app_font())

    previous_hook = sys.excepthook
    sys.excepthook = excepthook
    # The wizard or the unlock dialog may be the only window for a while; closing it must not
    # count as closing the program's last window once the main window's event loop runs.
    app.setQuitOnLastWindowClosed(False)
    try:
        from inburgering_desktop.i18n import _
        from inburgering_desktop.store.errors import StoreError
        from inburgering_desktop.store.paths import default_db_path

        path = Path(db_path) if db_path is not None else default_db_path()
        try:
            ctx = open_or_create(path, early=early)
        except StoreError as exc:
            notify(None, _("Inburgering Desktop"), _(exc.message))
            return 1
        if ctx is None:
            return 0
        try:
            from PySide6.QtCore import QTimer

            from inburgering_desktop.ui.main_window import MainWindow

            window = MainWindow(ctx, summaries=early.summaries if early else None)
            window.show()
            _started()
            # Once the window has painted and the consultant looks at it, not during its
            # first frames: the imports would compete with them for the interpreter.
            QTimer.singleShot(WARM_UP_DELAY_MS, lambda: warm_up(ctx.db))
            app.setQuitOnLastWindowClosed(True)
            return app.exec()
        finally:
            # Background jobs may still be using the database; let them finish, then close it
            # (which also releases the single-instance lock).
            from PySide6.QtCore import QThreadPool

            QThreadPool.globalInstance().waitForDone()
            ctx.db.close()
    finally:
        sys.excepthook = previous_hook
