"""The main window at scale: prints launch time, search keystroke latency, memory after scrolling the
whole list, and the time to open a contact with 1,000 timeline entries, on a 100,000-contact database.

    python bench/bench_ui.py [--db bench/out/ui-100k.sqlite3]

The database is made once by bench/make_db.py and cached under bench/out/.
Everything runs offscreen on copies of nothing the user owns; settings go to
a temporary file. Targets (issue 3): window <= 0.5 s, keystroke <= 16 ms
median / <= 50 ms p95, RSS <= 200 MB, open contact <= 50 ms. The list with photos (issue 12) is
measured on a copy where every tenth contact has one, against the same screens with initials only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Queries typed a character at a time, as people look for someone.
QUERIES = ["müller", "garcia", "anna", "jo", "ødegård", "okafor", "zhang wei", "acme", "5551", "kim 12", "ller", "benchmark"]

LAUNCH_CHILD = r"""
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtCore import QSettings
from desktop.ui.startup import make_application
from desktop.storage.db import open_database
from desktop.ui.main_window import MainWindow
app = make_application([])
open_database({db!r})
w = MainWindow(Path({db!r}), settings=QSettings({ini!r}, QSettings.IniFormat))
w.show()
app.processEvents()
print(f"{{time.perf_counter() - t0:.4f}}")
w.close()
"""

BARE_CHILD = r"""
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.show(); app.processEvents()
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        print(int(line.split()[1]) // 1024)
"""


def rss_mb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def launch(db: Path, tmp: Path, runs: int = 3) -> tuple[float, float]:
    """(wall seconds from spawning python to the window shown, seconds measured inside the child), best of runs."""
    walls, insides = [], []
    for n in range(runs):
        code = LAUNCH_CHILD.format(root=str(ROOT), db=str(db), ini=str(tmp / f"launch{n}.ini"))
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
        wall = time.perf_counter() - t0
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        insides.append(float(out.stdout.strip().splitlines()[-1]))
        walls.append(wall)
    return min(walls), min(insides)


def _jpeg(n: int) -> bytes:
    """A small phone-like photo (160 px, ~5 KB JPEG), a different colour per n."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QPainter

    img = QImage(160, 160, QImage.Format_RGB32)
    img.fill(QColor.fromHsv(n * 37 % 360, 120, 220))
    p = QPainter(img)
    p.setBrush(QColor.fromHsv(n * 53 % 360, 160, 120))
    p.drawEllipse(40, 30, 80, 90)
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    img.save(buf, "JPEG", 80)
    return bytes(data)


def photos(app, db: Path, tmp: Path, every: int = 10) -> None:
    """The list with photos (every ``every``th contact has one, on a copy of the database): a screen
    painted with photos against the same screen with initials only (the baseline), scrolling through
    the list, and memory."""
    import shutil
    import sqlite3

    from PySide6.QtCore import QSettings

    from desktop.storage.db import close_database, open_database
    from desktop.ui.main_window import MainWindow
    from desktop.ui.widgets.avatar import photo_cache

    copy = tmp / "photos.sqlite3"
    shutil.copy(db, copy)
    conn = sqlite3.connect(copy)
    blobs = [_jpeg(n) for n in range(50)]
    ids = [r[0] for r in conn.execute(f"SELECT id FROM contact WHERE id % {every} = 0")]
    conn.executemany("INSERT OR REPLACE INTO contact_photo (contact_id, data, mime) VALUES (?, ?, 'image/jpeg')",
                     [(cid, blobs[cid % 50]) for cid in ids])  # fmt: skip
    conn.execute(f"UPDATE contact SET has_photo = 1 WHERE id % {every} = 0")
    conn.commit()
    conn.close()
    open_database(copy)
    w = MainWindow(copy, settings=QSettings(str(tmp / "photos.ini"), QSettings.IniFormat))
    w.resize(1280, 800)
    w.show()
    w.show_page("contacts")
    app.processEvents()
    panel = w.list_panel
    view, bar = panel.view, panel.view.verticalScrollBar()
    for shown in (False, True):
        panel.delegate.photos = shown
        photo_cache().clear()
        panel.model.set_query(panel.current_query())
        app.processEvents()
        paints, waits = [], []
        t_all = time.perf_counter()
        for screen in range(60):  # 60 screens down the list, each painted as the scroll lands there
            bar.setValue(screen * bar.pageStep())
            t0 = time.perf_counter()
            view.viewport().repaint()
            paints.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            while shown and photo_cache().is_waiting():  # the photos read on a worker come in
                app.processEvents()
            waits.append((time.perf_counter() - t0) * 1000)
            app.processEvents()
            view.viewport().repaint()
        total = time.perf_counter() - t_all
        what = f"with photos ({len(ids):,} of the contacts have one)" if shown else "initials only (baseline)"
        print(f"list screen painted, {what}: median {statistics.median(paints):.1f} ms, p95 {pct(paints, 95):.1f} ms"
              + (f"; photos in after median {statistics.median(waits):.0f} ms, p95 {pct(waits, 95):.0f} ms" if shown else "")
              + f" (60 screens: {total:.1f} s)")  # fmt: skip
    t0 = time.perf_counter()
    while panel.model.canFetchMore():
        bar.setValue(bar.maximum())
        app.processEvents()
    print(f"  scrolling to the end with photos: {time.perf_counter() - t0:.1f} s; resident memory {rss_mb()} MB")
    w.close()
    close_database()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "ui-100k.sqlite3")
    args = p.parse_args(argv)
    if not args.db.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_db.py"), "--out", str(args.db)], check=True)

    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp_name:
        tmp = Path(tmp_name)
        from desktop.storage.db import close_database, open_database

        empty = tmp / "empty.sqlite3"
        open_database(empty)
        close_database()
        wall_empty, in_empty = launch(empty, tmp)
        wall_big, in_big = launch(args.db, tmp)
        print(f"window shown after launch (100,000 contacts): {wall_big:.3f} s wall, {in_big:.3f} s after interpreter start")
        print(f"  baseline, empty database:                    {wall_empty:.3f} s wall, {in_empty:.3f} s after interpreter start")

        bare = subprocess.run([sys.executable, "-c", BARE_CHILD], capture_output=True, text=True)
        bare_rss = int(bare.stdout.strip() or 0)

        from PySide6.QtCore import QEvent, QSettings, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        from desktop.ui.startup import make_application
        from desktop.ui.main_window import MainWindow

        app = make_application([])
        open_database(args.db)
        w = MainWindow(args.db, settings=QSettings(str(tmp / "bench.ini"), QSettings.IniFormat))
        w.resize(1280, 800)
        w.show()
        app.processEvents()
        field = w.list_panel.search_field
        field.setFocus()

        # Each keystroke: the key event to the search field, the list reset, and the repaint.
        times: list[float] = []
        cpu: list[float] = []
        typed: list[str] = []
        count_times: list[float] = []
        for q in QUERIES:
            field.clear()
            app.processEvents()
            for ch in q:
                t0, c0 = time.perf_counter(), time.process_time()
                QApplication.sendEvent(field, QKeyEvent(QEvent.KeyPress, Qt.Key_unknown, Qt.NoModifier, ch))
                w.list_panel.view.viewport().repaint()
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                typed.append(field.text())
            # The status bar count runs after a pause in the typing; time it too.
            t0 = time.perf_counter()
            w.list_panel.counts()
            count_times.append((time.perf_counter() - t0) * 1000)
        print(
            f"search keystroke to updated list: median {statistics.median(times):.1f} ms, "
            f"p95 {pct(times, 95):.1f} ms, max {max(times):.1f} ms ({len(times)} keystrokes, {len(QUERIES)} queries)"
        )
        print(f"  CPU time of the same (what this process used; the machine is shared): median {statistics.median(cpu):.1f} ms, p95 {pct(cpu, 95):.1f} ms")
        worst = sorted(zip(times, typed), reverse=True)[:5]
        print("  slowest: " + ", ".join(f"{t!r} {ms:.0f} ms" for ms, t in worst))
        print(
            f"  count for the status bar (after a {w.list_panel.COUNT_DELAY_MS} ms pause): "
            f"median {statistics.median(count_times):.1f} ms, p95 {pct(count_times, 95):.1f} ms"
        )
        field.clear()
        app.processEvents()

        # Scroll the whole list, as a person dragging the scroll bar to the end again and again.
        t0 = time.perf_counter()
        view = w.list_panel.view
        bar = view.verticalScrollBar()
        while w.list_panel.model.canFetchMore():
            bar.setValue(bar.maximum())
            app.processEvents()
        scroll_s = time.perf_counter() - t0
        rows = w.list_panel.model.rowCount()
        print(
            f"resident memory after scrolling all {rows:,} rows: {rss_mb()} MB "
            f"(bare QApplication: {bare_rss} MB; scrolling took {scroll_s:.1f} s)"
        )

        # Open the contact with 1,000 timeline entries (id 1), including the paint.
        from desktop.services import timeline

        n_entries = len(timeline.timeline(1))
        opens, open_cpu = [], []
        for _ in range(7):
            w.contact_page.clear()
            app.processEvents()
            t0, c0 = time.perf_counter(), time.process_time()
            w.contact_page.show_contact(1)
            app.processEvents()
            w.contact_page.repaint()
            opens.append((time.perf_counter() - t0) * 1000)
            open_cpu.append((time.process_time() - c0) * 1000)
        print(
            f"open a contact with {n_entries:,} timeline entries: median {statistics.median(opens):.1f} ms, "
            f"max {max(opens):.1f} ms (CPU median {statistics.median(open_cpu):.1f} ms)"
        )

        # The contact page's reads alone (no widgets): what show_contact asks the services.
        from desktop.services import contact_extras, contacts

        reads = []
        for _ in range(7):
            t0 = time.perf_counter()
            contacts.load_record(1)
            contact_extras.contact_extras(1)
            entries = timeline.timeline(1)
            timeline.meter(1, None, entries)
            reads.append((time.perf_counter() - t0) * 1000)
        print(f"  of which the reads (record, extras, timeline, meter): median {statistics.median(reads):.1f} ms")

        # Browsing sorts other than name are computed once when chosen.
        for key in ("last_contact", "balance", "added", "name"):
            t0 = time.perf_counter()
            w.list_panel.set_sort(key)
            view.viewport().repaint()
            print(f"sort by {key}: {(time.perf_counter() - t0) * 1000:.0f} ms")
        w.close()
        close_database()
        photos(app, args.db, tmp)
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
