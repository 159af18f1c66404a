"""Start-up: the command line when a command is given, else the window.

``build_window(db_path)`` is what tests, the smoke run and benchmarks use to
get a real main window on a database of their own.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _first_command(argv: list[str]) -> str | None:
    """The first word that is not an option (skipping the value of --db)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--db":
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def main(argv: list[str] | None = None) -> int:
    # In the frozen app, a spawned import worker re-runs this executable: let it become the worker.
    # (Only then is multiprocessing imported: it costs the window's start ~20 ms otherwise.)
    if getattr(sys, "frozen", False) and "--multiprocessing-fork" in sys.argv[1:2]:
        import multiprocessing

        multiprocessing.freeze_support()
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    from desktop import cli

    word = _first_command(argv)
    # (The parser is built only when a word was given: a plain start of the window does not pay for it.)
    if (word is not None and word in cli.command_names()) or (
        word is None and any(a in ("-h", "--help", "--version") for a in argv)
    ):
        return cli.run(argv)
    return run_gui(argv)


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rapport", description="Open the Rapport window.")
    p.add_argument("--db", metavar="PATH")
    p.add_argument("--smoke-test", action="store_true", help="open the window on a temporary database and quit")
    p.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)  # bench/bench_app.py
    p.add_argument("files", nargs="*", metavar="FILE.vcf", help="vCard files to import once the window is open")
    return p


NO_DISPLAY = (
    "rapport: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
    "run it on a desktop, under a virtual display (xvfb-run -a rapport), or use the command line "
    "(rapport --help)."
)


def no_display(environ=os.environ, platform: str = sys.platform) -> bool:
    """True where the window could not open: a Unix without an X11 or Wayland display and no Qt platform
    chosen. (Qt would abort there with a message about xcb-cursor0, which is not the cause.)"""
    if platform.startswith(("win", "darwin", "cygwin")):
        return False
    return not any(environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def build_window(db_path: Path | str, *, app=None):
    """Open the database at ``db_path`` and return the main window (not yet shown)."""
    from desktop.services.session import open_database
    from desktop.ui.main_window import MainWindow

    open_database(db_path)
    return MainWindow(Path(db_path))


def run_gui(argv: list[str]) -> int:
    args, unknown = _gui_parser().parse_known_args(argv)
    # A word that is neither a command nor a vCard file is a mistyped command, not a file to open.
    unknown += [f for f in args.files if Path(f).suffix.lower() not in (".vcf", ".vcard") and not Path(f).is_file()]
    if unknown:
        print(f"rapport: unknown option or command: {' '.join(unknown)} (see rapport --help)", file=sys.stderr)
        return 1
    if args.smoke_test:
        from desktop.ui.startup import smoke_test

        return smoke_test(build_window)
    # Checked before any QApplication is made: without a display Qt aborts the process.
    if no_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from desktop.paths import database_path, log_path
    from desktop.ui import errors, single_instance, trust
    from desktop.ui.startup import make_application, quit_when_shown

    app = make_application([])
    db_path = database_path(args.db)
    # A bug anywhere (a slot, a worker's callback) gets a dialog with its details and a line in the log.
    errors.install(log_path(db_path))
    # Already open on this database: that window comes to the front and imports the files instead.
    instance = single_instance.claim(db_path, [Path(f) for f in args.files])
    if instance is None:
        print("rapport: already open on this database; its window was brought to the front", file=sys.stderr)
        return 0
    # A damaged file offers the latest good backup (kept aside, never overwritten) before giving up.
    window = trust.open_with_recovery(build_window, db_path, defer_backup=True)
    if window is None:
        return 1
    errors.send_database_errors_to(window.data_safety.recover_from_damage)
    from desktop.ui.dialogs.settings_dialog import apply_theme

    apply_theme()  # the person's theme (Settings → Appearance), kept in the database
    window.show()
    # The day's backup reads every page (~1.5 s on 100,000 contacts): a worker thread makes it once
    # the window has had time to paint, instead of the start waiting for it.
    window.data_safety.start_daily_backup(DAILY_BACKUP_DELAY_MS)
    window.sync.start_schedule(SYNC_DELAY_MS)  # CardDAV: a sync once the window shows, then every 15 min
    single_instance.attach(instance, window)
    if os.environ.get("RAPPORT_TEST_CONTROL"):  # test-only: tests/e2e/test_real_process.py drives the window
        from desktop.ui import test_control

        test_control.listen(window, os.environ["RAPPORT_TEST_CONTROL"])
    if args.startup_probe:
        quit_when_shown(app, window)
    if args.files:
        window.import_files([Path(f) for f in args.files])
    return app.exec()


DAILY_BACKUP_DELAY_MS = 2000
SYNC_DELAY_MS = 3000
