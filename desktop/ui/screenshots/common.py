"""What every screenshot shares: the day they are taken, the window on a temporary database, waiting
for workers to finish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

TODAY = dt.date(2026, 11, 22)
SCALES = (1.0, 1.5)
WINDOW_SIZE = (1280, 800)


def _settings(tmp: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp / "settings.ini"), QSettings.IniFormat)


def _window(db: Path, tmp: Path):
    from desktop.services.session import open_database
    from desktop.ui.main_window import MainWindow

    open_database(db)
    return MainWindow(db, settings=_settings(tmp), today=lambda: TODAY)


def _settle(timeout_s: float = 20.0, until: Callable[[], bool] = lambda: True) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    QApplication.processEvents()
    while not until() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(3):  # what the last events posted (a label's new text asks its layout for room)
        QApplication.processEvents()


def _wait_until_loaded(window) -> None:
    """Today reads in a worker: wait for its rows, not its "Loading…"."""
    from PySide6.QtWidgets import QWidget

    page = window.findChild(QWidget, "todayPage")
    if page is not None:
        _settle(until=lambda: not page.loading)


# --- what is shown ------------------------------------------------------------------------------

Shot = tuple[str, Callable[[], object]]  # a name, and a function that shows it and returns the widget
