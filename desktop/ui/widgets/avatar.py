"""A person's photo in a circle, or their initials on a colour of their own."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui import theme
from desktop.ui.text import plain_tooltip


def initials(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


def paint_avatar(painter: QPainter, rect: QRectF, name: str, image: QImage | None = None) -> None:
    """Draw the avatar of ``name`` into ``rect`` (a square), with ``image`` if there is one."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    path = QPainterPath()
    path.addEllipse(rect)
    if image is not None and not image.isNull():
        painter.setClipPath(path)
        scaled = image.scaled(
            round(rect.width() * 2), round(rect.height() * 2), Qt.KeepAspectRatioByExpanding, Qt.SmoothTransformation
        )
        src = QRectF(
            (scaled.width() - rect.width() * 2) / 2, (scaled.height() - rect.height() * 2) / 2,
            rect.width() * 2, rect.height() * 2,
        )  # fmt: skip
        painter.drawImage(rect, scaled, src)
    else:
        painter.setPen(Qt.NoPen)
        painter.setBrush(theme.avatar_color(name))
        painter.drawEllipse(rect)
        font = QFont(painter.font())
        font.setPixelSize(max(8, round(rect.height() * 0.38)))
        font.setWeight(QFont.DemiBold)
        painter.setFont(font)
        painter.setPen(QColor(Qt.white))
        painter.drawText(rect, Qt.AlignCenter, initials(name))
    painter.restore()


class Avatar(QWidget):
    def __init__(self, size: int = 64, parent=None):
        super().__init__(parent)
        self._size = size
        self._name = ""
        self._image: QImage | None = None
        self.setFixedSize(size, size)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.setObjectName("avatar")
        self.setAccessibleName("Photo")

    def set_person(self, name: str, photo: bytes | None = None) -> None:
        self._name = name
        self._image = None
        if photo:
            img = QImage()
            if img.loadFromData(photo):
                self._image = img
        self.setToolTip(plain_tooltip(f"Photo of {name}" if self._image is not None else f"{name} (no photo)"))
        self.update()

    def has_photo(self) -> bool:
        return self._image is not None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._size, self._size)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        paint_avatar(p, QRectF(0.5, 0.5, self._size - 1, self._size - 1), self._name or "?", self._image)
        p.end()


_pixmaps: dict[tuple, QPixmap] = {}


def avatar_pixmap(name: str, size: int, dpr: float = 1.0) -> QPixmap:
    """The initials avatar of ``name`` as a cached pixmap (lists paint hundreds of them)."""
    key = (name, size, dpr, QGuiApplication.palette().cacheKey())
    pm = _pixmaps.get(key)
    if pm is None:
        if len(_pixmaps) > 2000:
            _pixmaps.clear()
        pm = QPixmap(round(size * dpr), round(size * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.transparent)
        p = QPainter(pm)
        paint_avatar(p, QRectF(0, 0, size, size), name)
        p.end()
        _pixmaps[key] = pm
    return pm
