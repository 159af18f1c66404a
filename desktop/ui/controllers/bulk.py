"""Bulk actions on the contacts selected in the list: add or remove a tag, set the circle, add to a group,
archive or bring back (Contact → Archive, ``controllers.archive``, calls ``set_archived`` for a selection
of several; moving to the trash and exporting are the window's own Delete and Export).

Each asks what it needs (the tags and groups are read on a worker first), runs on a worker through
``services.bulk`` (which journals it: one step of Edit → Undo), then says what it did in the status
line with an Undo link ("Tagged 37 contacts 'clients' · Undo").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.ui import workers
from desktop.ui.dialogs.bulk import StatusNote, ask_circle, ask_group, ask_tag


class BulkCommands(QObject):
    """Made by the window; ``window.bulk``. Puts its entries in the Contact menu and the list's context menu."""

    ACTIONS = ("addTagAction", "removeTagAction", "setCircleAction", "addToGroupAction")

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.note = StatusNote(window.history.undo)
        window.statusBar().addWidget(self.note, 1)
        window.history.applied.connect(lambda _changed: self.note.clear())  # an undo or redo says so itself
        self.op: workers.BackgroundOp | None = None

        def selected() -> bool:
            return bool(window.list_panel.selected_ids())

        a = window.action_set
        a.separator("contact")
        a.add("addTagAction", "Add &tag…", self.add_tag, menu="contact", icon="tag", enabled_when=selected,
              tip="Tag the selected contacts")  # fmt: skip
        a.add("removeTagAction", "Remo&ve tag…", self.remove_tag, menu="contact", icon="remove", enabled_when=selected,
              tip="Take a tag off the selected contacts")  # fmt: skip
        a.add("setCircleAction", "Set &circle…", self.set_circle, menu="contact", icon="network",
              enabled_when=selected, tip="Put the selected contacts in a keep-in-touch circle")  # fmt: skip
        a.add("addToGroupAction", "Add to &group…", self.add_to_group, menu="contact", icon="group",
              enabled_when=selected, tip="Add the selected contacts to one of your groups")  # fmt: skip
        window.list_panel.view.selectionModel().selectionChanged.connect(lambda *_: a.update())

    # --- the actions ------------------------------------------------------------------

    def _ids(self) -> list[int]:
        return self.window.list_panel.selected_ids()

    def add_tag(self) -> workers.BackgroundOp | None:
        from desktop.services import bulk, search

        ids = self._ids()
        return self._ask_then_run(ids, lambda: [name for _, name in search.filter_options().tags],
                                  lambda tags: ask_tag(self.window, len(ids), tags),
                                  lambda tag: bulk.add_tag(ids, tag))  # fmt: skip

    def remove_tag(self) -> workers.BackgroundOp | None:
        from desktop.services import bulk

        ids = self._ids()
        return self._ask_then_run(ids, lambda: bulk.tags_of(ids),
                                  lambda tags: ask_tag(self.window, len(ids), tags, remove=True),
                                  lambda tag: bulk.remove_tag(ids, tag))  # fmt: skip

    def set_circle(self) -> workers.BackgroundOp | None:
        from desktop.services import bulk

        ids = self._ids()
        circle = ask_circle(self.window, len(ids)) if ids else None
        return self._run(lambda: bulk.set_circle(ids, circle)) if circle is not None else None

    def add_to_group(self) -> workers.BackgroundOp | None:
        from desktop.services import bulk, search

        ids = self._ids()
        return self._ask_then_run(ids, lambda: search.filter_options().groups,
                                  lambda groups: ask_group(self.window, len(ids), groups),
                                  lambda group_id: bulk.add_to_group(ids, group_id))  # fmt: skip

    def set_archived(self, archived: bool) -> workers.BackgroundOp | None:
        from desktop.services import bulk

        ids = self._ids()
        return self._run(lambda: bulk.set_archived(ids, archived)) if ids else None

    # --- running them -------------------------------------------------------------------

    def _ask_then_run(self, ids: list[int], read: Callable, ask: Callable, act: Callable) -> workers.BackgroundOp | None:
        """Read what the question offers on a worker, ask it, then run the action with the answer."""
        if not ids:
            return None

        def asked(options) -> None:
            answer = ask(options)
            if answer is not None:
                self._run(lambda: act(answer))

        return workers.read(self, read, asked, lambda exc: self.window.show_failure("Bulk action", exc))

    def _run(self, work: Callable) -> workers.BackgroundOp:
        self.op = workers.write(self, work, self._on_done, lambda exc: self.window.show_failure("Bulk action", exc),
                                name="bulk")  # fmt: skip
        return self.op

    def _on_done(self, outcome) -> None:  # noqa: ANN001 - services.bulk.BulkOutcome
        w = self.window
        if outcome.changed:
            w.events.contacts_changed.emit(list(outcome.changed))  # the history picks up the step
        self.show_note(outcome.message, undoable=outcome.undoable)
        w.action_set.update()

    def show_note(self, text: str, *, undoable: bool = True) -> None:
        """Say in the status line what a change did, with an Undo link when it can be undone."""
        self.window.statusBar().clearMessage()
        self.note.show_note(text, undoable=undoable)
