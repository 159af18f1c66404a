"""The app's icons: the SVGs in resources/icons, drawn in the palette's text colour, crisp at any scale.

The SVGs are drawn with a black stroke; each pixmap is rendered at the
device pixel ratio asked for, then tinted with CompositionMode_SourceIn, so
one file serves the light and the dark palette. A missing file gives a plain
dot rather than an error: an icon is never worth a crash.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from desktop.paths import resource

_renderers: dict[str, QSvgRenderer | None] = {}
_pixmaps: dict[tuple, QPixmap] = {}
_icons: dict[tuple, QIcon] = {}


def _renderer(name: str) -> QSvgRenderer | None:
    if name not in _renderers:
        path = resource("icons", f"{name}.svg")
        r = QSvgRenderer(str(path)) if path.exists() else None
        _renderers[name] = r if r is not None and r.isValid() else None
    return _renderers[name]


def text_color(mode: QIcon.Mode = QIcon.Normal) -> QColor:
    pal = QGuiApplication.palette()
    if mode == QIcon.Disabled:
        return pal.color(QPalette.Disabled, QPalette.WindowText)
    if mode == QIcon.Selected:
        return pal.color(QPalette.HighlightedText)
    return pal.color(QPalette.WindowText)


def tinted_pixmap(name: str, size: int, color: QColor, dpr: float = 1.0) -> QPixmap:
    """``name`` drawn ``size`` logical pixels square in ``color`` at device pixel ratio ``dpr``."""
    key = (name, size, color.rgba(), round(dpr, 2))
    pm = _pixmaps.get(key)
    if pm is not None:
        return pm
    px = max(1, round(size * dpr))
    pm = QPixmap(px, px)
    pm.fill(Qt.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.Antialiasing)
    renderer = _renderer(name)
    if renderer is not None:
        renderer.render(p, QRectF(0, 0, px, px))
    else:  # fallback: a plain dot
        p.setPen(Qt.NoPen)
        p.setBrush(Qt.black)
        p.drawEllipse(QPointF(px / 2, px / 2), px / 5, px / 5)
    p.setCompositionMode(QPainter.CompositionMode_SourceIn)
    p.fillRect(QRect(0, 0, px, px), color)
    p.end()
    pm.setDevicePixelRatio(dpr)
    _pixmaps[key] = pm
    return pm


class _TintedEngine(QIconEngine):
    """Renders on demand, so the pixmap matches the screen's scale and the palette of the moment."""

    def __init__(self, name: str, color: QColor | None):
        super().__init__()
        self._name = name
        self._color = color

    def _color_for(self, mode) -> QColor:
        return self._color if self._color is not None and mode != QIcon.Disabled else text_color(mode)

    def paint(self, painter: QPainter, rect: QRect, mode, state) -> None:
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        side = min(rect.width(), rect.height())
        pm = tinted_pixmap(self._name, side, self._color_for(mode), dpr)
        painter.drawPixmap(QRect(rect.x() + (rect.width() - side) // 2, rect.y() + (rect.height() - side) // 2, side, side), pm)

    def pixmap(self, size: QSize, mode, state) -> QPixmap:
        return tinted_pixmap(self._name, min(size.width(), size.height()), self._color_for(mode), 1.0)

    def scaledPixmap(self, size: QSize, mode, state, scale: float) -> QPixmap:  # noqa: N802 (Qt name)
        return tinted_pixmap(self._name, min(size.width(), size.height()), self._color_for(mode), scale)

    def clone(self) -> QIconEngine:
        return _TintedEngine(self._name, self._color)

    def key(self) -> str:
        return "rapport-tinted"

    def iconName(self) -> str:  # noqa: N802 (Qt name): QIcon.name() tells which of the app's icons it is
        return self._name


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The icon ``name`` (a file stem in resources/icons), tinted with ``color`` or the palette's text colour."""
    key = (name, color.rgba() if color is not None else None)
    ic = _icons.get(key)
    if ic is None:
        ic = QIcon(_TintedEngine(name, color))
        _icons[key] = ic
    return ic


def has_icon(name: str) -> bool:
    return _renderer(name) is not None


def names() -> frozenset[str]:
    """The names of the app's icons (the SVG files in resources/icons)."""
    global _names
    if _names is None:
        _names = frozenset(p.stem for p in resource("icons").glob("*.svg"))
    return _names


_names: frozenset[str] | None = None


def app_icon() -> QIcon:
    """The application icon: the SVG, plus the PNG sizes for platforms that want bitmaps."""
    ic = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = resource("app", f"rapport-{size}.png")
        if png.exists():
            ic.addFile(str(png), QSize(size, size))
    svg = resource("app", "rapport.svg")
    if svg.exists():
        ic.addFile(str(svg))
    return ic


def clear_cache() -> None:
    """Forget rendered pixmaps (after the palette changed)."""
    _pixmaps.clear()
