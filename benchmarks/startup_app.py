"""The real start, through `run_gui` as `inburgering-desktop` runs it: the passphrase from the
environment (key derivation included), the lock, migrations check, the main window, until the
register list holds every dossier; then quit. Prints peak RSS in KiB."""

import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inburgering_desktop import app as app_module  # imports nothing heavy

expected = int(sys.argv[1])
make_application = app_module._application


def _application_with_probe(argv):  # type: ignore[no-untyped-def]
    """run_gui's own QApplication, plus a timer that quits once the list is complete."""
    from PySide6.QtCore import QTimer

    qt = make_application(argv)

    def probe() -> None:
        for widget in qt.topLevelWidgets():
            model = getattr(getattr(widget, "dossier_list", None), "model", None)
            if model is not None and model.total_count >= expected:
                qt.quit()
                return
        QTimer.singleShot(2, probe)

    QTimer.singleShot(0, probe)
    return qt


app_module._application = _application_with_probe
code = app_module.run_gui(None, sys.argv[:1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
