"""A contact's timeline as an item model: month headings and entries, newest first.

The entries come from desktop.services.timeline (plain TimelineEntry
values: interactions, exchanges and the events they attended); this model
only adds the month rows and the words each row shows.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from desktop.domain.kinds import EVENT, GIVEN, INTERACTION, LOST, PROMISED, WON
from desktop.ui.text import plain_tooltip

KIND_ROLE = Qt.UserRole + 1  # "header" or "entry"
ENTRY_ROLE = Qt.UserRole + 2
DETAIL_ROLE = Qt.UserRole + 3
BADGE_ROLE = Qt.UserRole + 4
DATE_ROLE = Qt.UserRole + 5
ICON_ROLE = Qt.UserRole + 6  # the icon name (and colour key) of the entry
DIRECTION_ROLE = Qt.UserRole + 7

CHANNEL_LABELS = {
    "meeting": "Meeting",
    "call": "Call",
    "email": "Email",
    "message": "Message",
    "check_in": "Check-in",
}
KIND_LABELS = {
    "favour": "Favour",
    "referral": "Referral",
    "introduction": "Introduction",
    "advice": "Advice",
    "purchase": "Purchase",
    "info": "Information",
    "invitation": "Invitation",
    "recommendation": "Recommendation",
    "ask": "Ask",
}
STATUS_LABELS = {PROMISED: "promised", WON: "became business", LOST: "no business"}
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def month_title(on: dt.date) -> str:
    return f"{MONTHS[on.month - 1]} {on.year}"


def _others(entry, contact_id: int) -> list[str]:
    return [name for cid, name in entry.contacts if cid != contact_id and name]


def describe(entry, contact_id: int) -> tuple[str, str, str]:
    """(title, detail, badge) of an entry as seen from ``contact_id``'s page."""
    summary = entry.summary or ""
    others = _others(entry, contact_id)
    if entry.entry_kind == EVENT:  # its summary is its name
        title = f"Event: {summary}" if summary else "Event"
        met = f"met {', '.join(others[:3])}" + (f" and {len(others) - 3} more" if len(others) > 3 else "") if others else ""
        detail = " · ".join(p for p in (entry.place, entry.group_name, met) if p)
        return title, detail, ""
    if entry.entry_kind == INTERACTION:
        title = CHANNEL_LABELS.get(entry.type, entry.type.replace("_", " ").capitalize())
        extra = f"with {', '.join(others)}" if others else ""
        detail = " · ".join(p for p in (summary, extra) if p)
        return title, detail, ""
    kind = KIND_LABELS.get(entry.type, entry.type.capitalize())
    given = entry.direction == GIVEN
    third = entry.third_party_name or ""
    if entry.type == "introduction":
        if given:
            if entry.third_party_id == contact_id:
                people = ", ".join(others) or "someone"
            else:
                people = third or ", ".join(others) or "someone"
            title = f"You introduced them to {people}"
        else:
            title = f"They introduced you to {third}" if third else "They introduced you to someone"
    elif entry.type == "referral":
        title = f"Referral {'given' if given else 'received'}"
        if entry.third_party_id == contact_id:
            title = "Referred as a client"
        if third and entry.third_party_id != contact_id:
            title += f": {third}"
    elif entry.type == "ask":
        title = "You asked" if given else "They asked"
    else:
        title = f"{kind} {'given' if given else 'received'}"
    detail_parts = [summary]
    if entry.money_cents:
        detail_parts.append(f"{entry.money_cents / 100:,.2f}")
    if entry.outcome:
        detail_parts.append(entry.outcome)
    detail = " · ".join(p for p in detail_parts if p)
    badge = STATUS_LABELS.get(entry.status, "")
    return title, detail, badge


class TimelineModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple] = []  # ("header", title) or ("entry", entry, title, detail, badge)

    def set_entries(self, contact_id: int, entries) -> None:
        """``entries`` newest first (as the timeline service returns them)."""
        self.beginResetModel()
        rows: list[tuple] = []
        month = None
        for e in entries:
            key = (e.on.year, e.on.month)
            if key != month:
                month = key
                rows.append(("header", month_title(e.on)))
            rows.append(("entry", e, *describe(e, contact_id)))
        self._rows = rows
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries(0, [])

    def entry_count(self) -> int:
        return sum(1 for r in self._rows if r[0] == "entry")

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == KIND_ROLE:
            return row[0]
        if row[0] == "header":
            if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
                return row[1]
            return None
        _, entry, title, detail, badge = row
        if role == Qt.DisplayRole:
            return title
        if role == DETAIL_ROLE:
            return detail
        if role == BADGE_ROLE:
            return badge
        if role == DATE_ROLE:
            return entry.on
        if role == ENTRY_ROLE:
            return entry
        if role == ICON_ROLE:
            return entry.type
        if role == DIRECTION_ROLE:
            return entry.direction
        if role == Qt.ToolTipRole:
            lines = [title, entry.on.isoformat()]
            if detail:
                lines.append(detail)
            if entry.notes:
                lines.append(entry.notes)
            if badge:
                lines.append(f"Status: {badge}")
            return plain_tooltip("\n".join(lines))  # summaries and notes are never read as HTML
        if role == Qt.AccessibleTextRole:
            parts = [entry.on.isoformat(), title, detail, badge]
            return ", ".join(p for p in parts if p)
        return None

    def flags(self, index) -> Qt.ItemFlags:
        if not index.isValid():
            return Qt.NoItemFlags
        if self._rows[index.row()][0] == "header":
            return Qt.ItemIsEnabled | Qt.ItemNeverHasChildren
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren
