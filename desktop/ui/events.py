"""The window's signals about data, passed by constructor to the widgets that care (no globals)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """Emitted by the window after a service call succeeded; item models refresh themselves."""

    contacts_changed = Signal(list)  # ids of contacts added, edited, trashed or restored; [] means "many"
    timeline_changed = Signal(list)  # ids of contacts whose interactions or exchanges changed
    groups_changed = Signal()  # groups or events changed
    data_reset = Signal()  # the whole database changed (an import, a restore from backup)
    contact_selected = Signal(int)  # the contact shown on the contact page (0: none)
    today_changed = Signal()  # an item of Today was done, snoozed, or that was undone
    needs_changed = Signal(list)  # ids of contacts whose needs or offers changed (Today's introductions follow)
    contact_requested = Signal(int)  # a page asks the window to open this contact (Today's names)
    knows_changed = Signal(list)  # ids of contacts whose knows links changed
