"""Render the window to PNG files for review: light and dark, the list with a contact page, the
welcome page, and each dialog once. ``python -m desktop.ui.screenshots OUTDIR``; with
``--screen`` on a real display, one grab of the whole screen with the window on it
(``xvfb-run -a -s "-screen 0 1400x900x24" python -m desktop.ui.screenshots OUTDIR --screen``).

Runs offscreen on a temporary database filled with the sample network; never
touches the user's data or settings.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

TODAY = dt.date(2026, 11, 22)


def _settings(tmp: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp / "settings.ini"), QSettings.IniFormat)


def _window(db: Path, tmp: Path):
    from desktop.services.session import open_database
    from desktop.ui.main_window import MainWindow

    open_database(db)
    return MainWindow(db, settings=_settings(tmp), today=lambda: TODAY)


def _wait_until_loaded(window, timeout_s: float = 20.0) -> None:
    """Today reads in a worker: wait for its rows, not its "Loading…"."""
    import time

    from PySide6.QtWidgets import QApplication, QWidget

    page = window.findChild(QWidget, "todayPage")
    if page is None:
        return
    deadline = time.monotonic() + timeout_s
    QApplication.processEvents()
    while page.loading and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _grab(widget, path: Path) -> Path:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    panel = getattr(widget, "list_panel", None)
    if panel is not None:
        panel.counts()  # the status bar count otherwise waits for a pause in the typing
        QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def _dialogs(window, out: Path, suffix: str) -> list[Path]:
    """Each dialog once, built (not executed) and grabbed; missing dialogs are skipped."""
    made: list[Path] = []
    cid = window.contact_page.contact_id
    try:
        from desktop.ui import dialogs
    except Exception:
        return made
    builders = [
        ("dialog-contact", lambda: dialogs.ContactDialog(window, window.events, cid)),
        ("dialog-new-contact", lambda: dialogs.ContactDialog(window, window.events, None)),
        ("dialog-log-interaction", lambda: dialogs.LogInteractionDialog(window, window.events, [cid])),
        ("dialog-log-exchange", lambda: dialogs.LogExchangeDialog(window, window.events, [cid])),
        ("dialog-introduction", lambda: dialogs.IntroductionDialog(window, window.events, cid)),
        ("dialog-export", lambda: dialogs.ExportDialog(window, 1, 60)),
        ("dialog-about", lambda: dialogs.AboutDialog(window)),
    ]
    for name, build in builders:
        try:
            d = build()
        except Exception as exc:  # a dialog still being written must not stop the gallery
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        d.show()
        made.append(_grab(d, out / f"{name}-{suffix}.png"))
        d.close()
        d.deleteLater()
    return made


def render(out: Path, with_dialogs: bool = True) -> list[Path]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desktop.ui.startup import make_application
    from desktop.services.sample import create_sample_network
    from desktop.services.session import close_database
    from desktop.ui import theme

    app = make_application([])
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="rapport-shots-") as tmp_name:
        tmp = Path(tmp_name)
        for dark in (False, True):
            suffix = "dark" if dark else "light"
            theme.apply_palette(app, dark)
            db = tmp / f"empty-{suffix}.sqlite3"
            w = _window(db, tmp)
            w.resize(1280, 800)
            w.show()
            made.append(_grab(w, out / f"welcome-{suffix}.png"))
            w.close()
            close_database()

            db = tmp / f"sample-{suffix}.sqlite3"
            from desktop.services.session import open_database

            open_database(db)
            create_sample_network(today=TODAY)
            w = _window(db, tmp)
            w.resize(1280, 800)
            w.show()
            w.show_page("contacts")  # the window lands on Today; the list shots come first
            w.list_panel.select_first()  # Amélie Laurent has every kind of entry
            w.list_panel.search_field.setText("amélie")
            w.list_panel.select_first()
            made.append(_grab(w, out / f"contact-{suffix}.png"))
            w.list_panel.search_field.setText("")
            w.list_panel.select_contact(10)
            made.append(_grab(w, out / f"list-{suffix}.png"))
            w.list_panel.search_field.setText("ller")
            made.append(_grab(w, out / f"search-{suffix}.png"))
            w.list_panel.search_field.setText("")
            w.list_panel.set_sort("balance")
            made.append(_grab(w, out / f"sort-balance-{suffix}.png"))
            w.list_panel.set_sort("name")
            for key in ("today", "network"):
                w.show_page(key)
                if key == "today":
                    _wait_until_loaded(w)
                made.append(_grab(w, out / f"{key}-{suffix}.png"))
            w.show_page("contacts")
            w.list_panel.select_contact(1)
            if with_dialogs:
                made += _dialogs(w, out, suffix)
            w.close()
            close_database()
    app.processEvents()
    return made


def render_screen(out: Path) -> Path:
    """On a real display (e.g. ``xvfb-run``): show the window, let the window system map and
    paint it, and grab the whole screen, frame and all."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.startup import make_application
    from desktop.services.sample import create_sample_network
    from desktop.services.session import close_database, open_database

    app = make_application([])
    out.mkdir(parents=True, exist_ok=True)
    path = out / "real-window.png"
    with tempfile.TemporaryDirectory(prefix="rapport-shots-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "sample.sqlite3"
        open_database(db)
        create_sample_network(today=TODAY)
        w = _window(db, tmp)
        w.setGeometry(40, 40, 1280, 800)
        w.show()
        w.list_panel.select_first()

        def shoot():
            w.list_panel.counts()
            app.processEvents()
            QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
            app.quit()

        QTimer.singleShot(1500, shoot)
        app.exec()
        w.close()
        close_database()
    return path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    screen = "--screen" in argv
    argv = [a for a in argv if a != "--screen"]
    out = Path(argv[0] if argv else "screenshots")
    if screen:
        print(render_screen(out))
        return 0
    for path in render(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
