"""The one helper for work off the GUI thread (cf. Anki's aqt/operations).

A call runs `fn` on Qt's thread pool, shows a progress dialog when it takes longer than a moment,
and hands the result (or the error) back on the GUI thread. Widgets never start threads themselves.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")

# A dialog that flashes up for a fast operation is worse than none.
PROGRESS_DELAY_MS = 400


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


_running: set[_Signals] = set()


def run_in_background(
    parent: QWidget | None,
    fn: Callable[[], T],
    on_success: Callable[[T], None],
    *,
    on_error: Callable[[BaseException], None] | None = None,
    label: str | None = None,
) -> None:
    """Runs fn off the GUI thread; on_success/on_error are called on the GUI thread.

    Without on_error, errors go to ui.errors.show_error (Dutch message, or the crash dialog).
    """
    signals = _Signals()
    _running.add(signals)  # keep the QObject alive until the job reports back
    dialog: QProgressDialog | None = None
    timer: QTimer | None = None
    if label is not None:
        dialog = QProgressDialog(label, "", 0, 0, parent)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.reset()  # stays hidden until the timer shows it
        timer = QTimer(signals)
        timer.setSingleShot(True)
        timer.timeout.connect(dialog.show)
        timer.start(PROGRESS_DELAY_MS)

    def finish() -> None:
        if timer is not None:
            timer.stop()
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        _running.discard(signals)

    def parent_gone() -> bool:
        # The window that asked (a dialog closed meanwhile, say) may be deleted by now: its
        # progress dialog went with it, and there is nobody left to hand the result to.
        return parent is not None and not shiboken6.isValid(parent)

    def done(result: object) -> None:
        if parent_gone():
            _running.discard(signals)
            return
        finish()
        on_success(result)  # type: ignore[arg-type]

    def failed(exc: BaseException, trace: str) -> None:
        if parent_gone():
            _running.discard(signals)
            from inburgering_desktop.ui.errors import user_message, write_crash_report

            if user_message(exc) is None:  # a bug is still reported, a refusal needs no one
                write_crash_report(exc, trace)
            return
        finish()
        if on_error is not None:
            on_error(exc)
        else:
            from inburgering_desktop.ui.errors import show_error

            show_error(parent, exc, trace)

    signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
    signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(_Job(fn, signals))
