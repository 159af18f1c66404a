"""Contact → Archive / Unarchive for the contact shown (``archiveAction``): an archived contact is kept
whole and found by a search, but hidden from the list unless "Show archived" is ticked, and left out of
Today's check-ins. ``services.contacts.set_archived`` journals it: Edit → Undo takes it back. (The
list's multi-selection gets its own bulk action from the bulk actions' controller.)"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.ui.controllers.data_safety import recovers_from_damage


class Archive(QObject):
    """Made with the window's standard actions (``window.archive``); keeps the action's words right for
    the contact shown."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        a = window.action_set
        self.action = a.add("archiveAction", "&Archive", self.toggle, menu="contact", icon="archive",
                            tip="Archive the contact shown: kept, but hidden from the list unless Show archived",
                            enabled_when=lambda: bool(window.contact_page.contact_id))  # fmt: skip
        a.menus["contact"].aboutToShow.connect(self.update_words)
        window.events.contact_selected.connect(lambda _cid: self.update_words())
        window.events.contacts_changed.connect(lambda _ids: self.update_words())

    def _archived(self) -> bool:
        record = self.window.contact_page.record
        return bool(record is not None and record.archived)

    def update_words(self) -> None:
        if self._archived():
            self.action.setText("Un&archive")
            self.action.setToolTip("Bring the contact shown back into the list")
        else:
            self.action.setText("&Archive")
            self.action.setToolTip("Archive the contact shown: kept, but hidden from the list unless Show archived")
        self.action.setStatusTip(self.action.toolTip())

    @recovers_from_damage
    def toggle(self) -> None:
        from desktop.services import contacts
        from desktop.services.names import contact_names

        w = self.window
        cid = w.contact_page.contact_id
        if not cid:
            return
        archive = not self._archived()
        changed = contacts.set_archived([cid], archive)
        if changed:
            w.events.contacts_changed.emit(changed)
            w.events.today_changed.emit()  # an archived contact's check-ins leave Today
            name = contact_names([cid]).get(cid, "")
            words = (f"Archived {name}: hidden from the list unless Show archived (Ctrl+Z takes it back)" if archive
                     else f"{name} is back in the list")  # fmt: skip
            w.statusBar().showMessage(words, 8000)
        self.update_words()

