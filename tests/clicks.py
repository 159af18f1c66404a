"""Clicks on widgets as a person makes them, for the tests.

``QTest.mouseClick`` clicks the middle of a widget's rectangle by default, through the window. A radio
button or check box in a wide grid column is much wider than its indicator and words, and Qt only takes a
click on those (``hitButton``): a click in the middle of the empty part does nothing. A widget just added
to a shown layout is not shown or placed until the next turn of the event loop, so a click made at once
lands on whatever is under it. Both made merge tests pass or fail with the machine's load.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton


def click_choice(qtbot, button: QAbstractButton) -> None:
    """Click a radio button or check box on its indicator, once it is shown, and wait for it to be checked."""
    assert button is not None, "no such button"
    qtbot.waitUntil(button.isVisible, timeout=10000)
    qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(button.height() // 2, button.height() // 2))
    qtbot.waitUntil(button.isChecked, timeout=2000)
