"""Qt's side of start-up: the application object, the start-up probe and the smoke test.

desktop/app.py decides between the command line and the window; what needs
Qt to do it lives here, so Qt stays inside desktop/ui/.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, ORG_NAME, __version__


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("rapport")
    from desktop.ui.style import apply_theme

    apply_theme(app, "system")  # the Settings dialog applies the person's choice with the same call
    return app


def quit_when_shown(app, window) -> None:
    """--startup-probe: print one line once the window is exposed and painted, then quit (bench/bench_app.py times it)."""

    def check() -> None:
        handle = window.windowHandle()
        if handle is None or not handle.isExposed():
            QTimer.singleShot(1, check)
            return
        window.repaint()
        print("startup-probe: window shown", flush=True)
        app.quit()

    QTimer.singleShot(0, check)


def smoke_test(build_window: Callable) -> int:
    """Open the main window on a temporary database, show it, and quit: proves a build works."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application([])
    with tempfile.TemporaryDirectory(prefix="rapport-smoke-") as tmp:
        window = build_window(Path(tmp) / "smoke.sqlite3")
        window.show()
        shown = []
        QTimer.singleShot(0, lambda: (shown.append(window.isVisible()), app.quit()))
        app.exec()
        window.close()
        from desktop.services.session import close_database

        close_database()
    ok = bool(shown and shown[0])
    print("smoke test: window shown" if ok else "smoke test: the window did not show", file=sys.stderr)
    return 0 if ok else 1
