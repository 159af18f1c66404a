"""The reciprocity meter: a bar centred on "balanced" that leans toward whoever has given more
lately, with the meter's plain-words label and how many asks the relationship can bear.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.domain.reciprocity import BALANCED, ContactBalance
from desktop.ui import theme

BAR_HEIGHT = 12


def meter_text(balance: ContactBalance | None) -> str:
    """The sentence under the bar, e.g. "You are giving more · 2 asks available"."""
    if balance is None or (balance.total < 1e-9 and balance.asks_made == 0):
        return "Nothing given or received yet"
    band = balance.band
    asks = balance.asks_available
    if asks <= 0:
        ask = "give before you ask"
    else:
        ask = "1 ask available" if asks == 1 else f"{asks} asks available"
    return f"{band.label} · {ask}"


class ReciprocityMeter(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reciprocityMeter")
        self.setAccessibleName("Reciprocity meter")
        self.setToolTip(
            "Who has given more lately: the bar leans toward them. Recent exchanges count more; "
            "an exchange's weight halves every six months."
        )
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self._balance: ContactBalance | None = None

    def set_balance(self, balance: ContactBalance | None) -> None:
        self._balance = balance
        text = meter_text(balance)
        if balance is not None:
            self.setAccessibleDescription(f"{text}. Given {balance.given:.1f}, received {balance.received:.1f}.")
        else:
            self.setAccessibleDescription(text)
        self.update()

    def balance(self) -> ContactBalance | None:
        return self._balance

    def text(self) -> str:
        return meter_text(self._balance)

    def lean(self) -> float:
        return self._balance.band.lean if self._balance is not None else 0.0

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        return QSize(320, fm.height() * 2 + BAR_HEIGHT + 14)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        w = self.width()
        muted = theme.muted_text(pal)
        text_color = pal.color(QPalette.WindowText)

        # Top line: the two sides.
        y = 0
        p.setPen(muted)
        left_label, right_label = "They gave more", "You gave more"
        p.drawText(QRectF(0, y, w / 2, fm.height()), Qt.AlignLeft | Qt.AlignVCenter, left_label)
        p.drawText(QRectF(w / 2, y, w / 2, fm.height()), Qt.AlignRight | Qt.AlignVCenter, right_label)
        p.drawText(QRectF(0, y, w, fm.height()), Qt.AlignHCenter | Qt.AlignVCenter, "balanced")
        y += fm.height() + 4

        # The track, the lean and the centre mark.
        track = QRectF(1, y, w - 2, BAR_HEIGHT)
        path = QPainterPath()
        path.addRoundedRect(track, BAR_HEIGHT / 2, BAR_HEIGHT / 2)
        track_color = pal.color(QPalette.Base).lighter(170) if theme.is_dark(pal) else pal.color(QPalette.Window).darker(118)
        p.fillPath(path, track_color)
        lean = self.lean()
        centre = track.center().x()
        if abs(lean) > 1e-6:
            half = track.width() / 2
            span = max(4.0, abs(lean) * half)
            if lean > 0:
                seg = QRectF(centre, y, span, BAR_HEIGHT)
                color = theme.given_color(pal)
            else:
                seg = QRectF(centre - span, y, span, BAR_HEIGHT)
                color = theme.received_color(pal)
            p.save()
            p.setClipPath(path)
            p.fillRect(seg, color)
            p.restore()
        elif self._balance is not None and self._balance.band.code == BALANCED and self._balance.total > 1e-9:
            p.save()
            p.setClipPath(path)
            p.fillRect(QRectF(centre - 10, y, 20, BAR_HEIGHT), theme.accent(150, pal, strong=True))
            p.restore()
        p.setPen(QPen(text_color, 2))
        p.drawLine(round(centre), round(y - 3), round(centre), round(y + BAR_HEIGHT + 3))
        y += BAR_HEIGHT + 6

        # The words.
        p.setPen(text_color)
        font = p.font()
        font.setWeight(font.Weight.DemiBold)
        p.setFont(font)
        p.drawText(QRectF(0, y, w, fm.height() + 4), Qt.AlignLeft | Qt.AlignVCenter, fm.elidedText(self.text(), Qt.ElideRight, w))
        p.end()
