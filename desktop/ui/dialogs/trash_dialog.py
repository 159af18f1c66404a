"""File → Trash…: what was deleted in the last 30 days (restore it, or empty the trash for good), and the
merges imports made that can still be taken back.

Only calls services.trash (and services.undo for a merge); after each change it emits the window's
matching signal, and the window's models (and its undo history) refresh themselves. The trash can hold
thousands of contacts after a bulk delete: it is read, restored and emptied on a worker thread, and
the dialog shows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QTableView,
    QWidget,
)

from desktop.domain.errors import RapportError
from desktop.services import trash
from desktop.services import undo as undo_service
from desktop.ui import errors, style, workers
from desktop.ui.dialogs.common import confirm_destructive, confirm_undo_anyway, describe, show_error
from desktop.ui.models.rows import Column, RowsTableModel
from desktop.ui.text import button, heading, muted_label, plain_label

KIND_LABELS = {trash.CONTACT: "Contact", trash.INTERACTION: "Interaction", trash.EXCHANGE: "Exchange",
               trash.EVENT: "Event", trash.GROUP: "Group"}  # fmt: skip

def days_left(item: trash.TrashItem, today: dt.date) -> int:
    return max(0, (item.purge_on - today).days)


class TrashTableModel(RowsTableModel):
    """Trashed contacts and timeline entries, most recently deleted first."""

    def __init__(self, today: Callable[[], dt.date], parent=None):
        super().__init__(parent)
        self.today = today
        self.keep_days = trash.keep_days()
        self.columns = (
            Column("Item", lambda i: i.label),
            Column("Kind", lambda i: KIND_LABELS.get(i.kind, i.kind)),
            Column("Deleted", lambda i: i.deleted_at.strftime("%Y-%m-%d %H:%M")),
            Column("Days left", lambda i: f"{days_left(i, self.today())} of {self.keep_days}", numeric=True),
        )


class MergeTableModel(RowsTableModel):
    """Merges made by imports that can still be undone, newest first."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.names: dict[int, str] = {}
        self.columns = (
            Column("Contact", lambda u: self.names.get(u.contact_ids[0], "a deleted contact") if u.contact_ids else ""),
            Column("Merged by", lambda u: u.label or "a merge"),
            Column("When", lambda u: u.created_at.strftime("%Y-%m-%d %H:%M")),
        )

    def set_rows(self, rows, names: dict[int, str] | None = None) -> None:
        rows = list(rows)
        self.names = trash.undo_contact_names(rows) if names is None else names
        super().set_rows(rows)


def _table(name: str, accessible: str, tip: str, model: QAbstractTableModel, multi: bool) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    describe(view, accessible, tip)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.ExtendedSelection if multi else QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
    header.setSectionResizeMode(0, QHeaderView.Stretch)
    header.setHighlightSections(False)
    return view


def _fit_columns(view: QTableView) -> None:
    """The first column takes the room left; the others fit their text with some air between them
    (ResizeToContents leaves the columns touching)."""
    for col in range(1, view.model().columnCount()):
        view.resizeColumnToContents(col)
        view.setColumnWidth(col, view.columnWidth(col) + 20)


def _read() -> tuple[list[trash.TrashItem], list[trash.UndoItem], dict[int, str]]:
    """On a worker thread: the trash, the merges that can be undone and their contacts' names."""
    merges = trash.list_undo()
    return trash.list_trash(), merges, trash.undo_contact_names(merges)


