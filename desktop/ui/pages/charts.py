"""Drawn charts for the Network page: given vs received per month as paired bars, and the weight
given each week against the weekly budget. Colours come from the palette (light or dark). (The meter
is ``desktop.ui.widgets.reciprocity_meter``, one widget for the contact page and the Network page.)
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.ui.style import colors



@dataclass(frozen=True)
class MonthBar:
    year: int
    month: int
    given: float
    received: float

    @property
    def label(self) -> str:
        return calendar.month_abbr[self.month]

    @property
    def long_label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"


def nice_ceiling(value: float) -> float:
    """A round number at or above ``value`` for the top of an axis (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 5.0
    exp = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * 10**exp
        if top >= value:
            return float(top)
    return float(10 ** (exp + 1))


class MonthChart(QWidget):
    """A chart of one bar group per month across its plot (``_plot_rect``): the month under the pointer
    is highlighted (``_hover``) and its figures shown as a tooltip (``month_tip``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self._months: list = []
        self._hover: int | None = None

    def _plot_rect(self) -> QRectF:
        raise NotImplementedError

    def month_tip(self, month) -> str:
        raise NotImplementedError

    def month_at(self, pos: QPointF) -> int | None:
        plot = self._plot_rect()
        if not self._months or not (plot.left() <= pos.x() < plot.right()):
            return None
        i = int((pos.x() - plot.left()) / (plot.width() / len(self._months)))
        return i if 0 <= i < len(self._months) else None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        i = self.month_at(event.position())
        if i != self._hover:
            self._hover = i
            self.update()
        if i is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.month_tip(self._months[i]), self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hover = None
        self.update()
        super().leaveEvent(event)


class GivenReceivedChart(MonthChart):
    """Twelve months of weight given (green) and received (blue), side by side per month."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("givenReceivedChart")
        self.setAccessibleName("Given and received per month")
        self.setToolTip("Weight of what you gave and received each month (each exchange counted once)")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    # --- data ---------------------------------------------------------------------

    def set_months(self, months) -> None:
        """Any objects with year, month, given and received (the service's MonthFlow values)."""
        self._months = [MonthBar(m.year, m.month, float(m.given), float(m.received)) for m in months]
        self._hover = None
        total_g = sum(m.given for m in self._months)
        total_r = sum(m.received for m in self._months)
        self.setAccessibleDescription(
            f"Over {len(self._months)} months you gave {total_g:g} and received {total_r:g}. "
            + "; ".join(self.month_tip(m) for m in self._months)
        )
        self.update()

    def months(self) -> list[MonthBar]:
        return list(self._months)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(640, 240)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 180)

    # --- geometry -----------------------------------------------------------------

    def _plot_rect(self) -> QRectF:
        fm = QFontMetrics(self.font())
        left = fm.horizontalAdvance("000") + 14
        top = fm.height() + 14  # room for the legend
        bottom = fm.height() * 2 + 10  # month and year labels
        return QRectF(left, top, max(10, self.width() - left - 8), max(10, self.height() - top - bottom))

    def _slot(self, plot: QRectF, i: int) -> QRectF:
        n = max(1, len(self._months))
        w = plot.width() / n
        return QRectF(plot.left() + i * w, plot.top(), w, plot.height())

    def month_tip(self, month) -> str:
        return f"{month.long_label}: given {month.given:g}, received {month.received:g}"

    # --- painting -----------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.WindowText)
        muted = colors.muted_text(pal)
        grid = pal.color(QPalette.Mid)
        grid.setAlpha(110)
        given_c, received_c = colors.given_color(pal), colors.received_color(pal)
        fm = QFontMetrics(self.font())
        plot = self._plot_rect()

        top_value = nice_ceiling(max([m.given for m in self._months] + [m.received for m in self._months] + [0]))
        steps = 4
        p.setPen(QPen(grid, 1))
        for s in range(steps + 1):
            y = plot.bottom() - plot.height() * s / steps
            p.setPen(QPen(grid, 1, Qt.SolidLine if s == 0 else Qt.DotLine))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            value = top_value * s / steps
            label = f"{value:g}"
            p.setPen(muted)
            p.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                       label)  # fmt: skip

        # Legend, top right.
        x = plot.right()
        for label, color in (("Received", received_c), ("Given", given_c)):
            w = fm.horizontalAdvance(label)
            x -= w
            p.setPen(text)
            p.drawText(QRectF(x, 2, w, fm.height()), Qt.AlignLeft | Qt.AlignVCenter, label)
            x -= 16
            p.fillRect(QRectF(x, 2 + fm.height() / 2 - 5, 10, 10), color)
            x -= 14

        prev_year = None
        for i, m in enumerate(self._months):
            slot = self._slot(plot, i)
            if i == self._hover:
                hl = pal.color(QPalette.Highlight)
                hl.setAlpha(40)
                p.fillRect(slot, hl)
            bar_w = max(2.0, min(22.0, slot.width() * 0.32))
            gap = max(1.0, bar_w * 0.15)
            cx = slot.center().x()
            for value, color, left in ((m.given, given_c, cx - gap / 2 - bar_w), (m.received, received_c, cx + gap / 2)):
                if value <= 0:
                    continue
                h = plot.height() * value / top_value
                rect = QRectF(left, plot.bottom() - h, bar_w, h)
                path = QPainterPath()
                radius = min(3.0, bar_w / 3, h / 2)
                path.addRoundedRect(rect.adjusted(0, 0, 0, radius), radius, radius)
                p.save()
                p.setClipRect(QRectF(rect.left() - 1, rect.top() - 1, rect.width() + 2, rect.height() + 1))
                p.fillPath(path, color)
                p.restore()
            p.setPen(text if i == len(self._months) - 1 else muted)
            p.drawText(QRectF(slot.left(), plot.bottom() + 4, slot.width(), fm.height()), Qt.AlignHCenter, m.label)
            if m.year != prev_year:
                p.setPen(muted)
                p.drawText(QRectF(slot.left(), plot.bottom() + 4 + fm.height(), slot.width() * 2, fm.height()),
                           Qt.AlignLeft, f" {m.year}")  # fmt: skip
                prev_year = m.year

        if not any(m.given or m.received for m in self._months):
            p.setPen(muted)
            p.drawText(plot, Qt.AlignCenter | Qt.TextWordWrap,
                       "Nothing given or received in these months yet: log favours, referrals and "
                       "introductions to see the flow.")  # fmt: skip
        p.end()


