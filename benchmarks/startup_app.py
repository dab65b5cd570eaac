"""The real start: open the encrypted database (key derivation included), build the main window
and wait until the register list holds every dossier; then quit. Prints peak RSS in KiB."""

import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from inburgering_desktop import i18n
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.settings import get_account_name
from inburgering_desktop.store import engine
from inburgering_desktop.ui.fonts import app_font, register_fonts

expected = int(sys.argv[1])
app = QApplication(sys.argv[:1])
i18n.set_language("nl")
register_fonts()
app.setFont(app_font())
db = engine.open_database(
    Path(os.environ["INBURGERING_DB"]), passphrase=os.environ["INBURGERING_PASSPHRASE"]
)
ctx = AppContext(db=db, account="")
ctx.account = get_account_name(ctx) or "Benchmark"

from inburgering_desktop.ui.main_window import MainWindow  # noqa: E402

window = MainWindow(ctx)
window.resize(1400, 900)
window.show()


def loaded() -> None:
    got = window.dossier_list.model.total_count
    if got < expected:
        print(f"expected {expected} dossiers, got {got}", file=sys.stderr)
        app.exit(1)
    else:
        app.quit()


window.list_loaded.connect(loaded)
app.exec()
db.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
