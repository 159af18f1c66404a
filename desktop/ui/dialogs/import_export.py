"""File → Import contacts… (vCard, or LinkedIn, Google and Outlook CSV): the import runs
off the UI thread behind the
design system's progress panel (what is happening, a count, Cancel), then a
summary lists what was added, merged and skipped (with ``file:line`` reasons).
(File → Export… is ``export_dialog``.)

The service is injected (``service=``) so the flow can be tested with a fake
one; by default it is ``desktop.services.importing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from desktop.services.session import close_database
from desktop.ui import style
from desktop.ui.dialogs.common import describe, keep_open, show_error
from desktop.ui.style.progress import ProgressPanel
from desktop.ui.text import plain_label
from desktop.ui.workers import BackgroundOp

VCARD_SUFFIXES = (".vcf", ".vcard")
IMPORT_SUFFIXES = (*VCARD_SUFFIXES, ".csv")  # a CSV export of LinkedIn, Google Contacts or Outlook
IMPORT_FILTER = ("Contacts (*.vcf *.vcard *.csv *.VCF *.CSV);;vCard files (*.vcf *.vcard *.VCF);;"
                 "LinkedIn, Google or Outlook CSV (*.csv *.CSV);;All files (*)")  # fmt: skip
FEEDBACK_AFTER_MS = 200  # work shorter than this shows nothing; longer shows the progress panel


def import_paths_from_mime(mime: QMimeData) -> list[Path]:
    """The local .vcf, .vcard and .csv files among dropped URLs (the window's dragEnter/drop use it)."""
    out: list[Path] = []
    if mime is None or not mime.hasUrls():
        return out
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.suffix.lower() in IMPORT_SUFFIXES and path not in out:
            out.append(path)
    return out


def _importing_service():
    from desktop.services import importing

    return importing


def _show_failure(parent, title: str, message: str, exc: BaseException):
    """The message for an error meant for a person (or the database failing); anything else is a bug."""
    from desktop.ui import errors

    if errors.is_bug(exc):
        return errors.report_bug(exc, parent)
    return show_error(parent, title, message)


# --- import ---------------------------------------------------------------------


class ImportFlow(QObject):
    """One import: the progress panel, the work on a worker thread, then the summary.

    ``finished`` carries the report (None if the import failed); by then the
    summary (or the error message) is open and ``summary_dialog`` is set.
    ``cancelled`` is True only when the import was asked to stop (the person
    pressed Cancel, or the window closed): the panel closing at the end is not a cancel.
    """

    finished = Signal(object)

    def __init__(self, parent: QWidget | None, events, paths: Sequence[Path], *, service=None, region=None):
        super().__init__(parent)
        self.parent_widget = parent
        self.events = events
        self.paths = [Path(p) for p in paths]
        self.service = service or _importing_service()
        self.region = region
        self.report = None
        self.error: BaseException | None = None
        self.summary_dialog: ImportSummaryDialog | None = None
        self.progress_seen: list[tuple[int, int]] = []
        what = self.paths[0].name if len(self.paths) == 1 else f"{len(self.paths)} files"
        self.progress = ProgressPanel(parent, "Importing contacts", f"Reading {what}…",
                                      object_name="importProgressDialog")  # fmt: skip
        self.progress.cancel_requested.connect(self._on_progress_cancel_requested)
        self.op: BackgroundOp | None = None

    def start(self) -> ImportFlow:
        paths, region, service = list(self.paths), self.region, self.service

        def work(report):
            return service.import_files(paths, region=region, progress=report)

        # The registry of running work (desktop.ui.workers) keeps the op, and the op this flow, alive.
        self.op = (
            BackgroundOp(self, work, self._on_op_succeeded, name="import", writes=True)
            .failure(self._on_op_failed)
            .on_progress(self._on_op_progress)
            .on_thread_exit(close_database)
        )
        self.progress.show()
        self.op.run()
        return self

    def cancel(self) -> None:
        """Stop the import: the file in progress rolls back (Cancel, or the window closing)."""
        if self.op is not None:
            self.op.cancel()
        self.progress.set_status("Cancelling: rolling back the file in progress…")

    @property
    def cancelled(self) -> bool:
        return self.op is not None and self.op.cancelled

    def _on_progress_cancel_requested(self) -> None:
        self.cancel()

    def _on_op_progress(self, done: int, total: int) -> None:
        self.progress_seen.append((done, total))
        if self.cancelled:
            return
        self.progress.set_progress(done, total, "contacts")
        if total > 0:
            self.progress.set_status("Importing: new people are added, people you have are merged.")

    def _on_op_succeeded(self, report) -> None:
        self.report = report
        self.progress.finish()
        if self.events is not None:
            self.events.data_reset.emit()
        self.summary_dialog = keep_open(ImportSummaryDialog(self.parent_widget, report, cancelled=self.cancelled))
        self.finished.emit(report)

    def _on_op_failed(self, exc: BaseException) -> None:
        self.error = exc
        self.progress.finish()
        if self.events is not None:
            self.events.data_reset.emit()  # files before the failing one may have been imported
        self.error_box = _show_failure(self.parent_widget, "Import failed", f"The import stopped: {exc}", exc)
        self.finished.emit(None)


class ImportSummaryDialog(QDialog):
    """What an import did: counts, then every problem as ``file:line: reason`` in a read-only list."""

    def __init__(self, parent: QWidget | None, report, *, cancelled: bool = False):
        super().__init__(parent)
        self.setObjectName("importSummaryDialog")
        self.setWindowTitle("Import summary")
        self.setAccessibleName("Import summary")
        cancelled = cancelled or bool(getattr(report, "cancelled", False))
        heading = "Import cancelled: the file in progress was rolled back." if cancelled else "Import finished."
        self.heading = plain_label(heading, object_name="heading", wrap=True, type_step="subtitle")
        self.summary = plain_label(_summary_text(report), object_name="summary", wrap=True)
        counts = style.form()
        counts.setLabelAlignment(Qt.AlignLeft)
        self.count_labels: dict[str, QLabel] = {}
        for key, label in (("added", "Added:"), ("merged", "Merged:"), ("skipped", "Skipped:")):
            value = plain_label(f"{int(getattr(report, key, 0) or 0):,}")
            value.setObjectName(f"{key}Count")
            value.setAccessibleName(label.rstrip(":"))
            self.count_labels[key] = value
            counts.addRow(label, value)
        lines = [*getattr(report, "unreadable", []), *getattr(report, "problems", [])]
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("problems")
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.problems.setPlainText("\n".join(lines) if lines else "No problems.")
        describe(self.problems, "Problems", "Cards and files that were skipped, with file:line and the reason")
        problems_label = plain_label(f"Skipped cards or rows, and unreadable files ({len(lines):,}):")
        buttons = style.button_box(QDialogButtonBox.Close)
        close = buttons.button(QDialogButtonBox.Close)
        close.setDefault(True)
        describe(close, "Close", "Close the summary (Enter or Escape)")
        buttons.rejected.connect(self.accept)
        layout = style.dialog_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(counts)
        layout.addWidget(problems_label)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        style.size_dialog(self, 640, 440)
        close.setFocus()

    def problem_lines(self) -> list[str]:
        text = self.problems.toPlainText()
        return [] if text == "No problems." else text.splitlines()


def _summary_text(report) -> str:
    try:
        return str(report.summary())
    except Exception:
        return ""


def import_vcards(parent, events, paths=None, *, service=None) -> ImportFlow | None:
    """Ask for vCard or CSV files (unless ``paths`` is given) and import them off the UI thread.

    Returns the running flow (its ``finished`` signal carries the report), or
    None when no file was chosen.
    """
    if paths is None:
        chosen, _ = QFileDialog.getOpenFileNames(parent, "Import contacts", str(start_folder()), IMPORT_FILTER)
        paths = [Path(p) for p in chosen]
    if not paths:
        return None
    # region=None: import_files reads the person's region (the setting, else the locale).
    return ImportFlow(parent, events, paths, service=service, region=None).start()


def start_folder() -> Path:
    """Where a file dialog opens: the Documents folder, else Downloads, else home. A folder that does
    not exist must not be passed: Qt's own dialog then puts its name ("Documents") in the file name box."""
    for location in (QStandardPaths.DocumentsLocation, QStandardPaths.DownloadLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()
