"""How errors reach a person: a calm Dutch message for what they can fix, a crash report without
personal data for bugs."""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from inburgering_desktop import __version__
from inburgering_desktop.domain.validation import ValidationError
from inburgering_desktop.i18n import _
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from inburgering_desktop.store.errors import StoreError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str | None:
    """The translated message for an error the user can act on; None for a bug."""
    if isinstance(exc, ValidationFailed):
        return "\n".join(user_message(e) or "" for e in exc.errors)
    if isinstance(exc, ValidationError | ServiceError):
        return _(exc.message).format(**exc.params) if exc.params else _(exc.message)
    if isinstance(exc, StoreError):
        return _(exc.message)
    return None


def crash_report_dir() -> Path:
    from platformdirs import user_log_dir

    path = Path(user_log_dir("InburgeringDesktop", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def write_crash_report(exc: BaseException, trace: str) -> Path:
    """Only the exception type and the stack's file/line/function names: exception messages and
    local values can hold names or BSNs, so they are left out."""
    lines = [
        f"Inburgering Desktop {__version__}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        f"Time (UTC): {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}",
        f"Exception: {type(exc).__module__}.{type(exc).__qualname__}",
        "Stack:",
    ]
    lines += [ln for ln in trace.splitlines() if ln.startswith('  File "')]
    path = crash_report_dir() / f"crash-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def show_error(parent: QWidget | None, exc: BaseException, trace: str = "") -> None:
    message = user_message(exc)
    if message is not None:
        QMessageBox.warning(parent, _("Niet gelukt"), message)
        return
    log.error("unexpected error %s", type(exc).__qualname__)
    report = write_crash_report(exc, trace)
    QMessageBox.critical(
        parent,
        _("Er ging iets mis"),
        _(
            "Er ging iets onverwachts mis. Uw eerder opgeslagen gegevens zijn veilig. "
            "Een verslag zonder persoonsgegevens staat in:\n{path}"
        ).format(path=report),
    )
