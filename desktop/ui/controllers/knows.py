"""What the window does with the knows graph: the contact page's Knows section (add a link, remove one,
open a contact), "Who can introduce me…" (Contact menu and the contact page), and the Graph page
(Ctrl+5; "Show in graph" on the contact page, and a click on someone opens their contact).

Links are added and removed through ``services.knows``, which journals them: Edit → Undo takes a
link back, and ``knows_changed`` tells the pages that show links.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.ui import workers
from desktop.ui.controllers.data_safety import recovers_from_damage


def _graph_page(window):
    from desktop.ui.pages.graph import GraphPage

    page = GraphPage(window.events, today=window.today)
    page.contact_requested.connect(window.knows.open_contact)
    return page


class KnowsCommands(QObject):
    """Made by the window; ``window.knows``."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog = None  # the dialog open (Knows… or Who can introduce me…), if any
        page = window.contact_page
        panel = page.knows_panel
        panel.add_requested.connect(self.add_link)
        panel.remove_requested.connect(self.remove_link)
        panel.contact_requested.connect(self.open_contact)
        panel.who_can_introduce_requested.connect(self.who_can_introduce)
        panel.show_in_graph_requested.connect(self.show_in_graph)
        window.events.knows_changed.connect(self._on_events_knows_changed)
        window.add_page("graph", "Graph", "link", lambda: _graph_page(window))
        a = window.action_set

        def shown() -> bool:
            return bool(page.contact_id)

        a.add("knowsAction", "&Knows…", self.add_link, menu="contact", icon="link",
              tip="Record someone the contact shown knows, and how", enabled_when=shown)  # fmt: skip
        a.add("whoCanIntroduceAction", "&Who can introduce me…", self.who_can_introduce, menu="contact",
              icon="introduction", shortcut="Ctrl+Shift+I",
              tip="The people you know who can introduce you to someone: a contact, someone at an organisation, "
                  "someone of a role")  # fmt: skip

    def _shown(self) -> int:
        return self.window.contact_page.contact_id

    def open_contact(self, contact_id: int) -> None:
        w = self.window
        w.show_page("contacts")
        w.contacts_page.show_contact(contact_id)

    def show_in_graph(self) -> None:
        cid = self._shown()
        self.window.show_page("graph")
        if cid:
            self.window.page("graph").show_contact(cid)

    @recovers_from_damage
    def add_link(self) -> None:
        from desktop.ui.dialogs.knows_dialogs import KnowsDialog

        cid = self._shown()
        if cid:
            self.dialog = KnowsDialog(self.window, self.window.events, cid, self.window.contact_page.name_label.text())
            self.dialog.open()

    def remove_link(self, other_id: int) -> workers.BackgroundOp | None:
        from desktop.services import knows

        w, cid = self.window, self._shown()
        if not cid:
            return None
        return workers.write(
            self, lambda: knows.remove_link(cid, other_id), lambda _before: w.events.knows_changed.emit([cid, other_id]),
            lambda exc: w.show_failure("Could not remove the link", exc), name="knows-remove",
        )  # fmt: skip

    def who_can_introduce(self) -> None:
        from desktop.ui.dialogs.knows_dialogs import WhoCanIntroduceDialog

        w = self.window
        cid = self._shown() if w.current_page() == "contacts" else None
        self.dialog = WhoCanIntroduceDialog(w, w.events, cid, today=w.today)
        self.dialog.open()

    def _on_events_knows_changed(self, ids: list) -> None:
        page = self.window.contact_page
        if page.contact_id and (not ids or page.contact_id in ids):
            page.refresh_knows()
