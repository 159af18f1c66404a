"""Slow work off the UI thread: the work runs in a QThread and never touches widgets;
its success, failure and progress callbacks run back on the UI thread.

After Anki's ``qt/aqt/operations`` (``QueryOp``): build a :class:`BackgroundOp`
with the work and a success callback, chain ``failure`` / ``on_progress``, then
``run()``. The work receives a ``report(done, total) -> bool`` callable; it
returns False once the user asked to cancel, so a service that takes a
``progress`` callable can stop (and roll back) at its next step.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

Report = Callable[[int, int], bool]

# Running operations, kept alive until their thread has finished (a QThread
# that is garbage-collected while running takes the process down).
_running: set[BackgroundOp] = set()


class _Thread(QThread):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, work: Callable[[Report], Any], cancel: threading.Event, cleanup: Callable[[], None] | None):
        super().__init__()
        self._work = work
        self._cancel = cancel
        self._cleanup = cleanup

    def _report(self, done: int, total: int) -> bool:
        self.progressed.emit(int(done), int(total))
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._work(self._report)
        except Exception as exc:  # handed to the failure callback on the UI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            if self._cleanup is not None:
                try:
                    self._cleanup()
                except Exception:
                    pass


class BackgroundOp(QObject):
    """One piece of work on a worker thread, with callbacks on the UI thread.

    ``finished`` is emitted (on the UI thread) after the success or failure
    callback has run: tests wait on it with ``qtbot.waitSignal``.
    """

    finished = Signal()

    def __init__(
        self,
        parent: QObject | None,
        work: Callable[[Report], Any],
        success: Callable[[Any], None] | None = None,
    ):
        super().__init__(parent)
        self._work = work
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: Callable[[int, int], None] | None = None
        self._cleanup: Callable[[], None] | None = None
        self._cancel = threading.Event()
        self._thread: _Thread | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp:
        self._failure = callback
        return self

    def on_progress(self, callback: Callable[[int, int], None]) -> BackgroundOp:
        self._progress = callback
        return self

    def on_thread_exit(self, callback: Callable[[], None]) -> BackgroundOp:
        """Run ``callback`` on the worker thread as it ends (e.g. to close that thread's database connection)."""
        self._cleanup = callback
        return self

    def run(self) -> BackgroundOp:
        thread = _Thread(self._work, self._cancel, self._cleanup)
        # Queued: the slots belong to this object, which lives on the UI thread.
        thread.succeeded.connect(self._on_thread_succeeded, Qt.QueuedConnection)
        thread.failed.connect(self._on_thread_failed, Qt.QueuedConnection)
        thread.progressed.connect(self._on_thread_progressed, Qt.QueuedConnection)
        self._thread = thread
        _running.add(self)
        thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop: its next ``report`` call returns False."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the thread has ended (for shutdown and tests)."""
        return self._thread.wait(msecs) if self._thread is not None else True

    @Slot(int, int)
    def _on_thread_progressed(self, done: int, total: int) -> None:
        if self._progress is not None and not self.done:
            self._progress(done, total)

    @Slot(object)
    def _on_thread_succeeded(self, result: Any) -> None:
        self.result = result
        self._finish(lambda: self._success(result) if self._success else None)

    @Slot(object)
    def _on_thread_failed(self, exc: BaseException) -> None:
        self.error = exc
        if self._failure is not None:
            self._finish(lambda: self._failure(exc))
        else:
            self._finish(lambda: _print_unhandled(exc))

    def _finish(self, callback: Callable[[], None]) -> None:
        self.done = True
        if self._thread is not None:
            self._thread.wait()
        try:
            callback()
        finally:
            _running.discard(self)
            self.finished.emit()


def _print_unhandled(exc: BaseException) -> None:
    import sys

    print(getattr(exc, "__traceback_text__", repr(exc)), file=sys.stderr)


def wait_for_all(msecs: int = 30000) -> None:
    """Wait for every running operation's thread (call before the application quits)."""
    for op in list(_running):
        op.wait(msecs)


def shutdown(msecs: int = 30000) -> None:
    """Ask every running operation to stop, then wait for the threads (the window's closeEvent)."""
    for op in list(_running):
        op.cancel()
    wait_for_all(msecs)


def running() -> int:
    """How many operations are under way (the window may ask before quitting)."""
    return len(_running)
