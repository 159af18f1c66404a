"""Surfaces: the card every panel sits on (a rounded, bordered frame a step above the window), with an
optional title, subtitle and icon in its header.

    card = Card("Strongest relationships", subtitle="Most given and received", icon_name="star")
    card.body.addWidget(table)

Its colours come from the palette at paint time, so a switch between light and dark needs nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.ui.style import colors
from desktop.ui.style.scale import Radius, Space, hbox, set_type, vbox


class Card(QFrame):
    """A panel's surface. ``body`` is the layout for its content (below the header, if any)."""

    def __init__(
        self,
        title: str = "",
        *,
        subtitle: str = "",
        icon_name: str = "",
        object_name: str = "",
        parent: QWidget | None = None,
        padding: int = Space.L,
    ):
        super().__init__(parent)
        from desktop.ui.text import muted_label, plain_label

        if object_name:
            self.setObjectName(object_name)
        self.setFrameShape(QFrame.NoFrame)  # drawn in paintEvent: rounded, in the theme's colours
        self.setAccessibleName(title or object_name)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        outer = vbox(self, margins=padding, spacing=Space.S)
        self.title_label: QLabel | None = None
        self.subtitle_label: QLabel | None = None
        self.header = None
        if title or icon_name:
            self.header = hbox(spacing=Space.S)
            if icon_name:
                from desktop.ui import icons

                mark = QLabel()
                mark.setObjectName("cardIcon")
                side = mark.fontMetrics().height()
                mark.setPixmap(icons.icon(icon_name).pixmap(side, side))
                mark.setFixedSize(side, side)
                self.header.addWidget(mark)
            if title:
                self.title_label = set_type(plain_label(title, object_name="cardTitle"), "subtitle")
                self.header.addWidget(self.title_label, 1)
            outer.addLayout(self.header)
        if subtitle:
            self.subtitle_label = muted_label(subtitle, object_name="cardSubtitle", wrap=True)
            outer.addWidget(self.subtitle_label)
        self.body: QVBoxLayout = vbox(spacing=Space.S)
        outer.addLayout(self.body, 1)

    def paintEvent(self, event) -> None:  # noqa: N802
        paint_card(self)


def paint_card(widget: QWidget) -> None:
    """Draw the card surface on ``widget`` (from its paintEvent): for frames that cannot be a Card."""
    p = QPainter(widget)
    p.setRenderHint(QPainter.Antialiasing)
    rect = QRectF(widget.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
    path = QPainterPath()
    path.addRoundedRect(rect, Radius.M, Radius.M)
    pal = widget.palette()
    p.fillPath(path, colors.card_background(pal))
    p.setPen(QPen(colors.card_border(pal), 1))
    p.drawPath(path)
    p.end()
