"""Contact → Find duplicates… and Merge selected…: the duplicates review and a merge of the contacts selected
in the list. Each merge and each "not duplicates" is journalled by its service, so it is one step of
Edit → Undo; the status line (and the review's own) says what was done, with an Undo link.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.ui.controllers.data_safety import recovers_from_damage


def merged_message(label: str) -> str:
    """ "merge of Bob Smith and Robert Smith" -> "Merged Bob Smith and Robert Smith"."""
    return "Merged " + label.removeprefix("merge of ")


class DuplicateCommands(QObject):
    """Made by the window; ``window.duplicates``."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog = None
        a = window.action_set
        a.separator("contact")
        a.add("findDuplicatesAction", "Find &duplicates…", self.find_duplicates, menu="contact", icon="search",
              tip="Contacts that are likely the same person, side by side: merge them, or say they are not")  # fmt: skip
        a.add("mergeSelectedAction", "&Merge selected…", self.merge_selected, menu="contact", icon="person",
              enabled_when=lambda: len(window.list_panel.selected_ids()) > 1,
              tip="Merge the contacts selected in the list into one (Ctrl+Z takes it back)")  # fmt: skip

    def _merge(self, keep: int, others: list[int], choices: dict) -> str:
        """A merge (on the UI thread: a few rows per timeline entry); the history picks up its step."""
        from desktop.services import merging

        outcome = merging.merge_contacts(keep, others, choices)
        self.window.events.contacts_changed.emit([keep, *others])
        return merged_message(outcome.label)

    def _dismiss(self, ids: list[int]) -> str:
        from desktop.services import duplicates
        from desktop.ui.dialogs.duplicates import dismissed_message

        duplicates.dismiss(ids)
        self.window.history.sync()  # nothing the list shows changed: no signal would tell the history
        self.window.action_set.update()
        return dismissed_message(ids)

    @recovers_from_damage
    def find_duplicates(self):
        """Open the review (once: a second call brings it to the front) and scan on a worker."""
        from desktop.ui.dialogs.duplicates import DuplicatesDialog

        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        w = self.window
        d = DuplicatesDialog(w, merge=self._merge, dismiss=self._dismiss, undo=w.history.undo)
        # After an undo or redo the groups are read again: a merge taken back is a group once more.
        w.history.applied.connect(d.rescan)
        d.finished.connect(lambda _result: self._on_dialog_finished(d))
        self.dialog = d
        d.show()
        return d.start()

    def _on_dialog_finished(self, dialog) -> None:  # noqa: ANN001
        self.window.history.applied.disconnect(dialog.rescan)
        self.dialog = None
        dialog.deleteLater()

    @recovers_from_damage
    def merge_selected(self):
        """Merge the selected contacts (two or more) after showing them side by side; returns the dialog."""
        from desktop.ui.dialogs.duplicates import MergeDialog

        w = self.window
        ids = w.list_panel.selected_ids()
        if len(ids) < 2:
            return None
        d = MergeDialog(w, ids, merge=self._merge)
        d.accepted.connect(lambda: self._on_merged(d))
        d.open()
        return d

    def _on_merged(self, dialog) -> None:  # noqa: ANN001
        w = self.window
        w.list_panel.select_contact(dialog.comparison.keep_id())
        w.bulk.show_note(dialog.message)
        w.action_set.update()