class TrashDialog(QDialog):
    """The trash (restore, empty) and the import merges that can be undone."""

    loaded = Signal()  # a read came back (tests wait for it)

    def __init__(self, parent: QWidget | None, events=None, *, today: Callable[[], dt.date] | None = None):
        super().__init__(parent)
        self.setObjectName("trashDialog")
        self.setWindowTitle("Trash")
        self.setAccessibleName("Trash")
        self.events = events
        today = today or dt.date.today

        self.intro = plain_label(
            f"Deleted contacts, interactions and exchanges stay here for {trash.keep_days()} days, then go for good.",
            wrap=True,
        )
        self.trash_model = TrashTableModel(today, self)
        self.trash_table = _table(
            "trashTable", "Deleted items", "Deleted contacts and timeline entries; select some and restore them",
            self.trash_model, multi=True,
        )  # fmt: skip
        self.trash_empty = muted_label("The trash is empty.", object_name="trashEmpty")
        self.restore_button = button("&Restore selected", "restore", object_name="restoreButton", accessible="Restore",
                                     tip="Take the selected items out of the trash")  # fmt: skip
        self.empty_button = button("&Empty trash…", "delete", object_name="emptyTrashButton",
                                   tip="Delete everything in the trash for good (a backup is made first)")  # fmt: skip
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.empty_button.clicked.connect(self._on_empty_button_clicked)
        self.trash_table.doubleClicked.connect(lambda _index: self._on_restore_button_clicked())

        self.merges_heading = heading("Merges made by imports", "subtitle")
        self.merges_intro = plain_label(
            "An import that found a card already in your contacts merged the two. Undo a merge to put the "
            "contact back as it was before; importing the card again merges it again.",
            wrap=True,
        )
        self.merge_model = MergeTableModel(self)
        self.merge_table = _table("mergeTable", "Merges that can be undone",
                                  "Contacts an import merged into; select one to undo its merge",
                                  self.merge_model, multi=False)  # fmt: skip
        self.merges_empty = muted_label("No merge to undo.", object_name="mergesEmpty")
        self.undo_merge_button = button("&Undo merge…", "undo", object_name="undoMergeButton",
                                        tip="Put the selected contact back as it was before the merge")  # fmt: skip
        self.undo_merge_button.clicked.connect(self._on_undo_merge_button_clicked)

        self.buttons = style.button_box(QDialogButtonBox.Close, parent=self)
        close = self.buttons.button(QDialogButtonBox.Close)
        describe(close, "Close", "Close the trash (Escape)")
        close.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        layout = style.dialog_layout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.trash_table, 3)
        layout.addWidget(self.trash_empty)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(self.empty_button)
        layout.addLayout(row)
        layout.addSpacing(style.Space.S)
        layout.addWidget(self.merges_heading)
        layout.addWidget(self.merges_intro)
        layout.addWidget(self.merge_table, 2)
        layout.addWidget(self.merges_empty)
        row = QHBoxLayout()
        row.addWidget(self.undo_merge_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)

        self.trash_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.merge_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reader = workers.Reader(self, self._show, lambda exc: self._on_failed(exc, "Could not read the trash"),
                                     name="trash")  # fmt: skip
        self.reader.loaded.connect(self.loaded)
        self._op: workers.BackgroundOp | None = None  # a restore or emptying under way
        self.trash_empty.setText("Reading the trash…")
        self.trash_table.setVisible(False)
        self.merge_table.setVisible(False)
        self.refresh()
        style.size_dialog(self, 760, 560)  # after refresh: it hides the tables that are empty
        self.trash_table.setFocus()

    # --- reading ----------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.reader.loading

    def refresh(self) -> None:
        """Read the trash again, on a worker thread."""
        self.reader.request(_read)

    def _show(self, read) -> None:
        items, merges, names = read
        self.trash_model.set_rows(items)
        self.merge_model.set_rows(merges, names)
        self._after_change()
        if self.trash_model.rowCount():
            self.trash_table.setCurrentIndex(self.trash_model.index(0, 0))
        if self.merge_model.rowCount():
            self.merge_table.setCurrentIndex(self.merge_model.index(0, 0))

    def _after_change(self) -> None:
        has_trash, has_merges = self.trash_model.rowCount() > 0, self.merge_model.rowCount() > 0
        _fit_columns(self.trash_table)
        _fit_columns(self.merge_table)
        self.trash_empty.setText("The trash is empty.")
        self.trash_table.setVisible(has_trash)
        self.trash_empty.setVisible(not has_trash)
        self.merge_table.setVisible(has_merges)
        self.merges_empty.setVisible(not has_merges)
        self._update_buttons()

    def _on_failed(self, exc: BaseException, title: str) -> None:
        self._op = None
        self._update_buttons()
        if errors.is_bug(exc):
            errors.report_bug(exc, self)
        else:
            show_error(self, title, str(exc))

    def selected_items(self) -> list[trash.TrashItem]:
        rows = sorted(i.row() for i in self.trash_table.selectionModel().selectedRows())
        return [self.trash_model.row_at(r) for r in rows]

    def selected_merge(self) -> trash.UndoItem | None:
        rows = self.merge_table.selectionModel().selectedRows()
        return self.merge_model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        idle = self._op is None
        self.restore_button.setEnabled(idle and bool(self.selected_items()))
        self.empty_button.setEnabled(idle and self.trash_model.rowCount() > 0)
        self.undo_merge_button.setEnabled(idle and self.selected_merge() is not None)

    # --- acting -----------------------------------------------------------------------

    def _on_restore_button_clicked(self) -> None:
        self.restore_selected()

    def restore_selected(self) -> workers.BackgroundOp | None:
        """Take the selected items out of the trash, on a worker thread (the op's result: those
        restored, and the problems met)."""
        items = self.selected_items()
        if not items or self._op is not None:
            return None

        def work():
            restored, problems = trash.restore_items([(i.kind, i.id) for i in items])
            back = set(restored)
            return [i for i in items if (i.kind, i.id) in back], problems

        self._op = workers.write(self, work, self._on_restored, lambda exc: self._on_failed(exc, "Could not restore"),
                                 name="restore")  # fmt: skip
        self._update_buttons()
        return self._op

    def _on_restored(self, result) -> None:
        restored, problems = result
        self._op = None
        gone = set(restored)
        self.trash_model.set_rows([i for i in self.trash_model.rows() if i not in gone])
        self._after_change()
        self._announce(
            contacts=[i.id for i in restored if i.kind == trash.CONTACT],
            timeline=any(i.kind in (trash.INTERACTION, trash.EXCHANGE, trash.EVENT) for i in restored),
            groups=any(i.kind in (trash.EVENT, trash.GROUP) for i in restored),
        )
        if problems:
            show_error(self, "Could not restore", "\n".join(problems))

    def _on_empty_button_clicked(self) -> None:
        self.empty_trash()

    def confirm_empty(self, count: int) -> bool:
        return confirm_destructive(
            self, "Empty trash", f"Delete the {count} item{'s' if count != 1 else ''} in the trash for good?",
            informative="A backup is made first, so File → Restore from backup… can still bring them back. "
            "Merges made by imports can no longer be undone afterwards.",
            action="Delete for good", object_name="confirmEmptyTrash", action_name="deleteForGood",
            icon=QMessageBox.Warning,
        )  # fmt: skip

    def empty_trash(self) -> bool:
        """Empty the trash for good once the person confirms (a backup first, on a worker thread)."""
        count = self.trash_model.rowCount()
        if not count or self._op is not None or not self.confirm_empty(count):
            return False
        self._op = workers.write(self, trash.empty_trash, self._on_emptied,
                                 lambda exc: self._on_failed(exc, "Could not empty the trash"), name="empty-trash")  # fmt: skip
        self._update_buttons()
        return True

    def _on_emptied(self, _counts) -> None:
        self._op = None
        self.trash_model.set_rows([])
        self.merge_model.set_rows([], {})
        self._after_change()
        self._announce(contacts=[], timeline=True)

    def _on_undo_merge_button_clicked(self) -> None:
        self.undo_selected_merge()

    def undo_selected_merge(self) -> int | None:
        """Undo the selected merge through the undo journal (one contact: on the UI thread), asking first
        when the contact was changed since; the contact's id."""
        item = self.selected_merge()
        if item is None:
            return None
        try:
            changed = undo_service.undo(item.id)
        except undo_service.Refused as exc:
            if not self.confirm_force(str(exc)):
                return None
            try:
                changed = undo_service.undo(item.id, force=True)
            except RapportError as exc2:
                show_error(self, "Could not undo the merge", str(exc2))
                return None
        except RapportError as exc:
            show_error(self, "Could not undo the merge", str(exc))
            return None
        cid = changed.contacts[0]
        self.merge_model.set_rows([m for m in self.merge_model.rows() if m.id != item.id], self.merge_model.names)
        self._after_change()
        self._announce(contacts=[cid], timeline=False)
        return cid

    def confirm_force(self, reason: str) -> bool:
        return confirm_undo_anyway(self, "Undo merge", reason,
                                   "Undo the merge anyway? The changes made since will be lost.")  # fmt: skip

    def _announce(self, *, contacts: list[int], timeline: bool, groups: bool = False) -> None:
        if self.events is None:
            return
        if contacts or timeline:
            self.events.contacts_changed.emit(contacts if not timeline else [])
        if timeline:
            self.events.timeline_changed.emit([])
        if groups:
            self.events.groups_changed.emit()


def show_trash(parent: QWidget | None, events, *, today: Callable[[], dt.date] | None = None) -> TrashDialog:
    """Open the Trash dialog (modal) and return it once closed."""
    dialog = TrashDialog(parent, events, today=today)
    dialog.exec()
    return dialog
