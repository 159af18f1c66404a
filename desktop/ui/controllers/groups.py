"""Groups and events in the window: the Groups & Events page (built the first time it shows), File →
New group… and New event…, and the ways to an event from elsewhere (a contact's "How we met" link, an
event on a timeline). ``window.groups``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.ui.controllers.data_safety import recovers_from_damage

PAGE = "groups"


class GroupCommands(QObject):
    """Made by the window after its standard actions; ``make_page`` is the page's factory."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.contact_page.event_requested.connect(self.show_event)
        a = window.action_set
        file_menu = a.menus["file"]
        before = a["importAction"]  # right after New contact…
        for name, text, slot, icon, tip in (
            ("newGroupAction", "New &group…", self.new_group, "group", "Add a group you belong to: a chamber, a "
             "leads group, an association…"),
            ("newEventAction", "New e&vent…", self.new_event, "event", "Record an event and the people you met there"),
        ):  # fmt: skip
            action = a.add(name, text, slot, icon=icon, tip=tip)
            file_menu.insertAction(before, action)

    def make_page(self) -> QWidget:
        from desktop.ui.pages.groups_events import GroupsEventsPage

        w = self.window
        page = GroupsEventsPage(w.events, today=w.today, on_failure=w.show_failure)
        page.contact_requested.connect(self.show_contact)
        return page

    def page(self):
        """The Groups & Events page (built now if it was not yet)."""
        return self.window.page(PAGE)

    @recovers_from_damage
    def show_event(self, event_id: int) -> None:
        self.window.show_page(PAGE)
        self.page().show_event(event_id)

    @recovers_from_damage
    def show_group(self, group_id: int) -> None:
        self.window.show_page(PAGE)
        self.page().show_group(group_id)

    @recovers_from_damage
    def new_group(self) -> None:
        self.window.show_page(PAGE)
        self.page().new_group()

    @recovers_from_damage
    def new_event(self) -> None:
        self.window.show_page(PAGE)
        self.page().new_event()

    def show_contact(self, contact_id: int) -> None:
        w = self.window
        w.show_page("contacts")
        w.contacts_page.show_contact(contact_id)
