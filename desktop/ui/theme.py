"""Kept for callers written before the design system: the colours now live in
``desktop.ui.style.colors`` and the theme switch in ``desktop.ui.style.apply_theme``."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.ui.style.colors import (  # noqa: F401 - re-exported
    GIVEN_HUE,
    KIND_HUES,
    RECEIVED_HUE,
    accent,
    avatar_color,
    dark_palette,
    given_color,
    is_dark,
    kind_color,
    light_palette,
    muted_text,
    received_color,
)


def apply_palette(app: QApplication, dark: bool) -> None:
    """``style.apply_theme(app, "dark" | "light")`` under its old name."""
    from desktop.ui.style import apply_theme

    apply_theme(app, "dark" if dark else "light")
