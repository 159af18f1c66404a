"""What a contact needs and offers, edited where it shows: on the contact page, as chips.

A click on a chip edits it in place (its words and its tags), its cross (or Delete, or the chip's
menu) removes it, "Add a need…" / "Add an offer…" opens an empty editor. Enter saves, Esc cancels.
Every change goes through ``services.needs``, which journals it: Edit → Undo takes it back. The
editor emits ``changed(contact_id)`` after each change; the page tells the window (``AppEvents``),
so the introductions on Today follow.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QMenu, QSizePolicy, QToolButton, QWidget

from desktop.domain.errors import RapportError
from desktop.domain.kinds import NEED, OFFER
from desktop.ui import icons
from desktop.ui.style import Space, colors, hbox, vbox
from desktop.ui.style.chips import FlowLayout
from desktop.ui.text import plain_label, plain_tooltip

WORDS = {
    NEED: {"title": "Needs", "add": "Add a need…", "one": "Need", "hint": "What they need, e.g. marketing help"},
    OFFER: {"title": "Offers", "add": "Add an offer…", "one": "Offer", "hint": "What they offer, e.g. bookkeeping"},
}
MAX_CHIP = 260  # px: a longer need is elided on its chip (the tooltip has it whole)


class ItemChip(QAbstractButton):
    """One need or offer: its words on a pill and a cross. A click edits it; the cross removes it."""

    remove_requested = Signal()

    def __init__(self, item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        word = WORDS[item.kind]["one"]
        tags = f" (tags: {', '.join(item.tags)})" if item.tags else ""
        self.setObjectName(f"{item.kind}Chip")
        self.setAccessibleName(f"{word}: {item.text}")
        self.setToolTip(plain_tooltip(f"{word}: {item.text}{tags}\nClick to edit; the cross or Delete removes it"))
        self.setCursor(Qt.PointingHandCursor)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        self.setAttribute(Qt.WA_Hover, True)
        self.setContextMenuPolicy(Qt.DefaultContextMenu)

    def _geometry(self, width: int | None = None) -> tuple[int, int, QRectF, QRectF]:
        fm = self.fontMetrics()
        height = fm.height() + 2 * Space.XS
        cross = max(8, round(fm.height() * 0.5))
        text_w = min(fm.horizontalAdvance(self.item.text), MAX_CHIP) + 1
        if width is None:
            width = Space.M + text_w + Space.S + cross + Space.S
        text = QRectF(Space.M, 0, max(0, width - Space.M - Space.S - cross - Space.S), height)
        cross_rect = QRectF(width - Space.S - cross, (height - cross) / 2, cross, cross)
        return width, height, text, cross_rect

    def sizeHint(self) -> QSize:  # noqa: N802
        width, height, *_ = self._geometry()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        width, height, text, _ = self._geometry()
        return QSize(width - round(text.width()) + self.fontMetrics().horizontalAdvance("M…"), height)

    def cross_rect(self) -> QRectF:
        return self._geometry(self.width())[3].adjusted(-Space.XS, -Space.XS, Space.XS, Space.XS)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton and self.cross_rect().contains(event.position()):
            self.setDown(False)
            event.accept()
            self.remove_requested.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
            self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        edit = menu.addAction(icons.icon("edit"), "Edit…")
        edit.triggered.connect(self.click)
        remove = menu.addAction(icons.icon("remove"), "Remove")
        remove.setObjectName("removeItemAction")
        remove.triggered.connect(self.remove_requested)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        menu = self.context_menu()
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def paintEvent(self, event) -> None:  # noqa: N802
        _w, height, text_rect, cross = self._geometry(self.width())
        pal = self.palette()
        hovered = self.underMouse() or self.hasFocus()
        hue = colors.RECEIVED_HUE if self.item.kind == NEED else colors.GIVEN_HUE
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.translate(0, (self.height() - height) / 2)
        r = QRectF(0.5, 0.5, self.width() - 1, height - 1)
        path = QPainterPath()
        path.addRoundedRect(r, r.height() / 2, r.height() / 2)
        p.fillPath(path, colors.accent(hue, pal, strong=False))
        if hovered:
            p.setPen(QPen(colors.accent(hue, pal, strong=True), 1))
            p.drawPath(path)
        p.setPen(colors.chip_text(pal))
        p.drawText(text_rect, Qt.AlignVCenter | Qt.AlignLeft,
                   self.fontMetrics().elidedText(self.item.text, Qt.ElideRight, int(text_rect.width())))  # fmt: skip
        c = cross.center()
        half = cross.width() / 2 - 1
        p.setPen(QPen(colors.accent(hue, pal, strong=True) if hovered else colors.muted_text(pal), 1.6,
                      Qt.SolidLine, Qt.RoundCap))  # fmt: skip
        p.drawLine(QPointF(c.x() - half, c.y() - half), QPointF(c.x() + half, c.y() + half))
        p.drawLine(QPointF(c.x() + half, c.y() - half), QPointF(c.x() - half, c.y() + half))
        p.end()


class NeedOfferColumn(QWidget):
    """The needs (or the offers) of one contact: chips, "Add…", and the inline editor."""

    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.contact_id = 0
        self.items: list = []
        self._editing = None  # the item being edited; None while adding
        words = WORDS[kind]
        self.setObjectName(f"{kind}sColumn")
        lay = vbox(self, spacing=Space.XS)
        self.title = plain_label(words["title"], object_name=f"{kind}sTitle", type_step="strong")
        lay.addWidget(self.title)
        self.flow_box = QWidget()
        self.flow = FlowLayout(self.flow_box, spacing=Space.XS)
        lay.addWidget(self.flow_box)
        self.add_button = QToolButton()
        self.add_button.setObjectName(f"add{kind.capitalize()}Button")
        self.add_button.setText(words["add"])
        self.add_button.setIcon(icons.icon("add"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.add_button.setAutoRaise(True)
        self.add_button.setAccessibleName(words["add"].rstrip("…"))
        self.add_button.setToolTip(words["hint"])
        self.add_button.clicked.connect(lambda: self.start_edit(None))

        # The editor: the words, the tags, save and cancel (and remove, when editing).
        self.editor = QWidget()
        self.editor.setObjectName(f"{kind}Editor")
        row = hbox(self.editor, spacing=Space.XS)
        self.text_field = QLineEdit()
        self.text_field.setObjectName(f"{kind}TextField")
        self.text_field.setPlaceholderText(words["hint"])
        self.text_field.setAccessibleName(f"{words['one']}: the words")
        self.text_field.setToolTip(f"{words['hint']}. Enter saves, Esc cancels.")
        self.tags_field = QLineEdit()
        self.tags_field.setObjectName(f"{kind}TagsField")
        self.tags_field.setPlaceholderText("tags, e.g. marketing, web")
        self.tags_field.setAccessibleName(f"{words['one']}: tags")
        self.tags_field.setToolTip("Words to match on, comma-separated (optional): introductions pair needs "
                                   "and offers by their words and tags")  # fmt: skip
        row.addWidget(self.text_field, 3)
        row.addWidget(self.tags_field, 2)
        self.save_button = self._tool("done", f"save{kind.capitalize()}Button", "Save (Enter)")
        self.cancel_button = self._tool("close", f"cancel{kind.capitalize()}Button", "Cancel (Esc)")
        self.remove_button = self._tool("trash", f"remove{kind.capitalize()}Button", "Remove it")
        for b in (self.save_button, self.cancel_button, self.remove_button):
            row.addWidget(b)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        self.remove_button.clicked.connect(lambda: self.remove(self._editing) if self._editing else None)
        for field in (self.text_field, self.tags_field):
            field.returnPressed.connect(self.save)
            field.installEventFilter(self)
        self.editor.hide()
        lay.addWidget(self.editor)
        self.error = plain_label("", object_name=f"{kind}Error", tone="error", wrap=True)
        self.error.hide()
        lay.addWidget(self.error)

    def _tool(self, icon_name: str, name: str, tip: str) -> QToolButton:
        b = QToolButton()
        b.setObjectName(name)
        b.setIcon(icons.icon(icon_name))
        b.setAccessibleName(tip.split(" (")[0])
        b.setToolTip(tip)
        b.setAutoRaise(True)
        return b

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == event.Type.KeyPress and event.key() == Qt.Key_Escape:
            self.cancel()
            return True
        return super().eventFilter(obj, event)

    # --- showing -----------------------------------------------------------------------

    def set_items(self, contact_id: int, items: list) -> None:
        if contact_id != self.contact_id:
            self.cancel()
        self.contact_id = contact_id
        self.items = list(items)
        while self.flow.count():
            w = self.flow.takeAt(0).widget()
            if w is not None and w is not self.add_button:
                w.hide()
                w.deleteLater()
        for item in self.items:
            chip = ItemChip(item)
            chip.clicked.connect(lambda _checked=False, it=item: self.start_edit(it))
            chip.remove_requested.connect(lambda it=item: self.remove(it))
            self.flow.addWidget(chip)
            chip.show()  # now, not at the next turn of the event loop (a grab in between would miss it)
        self.flow.addWidget(self.add_button)
        self.add_button.show()

    def chips(self) -> list[ItemChip]:
        return [self.flow.itemAt(i).widget() for i in range(self.flow.count())
                if isinstance(self.flow.itemAt(i).widget(), ItemChip)]  # fmt: skip

    def texts(self) -> list[str]:
        return [item.text for item in self.items]

    # --- editing -----------------------------------------------------------------------

    def start_edit(self, item) -> None:
        self._editing = item
        self.text_field.setText(item.text if item else "")
        self.tags_field.setText(", ".join(item.tags) if item else "")
        self.remove_button.setVisible(item is not None)
        self.error.hide()
        self.editor.show()
        self.text_field.setFocus(Qt.OtherFocusReason)
        self.text_field.selectAll()

    def cancel(self) -> None:
        self._editing = None
        self.editor.hide()
        self.error.hide()

    def is_editing(self) -> bool:
        return self.editor.isVisibleTo(self)

    def save(self) -> None:
        from desktop.services import needs

        tags = [t for t in self.tags_field.text().split(",") if t.strip()]
        try:
            if self._editing is None:
                needs.add_need_offer(self.contact_id, self.kind, self.text_field.text(), tags)
            else:
                needs.edit_need_offer(self._editing.id, self.text_field.text(), tags)
        except RapportError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.cancel()
        self.changed.emit()

    def remove(self, item) -> None:
        from desktop.services import needs

        try:
            needs.remove_need_offer(item.id)
        except RapportError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.cancel()
        self.changed.emit()


class NeedsOffersEditor(QWidget):
    """Needs beside offers. ``set_contact(id, needs, offers)`` (rows with id, kind, text, tags);
    ``changed(contact_id)`` after an add, an edit or a removal."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("needsOffersEditor")
        self.setAccessibleName("Needs and offers")
        lay = hbox(self, spacing=Space.L)
        self.needs = NeedOfferColumn(NEED)
        self.offers = NeedOfferColumn(OFFER)
        for column in (self.needs, self.offers):
            lay.addWidget(column, 1, Qt.AlignTop)
            column.changed.connect(lambda: self.changed.emit(self.needs.contact_id))

    def set_contact(self, contact_id: int, needs: list, offers: list) -> None:
        self.needs.set_items(contact_id, needs)
        self.offers.set_items(contact_id, offers)

    def column(self, kind: str) -> NeedOfferColumn:
        return self.needs if kind == NEED else self.offers
