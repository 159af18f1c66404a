"""Quick feedback for anything that takes more than about 200 ms: a spinner, a busy cursor, a message
in the window's status bar, and the controls that started the work disabled until it ends.

Work on a worker thread (the usual case)::

    feedback = Busy(page, "Reading the network…", spinner=page.spinner, controls=[page.refresh_button])
    feedback.start()
    BackgroundOp(page, work, lambda result: (feedback.done(), page.show(result))).run()

Work that has to stay on the UI thread (it returns a value the caller needs at once)::

    with Busy(window, "Creating a sample network…", controls=[button]):
        create_sample_network()

``start()`` paints the feedback before it returns, so it shows even though the UI thread is busy
right after (a spinner only turns while the event loop runs, the message and cursor show regardless).
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSizePolicy, QWidget

from desktop.ui.style.scale import Space


class Spinner(QWidget):
    """An indeterminate spinner, as tall as a line of text; hidden while stopped."""

    def __init__(self, parent: QWidget | None = None, size: int = 0):
        super().__init__(parent)
        self.setObjectName("spinner")
        self.setAccessibleName("Working")
        self._size = size
        self._angle = 0
        self._timer = QTimer(self)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.setVisible(False)

    def sizeHint(self) -> QSize:  # noqa: N802
        side = self._size or self.fontMetrics().height() + Space.XS
        return QSize(side, side)

    def is_spinning(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.setVisible(True)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.setVisible(False)

    def _on_timer_timeout(self) -> None:
        self._angle = (self._angle + 30) % 360
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        side = min(self.width(), self.height())
        pen_w = max(2.0, side / 9)
        r = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side).adjusted(
            pen_w, pen_w, -pen_w, -pen_w
        )
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        track = self.palette().color(QPalette.Mid)
        p.setPen(QPen(track, pen_w))
        p.drawEllipse(r)
        p.setPen(QPen(self.palette().color(QPalette.Highlight), pen_w, Qt.SolidLine, Qt.RoundCap))
        p.drawArc(r, -self._angle * 16, 100 * 16)
        p.end()


class Busy:
    """Feedback for one piece of work; see the module note. Reusable as a context manager."""

    def __init__(self, widget: QWidget, message: str, *, spinner: Spinner | None = None,
                 label: QLabel | None = None, controls: Iterable[QWidget] = ()):  # fmt: skip
        self.widget = widget
        self.message = message
        self.spinner = spinner
        self.label = label
        self.controls = list(controls)
        self._was_enabled: list[tuple[QWidget, bool]] = []
        self.active = False

    def _status_bar(self):
        window = self.widget.window()
        return window.statusBar() if isinstance(window, QMainWindow) else None

    def start(self) -> Busy:
        if self.active:
            return self
        self.active = True
        QApplication.setOverrideCursor(Qt.BusyCursor)
        bar = self._status_bar()
        if bar is not None:
            bar.showMessage(self.message)
        if self.label is not None:
            self.label.setText(self.message)
            self.label.setVisible(True)
        if self.spinner is not None:
            self.spinner.start()
        self._was_enabled = [(w, w.isEnabled()) for w in self.controls]
        for w in self.controls:
            w.setEnabled(False)
        # Paint now: the caller may keep the UI thread busy right after this returns.
        self.widget.window().repaint()
        return self

    def done(self, message: str = "", timeout_ms: int = 8000) -> None:
        """End the feedback; ``message`` (if any) stays in the status bar for ``timeout_ms``."""
        if not self.active:
            return
        self.active = False
        QApplication.restoreOverrideCursor()
        if self.spinner is not None:
            self.spinner.stop()
        if self.label is not None:
            self.label.setText("")
            self.label.setVisible(False)
        for w, enabled in self._was_enabled:
            if shiboken6.isValid(w):  # the page may have gone while the work ran
                w.setEnabled(enabled)
        bar = self._status_bar()
        if bar is not None:
            if message:
                bar.showMessage(message, timeout_ms)
            elif bar.currentMessage() == self.message:
                bar.clearMessage()

    def __enter__(self) -> Busy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.done()
