"""The one chip for a person: their initials (or photo) in a small circle, their name, and, when it can
be removed, a cross. Used wherever people are picked or listed in a line (the contact picker of every
dialog, attendees, members).

Clicking a removable chip (anywhere on it: a small cross alone is a hard target) emits ``clicked``;
the picker removes the person. The name is drawn as plain text and elided when the chip is narrowed.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem

from desktop.ui.style import colors
from desktop.ui.style.scale import Space

MAX_NAME_WIDTH = 220  # logical px: a very long name is elided (the tooltip has it whole)


class PersonChip(QAbstractButton):
    def __init__(self, name: str, *, removable: bool = True, photo: bytes | None = None,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        from desktop.ui.text import plain_tooltip

        self.name = name
        self.removable = removable
        self._image: QImage | None = None
        if photo:
            image = QImage()
            if image.loadFromData(photo):
                self._image = image
        # No setText: a button reads "&" as a shortcut mark; the name is painted as plain text instead.
        self.setFocusPolicy(Qt.NoFocus)  # keyboard: Backspace in the picker's line removes the last chip
        self.setCursor(Qt.PointingHandCursor if removable else Qt.ArrowCursor)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        self.setAttribute(Qt.WA_Hover, True)
        if removable:
            self.setAccessibleName(f"Remove {name}")
            self.setToolTip(plain_tooltip(f"Remove {name} (or Backspace in the empty field)"))
        else:
            self.setAccessibleName(name)
            self.setToolTip(plain_tooltip(name))

    # --- geometry ---------------------------------------------------------------------
    # One place decides where the parts go, for the size hint and the painting alike.

    def _parts(self, width: int | None = None) -> tuple[int, int, QRectF, QRectF, QRectF | None]:
        """(width, height, avatar rect, name rect, cross rect or None) for a chip ``width`` wide
        (its preferred width when None)."""
        fm = self.fontMetrics()
        height = fm.height() + 2 * Space.XXS + 2  # a line of text and a little air: about a line edit's
        avatar = height - 2 * Space.XXS
        cross = max(8, round(fm.height() * 0.5)) if self.removable else 0
        lead = Space.XXS + avatar + Space.XS  # before the name
        trail = Space.S + (cross + Space.XS if self.removable else 0)  # after it
        if width is None:
            width = lead + min(fm.horizontalAdvance(self.name), MAX_NAME_WIDTH) + 1 + trail
        avatar_rect = QRectF(Space.XXS, Space.XXS, avatar, avatar)
        name_rect = QRectF(lead, 0, max(0, width - lead - trail), height)
        cross_rect = QRectF(width - Space.S - cross, (height - cross) / 2, cross, cross) if self.removable else None
        return width, height, avatar_rect, name_rect, cross_rect

    def sizeHint(self) -> QSize:  # noqa: N802
        width, height, *_ = self._parts()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        width, height, _a, name, _c = self._parts()
        return QSize(width - round(name.width()) + self.fontMetrics().horizontalAdvance("M…"), height)

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        from desktop.ui.widgets.avatar import paint_avatar

        _w, height, avatar_rect, name_rect, cross_rect = self._parts(self.width())
        dy = (self.height() - height) / 2
        pal = self.palette()
        hovered = self.underMouse() and self.removable
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.translate(0, dy)
        r = QRectF(0.5, 0.5, self.width() - 1, height - 1)
        path = QPainterPath()
        path.addRoundedRect(r, r.height() / 2, r.height() / 2)
        p.fillPath(path, colors.chip_background(pal, hovered))
        if hovered:
            p.setPen(QPen(colors.accent(colors.ACCENT_HUE, pal, strong=True), 1))
            p.drawPath(path)
        paint_avatar(p, avatar_rect, self.name or "?", self._image)
        p.setPen(colors.chip_text(pal) if self.isEnabled() else pal.color(QPalette.Disabled, QPalette.WindowText))
        p.setFont(self.font())
        text = self.fontMetrics().elidedText(self.name, Qt.ElideRight, int(name_rect.width()))
        p.drawText(name_rect, Qt.AlignVCenter | Qt.AlignLeft, text)
        if cross_rect is not None:
            c = cross_rect.center()
            half = cross_rect.width() / 2 - 1
            color = colors.accent(colors.ACCENT_HUE, pal, strong=True) if hovered else colors.muted_text(pal)
            p.setPen(QPen(color, 1.6, Qt.SolidLine, Qt.RoundCap))
            p.drawLine(QPointF(c.x() - half, c.y() - half), QPointF(c.x() + half, c.y() + half))
            p.drawLine(QPointF(c.x() + half, c.y() - half), QPointF(c.x() - half, c.y() + half))
        p.end()


class FlowLayout(QLayout):
    """Items left to right, wrapping onto new rows (chips in a picker, attendees of an event).

    An item whose widget expands horizontally (the picker's typing line) takes the rest of its row,
    or a row of its own when less than its minimum width is left.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = Space.XS):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)
        self.invalidate()  # laid out again (an item added to a shown layout stayed where it was made)

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientations:  # noqa: N802
        return Qt.Orientations(Qt.Orientation(0))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one row: a parent asks the height for its real width (heightForWidth) after."""
        items = self._visible()
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in items) + self._spacing * max(0, len(items) - 1)
        height = max((i.sizeHint().height() for i in items), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() is not None and i.widget().isHidden())]

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        right = area.x() + max(area.width(), 1)
        rows: list[list[tuple[QLayoutItem, int, int]]] = [[]]
        x = area.x()
        for item in self._visible():
            w = min(item.sizeHint().width(), area.width())
            expands = bool(item.expandingDirections() & Qt.Horizontal)
            if expands:
                w = max(item.minimumSize().width(), right - x)
            if rows[-1] and x + w > right:  # no room left on this row
                rows.append([])
                x = area.x()
                if expands:
                    w = area.width()
            rows[-1].append((item, x, w))
            x += w + self._spacing
        y = area.y()
        for row in rows:
            if not row:
                continue
            height = max(item.sizeHint().height() for item, _, _ in row)
            if apply:
                for item, ix, w in row:
                    h = item.sizeHint().height()
                    item.setGeometry(QRect(ix, y + (height - h) // 2, max(0, min(w, right - ix)), h))
            y += height + self._spacing
        return max(0, y - self._spacing - rect.y()) + m.bottom()
