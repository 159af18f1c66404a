"""A layout check for any window: what is cramped or clipped once it is laid out at its size.

``clipped(root)`` lists, for every visible control under ``root``:
- a label narrower or shorter than its text needs (wrapped labels: shorter than the height its width needs)
- a button, check box or radio button narrower than its text and icon need, or shorter than its minimum
- a line edit, combo box or spin box smaller than its minimum size
- a control sticking out of its parent
- a scroll area that scrolls sideways (a form wider than its dialog)

The screenshots print it for every page and dialog, and the tests run it at 100%, 125% and 150%.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabBar,
    QWidget,
)

TOLERANCE = 1  # px: rounding at fractional scales


def _name(w: QWidget) -> str:
    text = ""
    if isinstance(w, (QLabel, QAbstractButton)):
        text = w.text().replace("\n", " ")[:40]
    ident = w.objectName() or w.accessibleName() or ""
    return f"{type(w).__name__}({ident}{': ' if ident and text else ''}{text!r})"


def _inside_scrolling_content(w: QWidget, root: QWidget) -> bool:
    """Under a scroll area's viewport, content may extend past what shows: that is scrolling, not clipping."""
    parent = w.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False


def _internal(w: QWidget) -> bool:
    """Qt's own parts of a control (a spin box's line, a tab bar's scroll buttons, a line edit's icons)."""
    if w.objectName().startswith("qt_") or w.objectName() in ("ScrollLeftButton", "ScrollRightButton"):
        return True
    parent = w.parentWidget()
    return isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QLineEdit)) or (
        isinstance(w, QLineEdit) and isinstance(parent, (QComboBox, QAbstractSpinBox))
    )


def clipped(root: QWidget, tolerance: int = TOLERANCE) -> list[str]:
    problems: list[str] = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or _internal(w) or getattr(w, "elides", False):
            continue
        size = w.size()
        if isinstance(w, QScrollArea) and w.horizontalScrollBar().isVisible():
            problems.append(f"{_name(w)} scrolls sideways: its content is {w.widget().minimumSizeHint().width()} "
                            f"px wide in {w.viewport().width()} px")  # fmt: skip
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                need = w.heightForWidth(w.width() - w.contentsMargins().left() - w.contentsMargins().right())
                if need > 0 and size.height() + tolerance < need:
                    problems.append(f"{_name(w)} is {size.height()} px tall, its text needs {need}")
            else:
                hint = w.minimumSizeHint()
                if size.width() + tolerance < hint.width() or size.height() + tolerance < hint.height():
                    problems.append(f"{_name(w)} is {size.width()}×{size.height()}, its text needs "
                                    f"{hint.width()}×{hint.height()}")  # fmt: skip
        elif isinstance(w, QAbstractButton) and (w.text() or not w.icon().isNull()):
            hint = w.sizeHint()
            if size.width() + tolerance < hint.width() or size.height() + tolerance < w.minimumSizeHint().height():
                problems.append(f"{_name(w)} is {size.width()}×{size.height()}, it needs {hint.width()}×{hint.height()}")
        elif isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox)):
            hint = w.minimumSizeHint()
            if size.width() + tolerance < hint.width() or size.height() + tolerance < hint.height():
                problems.append(f"{_name(w)} is {size.width()}×{size.height()}, at least {hint.width()}×{hint.height()}")
        parent = w.parentWidget()
        if parent is not None and parent is not root.parentWidget() and not w.isWindow():
            if not _inside_scrolling_content(w, root) and not isinstance(parent, QAbstractScrollArea):
                g = w.geometry()
                r = parent.rect().adjusted(-tolerance, -tolerance, tolerance, tolerance)
                if not r.contains(g):
                    problems.append(f"{_name(w)} sticks out of {_name(parent)}: {g.getRect()} in {parent.rect().getRect()}")
    return problems