class WeeklyLoadChart(QWidget):
    """Weight given each week (oldest left, this week right) against the weekly budget: a dashed line;
    a week over it is drawn in the warning colour."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("weeklyLoadChart")
        self.setAccessibleName("Giving per week against your weekly budget")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self._weeks: list = []  # objects with monday and given (the service's WeekLoad values)
        self._budget = 0

    def set_weeks(self, weeks, budget: int) -> None:
        self._weeks = list(weeks)
        self._budget = int(budget)
        words = "; ".join(f"week of {w.monday.day} {calendar.month_abbr[w.monday.month]}: {w.given}" for w in self._weeks)
        self.setAccessibleDescription(f"Weekly budget {self._budget}. {words}")
        self.setToolTip(f"Weight given per week, the last {len(self._weeks)} weeks; the dashed line is your "
                        f"weekly budget of {self._budget} (a setting)")  # fmt: skip
        self.update()

    def weeks(self) -> list:
        return list(self._weeks)

    def over_budget(self) -> list:
        return [w for w in self._weeks if w.given > self._budget]

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        return QSize(320, 90 + fm.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        return QSize(200, 70 + fm.height())

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        muted = colors.muted_text(pal)
        plot = QRectF(2, 6, self.width() - 4, self.height() - fm.height() - 12)
        top = max([w.given for w in self._weeks] + [self._budget, 1]) * 1.1
        n = max(1, len(self._weeks))
        slot = plot.width() / n

        base = pal.color(QPalette.Mid)
        base.setAlpha(110)
        p.setPen(QPen(base, 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        for i, w in enumerate(self._weeks):
            x = plot.left() + i * slot
            bar_w = min(28.0, slot * 0.56)
            h = plot.height() * w.given / top
            over = w.given > self._budget
            color = colors.warning_color(pal) if over else colors.given_color(pal)
            if h > 0:
                rect = QRectF(x + (slot - bar_w) / 2, plot.bottom() - h, bar_w, h)
                path = QPainterPath()
                r = min(3.0, bar_w / 3, h / 2)
                path.addRoundedRect(rect.adjusted(0, 0, 0, r), r, r)
                p.save()
                p.setClipRect(rect.adjusted(-1, -1, 1, 0))
                p.fillPath(path, color)
                p.restore()
            p.setPen(pal.color(QPalette.WindowText) if i == len(self._weeks) - 1 else muted)
            label = "this week" if i == len(self._weeks) - 1 else f"{w.monday.day} {calendar.month_abbr[w.monday.month]}"
            if fm.horizontalAdvance(label) > slot - 2:
                label = f"{w.monday.day}/{w.monday.month}" if i < len(self._weeks) - 1 else "now"
            p.drawText(QRectF(x, plot.bottom() + 4, slot, fm.height()), Qt.AlignHCenter, label)
        if self._budget > 0:
            y = plot.bottom() - plot.height() * self._budget / top
            pen = QPen(muted, 1)
            pen.setDashPattern([4, 4])
            p.setPen(pen)
            label = f"budget {self._budget}"
            lw = fm.horizontalAdvance(label) + 6
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right() - lw, y))
            p.drawText(QRectF(plot.right() - lw, y - fm.height() / 2, lw, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                       label)  # fmt: skip
        p.end()
