"""The reciprocity meter, read at a glance: the one meter widget, on the contact page and the Network page.

    meter = ReciprocityMeter()          # objectName "reciprocityMeter"
    meter.set_reading(reading)          # services.timeline.contact_meter(...) or NetworkOverview.meter
    meter.set_empty()                   # "Nothing logged yet"

What it shows, each as a visible child label a test or a screen reader can read: given and received in
plain numbers ("You gave 4 · They gave 7", ``meterGiven``/``meterReceived``, "in the last year, recent
counts most" ``meterPeriod``), a diverging bar with labelled zones whose needle stands in the zone of
the band (``domain.reciprocity.band_for``), the band in words (``meterBand``), the asks the relationship
can bear (``meterAsks``), a 12-month sparkline of the balance, and "Nothing logged yet" when it is so
(``meterEmpty``). Hovering (and the accessible description) explains the weights and the half-life,
with the current settings' numbers.
"""

from __future__ import annotations

import calendar

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.domain import reciprocity as rules
from desktop.ui import style
from desktop.ui.style import colors
from desktop.ui.text import muted_label, plain_label, plain_tooltip

BAR_HEIGHT = 12
NOTHING_YET = "Nothing logged yet"
EMPTY_TEXT = "Nothing logged yet: log what you give and receive, and the balance shows here."
KIND_WORDS = {"info": "information"}


def amount(value: float) -> str:
    """A decayed weight as a person reads it: a whole number ("under 1" for a trace)."""
    if 0 < value < 0.5:
        return "under 1"
    return f"{round(value):,}"


def horizon(half_life_days: float) -> str:
    """The span that still counts for much (two half-lives: a quarter of its weight or more)."""
    days = 2 * half_life_days
    if 330 <= days <= 400:
        return "the last year"
    if days < 60:
        return f"the last {round(days)} days"
    if days < 330:
        return f"the last {round(days / 30.4)} months"
    years = days / 365
    return f"the last {years:.0f} years" if abs(years - round(years)) < 0.15 else f"the last {round(days / 30.4)} months"


def asks_words(reading) -> str:
    """The asks the relationship can bear, in words."""
    if reading.asks_available >= 2:
        return f"It can bear {reading.asks_available} asks"
    if reading.asks_available == 1:
        return "It can bear an ask"
    if reading.asks_made:
        return "You have asked as much as you gave: give before you ask again"
    return "Give before you ask: about three gifts for every ask"


def meter_text(reading) -> str:
    """The meter in one sentence, e.g. "You are giving more · It can bear 2 asks" (None or empty: nothing yet)."""
    if reading is None or reading.empty:
        return NOTHING_YET
    if reading.network:
        return reading.band_label
    return f"{reading.band_label} · {asks_words(reading)}"


def explanation(reading) -> str:
    """What the numbers mean, with the settings they were read with (the hover and accessible description)."""
    weights = ", ".join(f"{KIND_WORDS.get(k, k)} {w}" for k, w in reading.weights if k != rules.ASK)
    half = round(reading.half_life_days)
    return (
        f"Each exchange counts its weight (usually {weights}; you set it when you log one). "
        f"An exchange's weight halves every {half} days, so what happened lately counts most. "
        "Asks are counted, not weighed: about three gifts for every ask. "
        f"Now: given {reading.given:.1f}, received {reading.received:.1f}."
    )


