"""Shared test set-up: headless Qt, and no test ever touches the user's real files or settings."""

from __future__ import annotations

import os

# Before anything imports Qt (pytest-qt does so while configuring): without a display the
# default platform plugin aborts the whole run with "Fatal Python error: Aborted" and no hint.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

TEST_APP_NAME = "InburgeringDesktopTest"


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point HOME, the XDG directories and INBURGERING_DB at a fresh directory per test.

    platformdirs, Qt and our store all derive their paths from these, so a test can never
    read or overwrite the consultant's real database, settings or backups. The passphrase
    variable is removed: a value from the developer's shell must not unlock test databases
    by accident; tests that need one set it themselves. Yields that directory.
    """
    root = tmp_path_factory.mktemp("user")
    dirs = {
        "HOME": root / "home",
        "XDG_DATA_HOME": root / "data",
        "XDG_CONFIG_HOME": root / "config",
        "XDG_CACHE_HOME": root / "cache",
        "XDG_STATE_HOME": root / "state",
        "XDG_RUNTIME_DIR": root / "runtime",
    }
    for name, path in dirs.items():
        # Qt warns about a runtime dir that others may read.
        path.mkdir(mode=0o700)
        monkeypatch.setenv(name, str(path))
    monkeypatch.setenv("INBURGERING_DB", str(root / "data" / "inburgering.db"))
    monkeypatch.delenv("INBURGERING_PASSPHRASE", raising=False)
    if "PySide6.QtCore" in sys.modules:
        # Qt computes QSettings' default paths once per process, from XDG_CONFIG_HOME as it
        # was then; point them at this test's directory explicitly.
        from PySide6.QtCore import QSettings

        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
                QSettings.setPath(fmt, scope, str(dirs["XDG_CONFIG_HOME"]))
    yield root
    if "inburgering_desktop.i18n" in sys.modules:
        # The language is process-wide state: a test that switches to English must not
        # leave the next test in English.
        from inburgering_desktop import i18n

        i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture(scope="session")
def qapp(qapp: QApplication) -> QApplication:
    """pytest-qt's application, named like no real installation and using our fonts.

    The bundled fonts are registered and set as the application font, as the program does,
    so widgets render the same on a machine without any system fonts.
    """
    from inburgering_desktop.ui.fonts import app_font, register_fonts

    qapp.setOrganizationName(TEST_APP_NAME)
    qapp.setApplicationName(TEST_APP_NAME)
    register_fonts()
    qapp.setFont(app_font())
    return qapp
