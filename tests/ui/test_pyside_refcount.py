"""Guards the PySide6 pin in pyproject.toml: PySide6 6.12.0 under Python 3.11 loses a reference
to None on every Qt call that returns nothing, and the process aborts once the count hits zero."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_the_reference_count_of_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("a")
    assert sys.getrefcount(None) - before > -10
