"""What every form shares: inline error messages under fields, accessible names and
tooltips, keyboard submission, and the design system's layout and button icons (money is
desktop.domain.money)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLayout,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import RapportError
from desktop.ui import style
from desktop.ui.text import PlainLabel

DATE_FORMAT = "d MMM yyyy"


def describe(widget: QWidget, name: str, tip: str = "") -> QWidget:
    """Give a control its accessible name and a tooltip (every control has both)."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip or name)
    return widget


class ErrorLabel(PlainLabel):
    """The message under a field, in the theme's error colour; hidden while there is nothing to say."""

    def __init__(self, field_name: str, parent: QWidget | None = None):
        super().__init__("", parent, tone="error")
        self.setObjectName(f"error_{field_name}")
        self.setWordWrap(True)
        self.setAccessibleName(f"Problem with {field_name.replace('_', ' ')}")
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setToolTip(message)
        self.setVisible(bool(message))

    def clear_error(self) -> None:
        self.show_error("")


def field_with_error(field: QWidget, error: ErrorLabel) -> QWidget:
    """The field with its error line right beneath it, for a form row."""
    box = QWidget()
    # Never taller than the field and its message: extra room in a dialog goes to its notes, not here.
    box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
    layout = style.vbox(box, spacing=style.Space.XXS)
    layout.addWidget(field)
    layout.addWidget(error)
    box.setFocusProxy(field)
    return box


