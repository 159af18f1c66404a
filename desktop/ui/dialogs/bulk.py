"""What a bulk action asks before it runs: a tag (picked or typed), a circle, a group; and the status line's
note that says what it did with an Undo link ("Tagged 37 contacts 'clients' · Undo")."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QWidget

from desktop.ui import style
from desktop.ui.dialogs.common import describe
from desktop.ui.text import link_label, muted_label, plain_label


class ChoiceDialog(QDialog):
    """One value for a bulk action, from a list (``editable``: or typed, for a new tag)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, options: Sequence[tuple[str, object]], *,
                 ok_text: str, editable: bool = False, object_name: str = "choiceDialog"):  # fmt: skip
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.prompt = plain_label(prompt, object_name="prompt", wrap=True)
        self.combo = QComboBox()
        self.combo.setObjectName("choice")
        self.combo.setEditable(editable)
        if editable:
            self.combo.setInsertPolicy(QComboBox.NoInsert)
            self.combo.lineEdit().setPlaceholderText("A tag's name")
        for text, value in options:
            self.combo.addItem(text, value)
        if editable:
            self.combo.setCurrentIndex(-1)
        describe(self.combo, title, prompt)
        buttons = style.button_box(QDialogButtonBox.Ok, QDialogButtonBox.Cancel)
        self.ok = buttons.button(QDialogButtonBox.Ok)
        self.ok.setText(ok_text)
        self.ok.setObjectName("okButton")
        describe(self.ok, ok_text.replace("&", ""), f"{ok_text.replace('&', '')} (Enter)")
        describe(buttons.button(QDialogButtonBox.Cancel), "Cancel", "Change nothing (Escape)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.combo.currentTextChanged.connect(self._update)
        layout = style.dialog_layout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.combo)
        if not options and not editable:
            layout.addWidget(muted_label("There is nothing to choose from yet.", wrap=True))
        layout.addWidget(buttons)
        self._update()
        style.size_dialog(self, 400)
        self.combo.setFocus()

    def _update(self, *_args) -> None:
        self.ok.setEnabled(bool(self.combo.currentText().strip()))

    def value(self):
        """The value of the item chosen; the text typed, for an editable list."""
        text = self.combo.currentText().strip()
        i = self.combo.findText(text, Qt.MatchFixedString)
        if i >= 0 and self.combo.itemData(i) is not None:
            return self.combo.itemData(i)
        return text


def _ask(dialog: ChoiceDialog):
    return dialog.value() if dialog.exec() == QDialog.Accepted else None


def people(n: int) -> str:
    return f"{n:,} contact{'s' if n != 1 else ''}"


def tag_dialog(parent: QWidget | None, count: int, tags: Sequence[str], *, remove: bool = False) -> ChoiceDialog:
    if remove:
        return ChoiceDialog(parent, "Remove tag", f"Take which tag off the {people(count)} selected?",
                            [(t, t) for t in tags], ok_text="&Remove", object_name="removeTagDialog")  # fmt: skip
    return ChoiceDialog(parent, "Add tag", f"Tag the {people(count)} selected with (pick one or type a new one):",
                        [(t, t) for t in tags], ok_text="&Tag", editable=True, object_name="addTagDialog")  # fmt: skip


def circle_dialog(parent: QWidget | None, count: int) -> ChoiceDialog:
    from desktop.domain.cadence import CIRCLE_CADENCE_DAYS, CIRCLE_LABELS, CIRCLES, NONE

    options = []
    for code in CIRCLES:
        days = CIRCLE_CADENCE_DAYS[code]
        options.append((f"{CIRCLE_LABELS[code]}: check in every {days} days" if days else "None: no check-ins", code))
    dialog = ChoiceDialog(parent, "Set circle", f"Put the {people(count)} selected in which keep-in-touch circle?",
                          options, ok_text="&Set circle", object_name="circleDialog")  # fmt: skip
    dialog.combo.setCurrentIndex(CIRCLES.index(NONE) - 1)  # the widest circle with a rhythm
    return dialog


def group_dialog(parent: QWidget | None, count: int, groups: Sequence[tuple[int, str]]) -> ChoiceDialog:
    return ChoiceDialog(parent, "Add to group", f"Add the {people(count)} selected to which group?",
                        [(name, gid) for gid, name in groups], ok_text="&Add", object_name="groupChoiceDialog")  # fmt: skip


def ask_tag(parent: QWidget | None, count: int, tags: Sequence[str], *, remove: bool = False) -> str | None:
    """The tag to add to (or take off) ``count`` contacts; None when the person cancels."""
    return _ask(tag_dialog(parent, count, tags, remove=remove))


def ask_circle(parent: QWidget | None, count: int) -> str | None:
    return _ask(circle_dialog(parent, count))


def ask_group(parent: QWidget | None, count: int, groups: Sequence[tuple[int, str]]) -> int | None:
    return _ask(group_dialog(parent, count, groups))


class StatusNote(QWidget):
    """What the last change did, in the status line, with an Undo link: "Tagged 37 contacts 'clients' · Undo".
    It goes after ``timeout_ms``, or when the next note comes."""

    def __init__(self, undo: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statusNote")
        self.words = plain_label("", object_name="statusNoteText")
        self.separator = muted_label("·")
        self.undo_link = link_label("Undo", self._on_undo_activated, tip="Take this back (Ctrl+Z)",
                                    object_name="statusUndo")  # fmt: skip
        layout = style.hbox(self, spacing=style.Space.S)
        layout.addWidget(self.words)
        layout.addWidget(self.separator)
        layout.addWidget(self.undo_link)
        layout.addStretch(1)  # together on the left, however wide the status line gives it
        self._undo = undo
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.hide()

    def show_note(self, text: str, *, undoable: bool = True, timeout_ms: int = 15000) -> None:
        self.words.setText(text)
        self.separator.setVisible(undoable)
        self.undo_link.setVisible(undoable)
        self.show()
        self._timer.start(timeout_ms)

    def clear(self) -> None:
        self.words.setText("")
        self.hide()

    def _on_undo_activated(self) -> None:
        self.clear()
        self._undo()
