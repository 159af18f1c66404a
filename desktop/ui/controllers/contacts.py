"""What the window does to contacts and their timeline: the Contact menu (new, edit, log, introduce),
moving contacts and timeline entries to the trash, Find, and the list's context menu.

Every change goes through a service that journals it; the window's undo history picks it up from the
signal that follows, so Edit → Undo takes it back whichever page or dialog made it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from desktop.domain.kinds import EVENT
from desktop.domain.words import count_of
from desktop.ui import workers
from desktop.ui.controllers.data_safety import recovers_from_damage


class ContactCommands(QObject):
    """Made by the window; ``window.commands``."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        page = window.contact_page
        page.log_interaction_requested.connect(lambda _cid: self.log_interaction())
        page.log_exchange_requested.connect(lambda _cid: self.log_exchange())
        page.introduce_requested.connect(lambda _cid: self.introduce())
        page.edit_requested.connect(lambda _cid: self.edit_contact())
        page.entry_activated.connect(self._on_contact_page_entry_activated)
        page.timeline.entry_delete_requested.connect(self.delete_timeline_entry)
        view = window.list_panel.view
        view.setContextMenuPolicy(Qt.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_contact_list_context_menu_requested)
        welcome = window.welcome
        welcome.import_requested.connect(lambda: window.import_files(None))
        welcome.sample_requested.connect(window.transfer.load_sample_network)
        welcome.add_requested.connect(self.new_contact)
        window.history.applied.connect(self._on_history_applied)

    def _shown(self) -> int:
        return self.window.contact_page.contact_id

    def focus_search(self) -> None:
        w = self.window
        w.show_page("contacts")
        w.list_panel.search_field.setFocus(Qt.ShortcutFocusReason)
        w.list_panel.search_field.selectAll()

    @recovers_from_damage
    def new_contact(self) -> None:
        from desktop.ui import dialogs

        w = self.window
        cid = dialogs.new_contact(w, w.events)
        if cid:
            w.show_page("contacts")
            w.list_panel.search_field.clear()
            w.contacts_page.show_contact(cid)
            w.action_set.update()

    @recovers_from_damage
    def edit_contact(self) -> None:
        from desktop.ui import dialogs

        if self._shown():
            dialogs.edit_contact(self.window, self.window.events, self._shown())

    @recovers_from_damage
    def log_interaction(self) -> None:
        from desktop.ui import dialogs

        if self._shown():
            dialogs.log_interaction(self.window, self.window.events, [self._shown()])

    @recovers_from_damage
    def log_exchange(self) -> None:
        from desktop.ui import dialogs

        if self._shown():
            dialogs.log_exchange(self.window, self.window.events, [self._shown()])

    @recovers_from_damage
    def introduce(self) -> None:
        from desktop.ui import dialogs

        if self._shown():
            dialogs.log_introduction(self.window, self.window.events, self._shown())

    @recovers_from_damage
    def _on_contact_page_entry_activated(self, entry_kind: str, entry_id: int) -> None:
        from desktop.ui import dialogs

        if entry_kind == EVENT:  # an event they attended: it is edited on its own page
            self.window.groups.show_event(entry_id)
            return
        dialogs.edit_timeline_entry(self.window, self.window.events, entry_kind, entry_id)

    # --- moving to the trash ------------------------------------------------------------

    def delete_selected(self) -> workers.BackgroundOp | None:
        """Move the selected contacts to the trash on a worker thread (a bulk delete is backed up first,
        ~1.5 s on 100,000 contacts); Edit → Undo brings them back. The op's result is the ids trashed."""
        from desktop.services import trash as trash_service

        w = self.window
        ids = w.list_panel.selected_ids()
        if not ids:
            return None
        row = w.list_panel.view.currentIndex().row()
        return workers.write(
            self, lambda: trash_service.delete_contacts(ids), lambda trashed: self._on_deleted(trashed, row),
            lambda exc: w.show_failure("Could not move to the trash", exc, prefix="Nothing was deleted: "),
            name="delete",
        )  # fmt: skip

    def _on_deleted(self, trashed: list[int], row: int) -> None:
        w = self.window
        if not trashed:
            return
        w.events.contacts_changed.emit(trashed)
        # Select the row that took the place of the first one removed.
        model = w.list_panel.model
        if model.rowCount():
            w.list_panel.set_current_row(min(max(row, 0), model.rowCount() - 1))
        w.bulk.show_note(f"Moved {count_of(len(trashed), 'contact')} to the trash")  # with its Undo link
        w.action_set.update()

    @recovers_from_damage
    def delete_timeline_entry(self, entry_kind: str, entry_id: int) -> bool:
        """Move an interaction or exchange to the trash (one row: on the UI thread); Ctrl+Z brings it back.
        An event is everyone's who was there: it opens on its page, where it can be deleted or the person
        taken off the people met."""
        from desktop.ui import dialogs

        if entry_kind == EVENT:
            self.window.groups.show_event(entry_id)
            self.window.statusBar().showMessage("An event is deleted on its page (Delete), or someone is taken off "
                                                "the people met there (Edit…).", 8000)  # fmt: skip
            return False

        if not dialogs.delete_timeline_entry(self.window, self.window.events, entry_kind, entry_id):
            return False
        self.window.statusBar().showMessage(f"Moved the {entry_kind} to the trash. Ctrl+Z brings it back.", 8000)
        return True

    def _on_history_applied(self, changed) -> None:
        """After an undo or redo, show the contact it gave back (a restored or edited contact)."""
        if changed.contacts:
            w = self.window
            if w.list_panel.select_contact(changed.contacts[0]):
                w.action_set.update()

    # --- the list's context menu --------------------------------------------------------

    def _on_contact_list_context_menu_requested(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        w = self.window
        view = w.list_panel.view
        if not view.indexAt(pos).isValid():
            return
        a = w.action_set
        menu = QMenu(w)
        for name in ("editContactAction", "logInteractionAction", "logExchangeAction", "introduceAction"):
            menu.addAction(a[name])
        menu.addSeparator()
        for name in ("addTagAction", "removeTagAction", "setCircleAction", "addToGroupAction", "archiveAction",
                     "mergeSelectedAction"):  # fmt: skip
            if name in a:  # the selection's bulk actions (controllers.bulk, controllers.duplicates)
                menu.addAction(a[name])
        menu.addSeparator()
        menu.addAction(a["exportAction"])
        menu.addAction(a["deleteAction"])
        menu.popup(view.viewport().mapToGlobal(pos))
