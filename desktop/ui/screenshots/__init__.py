"""Render every page and dialog to PNG files for review, light and dark, at 100% and 150% scale, one
folder per variant (``light-100``, ``dark-100``, ``light-150``, ``dark-150``), and check each for
cramped or clipped controls (``style.audit``): what it finds goes to ``layout-problems.txt``.

    python -m desktop.ui.screenshots OUTDIR            # every variant (a process per scale)
    python -m desktop.ui.screenshots OUTDIR --scale 1.25   # one scale, light and dark
    python -m desktop.ui.screenshots OUTDIR --audit-only   # no PNGs: print the layout problems as JSON

With ``--screen`` on a real display, one grab of the whole screen with the window on it
(``xvfb-run -a -s "-screen 0 1400x900x24" python -m desktop.ui.screenshots OUTDIR --screen``).

Runs offscreen on a temporary database filled with the sample network; never touches the user's
data or settings. Fonts come from fonts-dejavu-core.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop.ui.screenshots.common import SCALES, TODAY, WINDOW_SIZE, _settle, _window
from desktop.ui.screenshots.dialogs import _dialogs
from desktop.ui.screenshots.pages import _pages, _story_pages


# --- rendering ------------------------------------------------------------------------------------


def _shoot(name: str, show: Callable[[], object], out: Path | None, problems: dict[str, list[str]]) -> Path | None:
    """Show one page or dialog, check its layout (problems go into ``problems[name]``), grab it into ``out``."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from desktop.ui.style.audit import clipped

    widget = show()
    if isinstance(widget, (QDialog, QMessageBox)):
        widget.show()
    _settle(until=lambda: True)
    found = clipped(widget)
    if found:
        problems[name] = found
    path = None
    if out is not None:
        path = out / f"{name}.png"
        widget.grab().save(str(path))
    if isinstance(widget, (QDialog, QMessageBox)):
        widget.close()
        widget.deleteLater()
    return path


def render_variant(out: Path | None, dark: bool, tmp: Path) -> tuple[list[Path], dict[str, list[str]], list[str]]:
    """Every page and dialog in one theme at this process's scale; PNGs into ``out`` (None: audit only).
    Returns the PNGs, the layout problems by shot, and the names of the shots checked."""
    from desktop.services.sample import create_sample_network
    from desktop.services.session import close_database, open_database
    from desktop.ui import style
    from PySide6.QtWidgets import QApplication

    style.apply_theme(QApplication.instance(), "dark" if dark else "light")
    suffix = "dark" if dark else "light"
    made: list[Path | None] = []
    problems: dict[str, list[str]] = {}
    checked: list[str] = []
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)

    w = _window(tmp / f"empty-{suffix}.sqlite3", tmp)
    w.resize(*WINDOW_SIZE)
    w.show()
    made.append(_shoot("page-welcome", lambda: w, out, problems))
    feedback = w.welcome.busy("Creating a sample network: 60 people and two years of history…").start()
    made.append(_shoot("page-welcome-busy", lambda: w, out, problems))
    feedback.done()
    checked += ["page-welcome", "page-welcome-busy"]
    w.close()
    close_database()

    db = tmp / f"sample-{suffix}.sqlite3"
    open_database(db)
    create_sample_network(today=TODAY)
    w = _window(db, tmp)
    w.resize(*WINDOW_SIZE)
    w.show()
    for name, show in _pages(w):
        made.append(_shoot(name, show, out, problems))
        checked.append(name)
    for name, show in _story_pages(w):
        made.append(_shoot(name, show, out, problems))
        checked.append(name)
    w.show_page("contacts")
    w.list_panel.search_field.setText("")
    w.list_panel.select_contact(1)
    for name, show in _dialogs(w, tmp):
        made.append(_shoot(name, show, out, problems))
        checked.append(name)
    w.close()
    close_database()
    return [p for p in made if p is not None], problems, checked


def render_scale(out: Path | None, scale: float) -> dict[str, dict]:
    """Light and dark at the scale this process was started with (QT_SCALE_FACTOR); returns, by variant
    folder name, ``{"checked": [shot names], "problems": {shot: [problems]}}``."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desktop.ui.startup import make_application

    make_application([])
    pct = round(scale * 100)
    found: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="rapport-shots-") as tmp_name:
        for dark in (False, True):
            variant = f"{'dark' if dark else 'light'}-{pct}"
            tmp = Path(tmp_name) / variant
            tmp.mkdir()
            made, problems, checked = render_variant(out / variant if out is not None else None, dark, tmp)
            for path in made:
                print(path, flush=True)
            found[variant] = {"checked": checked, "problems": problems}
    return found


def run_scale(out: Path | None, scale: float) -> dict[str, dict]:
    """``render_scale`` in a process of its own: Qt reads QT_SCALE_FACTOR once, at start."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=str(scale))
    args = [sys.executable, "-m", "desktop.ui.screenshots", str(out) if out else "-", "--scale", str(scale)]
    if out is None:
        args.append("--audit-only")
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"screenshots at {scale}: exit {proc.returncode}\n{proc.stderr[-3000:]}")
    for line in proc.stdout.splitlines():
        if not line.startswith("{"):
            print(line, flush=True)
    return json.loads(lines[-1])


def problem_lines(found: dict[str, dict]) -> list[str]:
    return [f"{variant} {shot}: {p}" for variant, result in found.items()
            for shot, ps in result["problems"].items() for p in ps]  # fmt: skip


def render(out: Path) -> dict[str, dict]:
    """Every variant; writes ``layout-problems.txt`` beside the folders and returns what ``render_scale`` does."""
    out.mkdir(parents=True, exist_ok=True)
    found: dict[str, dict] = {}
    for scale in SCALES:
        found.update(run_scale(out, scale))
    lines = problem_lines(found)
    (out / "layout-problems.txt").write_text("\n".join(lines) + ("\n" if lines else "none\n"), encoding="utf-8")
    return found


def render_screen(out: Path) -> Path:
    """On a real display (e.g. ``xvfb-run``): show the window, let the window system map and
    paint it, and grab the whole screen, frame and all."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from desktop.services.sample import create_sample_network
    from desktop.services.session import close_database, open_database
    from desktop.ui.startup import make_application

    app = make_application([])
    out.mkdir(parents=True, exist_ok=True)
    path = out / "real-window.png"
    with tempfile.TemporaryDirectory(prefix="rapport-shots-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "sample.sqlite3"
        open_database(db)
        create_sample_network(today=TODAY)
        w = _window(db, tmp)
        w.setGeometry(40, 40, *WINDOW_SIZE)
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
    argv = sys.argv[1:] if argv is None else list(argv)
    flags = {a for a in argv if a in ("--screen", "--audit-only")}
    scale = None
    if "--scale" in argv:
        i = argv.index("--scale")
        scale = float(argv[i + 1])
        del argv[i : i + 2]
    rest = [a for a in argv if a not in flags]
    out = Path(rest[0] if rest else "screenshots")
    if "--screen" in flags:
        print(render_screen(out))
        return 0
    if scale is not None:  # one scale: in this process if it was started at that scale, else in a new one
        target = None if "--audit-only" in flags else out
        if os.environ.get("QT_SCALE_FACTOR") == str(scale):
            found = render_scale(target, scale)
        else:
            found = run_scale(target, scale)
        print(json.dumps(found), flush=True)
        return 0
    found = render(out)
    count = len(problem_lines(found))
    print(f"{count} layout problem{'s' if count != 1 else ''}: see {out / 'layout-problems.txt'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
