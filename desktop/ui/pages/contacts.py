"""The Contacts page: the welcome (an empty database) or the contact list beside the contact page,
kept up to date on the window's data signals.

The list reads a page of rows at a time in SQL (fast at any size); the contact page reads one
contact on the UI thread: its queries take ~6 ms for a contact with 1,000 timeline entries on
100,000 contacts (~8 ms with the paint, ``bench/bench_ui.py``), under a frame, so it stays synchronous.
The list marks the contact the page shows, and shows the photos the page shows (one photo cache).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget

from desktop.ui.widgets.avatar import photo_cache
from desktop.ui.widgets.contact_list import ContactListPanel
from desktop.ui.widgets.contact_page import ContactPage
from desktop.ui.widgets.welcome import WelcomePage


class ContactsPage(QStackedWidget):
    """Give it the window's AppEvents and today(); ``changed`` actions refresh through ``on_change``."""

    def __init__(self, events, today: Callable, on_change: Callable[[], None] = lambda: None, parent=None):
        super().__init__(parent)
        self.setObjectName("contactsStack")
        self.events = events
        self._on_change = on_change  # the window updates its actions (what needs a contact shown)
        self.welcome = WelcomePage()
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.setChildrenCollapsible(False)
        photo_cache().clear()  # a new window: perhaps another database
        self.list_panel = ContactListPanel(today=today)
        self.list_panel.setMinimumWidth(260)
        self.contact_page = ContactPage(today=today, events=events)
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self.contact_page)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 830])
        self.addWidget(self.splitter)
        self.addWidget(self.welcome)
        self._first_shown = False

        self.list_panel.contact_selected.connect(self._on_list_panel_contact_selected)
        events.needs_changed.connect(self._on_events_needs_changed)
        events.contacts_changed.connect(self._on_events_contacts_changed)
        events.timeline_changed.connect(self._on_events_timeline_changed)
        events.data_reset.connect(self._on_events_data_reset)
        events.groups_changed.connect(self.list_panel.reload_filter_options)
        self.update_welcome()

    def is_empty(self) -> bool:
        return self.list_panel.total() == 0

    def update_welcome(self) -> None:
        self.setCurrentWidget(self.welcome if self.is_empty() else self.splitter)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # The first contact opens when Contacts is first shown, not while the window lands on Today:
        # a contact with a long story takes milliseconds the first paint need not wait for.
        if not self._first_shown:
            self._first_shown = True
            if self.list_panel.model.rowCount() and not self.contact_page.contact_id:
                self.list_panel.select_first()

    def show_contact(self, contact_id: int) -> bool:
        """Select ``contact_id`` in the list (or show it, when the list's filter hides it)."""
        if self.list_panel.select_contact(contact_id):
            return True
        shown = self.contact_page.show_contact(contact_id)
        self.list_panel.set_open_contact(self.contact_page.contact_id)
        return shown

    # --- reactions -------------------------------------------------------------

    def _on_list_panel_contact_selected(self, contact_id: int) -> None:
        self.contact_page.show_contact(contact_id)
        self.list_panel.set_open_contact(self.contact_page.contact_id)
        self.events.contact_selected.emit(self.contact_page.contact_id)
        self._on_change()

    def _on_events_needs_changed(self, ids: list) -> None:
        """A need or offer changed (the page's editor, an undo): the chips at the top follow."""
        page = self.contact_page
        if page.contact_id and (not ids or page.contact_id in ids):
            page.refresh()

    def _on_events_contacts_changed(self, ids: list) -> None:
        if ids:
            photo_cache().forget(ids)
        else:
            photo_cache().clear()
        self.list_panel.data_changed()
        self.update_welcome()
        page = self.contact_page
        if page.contact_id and (not ids or page.contact_id in ids):
            if not page.show_contact(page.contact_id):
                self.list_panel.select_first()
        self.list_panel.set_open_contact(page.contact_id)
        self._on_change()

    def _on_events_timeline_changed(self, ids: list) -> None:
        page = self.contact_page
        if page.contact_id and (not ids or page.contact_id in ids):
            page.refresh()
        if self.list_panel.sort_key() != "name":
            self.list_panel.data_changed()

    def _on_events_data_reset(self) -> None:
        photo_cache().clear()
        self.list_panel.data_changed()
        self.update_welcome()
        if not self.contact_page.show_contact(self.contact_page.contact_id):
            self.list_panel.select_first()
        self._on_change()