class DivergingBar(QWidget):
    """The bar: zones from "one-sided, their way" to "one-sided, yours", labelled, and the needle."""

    ZONES = (
        (-1.0, -rules.ONE_SIDED_ZONE, "One-sided"),
        (-rules.ONE_SIDED_ZONE, -rules.BALANCED_ZONE, "They gave more"),
        (-rules.BALANCED_ZONE, rules.BALANCED_ZONE, "Balanced"),
        (rules.BALANCED_ZONE, rules.ONE_SIDED_ZONE, "You gave more"),
        (rules.ONE_SIDED_ZONE, 1.0, "One-sided"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("meterBar")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.lean: float | None = None  # None: nothing to show (the bar stays, empty)
        self.they = "They"

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(style.font("caption", self.font()))
        return QSize(360, BAR_HEIGHT + 10 + fm.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self.sizeHint().height())

    def _x(self, track: QRectF, value: float) -> float:
        return track.center().x() + value * track.width() / 2

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        track = QRectF(1, 4, self.width() - 2, BAR_HEIGHT)
        path = QPainterPath()
        path.addRoundedRect(track, BAR_HEIGHT / 2, BAR_HEIGHT / 2)
        p.save()
        p.setClipPath(path)
        for low, high, _ in self.ZONES:
            zone = QRectF(self._x(track, low), track.top(), self._x(track, high) - self._x(track, low), BAR_HEIGHT)
            if low == -rules.BALANCED_ZONE:
                tint = colors.card_border(pal)  # neutral: neither side
            else:
                tint = (colors.received_color if high <= 0 else colors.given_color)(pal, strong=False)
                if abs(low) >= rules.ONE_SIDED_ZONE or abs(high) > rules.ONE_SIDED_ZONE:
                    tint = tint.darker(115) if not colors.is_dark(pal) else tint.lighter(125)
            p.fillRect(zone, tint)
        if self.lean is not None and abs(self.lean) > 1e-6:
            centre = track.center().x()
            x = self._x(track, self.lean)
            color = colors.given_color(pal) if self.lean > 0 else colors.received_color(pal)
            p.fillRect(QRectF(min(centre, x), track.top() + 3, abs(x - centre), BAR_HEIGHT - 6), color)
        p.restore()
        # Zone lines, then the needle.
        p.setPen(QPen(pal.color(QPalette.Base), 1.5))
        for low, _high, _ in self.ZONES[1:]:
            x = self._x(track, low)
            p.drawLine(QPointF(x, track.top()), QPointF(x, track.bottom()))
        if self.lean is not None:
            x = self._x(track, self.lean)
            p.setPen(QPen(pal.color(QPalette.WindowText), 2.5))
            p.drawLine(QPointF(x, track.top() - 3), QPointF(x, track.bottom() + 3))
        # Zone names under the bar where they fit; the middle three always.
        caption = style.font("caption", self.font())
        p.setFont(caption)
        fm = QFontMetrics(caption)
        p.setPen(colors.muted_text(pal))
        y = track.bottom() + 5
        names = [(lo, hi, name.replace("They", self.they)) for lo, hi, name in self.ZONES]
        if all(fm.horizontalAdvance(n) + 6 <= self._x(track, hi) - self._x(track, lo) for lo, hi, n in names):
            for low, high, name in names:  # wide: every zone named under itself
                left = self._x(track, low)
                p.drawText(QRectF(left, y, self._x(track, high) - left, fm.height()), Qt.AlignHCenter, name)
        else:  # narrow: the two sides at the ends, "Balanced" in the middle where it clears them
            left_name, right_name, middle = names[1][2], names[3][2], names[2][2]
            p.drawText(QRectF(track.left(), y, track.width(), fm.height()), Qt.AlignLeft, left_name)
            p.drawText(QRectF(track.left(), y, track.width(), fm.height()), Qt.AlignRight, right_name)
            room = (track.width() - fm.horizontalAdvance(middle)) / 2
            if max(fm.horizontalAdvance(left_name), fm.horizontalAdvance(right_name)) + 8 < room:
                p.drawText(QRectF(track.left(), y, track.width(), fm.height()), Qt.AlignHCenter, middle)
        p.end()


class Sparkline(QWidget):
    """The balance at each of the last 12 months' ends: above the line you had given more, below they had."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("meterSparkline")
        self.setAccessibleName("Balance over the last 12 months")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.series: tuple = ()
        self.they = "they"

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(132, 34)

    def set_series(self, series, they: str = "they") -> None:
        self.series = tuple(series)
        self.they = they
        if self.series:
            first, last = self.series[0], self.series[-1]
            self.setAccessibleDescription(
                f"Balance from {first.balance:+.1f} at the end of {calendar.month_abbr[first.month]} {first.year} "
                f"to {last.balance:+.1f} now (above zero: you had given more)"
            )
        self.update()

    def _points(self) -> list[QPointF]:
        values = [m.balance for m in self.series]
        span = max(1.0, max(abs(v) for v in values)) if values else 1.0
        w, h = self.width() - 6, self.height() - 6
        step = w / max(1, len(values) - 1)
        return [QPointF(3 + i * step, 3 + h / 2 - (v / span) * (h / 2)) for i, v in enumerate(values)]

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.series:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        mid = self.height() / 2
        p.setPen(QPen(colors.muted_text(pal), 1, Qt.DotLine))
        p.drawLine(QPointF(2, mid), QPointF(self.width() - 2, mid))
        points = self._points()
        last = self.series[-1].balance
        color = colors.given_color(pal) if last > 0 else colors.received_color(pal) if last < 0 else colors.muted_text(pal)
        p.setPen(QPen(color, 1.8))
        for a, b in zip(points, points[1:]):
            p.drawLine(a, b)
        p.setBrush(color)
        p.drawEllipse(points[-1], 2.5, 2.5)
        p.end()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self.series:
            points = self._points()
            x = event.position().x()
            i = min(range(len(points)), key=lambda n: abs(points[n].x() - x))
            m = self.series[i]
            QToolTip.showText(event.globalPosition().toPoint(), plain_tooltip(
                f"End of {calendar.month_abbr[m.month]} {m.year}: you had given {m.given:.1f}, {self.they} {m.received:.1f}"
            ), self)  # fmt: skip
        super().mouseMoveEvent(event)


class ReciprocityMeter(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reciprocityMeter")
        self.setAccessibleName("Reciprocity meter")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self._reading = None
        outer = style.vbox(self, spacing=style.Space.XS)

        numbers = style.hbox(spacing=style.Space.S)
        self.given_label = plain_label("", object_name="meterGiven", type_step="strong", tone="given")
        self.dot_label = muted_label("·")
        self.received_label = plain_label("", object_name="meterReceived", type_step="strong", tone="received")
        self.period_label = muted_label("", object_name="meterPeriod", wrap=True)
        for w in (self.given_label, self.dot_label, self.received_label):
            numbers.addWidget(w)
        numbers.addStretch(1)
        outer.addLayout(numbers)
        outer.addWidget(self.period_label)

        self.bar = DivergingBar()
        outer.addWidget(self.bar)

        words = style.hbox(spacing=style.Space.M)
        column = style.vbox(spacing=style.Space.XXS)
        self.band_label = plain_label("", object_name="meterBand", wrap=True, type_step="strong")
        self.asks_label = muted_label("", object_name="meterAsks", wrap=True)
        self.empty_label = muted_label(EMPTY_TEXT, object_name="meterEmpty", wrap=True)
        column.addWidget(self.band_label)
        column.addWidget(self.asks_label)
        column.addWidget(self.empty_label)
        column.addStretch(1)
        words.addLayout(column, 1)
        self.sparkline = Sparkline()
        self.spark_caption = muted_label("12 months", object_name="sparklineCaption")
        self.spark_caption.setAlignment(Qt.AlignHCenter)
        spark = style.vbox(spacing=0)
        spark.addWidget(self.sparkline)
        spark.addWidget(self.spark_caption)
        words.addLayout(spark)
        outer.addLayout(words)
        self.set_empty()

    # --- the API the pages call ----------------------------------------------------------

    def set_reading(self, reading) -> None:
        """Show a reading (``services.timeline.MeterReading``); None or an empty one: nothing logged yet."""
        if reading is None or reading.empty:
            self.set_empty(reading)
            return
        self._reading = reading
        they = "Your network" if reading.network else "They"
        self.given_label.setText(f"You gave {amount(reading.given)}")
        self.received_label.setText(f"{they} gave {amount(reading.received)}")
        self.period_label.setText(f"in {horizon(reading.half_life_days)}, recent counts most")
        self.band_label.setText(reading.band_label)
        self.asks_label.setText("" if reading.network else asks_words(reading))
        self.bar.they = "Network" if reading.network else "They"
        self.bar.lean = reading.lean
        self.sparkline.set_series(reading.series, "your network" if reading.network else "they")
        for w in (self.given_label, self.dot_label, self.received_label, self.period_label, self.band_label,
                  self.sparkline, self.spark_caption):  # fmt: skip
            w.setVisible(True)
        self.asks_label.setVisible(not reading.network)
        self.empty_label.setVisible(False)
        self.bar.setVisible(True)
        self._explain(explanation(reading))
        self.bar.update()

    def set_empty(self, reading=None) -> None:
        """Nothing given, received or asked yet: said in words, the bar without a needle."""
        self._reading = reading
        for w in (self.given_label, self.dot_label, self.received_label, self.period_label, self.band_label,
                  self.asks_label, self.sparkline, self.spark_caption):  # fmt: skip
            w.setVisible(False)
        self.empty_label.setVisible(True)
        self.bar.setVisible(False)  # no scale to read yet: the words say so
        self.bar.lean = None
        self.bar.update()
        self._explain(EMPTY_TEXT)

    def _explain(self, text: str) -> None:
        self.setAccessibleDescription(f"{self.text()}. {text}" if self._reading is not None else text)
        self.setToolTip(plain_tooltip(text))
        self.bar.setToolTip(plain_tooltip(text))

    # --- reading it back -------------------------------------------------------------------

    def reading(self):
        return self._reading

    def text(self) -> str:
        """The meter in one sentence (what the real-process test and the accessibility tree read)."""
        return meter_text(self._reading)

    def lean(self) -> float:
        return self._reading.lean if self._reading is not None and not self._reading.empty else 0.0

    def is_empty(self) -> bool:
        return self.empty_label.isVisibleTo(self)
