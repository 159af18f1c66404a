"""Contact → Archive / Unarchive (``archiveAction``): an archived contact is kept whole and found by a
search, but hidden from the list unless "Show archived" is ticked, and left out of Today's check-ins.

It acts on the contact shown (``services.archive.set_archived``), or, when several are selected in the
list, on all of them through the bulk actions (``window.bulk.set_archived``: a status note with Undo).
Either way it is one step of Edit → Undo. Its words follow what it would do: Unarchive when the contact
shown (or every one selected) is archived already."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.ui.controllers.data_safety import recovers_from_damage
from desktop.ui.models.contact_list_model import ROW_ROLE

ARCHIVE_TIP = "Archive: kept, but out of the list (unless Show archived) and out of Today's check-ins"


class Archive(QObject):
    """Made with the window's standard actions (``window.archive``)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        a = window.action_set
        self.action = a.add("archiveAction", "&Archive", self.toggle, menu="contact", icon="archive",
                            tip=ARCHIVE_TIP, enabled_when=lambda: bool(self._targets()), bulk=True)  # fmt: skip
        a.menus["contact"].aboutToShow.connect(self.update_words)
        window.events.contact_selected.connect(lambda _cid: self.update_words())
        window.events.contacts_changed.connect(lambda _ids: self.update_words())

    def _selection(self) -> list:
        """The list rows selected (their ListRow values), when more than one is."""
        view = self.window.list_panel.view
        rows = [i.data(ROW_ROLE) for i in view.selectionModel().selectedRows()]
        return [r for r in rows if r is not None] if len(rows) > 1 else []

    def _targets(self) -> list[int]:
        many = self._selection()
        if many:
            return [r.id for r in many]
        cid = self.window.contact_page.contact_id
        return [cid] if cid else []

    def _unarchiving(self) -> bool:
        """Whether the action brings back (every target archived already) rather than archives."""
        many = self._selection()
        if many:
            return all(r.archived for r in many)
        record = self.window.contact_page.record
        return bool(record is not None and record.archived)

    def update_words(self) -> None:
        n = len(self._selection())
        who = f"the {n} selected contacts" if n else "the contact shown"
        if self._unarchiving():
            self.action.setText("Un&archive")
            self.action.setToolTip(f"Bring {who} back into the list")
        else:
            self.action.setText("&Archive")
            self.action.setToolTip(f"Archive {who}: kept, but out of the list (unless Show archived) and of Today")
        self.action.setStatusTip(self.action.toolTip())

    @recovers_from_damage
    def toggle(self) -> None:
        from desktop.services import archive as archive_service
        from desktop.services.names import contact_names

        w = self.window
        archive = not self._unarchiving()
        if self._selection() and hasattr(w, "bulk"):
            w.bulk.set_archived(archive)  # on a worker; says what it did, with Undo, in the status line
            return
        cid = w.contact_page.contact_id
        if not cid:
            return
        changed = archive_service.set_archived([cid], archive)
        if changed:
            w.events.contacts_changed.emit(changed)
            w.events.today_changed.emit()  # an archived contact's check-ins leave Today
            name = contact_names([cid]).get(cid, "")
            words = (f"Archived {name}: out of the list unless Show archived (Ctrl+Z takes it back)" if archive
                     else f"{name} is back in the list")  # fmt: skip
            w.statusBar().showMessage(words, 8000)
        self.update_words()
