"""The app's line icons on every dialog button, and message boxes that show their text as plain text.

Qt gives OK, Cancel, Save and Close the platform's stock pictures (green ticks and red crosses on
some desktops, nothing on others). ``decorate(box)`` sets the app's own icon on each button of a
QDialogButtonBox or QMessageBox instead, so every dialog looks the same everywhere; a button that
already has an icon keeps it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QMessageBox, QWidget

from desktop.ui import icons

# By standard button first (QDialogButtonBox and QMessageBox share the values), then by role.
STANDARD = {
    QDialogButtonBox.Ok: "done",
    QDialogButtonBox.Save: "done",
    QDialogButtonBox.SaveAll: "done",
    QDialogButtonBox.Apply: "done",
    QDialogButtonBox.Yes: "done",
    QDialogButtonBox.YesToAll: "done",
    QDialogButtonBox.Open: "folder",
    QDialogButtonBox.Cancel: "close",
    QDialogButtonBox.Close: "close",
    QDialogButtonBox.No: "close",
    QDialogButtonBox.NoToAll: "close",
    QDialogButtonBox.Abort: "close",
    QDialogButtonBox.Ignore: "close",
    QDialogButtonBox.Discard: "delete",
    QDialogButtonBox.Reset: "undo",
    QDialogButtonBox.RestoreDefaults: "undo",
    QDialogButtonBox.Retry: "restore",
    QDialogButtonBox.Help: "ask",
}
ROLES = {
    QDialogButtonBox.AcceptRole: "done",
    QDialogButtonBox.YesRole: "done",
    QDialogButtonBox.ApplyRole: "done",
    QDialogButtonBox.RejectRole: "close",
    QDialogButtonBox.NoRole: "close",
    QDialogButtonBox.DestructiveRole: "delete",
    QDialogButtonBox.ResetRole: "undo",
    QDialogButtonBox.HelpRole: "ask",
}


_STANDARD_BY_VALUE = {k.value: v for k, v in STANDARD.items()}
_ROLES_BY_VALUE = {k.value: v for k, v in ROLES.items()}


def icon_name_for(box: QDialogButtonBox | QMessageBox, button: QAbstractButton) -> str | None:
    """The icon a button of ``box`` gets: by its standard button, else by its role."""
    name = _STANDARD_BY_VALUE.get(box.standardButton(button).value)
    return name if name is not None else _ROLES_BY_VALUE.get(box.buttonRole(button).value)


def decorate(box: QDialogButtonBox | QMessageBox) -> QDialogButtonBox | QMessageBox:
    """Put the app's icon on every button of ``box`` that has none of its own (or a stock one)."""
    for button in box.buttons():
        name = icon_name_for(box, button)
        if name is None:
            continue
        current = button.icon()
        if current.isNull() or current.name() not in icons.names():
            button.setIcon(icons.icon(name))
    return box


def button_box(*standard: QDialogButtonBox.StandardButton, parent: QWidget | None = None) -> QDialogButtonBox:
    """A QDialogButtonBox with ``standard`` buttons (OR-ed together), carrying the app's icons.
    Buttons added later get theirs from another ``decorate`` call."""
    flags = QDialogButtonBox.NoButton
    for s in standard:
        flags |= s
    box = QDialogButtonBox(flags, parent) if parent is not None else QDialogButtonBox(flags)
    return decorate(box)


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.Ok,
    *,
    informative: str = "",
    object_name: str = "",
) -> QMessageBox:
    """A QMessageBox whose text is plain text (a path or a contact's name is never read as HTML), with
    the app's icons on its buttons. Buttons added with ``addButton`` need ``decorate(box)`` after."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
        # Qt leaves the informative line in AutoText: it would render a name with tags as HTML.
        label = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if label is not None:
            label.setTextFormat(Qt.PlainText)
    if object_name:
        box.setObjectName(object_name)
    return decorate(box)
