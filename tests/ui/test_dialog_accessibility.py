"""Every control of every dialog has an accessible name and a tooltip, and object names are stable."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

from desktop.ui.dialogs import (
    AboutDialog,
    ExportDialog,
    ImportSummaryDialog,
    IntroductionDialog,
    LogExchangeDialog,
    LogInteractionDialog,
)
from desktop.ui.widgets.contact_picker import ListContactSource

from samples import PEOPLE, Report

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def undescribed(dialog) -> list[tuple[str, str]]:
    missing = []
    for kind in (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QAbstractButton):
        for w in dialog.findChildren(kind):
            if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # the editor inside a combo or spin box
            if w.objectName().startswith("qt_") or w.objectName() in ("ScrollLeftButton", "ScrollRightButton"):
                continue
            if not w.accessibleName() or not w.toolTip():
                missing.append((type(w).__name__, w.objectName() or w.accessibleName() or getattr(w, "text", str)()))
    return missing


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda s: LogExchangeDialog(None, None, [1], "referral", source=s), "logExchangeDialog"),
        (lambda s: LogInteractionDialog(None, None, [1, 2], source=s), "logInteractionDialog"),
        (lambda s: IntroductionDialog(None, None, 1, source=s), "introductionDialog"),
        (lambda s: ExportDialog(None, 2, 10), "exportDialog"),
        (lambda s: ImportSummaryDialog(None, Report()), "importSummaryDialog"),
        (lambda s: AboutDialog(None), "aboutDialog"),
    ],
)
def test_controls_are_described(qtbot, db, make, name):  # the forms read the settings
    dialog = make(ListContactSource(PEOPLE))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.objectName() == name
    assert undescribed(dialog) == []
