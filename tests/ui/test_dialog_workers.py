"""The background-operation runner: work off the UI thread, callbacks on it, cancel."""

from __future__ import annotations

import threading

from desktop.ui import workers
from desktop.ui.workers import BackgroundOp


def test_success_and_progress_run_on_the_ui_thread(qtbot):
    ui = threading.get_ident()
    seen = {}

    def work(report):
        seen["work"] = threading.get_ident()
        for i in range(3):
            report(i + 1, 3)
        return 42

    op = BackgroundOp(None, work, lambda r: seen.setdefault("success", (r, threading.get_ident())))
    op.on_progress(lambda d, t: seen.setdefault("progress", []).append((d, t, threading.get_ident() == ui)))
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
    assert seen["work"] != ui
    assert seen["success"] == (42, ui)
    assert seen["progress"] == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert workers.running() == 0


def test_failure_callback_gets_the_exception(qtbot):
    got = []
    op = BackgroundOp(None, lambda report: 1 / 0).failure(got.append)
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.run()
    assert isinstance(got[0], ZeroDivisionError) and op.error is got[0]


def test_cancel_makes_report_return_false_and_cleanup_runs_on_the_worker(qtbot):
    started, answers, cleanup = threading.Event(), [], []
    release = threading.Event()

    def work(report):
        started.set()
        release.wait(5)
        answers.append(report(1, 2))
        return "stopped"

    op = BackgroundOp(None, work).on_thread_exit(lambda: cleanup.append(threading.get_ident()))
    op.run()
    assert started.wait(5)
    op.cancel()
    release.set()
    with qtbot.waitSignal(op.finished, timeout=5000):
        pass
    assert answers == [False] and op.cancelled and op.result == "stopped"
    assert cleanup and cleanup[0] != threading.get_ident()
