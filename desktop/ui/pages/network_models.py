"""Table models for the Network page: the groups and their return (compact: what went in, what came
back), the strongest relationships. Named columns, one ``set_rows()`` that resets, sorting on the rows
in memory (these tables hold tens of rows, not thousands).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desktop.domain.money import format_money
from desktop.ui.models.contact_list_model import band_chip
from desktop.ui.text import plain_tooltip

ID_ROLE = Qt.UserRole + 1
SORT_ROLE = Qt.UserRole + 2


class _RowsModel(QAbstractTableModel):
    """Columns are (header, tooltip, value(row) -> display, sort key(row), numeric)."""

    columns: list[tuple] = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._sort: tuple[int, Qt.SortOrder] | None = None  # kept across set_rows

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows.sort(key=self.columns[self._sort[0]][3], reverse=self._sort[1] == Qt.DescendingOrder)
        self.endResetModel()

    def clear_sort(self) -> None:
        """Back to the order the rows came in (the service's ranking)."""
        self._sort = None

    def rows(self) -> list:
        return list(self._rows)

    def row(self, i: int):
        return self._rows[i]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal or not 0 <= section < len(self.columns):
            return None
        header, tip, _, _, numeric = self.columns[section]
        if role == Qt.DisplayRole:
            return header
        if role == Qt.ToolTipRole:
            return tip
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        _, tip, value, key, numeric = self.columns[index.column()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return value(row)
        if role == Qt.ToolTipRole:
            # names of contacts and groups are the user's text: QToolTip would render markup in them
            return plain_tooltip(f"{tip}: {value(row)}")
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == SORT_ROLE:
            return key(row)
        if role == ID_ROLE:
            return self._id(row)
        return None

    def _id(self, row) -> int:
        return row.contact_id

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        key = self.columns[column][3]
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=order == Qt.DescendingOrder)
        self.layoutChanged.emit()


def came_back_words(r) -> str:
    """ "4 referrals, 1 favour": what its members gave you, last 12 months."""
    parts = []
    if r.referrals:
        parts.append(f"{r.referrals} referral{'s' if r.referrals != 1 else ''}")
    if r.favours:
        parts.append(f"{r.favours} favour{'s' if r.favours != 1 else ''}")
    other = r.received_weight and not parts
    return ", ".join(parts) or ("other help" if other else "nothing yet")


class GroupReturnModel(_RowsModel):
    """Groups with what went in against what their members gave back, last 12 months, in a few words."""

    columns = [
        ("Group", "The group", lambda r: r.name, lambda r: r.name.casefold(), False),
        ("Hours", "Hours at its events, last 12 months", lambda r: f"{r.hours:g}", lambda r: r.hours, True),
        ("Spent", "The yearly fee plus the cost of its events, last 12 months", lambda r: format_money(r.money_cents),
         lambda r: r.money_cents, True),
        ("Came back", "Referrals and favours from its members, last 12 months", came_back_words,
         lambda r: (r.received_weight, r.referrals), False),
    ]  # fmt: skip

    def _id(self, row) -> int:
        return row.group_id


class RelationModel(_RowsModel):
    columns = [
        ("Name", "The contact", lambda r: r.name, lambda r: r.name.casefold(), False),
        ("Balance", "Where the relationship stands (the meter's band)", lambda r: band_chip(r.given, r.received)[0],
         lambda r: r.given - r.received, False),
        ("Given", "What you gave, decayed", lambda r: f"{r.given:.1f}", lambda r: r.given, True),
        ("Received", "What you received, decayed", lambda r: f"{r.received:.1f}", lambda r: r.received, True),
    ]
