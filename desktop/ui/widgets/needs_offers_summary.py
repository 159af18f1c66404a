"""What a contact needs and offers, at the top of the contact page: one chip each, needs beside offers.

A click on a chip asks to edit it, "Add a need…" / "Add an offer…" to add one: the contact page opens
the one editor (``needs_offers_editor.NeedsOffersEditor``, in its side panel) there. The chips only
show; every change goes through that editor.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QToolButton, QWidget

from desktop.domain.kinds import NEED, OFFER
from desktop.ui import icons
from desktop.ui.style import Space, colors, hbox, vbox
from desktop.ui.style.chips import FlowLayout
from desktop.ui.text import plain_label, plain_tooltip

WORDS = {
    NEED: {"title": "Needs", "add": "Add a need…", "one": "Need", "hint": "Note what they need"},
    OFFER: {"title": "Offers", "add": "Add an offer…", "one": "Offer", "hint": "Note what they offer"},
}
MAX_CHIP = 260  # px: a longer need is elided on its chip (the tooltip has it whole)


class ItemChip(QAbstractButton):
    """One need or offer: its words on a pill (the need's hue or the offer's). A click asks to edit it."""

    def __init__(self, item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        word = WORDS[item.kind]["one"]
        tags = f" (tags: {', '.join(item.tags)})" if item.tags else ""
        self.setObjectName(f"{item.kind}Chip")
        self.setAccessibleName(f"{word}: {item.text}")
        self.setToolTip(plain_tooltip(f"{word}: {item.text}{tags}\nClick to edit it"))
        self.setCursor(Qt.PointingHandCursor)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        self.setAttribute(Qt.WA_Hover, True)

    def _geometry(self, width: int | None = None) -> tuple[int, int, QRectF]:
        fm = self.fontMetrics()
        height = fm.height() + 2 * Space.XS
        if width is None:
            width = Space.M + min(fm.horizontalAdvance(self.item.text), MAX_CHIP) + 1 + Space.M
        return width, height, QRectF(Space.M, 0, max(0, width - 2 * Space.M), height)

    def sizeHint(self) -> QSize:  # noqa: N802
        width, height, _ = self._geometry()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        _, height, _ = self._geometry()
        return QSize(2 * Space.M + self.fontMetrics().horizontalAdvance("M…"), height)

    def paintEvent(self, event) -> None:  # noqa: N802
        _w, height, text_rect = self._geometry(self.width())
        pal = self.palette()
        hue = colors.RECEIVED_HUE if self.item.kind == NEED else colors.GIVEN_HUE
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.translate(0, (self.height() - height) / 2)
        r = QRectF(0.5, 0.5, self.width() - 1, height - 1)
        path = QPainterPath()
        path.addRoundedRect(r, r.height() / 2, r.height() / 2)
        p.fillPath(path, colors.accent(hue, pal, strong=False))
        if self.underMouse() or self.hasFocus():
            p.setPen(QPen(colors.accent(hue, pal, strong=True), 1))
            p.drawPath(path)
        p.setPen(colors.chip_text(pal))
        p.drawText(text_rect, Qt.AlignVCenter | Qt.AlignLeft,
                   self.fontMetrics().elidedText(self.item.text, Qt.ElideRight, int(text_rect.width())))  # fmt: skip
        p.end()


class NeedsOffersSummary(QWidget):
    """Needs beside offers. ``set_items(contact_id, needs, offers)`` (rows with id, kind, text, tags);
    ``edit_requested(item id)`` on a chip's click, ``add_requested(kind)`` on "Add…"."""

    edit_requested = Signal(int)
    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("needsOffersSummary")
        self.setAccessibleName("Needs and offers")
        lay = hbox(self, spacing=Space.L)
        self.flows: dict[str, FlowLayout] = {}
        self.add_buttons: dict[str, QToolButton] = {}
        self.items: dict[str, list] = {NEED: [], OFFER: []}
        for kind in (NEED, OFFER):
            column = QWidget()
            column.setObjectName(f"{kind}sColumn")
            cl = vbox(column, spacing=Space.XS)
            cl.addWidget(plain_label(WORDS[kind]["title"], object_name=f"{kind}sTitle", type_step="strong"))
            box = QWidget()
            self.flows[kind] = FlowLayout(box, spacing=Space.XS)
            cl.addWidget(box)
            add = QToolButton()
            add.setObjectName(f"add{kind.capitalize()}Button")
            add.setText(WORDS[kind]["add"])
            add.setIcon(icons.icon("add"))
            add.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
            add.setAutoRaise(True)
            add.setAccessibleName(WORDS[kind]["add"].rstrip("…"))
            add.setToolTip(WORDS[kind]["hint"])
            add.clicked.connect(lambda _checked=False, k=kind: self.add_requested.emit(k))
            self.add_buttons[kind] = add
            lay.addWidget(column, 1, Qt.AlignTop)

    def set_items(self, contact_id: int, needs: list, offers: list) -> None:
        for kind, items in ((NEED, needs), (OFFER, offers)):
            flow = self.flows[kind]
            while flow.count():
                w = flow.takeAt(0).widget()
                if w is not None and w is not self.add_buttons[kind]:
                    w.hide()
                    w.deleteLater()
            self.items[kind] = list(items)
            for item in items:
                chip = ItemChip(item)
                chip.clicked.connect(lambda _checked=False, i=item.id: self.edit_requested.emit(i))
                flow.addWidget(chip)
                chip.show()  # now, not at the next turn of the event loop (a grab in between would miss it)
            flow.addWidget(self.add_buttons[kind])
            self.add_buttons[kind].show()

    def texts(self, kind: str) -> list[str]:
        return [item.text for item in self.items[kind]]

    def chips(self, kind: str) -> list[ItemChip]:
        flow = self.flows[kind]
        return [flow.itemAt(i).widget() for i in range(flow.count()) if isinstance(flow.itemAt(i).widget(), ItemChip)]
