"""Rapport's design system: one visual language for every page and dialog.

What a page or dialog calls:

- spacing and type: ``Space`` (XXS 2 · XS 4 · S 8 · M 12 · L 16 · XL 24 · XXL 32), ``Radius``,
  ``font(step)`` / ``set_type(widget, step)`` with steps caption, body, strong, subtitle, title,
  heading, display; layouts on the scale: ``vbox``, ``hbox``, ``form`` (the one form layout),
  ``dialog_layout``
- colours (light and dark from one palette): ``colors.kind_color``, ``given_color``,
  ``received_color``, ``accent``, ``muted_text``, ``error_color``, ``warning_color``,
  ``success_color``, ``avatar_color``, ``card_background`` ...
- the theme: ``apply_theme(app, "light" | "dark" | "system")``, ``current_mode()``
- icons: ``icon(name)`` (the app's line icons, tinted for the theme); ``decorate(button_box)`` and
  ``button_box(...)``, ``message_box(...)`` put them on dialog buttons
- surfaces: ``Card`` (a panel: title, subtitle, ``body`` layout)
- people: ``PersonChip``; the picker built on it is ``desktop.ui.widgets.contact_picker.ContactPicker``
- ``WeightControl``: the one weight control (1-5, the kind's usual weight marked)
- long work: ``ProgressPanel``; quick feedback: ``Busy`` and ``Spinner``

Labels and tooltips are in ``desktop.ui.text`` (plain_label, muted_label, heading, plain_tooltip,
button, link_label).
"""

from __future__ import annotations

from importlib import import_module

from desktop.ui.icons import icon
from desktop.ui.style import colors
from desktop.ui.style.buttons import button_box, decorate, message_box
from desktop.ui.style.scale import (
    TYPE_STEPS,
    Radius,
    Space,
    dialog_layout,
    font,
    form,
    hbox,
    set_margins,
    set_type,
    size_dialog,
    vbox,
)
from desktop.ui.style.theme import MODES, apply_theme, current_mode

# Widgets load when first asked for: the window's first paint need not wait for them.
_LAZY = {
    "Card": "surfaces",
    "PersonChip": "chips",
    "WeightControl": "weight",
    "ProgressPanel": "progress",
    "Busy": "busy",
    "Spinner": "busy",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f"desktop.ui.style.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'desktop.ui.style' has no attribute {name!r}")


__all__ = [
    "MODES",
    "TYPE_STEPS",
    "Radius",
    "Space",
    "apply_theme",
    "button_box",
    "colors",
    "current_mode",
    "decorate",
    "dialog_layout",
    "font",
    "form",
    "hbox",
    "icon",
    "message_box",
    "set_margins",
    "set_type",
    "size_dialog",
    "vbox",
    *_LAZY,
]
