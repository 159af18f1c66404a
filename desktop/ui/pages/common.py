"""What the Today and Network pages share: a section frame with a count, and refreshing on the
window's data signals only while the page is visible. Labels and headings come from desktop.ui.text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui import icons, style
from desktop.ui.style.surfaces import paint_card
from desktop.ui.text import muted_label, plain_label


def icon_label(name: str, size: int = 20, color=None) -> QLabel:
    lab = QLabel()
    lab.setPixmap(icons.icon(name, color).pixmap(size, size))
    lab.setFixedSize(size + 4, size + 4)
    lab.setAlignment(Qt.AlignCenter)
    return lab


def clear_layout(layout) -> None:
    """Remove and delete every widget and sub-layout of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            # Hidden first: a shown widget set to no parent becomes a window of its own for a moment, and
            # the real window lost its activation (shortcuts stopped after a dialog refreshed a page).
            w.hide()
            w.setParent(None)
            w.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class Section(QFrame):
    """A titled block with a count in its header; hidden while empty unless told otherwise."""

    def __init__(self, key: str, title: str, icon_name: str, hint: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.title = title
        self.setObjectName(f"section_{key}")
        self.setFrameShape(QFrame.NoFrame)  # the design system's card surface, drawn in paintEvent
        self.setAccessibleName(title)
        outer = QVBoxLayout(self)
        style.set_margins(outer, style.Space.M, style.Space.M - 2)
        outer.setSpacing(style.Space.S - 2)
        head = QHBoxLayout()
        head.setSpacing(style.Space.S)
        head.addWidget(icon_label(icon_name, 18))
        self.title_label = plain_label(title, object_name="sectionTitle", type_step="subtitle")
        head.addWidget(self.title_label)
        self.count_label = muted_label("0", object_name="sectionCount", type_step="subtitle")
        head.addWidget(self.count_label)
        head.addStretch(1)
        outer.addLayout(head)
        if hint:
            self.hint_label = muted_label(hint, object_name="sectionHint", wrap=True)
            outer.addWidget(self.hint_label)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        outer.addLayout(self.rows)

    def paintEvent(self, event) -> None:  # noqa: N802
        paint_card(self)

    def set_count(self, n: int) -> None:
        self.count_label.setText(str(n))
        self.setAccessibleName(f"{self.title}: {n}")
        self.setVisible(n > 0)

    def count(self) -> int:
        return int(self.count_label.text() or 0)


class RefreshingPage(QWidget):
    """A page that refreshes on the window's data signals, later if it is hidden at the time.

    ``today`` may be a date or a callable returning one (tests pin it); by
    default it is the real date.
    """

    def __init__(self, events, today: dt.date | Callable[[], dt.date] | None = None, parent=None):
        super().__init__(parent)
        self.events = events
        self._today = today
        self._dirty = True
        self._refreshed_for: dt.date | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)
        if events is not None:
            events.contacts_changed.connect(self._on_events_changed)
            events.timeline_changed.connect(self._on_events_changed)
            events.groups_changed.connect(self._on_events_changed)
            events.data_reset.connect(self._on_events_changed)

    def today(self) -> dt.date:
        if self._today is None:
            return dt.date.today()
        return self._today() if callable(self._today) else self._today

    def set_today(self, today) -> None:
        self._today = today
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden
        self._mark_fresh()

    def _mark_fresh(self) -> None:
        self._dirty = False
        self._refreshed_for = self.today()

    def _on_events_changed(self, *args) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        if self._dirty:
            self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:
            self.apply_palette()

    def apply_palette(self) -> None:
        """Colours a page sets from the palette itself, set again when it changes (labels with a tone
        follow on their own)."""

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # A window left open overnight shows the new day's list when the page comes back.
        if self._dirty or self._refreshed_for != self.today():
            self._dirty = True
            self._timer.start()