def multiline(name: str, tip: str, height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab leaves the box: keyboard-first forms
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(max(height * 2, 120))
    describe(edit, name, tip + " (Ctrl+Enter saves)")
    return edit


class DateEdit(QDateEdit):
    """A date field that Tab leaves at once (Left/Right move between day, month and year)."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        return QWidget.focusNextPrevChild(self, next)


def date_edit(name: str, tip: str, value: QDate | None = None) -> QDateEdit:
    edit = DateEdit(value or QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    describe(edit, name, tip + " (Alt+Down opens the calendar)")
    return edit


class FormDialog(QDialog):
    """A dialog with OK/Cancel: Enter submits, Escape cancels, Ctrl+Enter submits from a notes box.

    Subclasses implement ``submit()`` which validates, calls the service and
    returns True when the dialog may close; on a problem it shows the message
    under the field, focuses the field and returns False.
    """

    ok_text = "Save"

    def __init__(self, parent: QWidget | None, events, object_name: str, title: str):
        super().__init__(parent)
        self.events = events
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._errors: list[ErrorLabel] = []
        self.buttons = style.button_box(QDialogButtonBox.Ok, QDialogButtonBox.Cancel)
        self.buttons.setObjectName("buttons")
        self.ok_button = self.buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText(self.ok_text)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.ok_button.setAutoDefault(True)
        describe(self.ok_button, self.ok_text, f"{self.ok_text} (Enter)")
        cancel = self.buttons.button(QDialogButtonBox.Cancel)
        cancel.setObjectName("cancelButton")
        cancel.setAutoDefault(False)
        describe(cancel, "Cancel", "Close without saving (Escape)")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self._on_buttons_accepted)
        self.form_error = ErrorLabel("form", self)  # a problem that belongs to no single field

    def lay_out(self, *parts: QWidget | QLayout) -> QVBoxLayout:
        """The dialog's layout on the design system's scale: ``parts`` (forms, tabs...) then the
        form-wide error line and the buttons."""
        layout = style.dialog_layout(self)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        return layout

    def tab_chain(self) -> list[QWidget]:
        """The fields in Tab order; empty keeps Qt's own order (creation order and setTabOrder)."""
        return []

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        # An explicit chain: setTabOrder across composite widgets (pickers, date edits) proved unreliable.
        chain = [
            w for w in [*self.tab_chain(), self.ok_button, self.buttons.button(QDialogButtonBox.Cancel)]
            if w.isVisibleTo(self) and w.isEnabled() and w.focusPolicy() & Qt.TabFocus
        ]
        current = self.focusWidget()
        if len(chain) > 2 and current in chain:
            target = chain[(chain.index(current) + (1 if next else -1)) % len(chain)]
            target.setFocus(Qt.TabFocusReason if next else Qt.BacktabFocusReason)
            return True
        return super().focusNextPrevChild(next)

    def error_label(self, field_name: str) -> ErrorLabel:
        label = ErrorLabel(field_name, self)
        self._errors.append(label)
        return label

    def clear_errors(self) -> None:
        for label in self._errors:
            label.clear_error()
        self.form_error.clear_error()

    def fail(self, label: ErrorLabel, message: str, focus: QWidget | None = None) -> bool:
        """Show ``message`` under the field and put the cursor there; returns False for ``submit``."""
        label.show_error(message)
        if focus is not None:
            _reveal(focus)
            focus.setFocus(Qt.OtherFocusReason)
        return False

    def submit(self) -> bool:  # pragma: no cover - every form overrides it
        return True

    def _on_buttons_accepted(self) -> None:
        self.clear_errors()
        try:
            ok = self.submit()
        except RapportError as exc:  # a service's message for a person; anything else is a bug
            ok = self.fail(self.form_error, str(exc), None)
        if ok:
            self.accept()

    def errors_shown(self) -> dict[str, str]:
        """The visible error messages by field (for tests and the screenshots)."""
        out = {}
        for label in [*self._errors, self.form_error]:
            if label.text() and not label.isHidden():
                out[label.objectName().removeprefix("error_")] = label.text()
        return out


def _reveal(widget: QWidget) -> None:
    """Bring the tab holding ``widget`` to the front, so the focused field is visible."""
    child = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            for i in range(parent.count()):
                page = parent.widget(i)
                if page is child or page.isAncestorOf(widget):
                    parent.setCurrentIndex(i)
                    break
        child = parent
        parent = parent.parentWidget()


_open_boxes: set[QDialog] = set()


def keep_open(box):
    """Show a non-blocking dialog or message box and keep it alive until it closes (it may have no parent)."""
    box.setAttribute(Qt.WA_DeleteOnClose)
    _open_boxes.add(box)
    box.finished.connect(lambda _r, b=box: _open_boxes.discard(b))
    box.open()
    return box


def show_error(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    """A failure that belongs to no field (the file could not be written...), shown as plain text."""
    return keep_open(style.message_box(parent, QMessageBox.Warning, title, message, object_name="errorMessage"))


def confirm_destructive(
    parent: QWidget | None, title: str, text: str, *, informative: str, action: str, object_name: str,
    action_name: str, icon: QMessageBox.Icon = QMessageBox.Question,
) -> bool:  # fmt: skip
    """Ask before something that cannot simply be taken back: Cancel is the default, ``action`` (the
    words of the destructive button, named ``action_name``) the other choice. True when it was chosen."""
    box = style.message_box(parent, icon, title, text, QMessageBox.Cancel, informative=informative,
                            object_name=object_name)  # fmt: skip
    chosen = box.addButton(action, QMessageBox.DestructiveRole)
    chosen.setObjectName(action_name)
    style.decorate(box)
    box.setDefaultButton(box.button(QMessageBox.Cancel))
    box.exec()
    return box.clickedButton() is chosen


def confirm_undo_anyway(parent: QWidget | None, title: str, reason: str, informative: str) -> bool:
    """Ask before an undo that would lose what was changed since (``services.undo.Refused``)."""
    return confirm_destructive(parent, title, reason, informative=informative, action="Undo anyway",
                               object_name="confirmForceUndo", action_name="undoAnyway")  # fmt: skip


def qdate_to_date(q: QDate):
    import datetime as dt

    return dt.date(q.year(), q.month(), q.day())


def date_to_qdate(d) -> QDate:
    return QDate(d.year, d.month, d.day)
