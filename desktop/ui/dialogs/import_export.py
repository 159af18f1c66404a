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
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPlainTextEdit,
    QWidget,
)

from desktop.services.session import close_database
from desktop.ui import style
from desktop.ui.dialogs.common import describe, keep_open, show_error
from desktop.ui.style.progress import ProgressPanel
from desktop.ui.text import muted_label, plain_label
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
        self.summary_dialog = keep_open(
            ImportSummaryDialog(self.parent_widget, report, cancelled=self.cancelled, paths=self.paths)
        )
        self.finished.emit(report)

    def _on_op_failed(self, exc: BaseException) -> None:
        self.error = exc
        self.progress.finish()
        if self.events is not None:
            self.events.data_reset.emit()  # files before the failing one may have been imported
        self.error_box = _show_failure(self.parent_widget, "Import failed", f"The import stopped: {exc}", exc)
        self.finished.emit(None)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did, each fact once: the counts, then the lines behind them."""

    added: int
    merged: int
    already: int  # cards seen before, or with nothing new for the contact they matched
    passed_over: int  # rows left out on purpose (LinkedIn's closed accounts: no one in them)
    failed: list[str]  # cards (rows) that could not be read: "FILE:LINE: reason"
    left_out: list[str]  # imported, with something left out
    warnings: list[str]  # imported whole, worth a look (a second ORG kept for export...)
    unreadable: list[str]  # files not imported at all: "FILE: reason"
    cancelled: bool
    noun: str  # "cards", "rows" or "cards or rows"

    @classmethod
    def of(cls, report, cancelled: bool = False, paths: Sequence[Path] = ()) -> ImportOutcome:
        """Read any import report (vCard or CSV, through the one import engine) by what it holds."""
        problems = list(getattr(report, "problems", []) or [])
        failed = list(getattr(report, "failed", []) or [])
        skipped = int(getattr(report, "skipped", 0) or 0)
        passed_over = int(getattr(report, "passed_over", 0) or 0)
        suffixes = {Path(p).suffix.lower() for p in paths}
        noun = "rows" if suffixes == {".csv"} else "cards or rows" if ".csv" in suffixes else "cards"
        return cls(
            added=int(getattr(report, "added", 0) or 0),
            merged=int(getattr(report, "merged", 0) or 0),
            already=max(0, skipped - len(failed) - passed_over),
            passed_over=passed_over,
            failed=failed,
            left_out=[p for p in problems if p not in set(failed)],
            warnings=list(getattr(report, "warnings", []) or []),
            unreadable=list(getattr(report, "unreadable", []) or []),
            cancelled=cancelled or bool(getattr(report, "cancelled", False)),
            noun=noun,
        )

    def heading(self) -> str:
        if self.cancelled:
            return "Import cancelled: the file in progress was rolled back; files finished before it stay imported."
        if not (self.added or self.merged):
            return "Nothing new was imported."
        return "Import finished."

    def sentence(self) -> str:
        """ "5,000 added · 12 merged into existing contacts · 3 already there · 2 cards could not be read"."""
        parts = []
        if self.added:
            parts.append(f"{self.added:,} added")
        if self.merged:
            parts.append(f"{self.merged:,} merged into existing contacts")
        if self.already:
            parts.append(f"{self.already:,} already there")
        if self.passed_over:
            n = self.passed_over
            parts.append(f"{n:,} closed account{'s' if n != 1 else ''} left out")
        if self.failed:
            one = self.noun.split(" or ")[0].rstrip("s") if len(self.failed) == 1 else self.noun
            parts.append(f"{len(self.failed):,} {one} could not be read")
        if self.unreadable:
            n = len(self.unreadable)
            parts.append(f"{n:,} file{'s' if n != 1 else ''} could not be read")
        return " · ".join(parts) if parts else "Nothing was imported"

    def sections(self) -> list[tuple[str, list[str]]]:
        """The lines behind the counts, by what happened to them (empty ones left out)."""
        found = [
            (f"Could not be read ({len(self.failed):,}): not imported", self.failed),
            (f"Files not imported ({len(self.unreadable):,})", self.unreadable),
            (f"Imported, with something left out ({len(self.left_out):,})", self.left_out),
            (f"Imported, worth a look ({len(self.warnings):,})", self.warnings),
        ]
        return [(title, lines) for title, lines in found if lines]


class ImportSummaryDialog(QDialog):
    """What an import did, said once: a heading (finished, or cancelled only when the person cancelled),
    one line of counts, then each card that could not be read, what was left out and the warnings,
    with ``file:line`` and the reason, in a read-only list that can be copied."""

    def __init__(self, parent: QWidget | None, report, *, cancelled: bool = False, paths: Sequence[Path] = ()):
        super().__init__(parent)
        self.setObjectName("importSummaryDialog")
        self.setWindowTitle("Import summary")
        self.setAccessibleName("Import summary")
        self.outcome = outcome = ImportOutcome.of(report, cancelled, paths)
        self.counts = {"added": outcome.added, "merged": outcome.merged, "already": outcome.already,
                       "passed_over": outcome.passed_over, "failed": len(outcome.failed),
                       "unreadable": len(outcome.unreadable)}  # fmt: skip
        self.heading = plain_label(outcome.heading(), object_name="heading", wrap=True, type_step="subtitle")
        if outcome.cancelled:
            self.heading.set_tone("warning")
        self.summary_line = plain_label(outcome.sentence(), object_name="summaryLine", wrap=True, type_step="strong")
        self.summary_line.setAccessibleName(outcome.sentence())
        self.sections = outcome.sections()
        text = "\n\n".join(f"{title}:\n" + "\n".join(lines) for title, lines in self.sections)
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("problems")
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.problems.setPlainText(text)
        describe(self.problems, "What to look at", "Each card or file with file:line and the reason, by what happened")
        self.all_read = muted_label("Everything was read whole.", object_name="allRead")
        buttons = style.button_box(QDialogButtonBox.Close)
        close = buttons.button(QDialogButtonBox.Close)
        close.setDefault(True)
        describe(close, "Close", "Close the summary (Enter or Escape)")
        buttons.rejected.connect(self.accept)
        layout = style.dialog_layout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary_line)
        layout.addWidget(self.all_read)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        # (Shown or hidden once in the dialog: a label shown before it has a parent is a window of its own.)
        self.problems.setVisible(bool(self.sections))
        self.all_read.setVisible(not self.sections and not outcome.cancelled)
        style.size_dialog(self, 640, 440 if self.sections else 0)
        close.setFocus()

    def problem_lines(self) -> list[str]:
        """Every line shown under the counts (file:line: reason), whatever its section."""
        return [line for _, lines in self.sections for line in lines]


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
