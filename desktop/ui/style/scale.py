"""The spacing and type scales: named steps that every layout and label uses instead of magic numbers.

Spacing is in logical pixels (Qt multiplies them by the screen's scale, so 150% stays in
proportion). Type steps are factors of the application font, so a person's larger system font
makes every step larger too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QBoxLayout, QFormLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget


class Space:
    """The spacing scale (logical pixels). Name the step, never the number."""

    XXS = 2  # inside a compound control (a field and its error line)
    XS = 4  # between chips, between a label and its hint
    S = 8  # between controls in a row, between form rows
    M = 12  # between groups inside a dialog or card
    L = 16  # dialog and card padding
    XL = 24  # between sections of a page
    XXL = 32  # page margins on wide pages


class Radius:
    """Corner radii of surfaces."""

    S = 4  # segments, small badges
    M = 8  # cards, panels
    PILL = 1000  # chips: as round as their height allows


# Type steps: (factor of the application font, weight).
TYPE_STEPS: dict[str, tuple[float, QFont.Weight]] = {
    "caption": (0.88, QFont.Normal),  # hints, counts, secondary lines
    "body": (1.0, QFont.Normal),
    "strong": (1.0, QFont.DemiBold),  # a field's value that matters, a row's title
    "subtitle": (1.15, QFont.DemiBold),  # card and section titles
    "title": (1.35, QFont.DemiBold),  # dialog titles, panel headings
    "heading": (1.6, QFont.DemiBold),  # page headings, a contact's name
    "display": (2.0, QFont.DemiBold),  # the welcome page
}


def font(step: str, base: QFont | None = None) -> QFont:
    """The font of type step ``step`` (see TYPE_STEPS), scaled from ``base`` or the application font."""
    factor, weight = TYPE_STEPS[step]
    f = QFont(base if base is not None else QGuiApplication.font())
    size = f.pointSizeF()
    if size > 0:
        f.setPointSizeF(size * factor)
    elif f.pixelSize() > 0:
        f.setPixelSize(max(1, round(f.pixelSize() * factor)))
    f.setWeight(weight)
    return f


def set_type(widget: QWidget, step: str) -> QWidget:
    """Give ``widget`` the font of ``step``; returns the widget (for chaining in layouts)."""
    widget.setFont(font(step))
    widget.setProperty("typeStep", step)
    return widget


def _box(layout: QBoxLayout, margins: int, spacing: int) -> QBoxLayout:
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(spacing)
    return layout


def vbox(parent: QWidget | None = None, *, margins: int = 0, spacing: int = Space.S) -> QVBoxLayout:
    """A vertical layout on the scale: no margins unless asked, ``Space.S`` between items."""
    return _box(QVBoxLayout(parent) if parent is not None else QVBoxLayout(), margins, spacing)


def hbox(parent: QWidget | None = None, *, margins: int = 0, spacing: int = Space.S) -> QHBoxLayout:
    """A horizontal layout on the scale: no margins unless asked, ``Space.S`` between items."""
    return _box(QHBoxLayout(parent) if parent is not None else QHBoxLayout(), margins, spacing)


def form(parent: QWidget | None = None) -> QFormLayout:
    """The one form layout every dialog uses: labels right-aligned beside their fields (never wrapped
    above them), fields growing to the dialog's width, rows ``Space.S`` apart."""
    layout = QFormLayout(parent) if parent is not None else QFormLayout()
    layout.setRowWrapPolicy(QFormLayout.DontWrapRows)
    layout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignRight)  # vertically, Qt lines a label up with its field's first line
    layout.setFormAlignment(Qt.AlignLeft | Qt.AlignTop)
    layout.setHorizontalSpacing(Space.M)
    layout.setVerticalSpacing(Space.S)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


def dialog_layout(dialog: QWidget) -> QVBoxLayout:
    """A dialog's outer layout: ``Space.L`` padding, ``Space.M`` between its blocks."""
    return vbox(dialog, margins=Space.L, spacing=Space.M)


def size_dialog(dialog: QWidget, width: int, height: int = 0) -> None:
    """Open ``dialog`` at ``width`` × ``height``, or larger where its content asks for more. Its minimum
    stays its layout's: an explicit setMinimumWidth would let a larger font squeeze what it holds
    (and the window system may open a window smaller than its preferred size, never than its minimum)."""
    hint = dialog.sizeHint()
    width = max(width, hint.width())
    layout = dialog.layout()
    # Wrapped text makes the size hint tall (it is measured at the text's narrowest): ask for the
    # height at the width the dialog will really have.
    need = layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() else hint.height()
    dialog.resize(width, max(height, need))


def set_margins(layout: QLayout, horizontal: int, vertical: int | None = None) -> QLayout:
    vertical = horizontal if vertical is None else vertical
    layout.setContentsMargins(horizontal, vertical, horizontal, vertical)
    return layout
