"""The main window as the window tests open it: on the test's database, with a settings file of its own in
the test's folder and, when given, a fixed today.

``open_window`` opens one; ``windows`` is the body of a test module's fixture that may open several (a
second window on the same file, as after a restart): every one is closed afterwards and the background
work it started is finished before the database closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.ui import workers
from desktop.ui.main_window import MainWindow


def open_window(
    qtbot,
    db_path: Path,
    tmp_path: Path,
    today: dt.date | None = None,
    *,
    page: str | None = None,
    active: bool = False,
    size: tuple[int, int] | None = None,
    journal: bool = False,
    settings: QSettings | None = None,
) -> MainWindow:
    """Open and show the window. ``active``: made the active window (shortcuts go to it only); ``page``:
    the page shown; ``size``: its size; ``journal``: wait until the undo history has read its journal;
    ``settings``: the test's own (it reads back what the window saved), else a file in ``tmp_path``."""
    settings = settings or QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    w = MainWindow(db_path, settings=settings, **({"today": lambda: today} if today else {}))
    qtbot.addWidget(w)
    if size:
        w.resize(*size)
    w.show()
    if active:
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    if page:
        w.show_page(page)
    if journal:
        qtbot.waitUntil(lambda: not w.history.loading, timeout=10000)  # the journal is read on a worker
    return w


@contextmanager
def windows(qtbot, db_path: Path, tmp_path: Path, today: dt.date | None = None, **how) -> Iterator:
    """Yield ``make(**more)``, which opens a window as ``open_window`` does with ``how`` (and ``more``)."""
    made: list[MainWindow] = []

    def make(**more) -> MainWindow:
        w = open_window(qtbot, db_path, tmp_path, today, **{**how, **more})
        made.append(w)
        return w

    try:
        yield make
    finally:
        for w in made:
            w.close()
        workers.wait_for_all()


def list_names(w: MainWindow) -> list[str]:
    """The names the contact list shows, in its order."""
    m = w.list_panel.model
    return [m.index(r, 0).data() for r in range(m.rowCount())]


def in_modal(name: str, handle) -> None:
    """Run ``handle(dialog)`` on the next modal window called ``name``, once it shows (it runs its own
    loop, so the test arms this before the action that opens it)."""

    def look():
        modal = QApplication.activeModalWidget()
        if modal is None or modal.objectName() != name:
            QTimer.singleShot(10, look)
            return
        handle(modal)

    QTimer.singleShot(0, look)


def undo_text(w: MainWindow) -> str:
    """What Edit → Undo says it will undo ("&Undo delete of Ada Lovelace")."""
    return w.action_set["undoAction"].text()
