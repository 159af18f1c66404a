"""Conflicts to review: fields changed both here and on the server since the last sync. The sync kept the
value from here; for each field (or several, or all) the person keeps it or takes the server's. Each
choice is one step of Edit → Undo (which reopens the conflict), and a value taken from the server goes up
to it again at the next sync.

Reached from the status bar's "2 conflicts to review" after a sync. Reads and choices run on a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from desktop.ui import errors, style, workers
from desktop.ui.dialogs.common import describe, show_error
from desktop.ui.models.rows import Column, RowsTableModel
from desktop.ui.text import button, muted_label, plain_label



def one_line(text: str) -> str:
    """A value as a table cell shows it: its first line, with … when there is more."""
    first, _, rest = (text or "").strip().partition("\n")
    return first + (" …" if rest.strip() else "")


def _column(header: str, text: Callable) -> Column:
    """A cell shows the first line of the value; its tooltip and screen readers get the whole of it."""
    return Column(header, lambda c: one_line(text(c)), full=text)


class ConflictsModel(RowsTableModel):
    """Open conflicts (``services.sync_conflicts.ConflictItem``), newest first."""

    columns = (
        _column("Contact", lambda c: c.contact),
        _column("Field", lambda c: c.label[:1].upper() + c.label[1:]),
        _column("Kept here", lambda c: c.kept),
        _column("On the server", lambda c: c.other),
    )


def _value_box(name: str, title: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setReadOnly(True)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * 5 + style.Space.L)
    describe(box, title, f"{title}: the whole value")
    return box


class ConflictsDialog(QDialog):
    """The review. ``on_done()`` runs after each choice (the status bar counts again)."""

    loaded = Signal()  # a read came back (tests wait for it)
    resolved = Signal()  # a choice is in the database

    def __init__(self, parent: QWidget | None, events=None, on_done: Callable[[], object] | None = None):
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle("Conflicts to review")
        self.setAccessibleName("Conflicts to review")
        self.events = events
        self._on_done = on_done
        self.op: workers.BackgroundOp | None = None
        intro = plain_label(
            "These fields were changed both here and on the server since the last sync. Rapport kept the value "
            "from here; keep it, or use the server's instead (it goes to the server at the next sync).",
            wrap=True,
        )
        self.model = ConflictsModel(self)
        self.table = QTableView()
        self.table.setObjectName("conflictsTable")
        describe(self.table, "Conflicts", "Select one or several, then keep ours or use the server's")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.empty = muted_label("Reading the conflicts…", object_name="conflictsEmpty")
        self.kept_box = _value_box("keptValue", "Kept here")
        self.other_box = _value_box("serverValue", "On the server")
        values = style.hbox(spacing=style.Space.M)
        for title, box in (("Kept here", self.kept_box), ("On the server", self.other_box)):
            column = style.vbox(spacing=style.Space.XS)
            column.addWidget(muted_label(title, type_step="caption"))
            column.addWidget(box)
            values.addLayout(column, 1)

        self.keep_button = button("&Keep ours", "done", object_name="keepButton",
                                  tip="Keep the value from here for the selected fields")  # fmt: skip
        self.use_button = button("&Use the server's", "import", object_name="useServerButton",
                                 tip="Put the server's value in place of ours for the selected fields")  # fmt: skip
        self.keep_all_button = button("Keep a&ll ours", "done", object_name="keepAllButton",
                                      tip="Keep the values from here for every field listed")  # fmt: skip
        self.use_all_button = button("Use all the ser&ver's", "import", object_name="useAllServerButton",
                                     tip="Put the server's values in place of ours for every field listed")  # fmt: skip
        self.keep_button.clicked.connect(lambda: self.resolve(self.selected_ids(), use_other=False))
        self.use_button.clicked.connect(lambda: self.resolve(self.selected_ids(), use_other=True))
        self.keep_all_button.clicked.connect(lambda: self.resolve(self.all_ids(), use_other=False))
        self.use_all_button.clicked.connect(lambda: self.resolve(self.all_ids(), use_other=True))
        self.buttons = style.button_box(QDialogButtonBox.Close)
        close = self.buttons.button(QDialogButtonBox.Close)
        describe(close, "Close", "Close; what is left waits for the next review (Escape)")
        close.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        layout = style.dialog_layout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(values)
        row = style.hbox()
        row.addWidget(self.keep_button)
        row.addWidget(self.use_button)
        row.addStretch(1)
        row.addWidget(self.keep_all_button)
        row.addWidget(self.use_all_button)
        layout.addLayout(row)
        layout.addWidget(self.buttons)

        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.reader = workers.Reader(self, self._on_read, self._on_failed, name="conflicts")
        self.reader.loaded.connect(self.loaded)
        self._update()
        self.refresh()
        style.size_dialog(self, 760, 480)

    # --- reading --------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self.reader.loading

    def refresh(self) -> None:
        from desktop.services.sync_conflicts import list_conflicts

        self.reader.request(list_conflicts)

    def _on_read(self, items) -> None:
        self.model.set_rows(items)
        for col in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(col)
            self.table.setColumnWidth(col, min(self.table.columnWidth(col) + style.Space.L, 240))
        self.empty.setText("Nothing left to review." if not items else "")
        self.empty.setVisible(not items)
        self.table.setVisible(bool(items))
        if items:
            self.table.selectRow(0)
            self.table.setFocus()
        self._update()

    def _on_failed(self, exc: BaseException) -> None:
        self.empty.setText("The conflicts could not be read.")
        self._report(exc)

    # --- choosing ----------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows()[r].id for r in rows]

    def all_ids(self) -> list[int]:
        return [c.id for c in self.model.rows()]

    def resolve(self, ids: list[int], *, use_other: bool) -> workers.BackgroundOp | None:
        """Keep ours (``use_other`` False) or take the server's for the conflicts ``ids``."""
        if not ids or self.op is not None:
            return None
        from desktop.services.sync_conflicts import resolve_conflicts

        by_id = {c.id: c for c in self.model.rows()}
        touched = sorted({by_id[i].contact_id for i in ids if i in by_id})
        self.op = workers.write(self, lambda: resolve_conflicts(ids, use_other=use_other),
                                lambda _changed: self._on_resolved(touched), self._on_resolve_failed,
                                name="conflicts-resolve")  # fmt: skip
        self._update()
        return self.op

    def _on_resolved(self, contact_ids: list[int]) -> None:
        self.op = None
        if self.events is not None:
            self.events.contacts_changed.emit(contact_ids)  # the contact page shows the value; Undo names it
        if self._on_done is not None:
            self._on_done()
        self.resolved.emit()
        self.refresh()

    def _on_resolve_failed(self, exc: BaseException) -> None:
        self.op = None
        self._report(exc)
        self.refresh()

    # --- what shows ---------------------------------------------------------------------------------

    def _on_selection_changed(self, *_args) -> None:
        self._update()

    def _update(self) -> None:
        rows = self.model.rows()
        selected = self.selected_ids() if rows else []
        current = next((c for c in rows if selected and c.id == selected[0]), None)
        self.kept_box.setPlainText(current.kept if current else "")
        self.other_box.setPlainText(current.other if current else "")
        idle = self.op is None
        for b in (self.keep_button, self.use_button):
            b.setEnabled(idle and bool(selected))
        for b in (self.keep_all_button, self.use_all_button):
            b.setEnabled(idle and len(rows) > 1)

    def _report(self, exc: BaseException) -> None:
        if errors.for_a_person(exc):
            show_error(self, "Conflicts", str(exc))
        else:
            errors.report_bug(exc, self)


def show_conflicts(window, events=None, on_done: Callable[[], object] | None = None) -> ConflictsDialog:
    """Open the review (one at a time: a second call brings the open one forward)."""
    open_one = window.findChild(ConflictsDialog, "conflictsDialog")
    if open_one is not None and open_one.isVisible():
        open_one.raise_()
        open_one.activateWindow()
        open_one.refresh()
        return open_one
    dialog = ConflictsDialog(window, events, on_done)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog
