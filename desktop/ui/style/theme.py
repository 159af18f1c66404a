"""Light, dark or the system's choice, applied at once to the whole application.

``apply_theme(app, "light" | "dark" | "system")`` sets Rapport's style (Fusion everywhere, so the
app looks the same on every desktop, with the app's own line icons where Qt would use its stock
pictures) and the palette of the chosen theme. With "system" it follows the desktop's colour scheme,
and switches again when the desktop does. Widgets that draw with palette colours repaint on their own;
the icon cache is cleared so every icon is tinted for the new palette.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

from desktop.ui import icons
from desktop.ui.style import colors

MODES = ("light", "dark", "system")

# Qt's stock pictures (green ticks, red crosses, yellow triangles) replaced by the app's line icons:
# name, and the tone that tints it (None: the text colour).
STANDARD_ICONS = {
    QStyle.SP_DialogOkButton: ("done", None),
    QStyle.SP_DialogApplyButton: ("done", None),
    QStyle.SP_DialogSaveButton: ("done", None),
    QStyle.SP_DialogSaveAllButton: ("done", None),
    QStyle.SP_DialogYesButton: ("done", None),
    QStyle.SP_DialogYesToAllButton: ("done", None),
    QStyle.SP_DialogCancelButton: ("close", None),
    QStyle.SP_DialogCloseButton: ("close", None),
    QStyle.SP_DialogNoButton: ("close", None),
    QStyle.SP_DialogNoToAllButton: ("close", None),
    QStyle.SP_DialogAbortButton: ("close", None),
    QStyle.SP_DialogIgnoreButton: ("close", None),
    QStyle.SP_DialogDiscardButton: ("delete", None),
    QStyle.SP_DialogResetButton: ("undo", None),
    QStyle.SP_DialogRetryButton: ("restore", None),
    QStyle.SP_DialogOpenButton: ("folder", None),
    QStyle.SP_DialogHelpButton: ("ask", None),
    QStyle.SP_MessageBoxInformation: ("info", "accent"),
    QStyle.SP_MessageBoxQuestion: ("ask", "accent"),
    QStyle.SP_MessageBoxWarning: ("warning", "warning"),
    QStyle.SP_MessageBoxCritical: ("warning", "error"),
}


def standard_icon(which: QStyle.StandardPixmap) -> QIcon | None:
    """The app's icon for one of Qt's stock pictures, or None where the app has none."""
    entry = STANDARD_ICONS.get(which)
    if entry is None:
        return None
    name, tone = entry
    if tone is None:
        return icons.icon(name)
    color = colors.accent(colors.ACCENT_HUE) if tone == "accent" else colors.TONES[tone]()
    return icons.icon(name, color)


class RapportStyle(QProxyStyle):
    """Fusion, with the app's line icons for Qt's stock pictures.

    Only ``standardIcon`` is overridden: a Python override of a method Qt calls while painting
    (``styleHint``, ``pixelMetric``) costs about a quarter more on every paint of a table.
    """

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("rapportStyle")

    def standardIcon(self, standardIcon, option=None, widget=None):  # noqa: N802, N803 - Qt's names
        ours = standard_icon(standardIcon)
        return ours if ours is not None else super().standardIcon(standardIcon, option, widget)


class _State(QObject):
    """The mode asked for, and the listener that follows the desktop when it is "system"."""

    def __init__(self):
        super().__init__()
        self.mode = "system"
        self.listening = False

    def on_color_scheme_changed(self, _scheme) -> None:
        app = QApplication.instance()
        if app is not None and self.mode == "system":
            _apply_palette(app, system_is_dark())


_state: _State | None = None


def system_is_dark() -> bool:
    """The desktop's colour scheme asks for dark (Qt knows it on Windows, macOS, GNOME and KDE)."""
    app = QApplication.instance()
    if app is None:
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def current_mode() -> str:
    """The mode last applied: "light", "dark" or "system"."""
    return _state.mode if _state is not None else "system"


def _apply_palette(app: QApplication, dark: bool) -> None:
    icons.clear_cache()  # before the palette change: widgets repaint their icons in the new colours
    app.setPalette(colors.make_palette(dark))
    # Qt posts the change to the widgets; deliver it now, so the switch is done when this returns.
    QApplication.sendPostedEvents(None, QEvent.ApplicationPaletteChange)


def apply_theme(app: QApplication, mode: str = "system") -> None:
    """Switch the whole application to ``mode`` ("light", "dark" or "system") at once."""
    global _state
    if mode not in MODES:
        raise ValueError(f"unknown theme {mode!r}: use one of {', '.join(MODES)}")
    if _state is None:
        _state = _State()
    _state.mode = mode
    if not isinstance(app.style(), RapportStyle):
        app.setStyle(RapportStyle())
    if mode == "system" and not _state.listening:
        app.styleHints().colorSchemeChanged.connect(_state.on_color_scheme_changed)
        _state.listening = True
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8: native parts (title bars, file dialogs) follow too
        hints.setColorScheme({"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(mode, Qt.ColorScheme.Unknown))
    dark = system_is_dark() if mode == "system" else mode == "dark"
    _apply_palette(app, dark)
