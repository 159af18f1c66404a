"""File → Import contacts… (vCard, or LinkedIn, Google and Outlook CSV) and Export: the import runs
off the UI thread behind the
design system's progress panel (what is happening, a count, Cancel), then a
summary lists what was added, merged and skipped (with ``file:line`` reasons);
export asks for scope and version, then a file name.

The services are injected (``service=``) so the flow can be tested with a fake
one; by default they are ``desktop.services.importing`` / ``exporting``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
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


def _exporting_service():
    from desktop.services import exporting

    return exporting


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


# --- export ---------------------------------------------------------------------

def sanitize_file_name(name: str, fallback: str = "contacts") -> str:
    """A name that is safe as a file name on Windows, macOS and Linux (no extension added): the same rule
    as the command line's export, so a right-to-left override or a zero-width character in a contact's
    name cannot disguise the file ("Ada\u202egnp.exe" must not show as "Adaexe.png")."""
    from desktop.services.exporting import safe_filename

    return safe_filename(name, fallback)


def suggested_export_name(names: Sequence[str], today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    if len(names) == 1:
        return sanitize_file_name(names[0]) + ".vcf"
    if names:
        return sanitize_file_name(f"Rapport {len(names)} contacts {today.isoformat()}") + ".vcf"
    return sanitize_file_name(f"Rapport contacts {today.isoformat()}") + ".vcf"


class ExportDialog(QDialog):
    """All or the selected contacts; vCard 3.0 or 4.0."""

    def __init__(self, parent: QWidget | None, selected: int = 0, total: int | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export vCards")
        self.setAccessibleName("Export vCards")
        scope = QGroupBox("Contacts")
        self.all_button = QRadioButton("&All contacts" + (f" ({total:,})" if total is not None else ""))
        self.all_button.setObjectName("allContacts")
        describe(self.all_button, "All contacts", "Export every contact (not the trash)")
        self.selected_button = QRadioButton(f"The &selected contacts ({selected:,})")
        self.selected_button.setObjectName("selectedContacts")
        describe(self.selected_button, "Selected contacts", "Export only the contacts selected in the list")
        self.selected_button.setEnabled(selected > 0)
        (self.selected_button if selected > 0 else self.all_button).setChecked(True)
        sl = style.vbox(scope, margins=style.Space.M, spacing=style.Space.S)
        sl.addWidget(self.all_button)
        sl.addWidget(self.selected_button)
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.all_button)
        self._scope.addButton(self.selected_button)

        version = QGroupBox("Format")
        self.v3 = QRadioButton("vCard &3.0: read by nearly every phone and program")
        self.v3.setObjectName("version30")
        describe(self.v3, "vCard 3.0", "The most widely read version")
        self.v4 = QRadioButton("vCard &4.0: newer, for apps that ask for it")
        self.v4.setObjectName("version40")
        describe(self.v4, "vCard 4.0", "The current standard; some older programs cannot read it")
        self.v3.setChecked(True)
        vl = style.vbox(version, margins=style.Space.M, spacing=style.Space.S)
        vl.addWidget(self.v3)
        vl.addWidget(self.v4)
        self._version = QButtonGroup(self)
        self._version.addButton(self.v3)
        self._version.addButton(self.v4)

        buttons = style.button_box(QDialogButtonBox.Ok, QDialogButtonBox.Cancel)
        ok = buttons.button(QDialogButtonBox.Ok)
        ok.setIcon(style.icon("export"))
        ok.setText("Export…")
        ok.setObjectName("okButton")
        ok.setDefault(True)
        describe(ok, "Export", "Choose where to save (Enter)")
        describe(buttons.button(QDialogButtonBox.Cancel), "Cancel", "Do not export (Escape)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = style.dialog_layout(self)
        layout.addWidget(scope)
        layout.addWidget(version)
        layout.addWidget(buttons)
        style.size_dialog(self, 440)

    def version(self) -> str:
        return "4.0" if self.v4.isChecked() else "3.0"

    def selected_only(self) -> bool:
        return self.selected_button.isChecked()


class ExportFlow(QObject):
    """Writes the file on a worker thread behind a busy indicator; ``finished`` carries the count (None on failure)."""

    finished = Signal(object)

    def __init__(self, parent, events, path: Path, version: str, contact_ids, *, service=None):
        super().__init__(parent)
        self.parent_widget = parent
        self.path, self.version, self.contact_ids = Path(path), version, contact_ids
        self.service = service or _exporting_service()
        self.count: int | None = None
        self.error: BaseException | None = None
        self.message_box: QMessageBox | None = None
        self.progress = ProgressPanel(parent, "Exporting vCards", f"Writing {self.path.name}…", cancellable=False,
                                      object_name="exportProgressDialog")  # fmt: skip

    def start(self) -> ExportFlow:
        path, version, ids, service = self.path, self.version, self.contact_ids, self.service

        def work(_report):
            return service.export_contacts(path, version=version, contact_ids=ids)

        self.progress.show_after(FEEDBACK_AFTER_MS)
        self.op = BackgroundOp(self, work, self._on_op_succeeded, name="export").failure(self._on_op_failed)
        self.op.on_thread_exit(close_database).run()
        return self

    def _on_op_succeeded(self, count) -> None:
        self.count = int(count or 0)
        self.progress.finish()
        noun = "contact" if self.count == 1 else "contacts"
        self.message_box = keep_open(style.message_box(
            self.parent_widget, QMessageBox.Information, "Export finished",
            f"Exported {self.count:,} {noun} to {self.path}.", object_name="exportDoneMessage",
        ))  # fmt: skip
        self.finished.emit(self.count)

    def _on_op_failed(self, exc: BaseException) -> None:
        self.error = exc
        self.progress.finish()
        self.error_box = _show_failure(self.parent_widget, "Export failed", f"The file could not be written: {exc}", exc)
        self.finished.emit(None)


def export_vcards(
    parent, events, contact_ids=None, *, service=None, version: str | None = None, path: Path | None = None
) -> ExportFlow | None:
    """Export all or the given contacts: ask scope and version (unless ``version`` is given), then a file name.

    Returns the running flow, or None when the person cancelled.
    """
    ids = list(contact_ids or [])
    selected_only = bool(ids)
    if version is None:
        total = None
        try:
            from desktop.services.contacts import count_contacts

            total = count_contacts()
        except Exception:
            total = None
        dialog = ExportDialog(parent, len(ids), total)
        if not dialog.exec():
            return None
        version, selected_only = dialog.version(), dialog.selected_only()
    export_ids = ids if selected_only else None
    if path is None:
        names = _names_of(export_ids) if export_ids else []
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Export vCards", str(start_folder() / suggested_export_name(names)), "vCard files (*.vcf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in VCARD_SUFFIXES:
            path = path.with_name(path.name + ".vcf")
    return ExportFlow(parent, events, Path(path), version, export_ids, service=service).start()


def _names_of(ids: list[int]) -> list[str]:
    if len(ids) != 1:
        return [""] * len(ids)
    try:
        from desktop.services.contacts import load_record

        return [load_record(ids[0]).data.display_name()]
    except Exception:
        return [""]
