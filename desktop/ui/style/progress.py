"""The progress panel for long work: what is happening, a bar, a count ("1,250 of 4,000"), and Cancel.

Unlike QProgressDialog, closing it from code is not a cancel: ``cancel_requested`` is emitted only when
the person asks (the Cancel button, Escape, or closing the panel's window), once, and
``cancel_pressed`` stays True afterwards. The work's owner calls ``finish()`` when the work ends, which
closes the panel without a word about cancelling. (QProgressDialog emits ``canceled`` when it is
closed by code: that made every finished import report "Import cancelled".)

    panel = ProgressPanel(parent, "Importing vCards", "Reading the vCard files…")
    panel.cancel_requested.connect(op.cancel)
    panel.show()
    ... panel.set_progress(done, total)  # from the worker's progress callback
    panel.finish()
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressBar, QWidget

from desktop.ui.style.buttons import decorate
from desktop.ui.style.scale import Space, dialog_layout, hbox, size_dialog

WIDTH_CHARS = 46  # wide enough for "Importing: 12,345 of 100,000 cards" and a file name


class ProgressPanel(QDialog):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, title: str, status: str = "", *, cancellable: bool = True,
                 object_name: str = "progressPanel"):  # fmt: skip
        super().__init__(parent)
        from desktop.ui.text import heading, muted_label, plain_label

        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModal)
        self.cancellable = cancellable
        self.cancel_pressed = False
        self.finished_by_code = False
        self._closing_quietly = False
        self._show_timer: QTimer | None = None

        self.title_label = heading(title, "subtitle", object_name="progressTitle")
        self.status_label = plain_label(status, object_name="progressStatus", wrap=True)
        self.status_label.setAccessibleName("What is happening")
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        self.bar.setAccessibleName(title)
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.count_label = muted_label("", object_name="progressCount")
        self.count_label.setAccessibleName("Progress")
        self.count_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)

        layout = dialog_layout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.count_label)
        self.buttons = QDialogButtonBox()
        self.cancel_button = None
        if cancellable:
            self.cancel_button = self.buttons.addButton(QDialogButtonBox.Cancel)
            self.cancel_button.setObjectName("cancelButton")
            self.cancel_button.setText("Cancel")
            self.cancel_button.setAccessibleName("Cancel")
            self.cancel_button.setToolTip("Stop the work; what was not finished is rolled back (Escape)")
            self.cancel_button.clicked.connect(self.request_cancel)
            decorate(self.buttons)
        row = hbox(spacing=Space.S)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        size_dialog(self, self.fontMetrics().averageCharWidth() * WIDTH_CHARS + 2 * Space.L)

    # --- what the work's owner calls -----------------------------------------------------

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def set_progress(self, done: int, total: int, noun: str = "") -> None:
        """``done`` of ``total`` (a total of 0 or less shows a busy bar and no count)."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(max(0, min(done, total)))
            self.count_label.setText(f"{done:,} of {total:,}" + (f" {noun}" if noun else ""))
        else:
            self.bar.setRange(0, 0)
            self.count_label.setText("")

    def show_after(self, msecs: int) -> None:
        """Show the panel only if the work is still going after ``msecs`` (quick work shows nothing)."""
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(lambda: None if self.finished_by_code else self.show())
        self._show_timer.start(msecs)

    def finish(self) -> None:
        """The work ended (done, failed, or stopped after a cancel): close without it counting as a cancel."""
        self.finished_by_code = True
        if self._show_timer is not None:
            self._show_timer.stop()
        self.close()

    # --- what the person does -----------------------------------------------------------

    def request_cancel(self) -> None:
        """The person asked to stop: tell the owner once, and say so while the work winds down."""
        if not self.cancellable or self.cancel_pressed or self.finished_by_code:
            return
        self.cancel_pressed = True
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)
        self.set_status("Cancelling…")
        self.cancel_requested.emit()

    def reject(self) -> None:
        """Escape: a request to cancel; the panel stays until the work has stopped and calls finish().
        (QDialog also calls reject() when it is closed: from code, that only hides the panel.)"""
        if self.finished_by_code or self._closing_quietly:
            super().reject()
        else:
            self.request_cancel()

    def closeEvent(self, event) -> None:  # noqa: N802
        if event.spontaneous() and not self.finished_by_code:  # the window's close button: the person's
            self.request_cancel()
            event.ignore()
            return
        self._closing_quietly = True  # closed by code, with or without finish(): never a cancel
        try:
            super().closeEvent(event)
        finally:
            self._closing_quietly = False
