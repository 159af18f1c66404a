"""The timeline view: month headings, then one line per interaction or exchange with an icon and a
colour per kind; what you gave and what you received told apart by an arrow and a side stripe.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui import icons
from desktop.ui.style import colors
from desktop.ui.models.timeline_model import (
    BADGE_ROLE,
    DATE_ROLE,
    DETAIL_ROLE,
    DIRECTION_ROLE,
    ENTRY_ROLE,
    ICON_ROLE,
    KIND_ROLE,
    TimelineModel,
)

ICON_BOX = 30
PAD = 8


def _short_date(d) -> str:
    return f"{d.day} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.month - 1]}"


class TimelineDelegate(QStyledItemDelegate):
    """Paints plain text with drawText: nothing a person typed is read as markup."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        # One height for every row (month headings too): the view then never asks each of a
        # thousand rows for its size, which made opening a long story slow.
        fm = QFontMetrics(option.font)
        return QSize(200, max(ICON_BOX + 2 * PAD - 4, fm.height() * 2 + 2 * PAD))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        pal = option.palette
        r = option.rect
        fm = QFontMetrics(option.font)
        if index.data(KIND_ROLE) == "header":
            font = QFont(option.font)
            font.setWeight(QFont.DemiBold)
            painter.setFont(font)
            painter.setPen(colors.muted_text(pal))
            painter.drawText(r.adjusted(PAD, 0, -PAD, -4), Qt.AlignLeft | Qt.AlignBottom, index.data(Qt.DisplayRole))
            painter.setPen(pal.color(QPalette.Mid))
            painter.drawLine(r.left() + PAD, r.bottom(), r.right() - PAD, r.bottom())
            painter.restore()
            return
        selected = bool(option.state & QStyle.State_Selected)
        if selected:
            painter.fillRect(r, pal.color(QPalette.Highlight))
        elif option.state & QStyle.State_MouseOver:
            painter.fillRect(r, pal.color(QPalette.AlternateBase))
        painter.setRenderHint(QPainter.Antialiasing)
        kind = index.data(ICON_ROLE) or ""
        direction = index.data(DIRECTION_ROLE) or ""
        color = colors.kind_color(kind, pal)
        # Side stripe: given (green) on the right of the icon column, received (blue).
        if direction:
            stripe = colors.given_color(pal) if direction == "given" else colors.received_color(pal)
            painter.fillRect(QRect(r.left() + 2, r.top() + 6, 3, r.height() - 12), stripe)
        box = QRectF(r.left() + PAD + 2, r.top() + (r.height() - ICON_BOX) / 2, ICON_BOX, ICON_BOX)
        bg = colors.accent(colors.KIND_HUES.get(kind, 220), pal, strong=False)
        path = QPainterPath()
        path.addEllipse(box)
        painter.fillPath(path, bg)
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        name = kind if icons.has_icon(kind) else "note"
        painter.drawPixmap(box.adjusted(6, 6, -6, -6).toRect(), icons.tinted_pixmap(name, ICON_BOX - 12, color, dpr))
        if direction:
            arrow = "given" if direction == "given" else "received"
            arrow_color = colors.given_color(pal) if direction == "given" else colors.received_color(pal)
            small = QRectF(box.right() - 10, box.bottom() - 10, 14, 14)
            circle = QPainterPath()
            circle.addEllipse(small)
            painter.fillPath(circle, pal.color(QPalette.Base))
            painter.drawPixmap(small.adjusted(1, 1, -1, -1).toRect(), icons.tinted_pixmap(arrow, 12, arrow_color, dpr))

        text_left = int(box.right()) + PAD + 4
        date = index.data(DATE_ROLE)
        date_text = _short_date(date) if date else ""
        date_w = fm.horizontalAdvance("30 Sep") + PAD
        text_rect = QRect(text_left, r.top() + PAD - 2, r.right() - text_left - date_w - PAD, fm.height())
        fg = pal.color(QPalette.HighlightedText) if selected else pal.color(QPalette.Text)
        muted = fg if selected else colors.muted_text(pal)
        title = index.data(Qt.DisplayRole) or ""
        badge = index.data(BADGE_ROLE) or ""
        bold = QFont(option.font)
        bold.setWeight(QFont.DemiBold)
        painter.setFont(bold)
        bfm = painter.fontMetrics()
        badge_w = fm.horizontalAdvance(badge) + 12 if badge else 0
        title_w = min(bfm.horizontalAdvance(title) + 2, max(40, text_rect.width() - badge_w - 6))
        painter.setPen(fg)
        painter.drawText(
            QRect(text_rect.left(), text_rect.top(), title_w, text_rect.height()),
            Qt.AlignLeft | Qt.AlignVCenter,
            bfm.elidedText(title, Qt.ElideRight, title_w),
        )
        painter.setFont(option.font)
        if badge:
            brect = QRectF(text_rect.left() + title_w + 6, text_rect.top() + 1, badge_w, text_rect.height() - 2)
            bpath = QPainterPath()
            bpath.addRoundedRect(brect, 4, 4)
            badge_hue = 40 if badge == "promised" else (140 if badge == "became business" else 0)
            painter.fillPath(bpath, colors.accent(badge_hue, pal, strong=False))
            painter.setPen(colors.accent(badge_hue, pal, strong=True))
            painter.drawText(brect, Qt.AlignCenter, badge)
        detail = index.data(DETAIL_ROLE) or ""
        painter.setPen(muted)
        drect = QRect(text_left, text_rect.bottom() + 2, r.right() - text_left - PAD, fm.height())
        painter.drawText(drect, Qt.AlignLeft | Qt.AlignVCenter, fm.elidedText(detail, Qt.ElideRight, drect.width()))
        painter.drawText(
            QRect(r.right() - date_w - PAD, text_rect.top(), date_w, fm.height()), Qt.AlignRight | Qt.AlignVCenter, date_text
        )
        painter.restore()


class TimelineView(QListView):
    """Emits ``entry_activated(entry_kind, entry_id)`` on a double-click or Enter."""

    entry_activated = Signal(str, int)
    entry_delete_requested = Signal(str, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setToolTip("Interactions and exchanges, newest first. Double-click one to edit it.")
        self.timeline_model = TimelineModel(self)
        self.setModel(self.timeline_model)
        self.setItemDelegate(TimelineDelegate(self))
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setFrameShape(QListView.NoFrame)
        self.setUniformItemSizes(True)
        self.activated.connect(self._on_activated)
        self.setContextMenuPolicy(Qt.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)

    def _on_context_menu_requested(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        entry = self.indexAt(pos).data(ENTRY_ROLE)
        if entry is None:
            return
        menu = QMenu(self)
        edit = menu.addAction(icons.icon("edit"), "Edit…")
        edit.triggered.connect(lambda: self.entry_activated.emit(entry.entry_kind, entry.id))
        delete = menu.addAction(icons.icon("trash"), "Move to trash")
        delete.triggered.connect(lambda: self.entry_delete_requested.emit(entry.entry_kind, entry.id))
        menu.popup(self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        entry = self.current_entry()
        if entry is not None and event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
            self.entry_delete_requested.emit(entry.entry_kind, entry.id)
            return
        super().keyPressEvent(event)

    def _on_activated(self, index: QModelIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        if entry is not None:
            self.entry_activated.emit(entry.entry_kind, entry.id)

    def current_entry(self):
        return self.currentIndex().data(ENTRY_ROLE) if self.currentIndex().isValid() else None
