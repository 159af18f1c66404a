"""The one weight control: how much an exchange was worth, 1 (small) to 5 (large), as five segments
filled up to the value, with the kind's usual weight marked and said beside it ("usual for a
favour: 2"). One size everywhere: as tall as a line edit, as wide as its five segments.

Keyboard: Left/Right (or Down/Up) step, Home/End go to the ends, a digit sets the value. The mouse:
click or drag across the segments. The wheel does nothing, so scrolling a form never changes it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QSpacerItem, QWidget

from desktop.ui.style import colors
from desktop.ui.style.scale import Radius, Space

WORDS = {1: "small", 2: "modest", 3: "solid", 4: "big", 5: "large"}


class WeightControl(QWidget):
    valueChanged = Signal(int)  # noqa: N815 - the name QSpinBox uses, so callers read the same

    def __init__(self, minimum: int = 1, maximum: int = 5, parent: QWidget | None = None):
        super().__init__(parent)
        from desktop.ui.text import muted_label

        self.setObjectName("weightControl")
        self._min, self._max = minimum, maximum
        self._value = minimum
        self._default: int | None = None
        self._hover: int | None = None
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAttribute(Qt.WA_Hover, True)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.hint_label = muted_label("", object_name="weightHint")
        # The segments are painted in the room this spacer keeps (a box layout puts no spacing next to a
        # spacer, so the gap before the hint is part of it).
        self._gap = QSpacerItem(self._segments_width() + Space.M, 1, QSizePolicy.Fixed, QSizePolicy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addItem(self._gap)
        layout.addWidget(self.hint_label, 1)
        self._describe()

    # --- value ------------------------------------------------------------------------

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:  # noqa: N802 - QSpinBox's name
        value = max(self._min, min(self._max, int(value)))
        if value == self._value:
            return
        self._value = value
        self._describe()
        self.update()
        self.valueChanged.emit(value)

    def minimum(self) -> int:
        return self._min

    def maximum(self) -> int:
        return self._max

    def default_value(self) -> int | None:
        return self._default

    def set_default(self, value: int | None, hint: str = "") -> None:
        """Mark ``value`` as the usual weight (``hint`` says so beside the segments) without changing the value."""
        self._default = value
        self.hint_label.setText(hint)
        self._describe()
        self.update()

    def _describe(self) -> None:
        words = f"{self._value} of {self._max} ({WORDS.get(self._value, '')})"
        if self._default is not None:
            words += f"; usual: {self._default}"
        self.setAccessibleDescription(words)

    # --- geometry ---------------------------------------------------------------------

    def _segment_size(self) -> QSize:
        fm = self.fontMetrics()
        height = _line_height(self.font())
        width = max(fm.horizontalAdvance("5") + 2 * Space.S + Space.XS, round(height * 1.15))
        return QSize(width, height)

    def _segments_width(self) -> int:
        return self._segment_size().width() * (self._max - self._min + 1)

    def sizeHint(self) -> QSize:  # noqa: N802
        seg = self._segment_size()
        hint = self.hint_label.sizeHint().width() + Space.M if self.hint_label.text() else 0
        return QSize(self._segments_width() + hint, seg.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._segments_width(), self._segment_size().height())

    def _segment_rect(self, n: int) -> QRectF:
        seg = self._segment_size()
        top = (self.height() - seg.height()) / 2
        return QRectF((n - self._min) * seg.width(), top, seg.width(), seg.height())

    def _value_at(self, x: float) -> int | None:
        seg = self._segment_size().width()
        if x < 0 or x >= self._segments_width():
            return None
        return self._min + int(x // seg)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._gap.changeSize(self._segments_width() + Space.M, 1, QSizePolicy.Fixed, QSizePolicy.Minimum)
            self.layout().invalidate()
            self.updateGeometry()

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        pal = self.palette()
        enabled = self.isEnabled()
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        whole = self._segment_rect(self._min).united(self._segment_rect(self._max)).adjusted(0.5, 0.5, -0.5, -0.5)
        outline = QPainterPath()
        outline.addRoundedRect(whole, Radius.S, Radius.S)
        p.fillPath(outline, pal.color(QPalette.Base))
        group = QPalette.Active if enabled else QPalette.Disabled
        fill = pal.color(group, QPalette.Highlight)
        p.save()
        p.setClipPath(outline)
        for n in range(self._min, self._max + 1):
            r = self._segment_rect(n)
            if n <= self._value:
                p.fillRect(r, fill if n != self._hover else fill.lighter(112))
            elif n == self._hover and enabled:
                p.fillRect(r, colors.chip_background(pal))
        p.restore()
        p.setPen(QPen(pal.color(QPalette.Mid), 1))
        for n in range(self._min + 1, self._max + 1):
            x = self._segment_rect(n).left() + 0.5
            p.drawLine(QPointF(x, whole.top()), QPointF(x, whole.bottom()))
        focus = self.hasFocus()
        p.setPen(QPen(pal.color(QPalette.Highlight) if focus else pal.color(QPalette.Mid), 2 if focus else 1))
        p.drawPath(outline)
        p.setFont(self.font())
        for n in range(self._min, self._max + 1):
            r = self._segment_rect(n)
            on = n <= self._value
            color = pal.color(group, QPalette.HighlightedText if on else QPalette.Text)
            p.setPen(color)
            p.drawText(r, Qt.AlignCenter, str(n))
            if n == self._default:  # the kind's usual weight: a short bar along the segment's foot
                p.fillRect(QRectF(r.center().x() - Space.S / 2, r.bottom() - 4, Space.S, 2),
                           color if on else colors.muted_text(pal))  # fmt: skip
        p.end()

    # --- input ------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        step = {Qt.Key_Left: -1, Qt.Key_Down: -1, Qt.Key_Right: 1, Qt.Key_Up: 1}.get(key)
        if step is not None:
            self.setValue(self._value + step)
        elif key == Qt.Key_Home:
            self.setValue(self._min)
        elif key == Qt.Key_End:
            self.setValue(self._max)
        elif event.text().isdigit() and self._min <= int(event.text()) <= self._max:
            self.setValue(int(event.text()))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        n = self._value_at(event.position().x())
        if event.button() == Qt.LeftButton and n is not None:
            self.setFocus(Qt.MouseFocusReason)
            self.setValue(n)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        n = self._value_at(event.position().x())
        if event.buttons() & Qt.LeftButton and n is not None:
            self.setValue(n)
        if n != self._hover:
            self._hover = n
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        event.ignore()  # scrolling a form must not change a weight on the way


_LINE_HEIGHT: dict[str, int] = {}


def _line_height(font) -> int:
    """The height of a line edit in ``font``: the control lines up with the fields above and below it."""
    key = font.key()
    if key not in _LINE_HEIGHT:
        probe = QLineEdit()
        probe.setFont(font)
        _LINE_HEIGHT[key] = probe.sizeHint().height()
    return _LINE_HEIGHT[key]
