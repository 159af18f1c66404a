"""A group's 12 months as a small chart: above the line, what came back from its members each month
(the weight of their referrals, introductions, business and favours); below it, the hours its events
took. Each half has its own scale (weight and hours are not the same unit): the tallest bar of each
fills its half, and the scale is written at its end. Colours come from the palette (light or dark).
"""

from __future__ import annotations

import calendar

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.domain.money import format_money
from desktop.ui.pages.charts import MonthChart, nice_ceiling
from desktop.ui.style import colors


def month_words(m) -> str:
    """What one month took and gave back, in words (the tooltip and the accessible description)."""
    put_in = []
    if m.events:
        put_in.append(f"{m.events} event{'s' if m.events != 1 else ''}")
    if m.hours:
        put_in.append(f"{m.hours:g} h")
    if m.cost_cents:
        put_in.append(format_money(m.cost_cents))
    back = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in
            ((m.referrals, "referral"), (m.introductions, "introduction"), (m.business, "deal")) if n]  # fmt: skip
    words = f"{calendar.month_name[m.month]} {m.year}: "
    words += ("put in " + ", ".join(put_in)) if put_in else "nothing put in"
    words += f"; came back {m.came_back}" + (f" ({', '.join(back)})" if back else "") if m.came_back else "; nothing back"
    return words


class ReturnChart(MonthChart):
    """``set_months(list of group_reports.ReturnMonth)``; hover a month for its figures."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("groupReturnChart")
        self.setAccessibleName("What the group took and gave back per month")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def set_months(self, months) -> None:
        self._months = list(months)
        self._hover = None
        self.setAccessibleDescription("; ".join(month_words(m) for m in self._months))
        self.update()

    def months(self) -> list:
        return list(self._months)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        return QSize(520, fm.height() * 3 + 150)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, self.sizeHint().height())

    def month_tip(self, month) -> str:
        return month_words(month)

    def _plot_rect(self) -> QRectF:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("00.0 h") + 10
        top = fm.height() + 12  # the legend
        bottom = fm.height() + 6  # month letters
        return QRectF(left, top, max(10.0, self.width() - left - 6), max(10.0, self.height() - top - bottom))

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text, muted = pal.color(QPalette.WindowText), colors.muted_text(pal)
        back_c, put_c = colors.received_color(pal), colors.given_color(pal)
        plot = self._plot_rect()
        mid = plot.top() + plot.height() / 2
        half = plot.height() / 2 - 2

        # Legend, left to right.
        x = plot.left()
        for label, color in (("Came back from members (weight)", back_c), ("Hours at its events", put_c)):
            p.fillRect(QRectF(x, 2 + fm.height() / 2 - 5, 10, 10), color)
            x += 14
            p.setPen(text)
            w = fm.horizontalAdvance(label)
            p.drawText(QRectF(x, 2, w + 2, fm.height()), Qt.AlignLeft | Qt.AlignVCenter, label)
            x += w + 18

        top_back = nice_ceiling(max([m.came_back for m in self._months] + [0]))
        top_hours = nice_ceiling(max([m.hours for m in self._months] + [0]))
        p.setPen(muted)
        label_w = plot.left() - 6
        p.drawText(QRectF(0, plot.top() - fm.height() / 2, label_w, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                   f"{top_back:g}")  # fmt: skip
        p.drawText(QRectF(0, plot.bottom() - fm.height() / 2, label_w, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                   f"{top_hours:g} h")  # fmt: skip
        grid = pal.color(QPalette.Mid)
        p.setPen(QPen(grid, 1))
        p.drawLine(QPointF(plot.left(), mid), QPointF(plot.right(), mid))

        n = max(1, len(self._months))
        slot_w = plot.width() / n
        bar_w = max(3.0, min(24.0, slot_w * 0.5))
        for i, m in enumerate(self._months):
            left = plot.left() + i * slot_w
            if i == self._hover:
                hl = pal.color(QPalette.Highlight)
                hl.setAlpha(40)
                p.fillRect(QRectF(left, plot.top(), slot_w, plot.height()), hl)
            cx = left + slot_w / 2
            for value, top, color, up in ((m.came_back, top_back, back_c, True), (m.hours, top_hours, put_c, False)):
                if value <= 0:
                    continue
                h = max(2.0, half * value / top)
                rect = QRectF(cx - bar_w / 2, mid - h if up else mid + 1, bar_w, h)
                path = QPainterPath()
                path.addRoundedRect(rect, min(3.0, bar_w / 3), min(3.0, bar_w / 3))
                p.fillPath(path, color)
            p.setPen(text if i == len(self._months) - 1 else muted)
            p.drawText(QRectF(left, plot.bottom() + 3, slot_w, fm.height()), Qt.AlignHCenter,
                       calendar.month_abbr[m.month][:1] if slot_w < fm.horizontalAdvance("May ") else
                       calendar.month_abbr[m.month])  # fmt: skip

        if not any(m.came_back or m.hours for m in self._months):
            p.setPen(muted)
            p.drawText(plot, Qt.AlignCenter | Qt.TextWordWrap,
                       "No events and nothing back from its members in these 12 months.")  # fmt: skip
        p.end()
