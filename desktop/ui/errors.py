"""What the window does with an error. One meant for a person (``RapportError``) is shown as it is,
in the form or a message box. Anything else is a bug: a dialog says so, with "Copy details" (the
traceback, for a bug report), and a line goes to a rotating log file beside the database.

The log holds no contact data: a bug's line names the exception's type and where it was raised (file,
line, function), never its message, which may quote a name, a note or an email address.
``install`` makes this the handler of every uncaught exception: Python's ``sys.excepthook``, which
PySide6 also calls for an exception raised in a slot; background ops report theirs here
(``desktop.ui.workers``).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.domain.errors import RapportError

log = logging.getLogger("desktop")
LOG_BYTES = 1_000_000
LOG_FILES = 3  # rapport.log and three older ones


def for_a_person(exc: BaseException) -> bool:
    """Whether ``str(exc)`` is a message meant for a person (else the error is a bug)."""
    return isinstance(exc, RapportError)


def is_bug(exc: BaseException) -> bool:
    """Neither meant for a person nor the machine failing (a damaged or locked database, a full disk,
    a file that cannot be read): a bug."""
    from desktop.services.session import DATABASE_ERRORS

    return not isinstance(exc, (RapportError, OSError, *DATABASE_ERRORS))


class _LogFile(logging.Handler):
    """A rotating log file (a few files of ~1 MB) made at the first line: a start that logs nothing
    creates no file and does not import logging.handlers (~8 ms, pickle and all)."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            import logging.handlers

            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = logging.handlers.RotatingFileHandler(self.path, maxBytes=LOG_BYTES, backupCount=LOG_FILES,
                                                              encoding="utf-8")  # fmt: skip
            self._file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def install(log_file: Path) -> None:
    """Log to ``log_file`` (rotating, a few files of ~1 MB) and report every uncaught exception."""
    log.addHandler(_LogFile(log_file))
    log.setLevel(logging.INFO)
    global _log_file
    _log_file = log_file
    sys.excepthook = _excepthook


_log_file: Path | None = None
_on_database_error = None


def send_database_errors_to(handler) -> None:
    """An uncaught damaged- or locked-database error goes to ``handler`` (the window's offer to restore
    the latest good backup), not to the bug dialog."""
    global _on_database_error
    _on_database_error = handler


def _excepthook(exc_type, exc, tb) -> None:
    from desktop.services.session import DATABASE_ERRORS

    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
    elif isinstance(exc, DATABASE_ERRORS) and _on_database_error is not None:
        log.warning("database error: %s", where(exc))
        _on_database_error(exc)
    else:
        report_bug(exc)


def where(exc: BaseException) -> str:
    """The exception's type and the frames it came through, innermost last: no message, no values."""
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ is not None else []
    at = " < ".join(f"{_short(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames[-8:]))
    return f"{type(exc).__module__}.{type(exc).__qualname__}" + (f" at {at}" if at else "")


def _short(filename: str) -> str:
    parts = Path(filename).parts
    return "/".join(parts[parts.index("desktop"):]) if "desktop" in parts else Path(filename).name


def details(exc: BaseException) -> str:
    """The whole traceback, message included: shown to the person, copied only if they choose."""
    text = getattr(exc, "__traceback_text__", None)  # an exception from a worker thread
    return text or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


_open: BugDialog | None = None


def report_bug(exc: BaseException, parent: QWidget | None = None) -> BugDialog | None:
    """Log a bug and show it (one dialog at a time: more bugs meanwhile are added to its details)."""
    global _open
    log.error("bug: %s", where(exc))
    if QApplication.instance() is None:
        print(details(exc), file=sys.stderr)
        return None
    if _open is not None:
        _open.add(details(exc))
        return _open
    from desktop.ui.dialogs.common import keep_open

    _open = BugDialog(parent or QApplication.activeWindow(), details(exc), _log_file)
    _open.finished.connect(_on_bug_dialog_finished)
    return keep_open(_open)


def _on_bug_dialog_finished(_result: int) -> None:
    global _open
    _open = None


class BugDialog(QDialog):
    """A bug, said plainly, with its details and a button that copies them."""

    def __init__(self, parent: QWidget | None, text: str, log_file: Path | None = None):
        super().__init__(parent)
        self.setObjectName("bugDialog")
        self.setWindowTitle("Something went wrong")
        self.setAccessibleName("Something went wrong")
        from desktop.ui import icons, style
        from desktop.ui.text import plain_label

        intro = plain_label(
            "Rapport met a problem it did not expect: a bug in Rapport, not something you did. "
            "What you were doing may not have been finished; a change is saved whole or not at all, "
            "so your contacts are as they were before it or after it."
            + (f"\n\nA line was written to {log_file}." if log_file is not None else ""),
            wrap=True,
        )
        self.details = QPlainTextEdit()
        self.details.setObjectName("bugDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.details.setPlainText(text)
        self.details.setAccessibleName("Details")
        self.details.setToolTip("What happened, for a bug report")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_button = buttons.addButton("&Copy details", QDialogButtonBox.ActionRole)
        self.copy_button.setObjectName("copyDetailsButton")
        self.copy_button.setIcon(icons.icon("copy"))
        self.copy_button.setAccessibleName("Copy details")
        self.copy_button.setToolTip("Put the details on the clipboard, to paste into a bug report")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.Close)
        close.setAccessibleName("Close")
        close.setToolTip("Close (Escape)")
        style.decorate(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 380)

    def add(self, text: str) -> None:
        self.details.appendPlainText("\n" + text)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")
