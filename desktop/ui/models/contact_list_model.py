"""The contact list as a lazy item model: pages of rows from SQL as the view scrolls, never the whole list.

Search, filters and sorting happen in SQL (desktop.services.search); the
model only holds the rows fetched so far. ``set_query`` swaps in a new
listing with one reset; ``refresh`` reloads after an edit, keeping as many
rows loaded as before so the view does not jump.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.domain import reciprocity as rules
from desktop.domain.dates import ago_words
from desktop.services import search
from desktop.services.search import ListQuery, ListRow
from desktop.ui.text import plain_tooltip

PAGE_SIZE = 50
MAX_PAGE = 20000

ID_ROLE = Qt.UserRole + 1
ROW_ROLE = Qt.UserRole + 2
SUBTITLE_ROLE = Qt.UserRole + 3
ARCHIVED_ROLE = Qt.UserRole + 4
VALUE_ROLE = Qt.UserRole + 5  # (words, tone) of the sort's value shown in the row, or None

# The meter's bands as a row's chip says them; the tone picks the chip's colour.
BAND_CHIPS = {
    rules.THEY_GAVE_MORE: ("They gave more", "received"),
    rules.BALANCED: ("Balanced", "neutral"),
    rules.YOU_GAVE_MORE: ("You gave more", "given"),
}
ONE_SIDED_CHIPS = {True: ("Only you give", "given"), False: ("Only they give", "received")}


def band_chip(given: float, received: float) -> tuple[str, str]:
    """The meter's band in a chip's few words, and its tone (given, received or neutral)."""
    band = rules.band_for(given, received)
    if band.code == rules.ONE_SIDED:
        return ONE_SIDED_CHIPS[given > received]
    return BAND_CHIPS[band.code]


def sort_value(row: ListRow, kind: str, today: dt.date) -> tuple[str, str] | None:
    """What a row shows of the sort it is listed by: (words, tone), tone one of given, received,
    neutral (a chip) or muted (plain text); None for nothing."""
    if kind == search.SORT_BALANCE:
        if row.given <= 0 and row.received <= 0:
            return None
        return band_chip(row.given, row.received)
    if kind == search.SORT_LAST_CONTACT:
        return (ago_words(row.last_contact, today), "muted") if row.last_contact else ("never", "muted")
    if kind == search.SORT_ADDED and row.added:
        return (f"added {ago_words(row.added, today)}", "muted")
    return None


def subtitle(row: ListRow) -> str:
    parts = [p for p in (row.title, row.organization) if p]
    text = " · ".join(parts) if len(parts) < 2 else f"{row.title}, {row.organization}"
    if row.archived:
        text = f"{text} · archived" if text else "archived"
    return text


class ContactListModel(QAbstractListModel):
    def __init__(self, parent=None, page_size: int = PAGE_SIZE, today: Callable[[], dt.date] | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today
        self._page_size = page_size
        self._query = ListQuery()
        self._listing: search.Listing | None = None
        self._rows: list[ListRow] = []

    # --- loading -------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    def value_kind(self) -> str:
        """The sort whose value each row shows (balance, last contact, added), or "" (by name, or a
        search: a search orders by how well names match, whatever the sort)."""
        q = self._query
        if q.sort == search.SORT_NAME or q.text.strip():
            return ""
        return q.sort

    def set_query(self, query: ListQuery, keep: int = 0) -> None:
        """Show ``query``'s rows: the first page (or at least ``keep`` rows)."""
        self.beginResetModel()
        if self._listing is not None:
            self._listing.close()
        self._query = query
        self._listing = search.Listing(query)
        self._rows = []
        want = max(self._page_size, keep)
        while self._listing.can_fetch_more() and len(self._rows) < want:
            self._rows += self._listing.fetch(min(1000, want - len(self._rows)))
        self.endResetModel()

    def refresh(self) -> None:
        """Reload the current query (after contacts changed), keeping the rows loaded so far."""
        self.set_query(self._query, keep=len(self._rows))

    def close(self) -> None:
        if self._listing is not None:
            self._listing.close()
            self._listing = None

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 (Qt names)
        if parent.isValid() or self._listing is None:
            return False
        return self._listing.can_fetch_more()

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or self._listing is None:
            return
        # Pages grow with the rows already shown: a view lays out all its rows again after each
        # append, so a few big appends cost far less than hundreds of small ones deep in a long list.
        size = min(MAX_PAGE, max(self._page_size, len(self._rows) // 2))
        rows = self._listing.fetch(size)
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows += rows
        self.endInsertRows()

    # --- reading ---------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.DisplayRole:
            return row.name
        if role == ID_ROLE:
            return row.id
        if role == SUBTITLE_ROLE:
            return subtitle(row)
        if role == ARCHIVED_ROLE:
            return row.archived
        if role == VALUE_ROLE:
            return self._value(row)
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            parts = [row.name, subtitle(row)]
            value = self._value(row)
            if value:
                parts.append(value[0])
                if self.value_kind() == search.SORT_BALANCE:
                    parts.append(f"given {row.given:.1f}, received {row.received:.1f} (recent counts most)")
            parts = [p for p in parts if p]
            if role == Qt.AccessibleTextRole:
                return ", ".join(parts)
            return plain_tooltip("\n".join(parts))  # a name is never read as HTML
        return None

    def _value(self, row: ListRow) -> tuple[str, str] | None:
        kind = self.value_kind()
        return sort_value(row, kind, self.today()) if kind else None

    # No flags() override: QAbstractListModel's own (enabled, selectable, never has children) is C++,
    # and views ask it for every row after each page appended: a Python override made scrolling
    # through 100,000 rows quadratic.

    def row_of(self, contact_id: int) -> int:
        """The row showing ``contact_id`` among those loaded, or -1."""
        for i, r in enumerate(self._rows):
            if r.id == contact_id:
                return i
        return -1

    def contact_id(self, row: int) -> int:
        return self._rows[row].id if 0 <= row < len(self._rows) else 0
