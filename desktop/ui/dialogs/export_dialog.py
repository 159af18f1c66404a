"""File → Export…: vCard 3.0, vCard 4.0 or CSV, of all the contacts, the selected ones, or those the list
shows now (its search and filters: the same query, resolved in full by the service, not the rows the
list happens to have loaded), to a file name suggested in a folder that exists.

The file is written on a worker (``services.exporting.export``) behind the design system's feedback:
the status line and a busy cursor at once, the progress panel (a count, Cancel) when it takes longer
than 200 ms; a cancelled export leaves no file. The service is injected (``service=``) for tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QWidget,
)

from desktop.services.session import close_database
from desktop.ui import style
from desktop.ui.dialogs.common import ErrorLabel, describe, field_with_error, keep_open, show_error
from desktop.ui.dialogs.import_export import FEEDBACK_AFTER_MS, start_folder
from desktop.ui.style.progress import ProgressPanel
from desktop.ui.text import button
from desktop.ui.workers import BackgroundOp

ALL, SELECTED, SHOWN = "all", "selected", "shown"
FORMAT_NAMES = {"3.0": "vCard 3.0", "4.0": "vCard 4.0", "csv": "CSV"}
SUFFIXES = {"3.0": ".vcf", "4.0": ".vcf", "csv": ".csv"}
FILTERS = {".vcf": "vCard files (*.vcf)", ".csv": "CSV files (*.csv)"}


def _exporting_service():
    from desktop.services import exporting

    return exporting


def sanitize_file_name(name: str, fallback: str = "contacts") -> str:
    """A name that is safe as a file name on Windows, macOS and Linux (no extension added): the same rule
    as the command line's export, so a right-to-left override or a zero-width character in a contact's
    name cannot disguise the file ("Ada\u202egnp.exe" must not show as "Adaexe.png")."""
    from desktop.services.exporting import safe_filename

    return safe_filename(name, fallback)


def suggested_export_name(names: Sequence[str], today: dt.date | None = None, suffix: str = ".vcf") -> str:
    """One contact: their name; several: how many and the day; all: "Rapport contacts" and the day."""
    today = today or dt.date.today()
    if len(names) == 1:
        return sanitize_file_name(names[0]) + suffix
    if names:
        return sanitize_file_name(f"Rapport {len(names)} contacts {today.isoformat()}") + suffix
    return sanitize_file_name(f"Rapport contacts {today.isoformat()}") + suffix


def describe_query(query) -> str:
    """What a list query narrows to, in words ("matching “ller”, tag Clients"); "" when it shows everyone."""
    from desktop.domain.cadence import CIRCLE_LABELS
    from desktop.services.search import NO_CIRCLE, filter_options

    parts = []
    if query.text.strip():
        parts.append(f"matching “{query.text.strip()}”")
    if query.tag_id is not None or query.group_id is not None:
        options = filter_options()
        if query.tag_id is not None:
            parts.append(f"tag {dict(options.tags).get(query.tag_id, '?')}")
        if query.group_id is not None:
            parts.append(f"group {dict(options.groups).get(query.group_id, '?')}")
    if query.circle == NO_CIRCLE:
        parts.append("in no circle")
    elif query.circle:
        parts.append(f"circle {CIRCLE_LABELS.get(query.circle, query.circle)}")
    if query.only_archived:
        parts.append("archived")
    return ", ".join(parts)


class ExportDialog(QDialog):
    """Format, contacts, and where to save. ``shown`` is how many the list shows now and
    ``shown_words`` what it is narrowed to ("" when it shows everyone: the choice is then All)."""

    def __init__(self, parent: QWidget | None, selected: int = 0, total: int | None = None, shown: int | None = None,
                 shown_words: str = "", *, names: Sequence[str] = (), folder: Path | None = None,
                 today: dt.date | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export contacts")
        self.setAccessibleName("Export contacts")
        self._names, self._today = list(names), today

        fmt = QGroupBox("Format")
        self.v3 = QRadioButton("vCard &3.0: read by nearly every phone and program")
        self.v3.setObjectName("version30")
        describe(self.v3, "vCard 3.0", "The most widely read version")
        self.v4 = QRadioButton("vCard &4.0: newer, for apps that ask for it")
        self.v4.setObjectName("version40")
        describe(self.v4, "vCard 4.0", "The current standard; some older programs cannot read it")
        self.csv = QRadioButton("&CSV: a table for a spreadsheet (Excel, LibreOffice, Numbers)")
        self.csv.setObjectName("formatCsv")
        describe(self.csv, "CSV", "One row per contact; phones, emails and tags in one cell each")
        self.v3.setChecked(True)
        self._formats = QButtonGroup(self)
        fl = style.vbox(fmt, margins=style.Space.M, spacing=style.Space.S)
        for b in (self.v3, self.v4, self.csv):
            self._formats.addButton(b)
            fl.addWidget(b)
            b.toggled.connect(self._on_format_toggled)

        scope = QGroupBox("Contacts")
        self.all_button = QRadioButton("&All contacts" + (f" ({total:,})" if total is not None else ""))
        self.all_button.setObjectName("allContacts")
        describe(self.all_button, "All contacts", "Export every contact (not the trash)")
        self.selected_button = QRadioButton(f"The &selected contacts ({selected:,})")
        self.selected_button.setObjectName("selectedContacts")
        describe(self.selected_button, "Selected contacts", "Export only the contacts selected in the list")
        self.selected_button.setEnabled(selected > 0)
        shown_text = f"The contacts shown &now ({shown:,})" if shown is not None else "The contacts shown &now"
        self.shown_button = QRadioButton(shown_text + (f": {shown_words}" if shown_words else ""))
        self.shown_button.setObjectName("shownContacts")
        describe(self.shown_button, "Contacts shown now", "Export everyone the list's search and filters find, "
                 "not only the rows on screen" if shown_words else "The list shows every contact now")  # fmt: skip
        self.shown_button.setEnabled(bool(shown_words) and bool(shown))
        (self.selected_button if selected > 0 else self.all_button).setChecked(True)
        self._scope = QButtonGroup(self)
        sl = style.vbox(scope, margins=style.Space.M, spacing=style.Space.S)
        for b in (self.all_button, self.selected_button, self.shown_button):
            self._scope.addButton(b)
            sl.addWidget(b)
            b.toggled.connect(self._on_scope_toggled)

        where = QGroupBox("Save as")
        self.path_field = QLineEdit()
        self.path_field.setObjectName("exportPath")
        describe(self.path_field, "File", "Where the file goes; Choose… to pick a folder")
        self.path_error = ErrorLabel("path", self)
        self.path_field.textEdited.connect(self.path_error.clear_error)
        self.choose_button = button("Choose…", "folder", object_name="chooseButton", tip="Pick the folder and name")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        row = style.hbox(spacing=style.Space.S)
        row.addWidget(field_with_error(self.path_field, self.path_error), 1)
        row.addWidget(self.choose_button)
        wl = style.vbox(where, margins=style.Space.M, spacing=style.Space.S)
        wl.addLayout(row)
        self._folder = folder or start_folder()
        self._edited = False
        self.path_field.textEdited.connect(self._on_path_field_text_edited)
        self._suggest()

        buttons = style.button_box(QDialogButtonBox.Ok, QDialogButtonBox.Cancel)
        ok = buttons.button(QDialogButtonBox.Ok)
        ok.setIcon(style.icon("export"))
        ok.setText("Export")
        ok.setObjectName("okButton")
        ok.setDefault(True)
        self.ok_button = ok
        describe(ok, "Export", "Write the file (Enter)")
        describe(buttons.button(QDialogButtonBox.Cancel), "Cancel", "Do not export (Escape)")
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = style.dialog_layout(self)
        layout.addWidget(fmt)
        layout.addWidget(scope)
        layout.addWidget(where)
        layout.addWidget(buttons)
        style.size_dialog(self, 560)

    # --- what was chosen ---------------------------------------------------------------

    def format(self) -> str:
        return "csv" if self.csv.isChecked() else ("4.0" if self.v4.isChecked() else "3.0")

    def version(self) -> str:
        """The vCard version (3.0 for CSV: the command line's default)."""
        return "4.0" if self.v4.isChecked() else "3.0"

    def scope(self) -> str:
        return SELECTED if self.selected_button.isChecked() else (SHOWN if self.shown_button.isChecked() else ALL)

    def selected_only(self) -> bool:
        return self.scope() == SELECTED

    def path(self) -> Path:
        return Path(self.path_field.text().strip()).expanduser()

    # --- the file name -------------------------------------------------------------------

    def _suggest(self) -> None:
        """The suggested file: in the chosen folder, named for what is exported, ending as the format does."""
        suffix = SUFFIXES[self.format()]
        if self._edited:  # the person's own name: only its ending follows the format
            path = self.path()
            if path.suffix.lower() in (".vcf", ".csv"):
                self.path_field.setText(str(path.with_suffix(suffix)))
            return
        names = self._names if self.scope() == SELECTED else []
        self.path_field.setText(str(self._folder / suggested_export_name(names, self._today, suffix)))

    def _on_format_toggled(self, checked: bool) -> None:
        if checked:
            self._suggest()

    def _on_scope_toggled(self, checked: bool) -> None:
        if checked:
            self._suggest()

    def _on_path_field_text_edited(self, _text: str) -> None:
        self._edited = True

    def _on_choose_button_clicked(self) -> None:
        suffix = SUFFIXES[self.format()]
        chosen, _ = QFileDialog.getSaveFileName(self, "Export contacts", str(self.path()), FILTERS[suffix])
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != suffix:
                path = path.with_name(path.name + suffix)
            self._folder, self._edited = path.parent, True
            self.path_field.setText(str(path))
            self.path_error.clear_error()

    def _on_buttons_accepted(self) -> None:
        path = self.path()
        if not self.path_field.text().strip() or not path.name:
            self.path_error.show_error("Name the file to write.")
        elif not path.parent.is_dir():
            self.path_error.show_error(f"There is no folder {path.parent}: choose one that exists.")
        elif path.is_dir():
            self.path_error.show_error(f"{path} is a folder: add a file name.")
        elif not path.exists() or self._replace(path):
            self.accept()
            return
        self.path_field.setFocus()

    def _replace(self, path: Path) -> bool:
        box = style.message_box(self, QMessageBox.Question, "Export contacts", f"{path.name} exists already.",
                                QMessageBox.Cancel, informative="Replace it with this export?",
                                object_name="confirmReplace")  # fmt: skip
        replace = box.addButton("Replace", QMessageBox.AcceptRole)
        replace.setObjectName("replaceButton")
        style.decorate(box)
        box.exec()
        return box.clickedButton() is replace


class ExportFlow(QObject):
    """Writes the file on a worker; ``finished`` carries the count (None when it failed or was cancelled).
    ``query`` (a list query) is resolved to its contacts on the worker, in full."""

    finished = Signal(object)

    def __init__(self, parent, path: Path, fmt: str = "3.0", contact_ids=None, *, query=None, service=None):
        super().__init__(parent)
        self.parent_widget = parent
        self.path, self.fmt, self.contact_ids, self.query = Path(path), fmt, contact_ids, query
        self.service = service or _exporting_service()
        self.count: int | None = None
        self.error: BaseException | None = None
        self.message_box: QMessageBox | None = None
        self.op: BackgroundOp | None = None
        self.progress = ProgressPanel(parent, "Exporting contacts", f"Writing {self.path.name} "
                                      f"({FORMAT_NAMES.get(fmt, fmt)})…", object_name="exportProgressDialog")  # fmt: skip
        self.progress.cancel_requested.connect(self._on_progress_cancel_requested)
        self.busy = None
        if isinstance(parent, QWidget):
            self.busy = style.Busy(parent, f"Exporting to {self.path.name}…")

    def start(self) -> ExportFlow:
        path, fmt, ids, query, service = self.path, self.fmt, self.contact_ids, self.query, self.service

        def work(report):
            chosen = service.shown_ids(query) if query is not None else ids
            return service.export(path, fmt, contact_ids=chosen, progress=report)

        if self.busy is not None:
            self.busy.start()
        self.progress.show_after(FEEDBACK_AFTER_MS)
        self.op = (
            BackgroundOp(self, work, self._on_op_succeeded, name="export")
            .failure(self._on_op_failed)
            .on_progress(self._on_op_progress)
            .on_thread_exit(close_database)
            .run()
        )
        return self

    @property
    def cancelled(self) -> bool:
        return self.op is not None and self.op.cancelled

    def _on_progress_cancel_requested(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def _on_op_progress(self, done: int, total: int) -> None:
        if not self.cancelled:
            self.progress.set_progress(done, total, "contacts")

    def _end(self, message: str) -> None:
        self.progress.finish()
        if self.busy is not None:
            self.busy.done(message)

    def _on_op_succeeded(self, count) -> None:
        self.count = int(count or 0)
        noun = "contact" if self.count == 1 else "contacts"
        words = f"Exported {self.count:,} {noun} to {self.path}."
        self._end(words)
        self.message_box = keep_open(style.message_box(
            self.parent_widget, QMessageBox.Information, "Export finished", words, object_name="exportDoneMessage",
        ))  # fmt: skip
        self.finished.emit(self.count)

    def _on_op_failed(self, exc: BaseException) -> None:
        from desktop.ui import errors

        self.error = exc
        if self.cancelled:
            self._end("Export cancelled: no file was written.")
        else:
            self._end("")
            if errors.is_bug(exc):
                errors.report_bug(exc, self.parent_widget)
            else:
                self.error_box = show_error(self.parent_widget, "Export failed",
                                            f"The file could not be written: {exc}")  # fmt: skip
        self.finished.emit(None)


def export_contacts(parent, events=None, contact_ids=None, *, query=None, total: int | None = None,
                    shown: int | None = None, service=None, today: dt.date | None = None) -> ExportFlow | None:  # fmt: skip
    """Ask what to export and where (the dialog), then write it off the UI thread. ``contact_ids``: the
    list's selection; ``query``: what the list shows now, with ``shown`` its count. Returns the running
    flow, or None when the person cancelled."""
    ids = list(contact_ids or [])
    words = describe_query(query) if query is not None else ""
    if total is None:
        from desktop.services.contacts import count_contacts

        total = count_contacts()
    dialog = ExportDialog(parent, len(ids), total, shown, words, names=_names_of(ids), today=today)
    if not dialog.exec():
        return None
    scope = dialog.scope()
    return ExportFlow(parent, dialog.path(), dialog.format(), ids if scope == SELECTED else None,
                      query=query if scope == SHOWN else None, service=service).start()  # fmt: skip


def _names_of(ids: list[int]) -> list[str]:
    """The name of the one contact selected (it names the file), else one blank per contact."""
    if len(ids) != 1:
        return [""] * len(ids)
    from desktop.services.contacts import ContactNotFound, load_record

    try:
        return [load_record(ids[0]).data.display_name()]
    except ContactNotFound:
        return [""]
