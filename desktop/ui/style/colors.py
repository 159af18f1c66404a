"""Rapport's colours, light and dark, from one palette: a grey ramp, an accent, the hues of the
timeline's kinds, given and received, and the tones of messages (error, warning, success).

Every function takes an optional QPalette and defaults to the application's, so a colour is
always the one for the theme in use; nothing here hard-codes a background a widget did not ask for.
"""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# One grey ramp, slightly cool, from white to near black. Light and dark take their roles from it.
GREY = {
    0: "#ffffff",
    50: "#f6f7f9",
    100: "#eceef1",
    150: "#e2e5e9",
    200: "#d3d7dd",
    300: "#b8bec6",
    400: "#9aa0a6",
    500: "#80858c",
    600: "#60656c",
    700: "#44474d",
    750: "#3a3d42",
    775: "#35373c",
    800: "#2b2d31",
    850: "#26282c",
    900: "#1f2124",
    950: "#18191c",
    1000: "#000000",
}
ACCENT_HUE = 215  # the app's blue: selection, links, the focus ring, filled weight segments

# Hues (degrees) per timeline kind; lightness comes from the theme.
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
    "event": 310,  # an event they attended
}
GIVEN_HUE = 150  # green: what you gave
RECEIVED_HUE = 215  # blue: what you received
ERROR_HUE = 2
WARNING_HUE = 32
SUCCESS_HUE = 145

# Palette roles: (light, dark), each a step of GREY or a colour.
_ROLES: dict[QPalette.ColorRole, tuple[int | str, int | str]] = {
    # Dark fields sit a step above the window (as on macOS and GNOME): Fusion draws a field's edge a
    # shade darker than the window, which vanishes on a field darker than the window.
    QPalette.Window: (50, 900),
    QPalette.WindowText: (900, "#e8eaed"),
    QPalette.Base: (0, 850),
    QPalette.AlternateBase: (50, 800),
    QPalette.ToolTipBase: (900, 750),
    QPalette.ToolTipText: (50, "#e8eaed"),
    QPalette.PlaceholderText: ("#6a7078", 400),
    QPalette.Text: (900, "#e8eaed"),
    QPalette.Button: (100, 750),
    QPalette.ButtonText: (900, "#e8eaed"),
    QPalette.BrightText: (0, 0),
    QPalette.Light: (0, "#4a4d52"),
    QPalette.Midlight: (150, 750),
    QPalette.Mid: (300, 700),
    QPalette.Dark: (400, 950),
    QPalette.Shadow: (1000, 1000),
    QPalette.Highlight: ("#2f6fc4", "#3d7ed6"),
    QPalette.HighlightedText: (0, 0),
    QPalette.Link: ("#1a5fb4", "#8ab4f8"),
    QPalette.LinkVisited: ("#6a3fb4", "#c5a3f8"),
}
_DISABLED_TEXT = ("#a3a8ae", "#80848a")


def _tone(value: int | str) -> QColor:
    return QColor(GREY[value]) if isinstance(value, int) else QColor(value)


def make_palette(dark: bool) -> QPalette:
    """The light or the dark palette, both from the one table above."""
    p = QPalette()
    for role, (light, darkv) in _ROLES.items():
        p.setColor(role, _tone(darkv if dark else light))
    disabled = QColor(_DISABLED_TEXT[1 if dark else 0])
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        p.setColor(QPalette.Disabled, role, disabled)
    p.setColor(QPalette.Disabled, QPalette.Highlight, _tone(700 if dark else 300))
    p.setColor(QPalette.Disabled, QPalette.Base, _tone(900 if dark else 50))
    p.setColor(QPalette.Disabled, QPalette.Button, _tone(850 if dark else 100))
    return p


def light_palette() -> QPalette:
    return make_palette(dark=False)


def dark_palette() -> QPalette:
    """A dark palette like the desktops' dark themes (also for platforms without one, and for tests)."""
    return make_palette(dark=True)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.Window).lightnessF() < 0.5


def accent(hue: int, palette: QPalette | None = None, strong: bool = True) -> QColor:
    """A colour of ``hue`` readable on the palette's base: deep on light, bright on dark.
    ``strong=False`` gives the soft tint of the same hue for backgrounds (badges, chips)."""
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


def error_color(palette: QPalette | None = None) -> QColor:
    """Text of a problem (a form's red line): deep red on light, a soft red on dark."""
    if is_dark(palette):
        return QColor.fromHslF(ERROR_HUE / 360, 0.75, 0.72)
    return QColor.fromHslF(ERROR_HUE / 360, 0.75, 0.40)


def warning_color(palette: QPalette | None = None) -> QColor:
    return accent(WARNING_HUE, palette)


def success_color(palette: QPalette | None = None) -> QColor:
    return accent(SUCCESS_HUE, palette)


# Text tones a label can take (desktop.ui.text): each follows the theme.
TONES = {
    "muted": muted_text,
    "error": error_color,
    "warning": warning_color,
    "success": success_color,
    "link": lambda palette=None: (palette or QGuiApplication.palette()).color(QPalette.Link),
    "given": lambda palette=None: given_color(palette),
    "received": lambda palette=None: received_color(palette),
}


def card_background(palette: QPalette | None = None) -> QColor:
    """What a card is filled with: the base (white) over the light window; a step above the dark window."""
    palette = palette or QGuiApplication.palette()
    return _tone(850) if is_dark(palette) else palette.color(QPalette.Base)


def card_border(palette: QPalette | None = None) -> QColor:
    palette = palette or QGuiApplication.palette()
    return _tone(750) if is_dark(palette) else palette.color(QPalette.Mid).lighter(118)


def chip_background(palette: QPalette | None = None, hovered: bool = False) -> QColor:
    c = accent(ACCENT_HUE, palette, strong=False)
    if hovered:
        c = c.lighter(115) if is_dark(palette) else c.darker(106)
    return c


def chip_text(palette: QPalette | None = None) -> QColor:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.WindowText)


def avatar_color(key: str, palette: QPalette | None = None) -> QColor:
    """A stable colour per person (from the name), soft enough for white initials."""
    hue = int(hashlib.md5(key.encode("utf-8")).hexdigest()[:4], 16) % 360
    if is_dark(palette):
        return QColor.fromHslF(hue / 360, 0.40, 0.42)
    return QColor.fromHslF(hue / 360, 0.45, 0.52)
