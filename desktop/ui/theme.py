"""Colours that follow the system's light or dark palette: the kinds on the timeline, given and
received, the meter, avatars. Nothing here hard-codes a background.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

# Hues (degrees) per timeline kind; lightness comes from the palette.
KIND_HUES = {
    "meeting": 210,
    "call": 190,
    "email": 230,
    "message": 260,
    "check_in": 170,
    "favour": 145,
    "referral": 30,
    "introduction": 285,
    "advice": 50,
    "purchase": 330,
    "info": 200,
    "invitation": 15,
    "recommendation": 95,
    "ask": 0,
}
GIVEN_HUE = 150  # green: what you gave
RECEIVED_HUE = 215  # blue: what you received


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.Window).lightnessF() < 0.5


def accent(hue: int, palette: QPalette | None = None, strong: bool = True) -> QColor:
    """A colour of ``hue`` readable on the palette's base: deep on light, bright on dark."""
    if is_dark(palette):
        return QColor.fromHslF(hue / 360, 0.55, 0.68 if strong else 0.30)
    return QColor.fromHslF(hue / 360, 0.60, 0.38 if strong else 0.90)


def kind_color(kind: str, palette: QPalette | None = None) -> QColor:
    return accent(KIND_HUES.get(kind, 220), palette)


def given_color(palette: QPalette | None = None, strong: bool = True) -> QColor:
    return accent(GIVEN_HUE, palette, strong)


def received_color(palette: QPalette | None = None, strong: bool = True) -> QColor:
    return accent(RECEIVED_HUE, palette, strong)


def muted_text(palette: QPalette | None = None) -> QColor:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.PlaceholderText)


def avatar_color(key: str, palette: QPalette | None = None) -> QColor:
    """A stable colour per person (from the name), soft enough for white initials."""
    hue = int(hashlib.md5(key.encode("utf-8")).hexdigest()[:4], 16) % 360
    if is_dark(palette):
        return QColor.fromHslF(hue / 360, 0.40, 0.42)
    return QColor.fromHslF(hue / 360, 0.45, 0.52)


def dark_palette() -> QPalette:
    """A dark palette like the desktops' dark themes (for platforms without one, and for tests)."""
    p = QPalette()
    window = QColor(0x2B, 0x2D, 0x31)
    base = QColor(0x1F, 0x21, 0x24)
    text = QColor(0xE8, 0xEA, 0xED)
    p.setColor(QPalette.Window, window)
    p.setColor(QPalette.WindowText, text)
    p.setColor(QPalette.Base, base)
    p.setColor(QPalette.AlternateBase, QColor(0x26, 0x28, 0x2C))
    p.setColor(QPalette.ToolTipBase, window)
    p.setColor(QPalette.ToolTipText, text)
    p.setColor(QPalette.Text, text)
    p.setColor(QPalette.Button, QColor(0x35, 0x37, 0x3C))
    p.setColor(QPalette.ButtonText, text)
    p.setColor(QPalette.BrightText, Qt.white)
    p.setColor(QPalette.Highlight, QColor(0x3D, 0x7E, 0xD6))
    p.setColor(QPalette.HighlightedText, Qt.white)
    p.setColor(QPalette.Link, QColor(0x8A, 0xB4, 0xF8))
    p.setColor(QPalette.PlaceholderText, QColor(0x9A, 0xA0, 0xA6))
    p.setColor(QPalette.Mid, QColor(0x44, 0x47, 0x4D))
    p.setColor(QPalette.Midlight, QColor(0x3A, 0x3D, 0x42))
    p.setColor(QPalette.Dark, QColor(0x18, 0x19, 0x1C))
    p.setColor(QPalette.Light, QColor(0x4A, 0x4D, 0x52))
    p.setColor(QPalette.Shadow, QColor(0, 0, 0))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, QColor(0x80, 0x84, 0x8A))
    return p


def light_palette() -> QPalette:
    style = QApplication.style()
    return style.standardPalette() if style is not None else QPalette()


def apply_palette(app: QApplication, dark: bool) -> None:
    """Switch the application to the dark or the light palette (screenshots, tests, platforms without a theme)."""
    from desktop.ui import icons

    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else light_palette())
    icons.clear_cache()
