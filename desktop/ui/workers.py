"""Slow work off the UI thread, and the one registry of the work under way.

After Anki's ``qt/aqt/operations`` (``QueryOp``): a :class:`BackgroundOp` runs its work in a QThread
that never touches widgets; its success, failure and progress callbacks run back on the UI thread.
Build one with the work and a success callback, chain ``failure`` / ``on_progress``, then ``run()``.
The work receives a ``report(done, total) -> bool`` callable; it returns False once someone asked to
cancel, so a service that takes a ``progress`` callable can stop (and roll back) at its next step.

``read(...)`` and ``write(...)`` are the usual shapes: the work's thread closes its database
connection as it ends, and a write marks the work as changing data (Edit → Undo waits for it).

Every op is in :func:`registry` from ``run()`` until its callback has run: nothing else keeps its
own list. The window's close (and a restore from backup) cancels and joins them all before the
database closes, and tests wait on it (``registry().finished``, ``running()``).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

Report = Callable[[int, int], bool]


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


class Registry(QObject):
    """The work under way: every BackgroundOp from ``run()`` until its callback has run."""

    started = Signal(object)  # the op
    finished = Signal(object)  # the op, after its callback ran
    writes_changed = Signal(bool)  # whether some work that changes data is under way

    def __init__(self):
        super().__init__()
        self._ops: list[BackgroundOp] = []

    def ops(self, name: str | None = None) -> list[BackgroundOp]:
        """The ops under way (those called ``name``), oldest first."""
        return [op for op in self._ops if name is None or op.name == name]

    def writing(self) -> bool:
        return any(op.writes for op in self._ops)

    def _add(self, op: BackgroundOp) -> None:
        was = self.writing()
        self._ops.append(op)
        self.started.emit(op)
        if self.writing() != was:
            self.writes_changed.emit(not was)

    def _remove(self, op: BackgroundOp) -> None:
        was = self.writing()
        if op in self._ops:
            self._ops.remove(op)
        self.finished.emit(op)
        if self.writing() != was:
            self.writes_changed.emit(not was)

    def shutdown(self, msecs: int = 30000) -> None:
        """Ask every op to stop, then wait for their threads: before the database closes or is replaced.
        Their callbacks still run later, on the UI thread."""
        for op in list(self._ops):
            op.cancel()
        self.wait_for_all(msecs)

    def wait_for_all(self, msecs: int = 30000) -> None:
        for op in list(self._ops):
            op.wait(msecs)


_registry: Registry | None = None


def registry() -> Registry:
    """The one registry (made with the first op; it joins every thread when the application quits)."""
    global _registry
    if _registry is None:
        _registry = Registry()
        app = QCoreApplication.instance()
        if app is not None:
            # A QThread still running when Python exits takes the process down.
            app.aboutToQuit.connect(_registry.shutdown)
    return _registry


class BackgroundOp(QObject):
    """One piece of work on a worker thread, with callbacks on the UI thread.

    ``finished`` is emitted (on the UI thread) after the success or failure callback has run: tests
    wait on it with ``qtbot.waitSignal``. ``name`` says what it is (tests and the registry look ops up
    by it); ``writes`` that it changes data.

    ``owner`` (the widget whose methods the callbacks usually are) is kept alive while the work runs,
    but is not the op's Qt parent: the registry owns the op, and a callback whose owner went away
    meanwhile (a closed dialog) is skipped.
    """

    finished = Signal()
    cancel_requested = Signal()

    def __init__(
        self,
        owner: QObject | None,
        work: Callable[[Report], Any],
        success: Callable[[Any], None] | None = None,
        *,
        name: str = "",
        writes: bool = False,
    ):
        super().__init__(None)
        self.owner = owner
        self._work = work
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: Callable[[int, int], None] | None = None
        self._cleanup: Callable[[], None] | None = None
        self._cancel = threading.Event()
        self._thread: _Thread | None = None
        self.name = name
        self.writes = writes
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
        registry()._add(self)
        thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop: its next ``report`` call returns False."""
        if not self._cancel.is_set():
            self._cancel.set()
            self.cancel_requested.emit()

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
            self._finish(lambda: _report_bug(exc))

    def _finish(self, callback: Callable[[], None]) -> None:
        self.done = True
        if self._thread is not None:
            self._thread.wait()
        try:
            if self.owner is None or shiboken6.isValid(self.owner):
                callback()
        except Exception as exc:  # a bug in a callback: reported, and the op still ends
            _report_bug(exc)
        finally:
            registry()._remove(self)
            self.finished.emit()


def _report_bug(exc: BaseException) -> None:
    from desktop.ui import errors

    errors.report_bug(exc)


def read(
    owner: QObject | None,
    work: Callable[[], Any],
    success: Callable[[Any], None],
    failure: Callable[[BaseException], None] | None = None,
    *,
    name: str = "read",
) -> BackgroundOp:
    """Read on a worker thread (``work()`` returns plain values, never widgets); ``success(result)`` on
    the UI thread. Its connection closes as the thread ends. Returns the running op."""
    return _start(owner, lambda _report: work(), success, failure, name, writes=False)


def write(
    owner: QObject | None,
    work: Callable[[], Any],
    success: Callable[[Any], None],
    failure: Callable[[BaseException], None] | None = None,
    *,
    name: str = "write",
) -> BackgroundOp:
    """``read`` for a change: Edit → Undo and Redo wait until it is done (its journal entry is then there)."""
    return _start(owner, lambda _report: work(), success, failure, name, writes=True)


def _start(owner, work, success, failure, name: str, *, writes: bool) -> BackgroundOp:
    from desktop.services.session import close_database

    op = BackgroundOp(owner, work, success, name=name, writes=writes)
    if failure is not None:
        op.failure(failure)
    return op.on_thread_exit(close_database).run()  # Peewee keeps a connection per thread


class Reader(QObject):
    """The reads of one page or dialog, one at a time. ``request(work)`` starts a read; asked while one
    runs, it waits for it and runs after, and only the newest request's result is shown (an older one
    is dropped). ``done(result)`` or ``failed(exc)`` runs on the UI thread, then ``loaded``."""

    loaded = Signal()

    def __init__(self, owner: QObject, done: Callable[[Any], None], failed: Callable[[BaseException], None],
                 *, name: str = "read"):  # fmt: skip
        super().__init__(owner)
        self._owner = owner
        self._done = done
        self._failed = failed
        self._name = name
        self.op: BackgroundOp | None = None
        self._pending: Callable[[], Any] | None = None

    @property
    def loading(self) -> bool:
        return self.op is not None

    def request(self, work: Callable[[], Any]) -> None:
        if self.op is not None:
            self._pending = work
            return
        self.op = read(self._owner, work, self._on_read, self._on_failed, name=self._name)

    def _next(self) -> bool:
        self.op = None
        if self._pending is None:
            return False
        work, self._pending = self._pending, None
        self.request(work)
        return True

    def _on_read(self, result: Any) -> None:
        if not self._next():
            self._done(result)
            self.loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        if not self._next():
            self._failed(exc)
            self.loaded.emit()


def wait_for_all(msecs: int = 30000) -> None:
    """Wait for every running operation's thread (tests: no work may outlive the test's database)."""
    registry().wait_for_all(msecs)


def shutdown(msecs: int = 30000) -> None:
    """Ask every running operation to stop, then wait for the threads (the window's closeEvent)."""
    registry().shutdown(msecs)


def running() -> int:
    """How many operations are under way."""
    return len(registry().ops())
