"""Baseline: a bare PySide6 QMainWindow, shown and quit (STACK.md: ≈0.16 s here)."""

import resource
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 800)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
