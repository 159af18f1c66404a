"""A table model over a list of plain values (a service's rows): named columns, one ``set_rows()`` that
resets, the id and the row behind each line in roles, sorting in memory (tens or hundreds of rows, never
the contact list: that one pages through the database). The tables of the Groups & Events and Network
pages, the trash and the sync conflicts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.ui.text import plain_tooltip

ID_ROLE = Qt.UserRole + 1  # the group's, event's or contact's id
ROW_ROLE = Qt.UserRole + 2  # the service's value behind the line
SORT_ROLE = Qt.UserRole + 3


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], str]  # the text a line shows
    key: Callable[[object], object] | None = None  # what sorting compares (the text when None)
    tip: str = ""
    numeric: bool = False  # right-aligned
    full: Callable[[object], str] | None = None  # the whole text (tooltip, screen readers) where a cell shows less


class RowsTableModel(QAbstractTableModel):
    """Named columns over a list of plain values; see the module note. ``id_of`` says which id a line carries."""

    columns: tuple[Column, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._sort: tuple[int, Qt.SortOrder] | None = None  # kept across set_rows

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, row: int):
        """The value behind line ``row``."""
        return self._rows[row]

    def clear_sort(self) -> None:
        """Back to the order the rows come in (the service's), until a header is clicked."""
        self._sort = None

    def id_of(self, row) -> int:
        """The id of the contact, group or event behind a line (ID_ROLE)."""
        return row.id

    def row_of(self, item_id: int) -> int:
        """The line of the item with this id, or -1."""
        return next((i for i, r in enumerate(self._rows) if self.id_of(r) == item_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt's names and signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.DisplayRole:
            return column.header
        if role == Qt.ToolTipRole:
            return column.tip or None
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column.numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.DisplayRole:
            return column.value(row)
        if role == Qt.AccessibleTextRole:
            return (column.full or column.value)(row)
        if role == Qt.ToolTipRole:
            # names of people, groups and events are the user's text: escaped, never read as HTML
            text = (column.full or column.value)(row)
            return plain_tooltip(f"{column.tip}: {text}" if column.tip and text else text)
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column.numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == ID_ROLE:
            return self.id_of(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return (column.key or column.value)(row)
        return None

    def flags(self, index) -> Qt.ItemFlags:
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order) -> None:
        col = self.columns[column]
        key = col.key or (lambda r: col.value(r).casefold())
        self._rows.sort(key=key, reverse=order == Qt.DescendingOrder)
